/**
 * Temporal in the regency's own account and region, for when workflow histories must stay in
 * Indonesia (Temporal Cloud has no Jakarta region):
 *
 * - the official `temporalio/server` image on Fargate, every Temporal service in each task
 *   (frontend, history, matching, worker), two tasks by default;
 * - Aurora PostgreSQL Serverless v2 (encrypted, TLS only, a final snapshot on deletion, 35 days of
 *   point-in-time recovery and the table's AWS Backup plan) holding both stores Temporal needs:
 *   `temporal` (persistence) and `temporal_visibility` (PostgreSQL advanced visibility,
 *   Temporal ≥ 1.20), created and migrated by `temporal-sql-tool` from the matching
 *   `temporalio/admin-tools` image, in a container that runs before the server in every task;
 * - the frontend behind an internet-facing Network Load Balancer (TCP 7233, TLS passes through):
 *   the Lambda and the workers reach it the way they reach Temporal Cloud, and the frontend
 *   accepts only clients with a certificate from the deployment's own CA (mTLS); the services
 *   talk to each other over TLS too (internode);
 * - the Temporal Web UI on Fargate behind an Application Load Balancer on its own host name,
 *   which signs people in at the same OpenID Connect provider as the app's SSO before any
 *   request reaches the UI.
 *
 * Nothing reaches the database but the server tasks, nothing reaches the server tasks but the
 * load balancer (7233) and each other (Temporal's membership and internal ports).
 */
import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AlarmDefinition } from './observability.js';
import type { SecretSpec } from './secrets.js';
import { portOf, type AlurSettings } from './settings.js';

/** Temporal's ports: the frontend's gRPC port clients use, and what the services use among themselves. */
export const temporalPorts = {
  frontend: 7233,
  /** gRPC of frontend, history, matching, internal frontend, worker (7233–7239). */
  grpc: { from: 7233, to: 7239 },
  /** Membership (ringpop) of the same services (6933–6939). */
  membership: { from: 6933, to: 6939 },
  postgres: 5432,
  ui: 8080,
} as const;

/** The two databases: persistence and (PostgreSQL advanced) visibility. */
export const temporalDatabases = { persistence: 'temporal', visibility: 'temporal_visibility' } as const;

/** History shards: fixed for the cluster's life (cannot change after the first start); plenty for a regency. */
export const temporalHistoryShards = 512;

/** Where the server's entry script writes the PEMs ECS injected (the server reads TLS material from files). */
const tlsDir = '/tmp/temporal-tls';

/**
 * Creates both databases (a failure is fine when they exist: the schema steps below then fail on
 * any real problem), sets up the schema bookkeeping, and applies every versioned schema change
 * not yet applied. Safe to run at every start, by every task.
 */
export const schemaSetupScript = [
  'set -eu',
  'sql() { temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" --port "$SQL_PORT" --user "$SQL_USER" --tls --tls-disable-host-verification "$@"; }',
  `for db in ${temporalDatabases.persistence} ${temporalDatabases.visibility}; do sql --db "$db" create || echo "database $db exists"; done`,
  `sql --db ${temporalDatabases.persistence} setup-schema -v 0.0`,
  `sql --db ${temporalDatabases.persistence} update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned`,
  `sql --db ${temporalDatabases.visibility} setup-schema -v 0.0`,
  `sql --db ${temporalDatabases.visibility} update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned`,
].join('\n');

/** Writes the TLS material to files (owner-only) and starts the image's own entry point. */
export const serverStartScript = [
  'set -eu',
  'umask 077',
  `mkdir -p ${tlsDir}`,
  `printf '%s\\n' "$TLS_CA_PEM" > ${tlsDir}/ca.pem`,
  `printf '%s\\n' "$TLS_SERVER_CERT_PEM" > ${tlsDir}/server.pem`,
  `printf '%s\\n' "$TLS_SERVER_KEY_PEM" > ${tlsDir}/server.key`,
  'unset TLS_SERVER_KEY_PEM',
  'exec /etc/temporal/entrypoint.sh',
].join('\n');

/** Registers the app's namespace once the frontend answers, unless it exists. */
export const namespaceSetupScript = [
  'set -eu',
  // The server binds to the task's own address (the image's entry point: `getent hosts $(hostname)`).
  'export TEMPORAL_ADDRESS="$(getent hosts "$(hostname)" | awk \'{print $1}\'):7233"',
  'until temporal operator cluster health | grep -q SERVING; do sleep 5; done',
  'temporal operator namespace describe --namespace "$ALUR_NAMESPACE" >/dev/null 2>&1 ||',
  '  temporal operator namespace create --namespace "$ALUR_NAMESPACE" --retention "$ALUR_RETENTION_DAYS"d --description "alur: programme workflows"',
].join('\n');

export interface SelfHostedTemporalProps {
  settings: AlurSettings;
  vpc: ec2.IVpc;
  cluster: ecs.ICluster;
  /** The secrets whose spec names a Temporal reader. */
  secrets: ReadonlyMap<string, { spec: SecretSpec; secret: secretsmanager.ISecret }>;
  uiCertificate: acm.ICertificate;
  logRetention: logs.RetentionDays;
}

export class SelfHostedTemporal extends Construct {
  readonly database: rds.DatabaseCluster;
  readonly server: ecs.FargateService;
  readonly serverTask: ecs.FargateTaskDefinition;
  readonly frontendLoadBalancer: elbv2.NetworkLoadBalancer;
  readonly frontendTargets: elbv2.NetworkTargetGroup;
  readonly ui: ecs.FargateService;
  readonly uiLoadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroups: Record<'database' | 'server' | 'frontendLoadBalancer' | 'ui' | 'uiLoadBalancer', ec2.SecurityGroup>;

  constructor(scope: Construct, id: string, props: SelfHostedTemporalProps) {
    super(scope, id);
    const { settings, vpc, cluster } = props;
    const host = settings.temporalAddress.slice(0, settings.temporalAddress.lastIndexOf(':'));
    const secret = (env: string) => {
      const found = props.secrets.get(env);
      if (!found) throw new Error(`self-hosted Temporal: no secret ${env}`);
      return found.secret;
    };

    // ---- Security groups: each admits only the one it serves ---------------------------------
    const sg = (name: string, description: string) => new ec2.SecurityGroup(this, name, { vpc, allowAllOutbound: false, description });
    this.securityGroups = {
      database: sg('DatabaseSecurityGroup', 'Temporal database: PostgreSQL from the Temporal server tasks only'),
      server: sg('ServerSecurityGroup', 'Temporal server: frontend from its load balancer, internal ports from itself'),
      frontendLoadBalancer: sg('FrontendLoadBalancerSecurityGroup', 'Temporal frontend load balancer: 7233 from clients holding a certificate of the CA'),
      ui: sg('UiSecurityGroup', 'Temporal Web UI: from its load balancer only'),
      uiLoadBalancer: sg('UiLoadBalancerSecurityGroup', 'Temporal Web UI load balancer: HTTPS, signed in at the identity provider'),
    };
    const g = this.securityGroups;
    const grpc = ec2.Port.tcpRange(temporalPorts.grpc.from, temporalPorts.grpc.to);
    const membership = ec2.Port.tcpRange(temporalPorts.membership.from, temporalPorts.membership.to);
    g.database.addIngressRule(g.server, ec2.Port.tcp(temporalPorts.postgres), 'Temporal server tasks');
    g.server.addEgressRule(g.database, ec2.Port.tcp(temporalPorts.postgres), 'Temporal database');
    for (const [port, what] of [
      [grpc, 'gRPC between Temporal services'],
      [membership, 'membership between Temporal services'],
    ] as const) {
      g.server.addIngressRule(g.server, port, what);
      g.server.addEgressRule(g.server, port, what);
    }
    g.server.addIngressRule(g.frontendLoadBalancer, ec2.Port.tcp(temporalPorts.frontend), 'Temporal clients through the load balancer');
    g.server.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'image registry, Secrets Manager, CloudWatch Logs');
    g.frontendLoadBalancer.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(temporalPorts.frontend),
      'the API (Lambda) and the workers; the frontend requires a client certificate',
    );
    g.frontendLoadBalancer.addEgressRule(g.server, ec2.Port.tcp(temporalPorts.frontend), 'Temporal frontend');
    g.uiLoadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'people signing in to the Temporal Web UI');
    g.uiLoadBalancer.addEgressRule(g.ui, ec2.Port.tcp(temporalPorts.ui), 'Temporal Web UI');
    g.uiLoadBalancer.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "the identity provider's token and user-info endpoints");
    g.ui.addIngressRule(g.uiLoadBalancer, ec2.Port.tcp(temporalPorts.ui), 'its load balancer');
    g.ui.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'image registry, Secrets Manager, CloudWatch Logs');
    g.ui.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(temporalPorts.frontend), 'Temporal frontend (its load balancer), with a client certificate');
    for (const open of [g.frontendLoadBalancer, g.uiLoadBalancer]) {
      Validations.of(open).acknowledge({
        id: 'AwsSolutions::AwsSolutions-EC23',
        reason:
          'Public by design: the frontend is reached by the API (Lambda, no fixed address) and the workers and admits only clients with a certificate from the deployment CA (mTLS at the frontend); the Web UI admits only people signed in at the identity provider (the load balancer authenticates first).',
      });
    }

    // ---- Database: Aurora PostgreSQL, both stores ----------------------------------------------
    const parameterGroup = new rds.ParameterGroup(this, 'DatabaseParameters', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 }),
      description: 'Temporal: TLS only',
      parameters: { 'rds.force_ssl': '1' },
    });
    this.database = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 }),
      credentials: rds.Credentials.fromGeneratedSecret('temporal'),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      // A reader in the other zone: Aurora fails over to it in about a minute.
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: settings.temporalDatabaseMaxCapacity,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [g.database],
      parameterGroup,
      storageEncrypted: true,
      backup: { retention: Duration.days(35), preferredWindow: '18:00-19:00' },
      // Deleted only through a final snapshot (on stack deletion, or when a failed first deploy
      // rolls back). Neither deletion protection nor Retain: a kept cluster would keep its
      // subnets, the VPC and so the whole rollback from completing, and the retry would fail.
      deletionProtection: false,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    Validations.of(this.database).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-RDS6',
        reason: "Temporal's PostgreSQL driver logs in with a user and password (from Secrets Manager); it has no IAM database authentication.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-RDS10',
        reason:
          'CloudFormation deletes the cluster only after a final snapshot (DeletionPolicy Snapshot), and AWS Backup keeps monthly copies for years in a vault kept with the stack; deletion protection would stop a failed first deploy from rolling back.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-RDS11',
        reason: 'The port is reachable only from the Temporal server tasks (security group) in isolated subnets; another port number would add nothing.',
      },
      {
        // The generated master password's secret (a child of the cluster).
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason:
          'Temporal reads the database password once, at task start (ECS injects it); rotating it under running tasks would cut their connections. It is rotated by hand with a rolling restart (infra/README.md).',
      },
    );

    // ---- Server tasks ------------------------------------------------------------------------
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.serverTask = new ecs.FargateTaskDefinition(this, 'ServerTask', {
      cpu: 1024,
      memoryLimitMiB: 2048,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const databasePassword = ecs.Secret.fromSecretsManager(this.database.secret!, 'password');
    const databaseHost = this.database.clusterEndpoint.hostname;
    const schema = this.serverTask.addContainer('schema', {
      image: ecs.ContainerImage.fromRegistry(settings.temporalAdminToolsImage),
      essential: false,
      entryPoint: ['/bin/sh', '-c'],
      command: [schemaSetupScript],
      environment: { SQL_HOST: databaseHost, SQL_PORT: String(temporalPorts.postgres), SQL_USER: 'temporal' },
      secrets: { SQL_PASSWORD: databasePassword },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'schema' }),
      memoryReservationMiB: 128,
    });
    const tlsFile = (name: string) => `${tlsDir}/${name}`;
    const server = this.serverTask.addContainer('server', {
      image: ecs.ContainerImage.fromRegistry(settings.temporalServerImage),
      essential: true,
      entryPoint: ['/bin/sh', '-c'],
      command: [serverStartScript],
      environment: {
        DB: 'postgres12',
        DB_PORT: String(temporalPorts.postgres),
        POSTGRES_SEEDS: databaseHost,
        POSTGRES_USER: 'temporal',
        DBNAME: temporalDatabases.persistence,
        VISIBILITY_DBNAME: temporalDatabases.visibility,
        // Aurora's certificate is signed by the RDS CA, which the image does not carry: encrypted, not verified (the database is reachable from these tasks only).
        POSTGRES_TLS_ENABLED: 'true',
        POSTGRES_TLS_DISABLE_HOST_VERIFICATION: 'true',
        NUM_HISTORY_SHARDS: String(temporalHistoryShards),
        // Clients and the services among themselves: TLS with the deployment CA, client certificates required.
        TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
        TEMPORAL_TLS_SERVER_CA_CERT: tlsFile('ca.pem'),
        TEMPORAL_TLS_SERVER_CERT: tlsFile('server.pem'),
        TEMPORAL_TLS_SERVER_KEY: tlsFile('server.key'),
        TEMPORAL_TLS_INTERNODE_SERVER_NAME: host,
        TEMPORAL_TLS_FRONTEND_CERT: tlsFile('server.pem'),
        TEMPORAL_TLS_FRONTEND_KEY: tlsFile('server.key'),
        TEMPORAL_TLS_FRONTEND_SERVER_NAME: host,
        TEMPORAL_TLS_CLIENT1_CA_CERT: tlsFile('ca.pem'),
        // Warn in the log a month before the certificates expire.
        TEMPORAL_TLS_EXPIRATION_CHECKS_CHECK_INTERVAL: '24h',
        TEMPORAL_TLS_EXPIRATION_CHECKS_WARNING_WINDOW: '720h',
      },
      secrets: {
        POSTGRES_PWD: databasePassword,
        TLS_CA_PEM: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_SERVER_CA')),
        TLS_SERVER_CERT_PEM: ecs.Secret.fromSecretsManager(secret('TEMPORAL_SERVER_TLS_CERT')),
        TLS_SERVER_KEY_PEM: ecs.Secret.fromSecretsManager(secret('TEMPORAL_SERVER_TLS_KEY')),
      },
      portMappings: [{ containerPort: temporalPorts.frontend }],
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'server' }),
      stopTimeout: Duration.seconds(60),
    });
    server.addContainerDependencies({ container: schema, condition: ecs.ContainerDependencyCondition.SUCCESS });
    const namespace = this.serverTask.addContainer('namespace', {
      image: ecs.ContainerImage.fromRegistry(settings.temporalServerImage),
      essential: false,
      entryPoint: ['/bin/sh', '-c'],
      command: [namespaceSetupScript],
      environment: { ALUR_NAMESPACE: settings.temporalNamespace, ALUR_RETENTION_DAYS: String(settings.temporalRetentionDays), TEMPORAL_TLS_SERVER_NAME: host },
      secrets: {
        TEMPORAL_TLS_CA_DATA: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_SERVER_CA')),
        TEMPORAL_TLS_CERT_DATA: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_CERT')),
        TEMPORAL_TLS_KEY_DATA: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_KEY')),
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'namespace' }),
      memoryReservationMiB: 64,
    });
    namespace.addContainerDependencies({ container: server, condition: ecs.ContainerDependencyCondition.START });
    Validations.of(this.serverTask).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason:
        'The environment holds configuration only (database host, names, file paths, the host name); the password, the certificates and the key are injected by ECS from Secrets Manager.',
    });

    this.server = new ecs.FargateService(this, 'Server', {
      cluster,
      taskDefinition: this.serverTask,
      desiredCount: settings.temporalServerCount,
      // Public subnets and addresses to pull the images (no NAT gateway); the security group admits nothing else.
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [g.server],
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      // Temporal's membership needs a minute to settle after a task starts.
      healthCheckGracePeriod: Duration.minutes(3),
    });

    // ---- The frontend's load balancer (TLS passes through to the frontend) --------------------
    this.frontendLoadBalancer = new elbv2.NetworkLoadBalancer(this, 'FrontendLoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [g.frontendLoadBalancer],
      crossZoneEnabled: true,
    });
    this.frontendTargets = new elbv2.NetworkTargetGroup(this, 'FrontendTargets', {
      vpc,
      port: temporalPorts.frontend,
      protocol: elbv2.Protocol.TCP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { protocol: elbv2.Protocol.TCP, interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
      targets: [this.server.loadBalancerTarget({ containerName: 'server', containerPort: temporalPorts.frontend })],
    });
    this.frontendLoadBalancer.addListener('Frontend', {
      port: portOf(settings.temporalAddress),
      protocol: elbv2.Protocol.TCP,
      defaultTargetGroups: [this.frontendTargets],
    });
    Validations.of(this.frontendLoadBalancer).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ELB2',
      reason:
        'A TCP listener passing TLS through has no access log (NLB access logs cover TLS listeners only); the frontend itself logs every refused client certificate.',
    });

    // ---- Web UI, behind sign-in at the identity provider --------------------------------------
    const uiTask = new ecs.FargateTaskDefinition(this, 'UiTask', { cpu: 256, memoryLimitMiB: 512 });
    uiTask.addContainer('ui', {
      image: ecs.ContainerImage.fromRegistry(settings.temporalUiImage),
      essential: true,
      environment: {
        TEMPORAL_ADDRESS: settings.temporalAddress,
        TEMPORAL_UI_PORT: String(temporalPorts.ui),
        TEMPORAL_DEFAULT_NAMESPACE: settings.temporalNamespace,
        TEMPORAL_TLS_SERVER_NAME: host,
        TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
        // People are signed in by the load balancer (OIDC) before a request reaches the UI.
        TEMPORAL_AUTH_ENABLED: 'false',
        TEMPORAL_CSRF_COOKIE_INSECURE: 'false',
      },
      secrets: {
        TEMPORAL_TLS_CA_DATA: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_SERVER_CA')),
        TEMPORAL_TLS_CERT_DATA: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_CERT')),
        TEMPORAL_TLS_KEY_DATA: ecs.Secret.fromSecretsManager(secret('TEMPORAL_TLS_KEY')),
      },
      portMappings: [{ containerPort: temporalPorts.ui }],
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'ui' }),
    });
    Validations.of(uiTask).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason:
        "The environment holds configuration only (the frontend's address and host name, ports); the certificates and the key are injected by ECS from Secrets Manager.",
    });
    this.ui = new ecs.FargateService(this, 'Ui', {
      cluster,
      taskDefinition: uiTask,
      desiredCount: 1,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [g.ui],
      minHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: true },
    });
    this.uiLoadBalancer = new elbv2.ApplicationLoadBalancer(this, 'UiLoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: g.uiLoadBalancer,
      dropInvalidHeaderFields: true,
    });
    const uiTargets = new elbv2.ApplicationTargetGroup(this, 'UiTargets', {
      vpc,
      port: temporalPorts.ui,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { path: '/', healthyHttpCodes: '200-399' },
      targets: [this.ui.loadBalancerTarget({ containerName: 'ui', containerPort: temporalPorts.ui })],
    });
    const oidc = settings.temporalUiOidc!;
    this.uiLoadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [props.uiCertificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultAction: elbv2.ListenerAction.authenticateOidc({
        issuer: oidc.issuer,
        authorizationEndpoint: oidc.authorizationEndpoint,
        tokenEndpoint: oidc.tokenEndpoint,
        userInfoEndpoint: oidc.userInfoEndpoint,
        clientId: oidc.clientId,
        // A dynamic reference: CloudFormation reads the secret at deploy time; the template holds only its ARN.
        clientSecret: SecretValue.secretsManager(secret('TEMPORAL_UI_OIDC_CLIENT_SECRET').secretArn),
        scope: 'openid email profile',
        sessionTimeout: Duration.hours(8),
        onUnauthenticatedRequest: elbv2.UnauthenticatedAction.AUTHENTICATE,
        next: elbv2.ListenerAction.forward([uiTargets]),
      }),
    });
    Validations.of(this.uiLoadBalancer).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ELB2',
      reason:
        'Access logs would need an S3 bucket of their own for a page a few IT staff open; who signed in is recorded by the identity provider, and the UI logs to CloudWatch.',
    });
  }

  /** Alarms of the self-hosted Temporal, for the same topic and dashboard as the rest. */
  alarmDefinitions(): AlarmDefinition[] {
    const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const five = Duration.minutes(5);
    return [
      {
        name: 'TemporalServerNotRunning',
        description: 'No Temporal server task has been running for 5 minutes: workflows stop, the API cannot start or update one.',
        props: {
          metric: this.server.metricCpuUtilization({ statistic: cloudwatch.Stats.SAMPLE_COUNT, period: Duration.minutes(1) }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 5,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        },
      },
      {
        name: 'TemporalFrontendUnhealthy',
        description: 'The Temporal frontend load balancer has had an unhealthy target for 10 minutes.',
        props: {
          metric: this.frontendTargets.metrics.unHealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: five }),
          threshold: 1,
          comparisonOperator: atLeast,
          evaluationPeriods: 2,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      },
      {
        name: 'TemporalDatabaseBusy',
        description: 'The Temporal database has used 90 % or more of its capacity ceiling for 15 minutes: raise alur:temporalDatabaseMaxCapacity.',
        props: {
          metric: this.database.metric('ACUUtilization', { statistic: cloudwatch.Stats.MAXIMUM, period: five }),
          threshold: 90,
          comparisonOperator: atLeast,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      },
      {
        name: 'TemporalDatabaseCpuHigh',
        description: 'The Temporal database CPU has been at 80 % or more for 15 minutes.',
        props: {
          metric: this.database.metricCPUUtilization({ statistic: cloudwatch.Stats.MAXIMUM, period: five }),
          threshold: 80,
          comparisonOperator: atLeast,
          evaluationPeriods: 3,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      },
    ];
  }
}
