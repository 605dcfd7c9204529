/**
 * The engine on AWS: the API on Lambda behind the front door (REST API and WAF), the table, the
 * worker on Fargate, the self-hosted Temporal when chosen, and the alarms. Secrets live in
 * SecretsStack; this stack reads their ARNs, never their values.
 */
import { CfnOutput, Duration, IgnoreMode, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { apiHandler } from './bundle-api.js';
import { environmentProblems } from './environment.js';
import { FrontDoor } from './front-door.js';
import { Alarms, workerLogDatetimeFormat } from './observability.js';
import { repoRoot } from './paths.js';
import { WorkerMetrics, workerMetricsUrl } from './worker-metrics.js';
import { secretArnVariable, type SecretSpec } from './secrets.js';
import { portOf, type AlurSettings } from './settings.js';
import { TableBackup } from './backup.js';
import { SelfHostedTemporal } from './temporal-self-hosted.js';
import { AlurTable } from './table.js';

export interface AlurStackProps extends StackProps {
  settings: AlurSettings;
  /** From SecretsStack, by configuration name. */
  secrets: ReadonlyMap<string, { spec: SecretSpec; secret: secretsmanager.ISecret }>;
  /** The certificate of settings.domainName (SecretsStack). */
  certificate: acm.ICertificate;
  /** Self-hosted Temporal only: the certificate of settings.temporalUiDomainName (SecretsStack). */
  temporalUiCertificate?: acm.ICertificate;
  /** The esbuild output folder of api/lambda.ts (bundle-api.ts). */
  apiBundleDir: string;
}

/**
 * Worker tasks added or removed by the longest schedule-to-start latency of a minute (ms), over
 * 3 minutes: below 2 s one goes (down to the minimum), from 10 s one more, from 30 s two more.
 */
export const workerScalingSteps: appscaling.ScalingInterval[] = [
  { upper: 2_000, change: -1 },
  { lower: 10_000, change: +1 },
  { lower: 30_000, change: +2 },
];

/** The worker's health endpoint, on the task's loopback interface (worker/health.ts). */
export const workerHealthPort = 8081;
/** The container health check: the entry the Dockerfile builds from worker/health-check.ts. */
export const workerHealthCheckCommand = ['node', 'dist/health-check.mjs'] as const;

/** The worker's Dockerfile, at the repository root; the build context is the repository, filtered by its .dockerignore. */
export const workerDockerfile = 'Dockerfile';

export class AlurStack extends Stack {
  readonly table: AlurTable;
  readonly api: lambda.Function;
  readonly frontDoor: FrontDoor;
  readonly workerService: ecs.FargateService;
  readonly workerTask: ecs.FargateTaskDefinition;
  readonly alarms: Alarms;
  /** Set when alur:temporalHosting is self-hosted. */
  readonly temporal: SelfHostedTemporal | undefined;

  constructor(scope: Construct, id: string, props: AlurStackProps) {
    super(scope, id, props);
    const { settings, secrets } = props;
    const retention = settings.logRetentionDays as logs.RetentionDays;
    const secretsFor = (who: 'api' | 'worker') => [...secrets.values()].filter((s) => s.spec[who]);

    // ---- Table ---------------------------------------------------------------------------
    this.table = new AlurTable(this, 'Table', settings.tableName);

    // ---- API: Lambda behind the front door (REST API + WAF) --------------------------------
    const apiLogGroup = new logs.LogGroup(this, 'ApiLogs', { retention });
    // A role of our own: no AWSLambdaBasicExecutionRole (logs on every group); just this group.
    const apiRole = new iam.Role(this, 'ApiRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'alur API (Lambda): its log group, the table, and its secrets',
    });
    apiRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'OwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [apiLogGroup.logGroupArn] }),
    );
    this.table.grantStoreAccess(apiRole);

    const publicBaseUrl = `https://${settings.domainName}`;

    const common: Record<string, string> = {
      TEMPORAL_ADDRESS: settings.temporalAddress,
      TEMPORAL_NAMESPACE: settings.temporalNamespace,
      TEMPORAL_TASK_QUEUE: settings.temporalTaskQueue,
      DYNAMODB_TABLE: this.table.tableName,
      MAIL_FROM: settings.mailFrom,
      PUBLIC_BASE_URL: publicBaseUrl,
      // Never the development login in AWS.
      ALUR_DEV_LOGIN: '0',
      ...(settings.authJwksUrl ? { AUTH_JWKS_URL: settings.authJwksUrl } : {}),
    };

    const apiSecrets = secretsFor('api');
    const apiEnvironment: Record<string, string> = {
      ...common,
      // No --enable-source-maps: Node then parses the bundle's whole map when the first error's
      // stack is formatted, hundreds of milliseconds inside a request. The map ships beside the
      // bundle (index.mjs.map) for reading a stack afterwards (infra/README.md); keepNames keeps
      // function names readable in the stack meanwhile.
      // Secrets by ARN: config/secrets.ts reads each through the Parameters and Secrets extension.
      ...Object.fromEntries(apiSecrets.map((s) => [secretArnVariable(s.spec.env), s.secret.secretArn])),
    };
    this.check(
      'API',
      apiEnvironment,
      apiSecrets.map((s) => s.spec.env),
    );

    this.api = new lambda.Function(this, 'Api', {
      description: 'alur API: api/lambda.ts (Hono) bundled by esbuild',
      runtime: { 22: lambda.Runtime.NODEJS_22_X, 24: lambda.Runtime.NODEJS_24_X }[settings.nodeMajor],
      architecture: settings.lambdaArch === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
      code: lambda.Code.fromAsset(props.apiBundleDir),
      handler: apiHandler,
      memorySize: settings.lambdaMemoryMiB,
      // API Gateway gives up after 29 s.
      timeout: Duration.seconds(29),
      role: apiRole,
      logGroup: apiLogGroup,
      environment: apiEnvironment,
      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
        cacheEnabled: true,
        secretsManagerTtl: Duration.minutes(5),
        logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
      }),
    });
    for (const s of apiSecrets) s.secret.grantRead(apiRole);
    if (settings.nodeMajor !== 24) {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions::AwsSolutions-L1',
        reason: `Node ${settings.nodeMajor} is the engine's tested runtime (package.json engines); nodejs24.x is one setting away (alur:nodeMajor=24, synthesized by the tests) and is due before Lambda deprecates nodejs${settings.nodeMajor}.x.`,
      });
    }

    this.frontDoor = new FrontDoor(this, 'FrontDoor', {
      apiName: `${settings.stackName}-api`,
      handler: this.api,
      domainName: settings.domainName,
      certificate: props.certificate,
      accessLogRetention: retention,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      linkRequestsPerClient: settings.linkRequestsPerClient,
      signInRequestsPerClient: settings.signInRequestsPerClient,
    });

    // ---- Worker: Fargate --------------------------------------------------------------------
    // Public subnets and a public IP, no NAT gateway (~US$33 a month per AZ saved); nothing can
    // reach the task (no inbound rule), and it may reach only HTTPS, Temporal and SMTP.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        // The self-hosted Temporal's database: no route in or out of the VPC.
        ...(settings.temporalHosting === 'self-hosted' ? [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }] : []),
      ],
      // true would add a custom-resource Lambda with EC2 permissions; nothing uses the default group.
      restrictDefaultSecurityGroup: false,
      gatewayEndpoints: { DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB } },
    });
    const workerSg = new ec2.SecurityGroup(this, 'WorkerSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'alur worker: outbound HTTPS, Temporal, SMTP only',
    });
    workerSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs: DynamoDB, Secrets Manager, CloudWatch Logs, ECR');
    workerSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(portOf(settings.temporalAddress)), 'Temporal frontend');
    workerSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(465), 'SMTP, implicit TLS');
    workerSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(587), 'SMTP, STARTTLS');

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    // ---- Temporal, when it is not Temporal Cloud: in this account and region -----------------
    if (settings.temporalHosting === 'self-hosted') {
      if (!props.temporalUiCertificate) throw new Error('a self-hosted Temporal needs the certificate of alur:temporalUiDomainName');
      this.temporal = new SelfHostedTemporal(this, 'Temporal', {
        settings,
        vpc,
        cluster,
        secrets: new Map([...secrets].filter(([, s]) => s.spec.temporal.length > 0)),
        uiCertificate: props.temporalUiCertificate,
        logRetention: retention,
      });
    }
    new TableBackup(this, 'Backup', {
      tableArn: this.table.tableArn,
      temporalDatabaseArn: this.temporal?.database.clusterArn,
      retentionDays: settings.backupRetentionDays,
    });
    Validations.of(vpc).acknowledge({
      id: 'AwsSolutions::AwsSolutions-VPC7',
      reason:
        'The VPC holds only the worker tasks: no inbound rule at all, egress limited by their security group to HTTPS, Temporal and SMTP. Flow logs would record nothing those rules do not already decide.',
    });
    const workerLogGroup = new logs.LogGroup(this, 'WorkerLogs', { retention });
    const cpuArchitecture = settings.workerArch === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64;
    const task = new ecs.FargateTaskDefinition(this, 'WorkerTask', {
      cpu: settings.workerCpu,
      memoryLimitMiB: settings.workerMemoryMiB,
      runtimePlatform: { cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.workerTask = task;

    const workerSecrets = secretsFor('worker');
    const workerEnvironment: Record<string, string> = {
      ...common,
      AWS_REGION: this.region,
      WORKER_MAX_CACHED_WORKFLOWS: String(settings.workerMaxCachedWorkflows),
      WORKER_METRICS_OTLP_URL: workerMetricsUrl,
      WORKER_HEALTH_PORT: String(workerHealthPort),
      // Temporal Core prints colour codes otherwise, which hide the timestamp the log driver splits on.
      NO_COLOR: '1',
    };
    this.check(
      'worker',
      workerEnvironment,
      workerSecrets.map((s) => s.spec.env),
    );

    task.addContainer('worker', {
      // Staged at synth (a copy of the filtered build context); docker build runs only at deploy.
      image: ecs.ContainerImage.fromAsset(repoRoot, {
        file: workerDockerfile,
        ignoreMode: IgnoreMode.DOCKER,
        platform: settings.workerArch === 'arm64' ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
        buildArgs: { NODE_MAJOR: String(settings.nodeMajor) },
      }),
      essential: true,
      environment: workerEnvironment,
      // Injected by ECS at start: the task's execution role reads them, the code never sees an ARN.
      secrets: Object.fromEntries(workerSecrets.map((s) => [s.spec.env, ecs.Secret.fromSecretsManager(s.secret)])),
      logging: ecs.LogDrivers.awsLogs({ logGroup: workerLogGroup, streamPrefix: 'worker', datetimeFormat: workerLogDatetimeFormat }),
      // worker.run() returns after SIGTERM once in-flight tasks finish; give it Fargate's maximum.
      stopTimeout: Duration.seconds(120),
      linuxParameters: new ecs.LinuxParameters(this, 'WorkerLinux', { initProcessEnabled: true }),
      // worker/health-check.ts asks the worker's own endpoint: unhealthy once the worker stopped
      // or failed; ECS then replaces the task.
      healthCheck: {
        command: ['CMD', ...workerHealthCheckCommand],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
    });

    const temporalMetricsNamespace = `Alur/${settings.stackName}/Temporal`;
    new WorkerMetrics(this, 'WorkerMetrics', {
      task,
      namespace: temporalMetricsNamespace,
      collectorImage: settings.metricsCollectorImage,
      retention,
      collectorLogGroup: workerLogGroup,
    });

    Validations.of(task).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason:
        'The environment holds configuration only (addresses, names, ports; test/template.test.ts checks each against config/config.ts); every secret is injected by ECS from Secrets Manager.',
    });
    this.table.grantStoreAccess(task.taskRole);
    if (settings.sesIdentity) {
      task.taskRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'SendMailAsIdentity',
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity })],
        }),
      );
    }

    // Created on first use (pulling the image); acknowledged once it exists.
    task.obtainExecutionRole();
    Validations.of(task.executionRole!).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permission: AWS accepts it only on "*". Every other statement names its resource.',
    });
    this.workerService = new ecs.FargateService(this, 'Worker', {
      cluster,
      taskDefinition: task,
      desiredCount: settings.workerMinCount,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [workerSg],
      // Start the new task before stopping the old one; roll back a deployment that cannot start.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: false,
    });
    // A self-hosted Temporal first: CloudFormation starts the workers once its server tasks are
    // stable, instead of letting them fail against a cluster still setting up its schema (enough
    // failures would trip the workers' circuit breaker and roll the first deploy back).
    if (this.temporal) this.workerService.node.addDependency(this.temporal.server);

    // ---- Alarms --------------------------------------------------------------------------
    this.alarms = new Alarms(this, 'Alarms', {
      namespace: `Alur/${settings.stackName}`,
      temporalNamespace: temporalMetricsNamespace,
      taskQueue: settings.temporalTaskQueue,
      alarmEmail: settings.alarmEmail,
      workerLogGroup,
      workerCluster: cluster,
      workerService: this.workerService,
      frontDoor: this.frontDoor,
      api: this.api,
      tableName: this.table.tableName,
      dashboardName: settings.stackName,
      moreAlarms: this.temporal?.alarmDefinitions(),
    });

    // ---- Worker scaling: on how long tasks wait for a worker --------------------------------
    // Schedule-to-start latency is the backlog seen from the task queue: near zero while the
    // workers keep up, growing when they do not (or cannot poll). CPU would miss the second case.
    const scaling = this.workerService.autoScaleTaskCount({ minCapacity: settings.workerMinCount, maxCapacity: settings.workerMaxCount });
    scaling.scaleOnMetric('ScaleOnScheduleToStart', {
      metric: this.alarms.scheduleToStart(Duration.minutes(1)),
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: workerScalingSteps,
      evaluationPeriods: 3,
      cooldown: Duration.minutes(5),
    });

    new CfnOutput(this, 'PublicUrl', { value: publicBaseUrl, description: 'Where people and emailed links reach alur' });
    new CfnOutput(this, 'DnsTarget', {
      value: this.frontDoor.domain.domainNameAliasDomainName,
      description: `Point ${settings.domainName} here (a CNAME record at the regency's DNS)`,
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    if (this.temporal) {
      const host = settings.temporalAddress.slice(0, settings.temporalAddress.lastIndexOf(':'));
      new CfnOutput(this, 'TemporalDnsTarget', {
        value: this.temporal.frontendLoadBalancer.loadBalancerDnsName,
        description: `Point ${host} here (a CNAME record at the regency's DNS)`,
      });
      new CfnOutput(this, 'TemporalUiDnsTarget', {
        value: this.temporal.uiLoadBalancer.loadBalancerDnsName,
        description: `Point ${settings.temporalUiDomainName} here (a CNAME record at the regency's DNS)`,
      });
      new CfnOutput(this, 'TemporalServerServiceName', { value: this.temporal.server.serviceName });
    }
    new CfnOutput(this, 'WorkerLogGroup', { value: workerLogGroup.logGroupName });
    new CfnOutput(this, 'ApiLogGroup', { value: apiLogGroup.logGroupName });
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'WorkerServiceName', { value: this.workerService.serviceName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'Dashboard', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${settings.stackName}`,
    });
  }

  private check(who: string, env: Record<string, string>, secretNames: string[]): void {
    const problems = environmentProblems(env, secretNames);
    if (problems.length > 0) throw new Error(`${who} environment does not fit config/config.ts:\n  ${problems.join('\n  ')}`);
  }
}
