/**
 * The synthesized templates, asserted offline (no AWS credentials, no Docker): the table is the
 * code's declaration, IAM grants nothing beyond what each process needs, no secret value is in
 * anything synth writes, and the Lambda runs what api/lambda.ts exports.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CfnElement } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { workerHealthCheckCommand, workerHealthPort } from '../lib/alur-stack.js';
import { accessLogFields, apiStageName, managedRuleGroups, rateLimitedPaths, rateWindowSeconds } from '../lib/front-door.js';
import { apiBundleFile, apiHandler, apiHandlerExport } from '../lib/bundle-api.js';
import { platformVariables } from '../lib/environment.js';
import { scheduleToStartAlarmMs, temporalMetricNames, workerLogDatetimeFormat, workerLogPatterns } from '../lib/observability.js';
import { workerMetricsUrl, type collectorConfig } from '../lib/worker-metrics.js';
import { repoRoot } from '../lib/paths.js';
import { secretArnVariable, secretSpecs } from '../lib/secrets.js';
import { configNames, readSettings } from '../lib/settings.js';
import { buildApp, cdkJsonContext } from '../lib/app.js';
import {
  createTableInput,
  deletableKeyPrefixes,
  mailLogBatchActions,
  scopedDeleteActions,
  storeIndexActions,
  storeTableActions,
  tableIndexes,
  tableKeys,
  ttlAttribute,
} from '../lib/table.js';

import { allStatements, asList, classify, render, secretExportMap, type Classifier } from './support/iam.js';
import { onlyResource, resourcesOfType, synth, type Json, type Synthesized } from './support/synth.js';

/** The condition every DeleteItem grant carries: only items under the deletable key prefixes. */
const deletableOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': deletableKeyPrefixes.map((p) => `${p}*`) } };
const mailLogOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MAIL#*'] } };

/** Values that must never reach a template: set in this process's environment before synth. */
const planted = {
  LINK_TOKEN_SECRET: 'planted-link-secret-6f1d0c0a9b8e7d6c5b4a39281706f5e4',
  AUDIT_HMAC_SECRET: 'planted-audit-secret-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
  AUTH_JWT_SECRET: 'planted-jwt-secret-0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  SMTP_URL: 'smtps://planted-user:planted-password-7e6d5c@email-smtp.ap-southeast-3.amazonaws.com:465',
  TEMPORAL_TLS_KEY: '-----BEGIN PRIVATE KEY-----\nplantedKeyMaterial0123456789\n-----END PRIVATE KEY-----',
  TEMPORAL_TLS_CERT: '-----BEGIN CERTIFICATE-----\nplantedCertMaterial0123456789\n-----END CERTIFICATE-----',
};
/** Configuration names that hold secrets: never a plain variable in a template. */
const secretConfigNames = ['LINK_TOKEN_SECRET', 'AUDIT_HMAC_SECRET', 'SMTP_URL', 'AUTH_JWT_SECRET', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'];

const variants = {
  /** cdk.json as shipped: JWKS sign-in, Temporal Cloud mTLS, SES identity from MAIL_FROM. */
  default: {},
  /** The other branches: HS256 secret, no Temporal TLS, no SES permission, Node 24, Graviton worker. */
  alternative: {
    'alur:authJwksUrl': '',
    'alur:authJwtSecret': 'true',
    'alur:temporalTls': 'false',
    'alur:sesIdentity': '',
    'alur:nodeMajor': '24',
    'alur:workerArch': 'arm64',
    'alur:domainName': 'alur.solselkab.go.id',
  },
} satisfies Record<string, Record<string, string>>;

/** Synthesized too, for single checks (not the whole suite above). */
const extraVariants = {
  /** Adopting a table that exists (see infra/README.md). */
  adopted: { 'alur:tableName': 'alur-from-an-earlier-attempt' },
} satisfies Record<string, Record<string, string>>;

type Variant = keyof typeof variants | keyof typeof extraVariants;
const synthesized: Partial<Record<Variant, Synthesized>> = {};
const get = (v: Variant) => synthesized[v]!;

beforeAll(() => {
  Object.assign(process.env, planted);
  try {
    for (const [name, overrides] of Object.entries({ ...variants, ...extraVariants })) synthesized[name as Variant] = synth(inject('apiBundle').dir, overrides);
  } finally {
    for (const k of Object.keys(planted)) delete process.env[k];
  }
});

afterAll(() => {
  for (const s of Object.values(synthesized)) rmSync(s.outdir, { recursive: true, force: true });
});

function classifier(s: Synthesized): Classifier {
  const logicalIdToEnv = new Map(
    [...s.secretsStack.secrets].map(([env, { secret }]) => [s.secretsStack.getLogicalId(secret.node.defaultChild as CfnElement), env]),
  );
  return {
    tableId: onlyResource(s.mainJson, 'AWS::DynamoDB::Table')[0],
    secretExports: secretExportMap(s.secretsJson, logicalIdToEnv),
    resources: s.mainJson.Resources,
  };
}

describe.each(Object.keys(variants) as (keyof typeof variants)[])('%s settings', (variant) => {
  describe('the table', () => {
    it('has the keys, attribute types and indexes of store/table.ts createTableInput', () => {
      const s = get(variant);
      const [, table] = onlyResource(s.mainJson, 'AWS::DynamoDB::Table');
      const input = createTableInput(s.settings.tableName ?? 'generated');
      const p = table.Properties!;
      if (s.settings.tableName) expect(p['TableName']).toBe(s.settings.tableName);
      else expect(p).not.toHaveProperty('TableName');
      expect(p['BillingMode']).toBe('PAY_PER_REQUEST');
      expect(p['KeySchema']).toEqual(input.KeySchema);
      expect(p['AttributeDefinitions']).toEqual(input.AttributeDefinitions);
      expect(p['GlobalSecondaryIndexes']).toEqual(input.GlobalSecondaryIndexes);
      // And, spelled out, what that declaration says today.
      expect(p['KeySchema']).toEqual([
        { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
      ]);
      expect((p['GlobalSecondaryIndexes'] as { IndexName: string }[]).map((g) => g.IndexName).sort()).toEqual(Object.keys(tableIndexes).sort());
    });

    it('expires link tokens by TTL, keeps point-in-time recovery, and cannot be deleted', () => {
      const s = get(variant);
      const [, table] = onlyResource(s.mainJson, 'AWS::DynamoDB::Table');
      expect(table.Properties!['TimeToLiveSpecification']).toEqual({ AttributeName: ttlAttribute, Enabled: true });
      expect(table.Properties!['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties!['DeletionProtectionEnabled']).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    });
  });

  describe('backups', () => {
    it('copy the table daily (35 days) and monthly (the archive retention) into a vault kept with its copies', () => {
      const s = get(variant);
      const [, plan] = onlyResource(s.mainJson, 'AWS::Backup::BackupPlan');
      const rules = (
        (plan.Properties!['BackupPlan'] as Json)['BackupPlanRule'] as { RuleName: string; Lifecycle: { DeleteAfterDays: number }; ScheduleExpression: string }[]
      ).map((r) => [r.RuleName, r.Lifecycle.DeleteAfterDays, r.ScheduleExpression]);
      expect(rules.sort()).toEqual([
        ['Daily', 35, 'cron(0 19 * * ? *)'],
        ['Monthly', s.settings.backupRetentionDays, 'cron(0 19 1 * ? *)'],
      ]);
      expect(s.settings.backupRetentionDays).toBeGreaterThan(35);
      const [, selection] = onlyResource(s.mainJson, 'AWS::Backup::BackupSelection');
      const resources = ((selection.Properties!['BackupSelection'] as Json)['Resources'] as unknown[]).map(render);
      expect(resources).toEqual([`\${${onlyResource(s.mainJson, 'AWS::DynamoDB::Table')[0]}.Arn}`]);
      const [, vault] = onlyResource(s.mainJson, 'AWS::Backup::BackupVault');
      expect(vault.DeletionPolicy).toBe('RetainExceptOnCreate');
    });
  });

  describe('IAM', () => {
    it('grants each role exactly its own resources, with only the actions the code uses', () => {
      const s = get(variant);
      const c = classifier(s);
      const roles = resourcesOfType(s.mainJson, 'AWS::IAM::Role').map(([id]) => id);
      const roleOf = (prefix: string) => {
        const id = roles.find((r) => r.startsWith(prefix));
        if (!id) throw new Error(`no role ${prefix}`);
        return id;
      };
      const apiRole = roleOf('ApiRole');
      const taskRole = roleOf('WorkerTaskTaskRole');
      const executionRole = roleOf('WorkerTaskExecutionRole');
      // AWS Backup's role holds only AWS's own backup policies (checked below), no statement of ours.
      const backupRole = roleOf('BackupPlanTableRole');
      // API Gateway's account setting (access logs) holds only AWS's own policy for it, checked below.
      const apiGatewayLogsRole = roleOf('FrontDoorApiCloudWatchRole');
      expect(roles.sort()).toEqual([apiRole, executionRole, taskRole, backupRole, apiGatewayLogsRole].sort());
      const logGroup = (prefix: string) => `log-group:${resourcesOfType(s.mainJson, 'AWS::Logs::LogGroup').find(([id]) => id.startsWith(prefix))![0]}`;

      const secretRead = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
      // Each index by name, never `index/*`.
      const indexGrants = Object.fromEntries(Object.keys(tableIndexes).map((name) => [`index:${name}`, [...storeIndexActions]]));
      const specs = secretSpecs(s.settings);
      const expected: Record<string, Record<string, string[]>> = {
        // The API: its own log group, the table, and the secrets it reads through the extension.
        [apiRole]: {
          [logGroup('ApiLogs')]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          table: [...storeTableActions, ...scopedDeleteActions, ...mailLogBatchActions],
          ...indexGrants,
          ...Object.fromEntries(specs.filter((x) => x.api).map((x) => [`secret:${x.env}`, secretRead])),
        },
        // The worker's code: the table, and sending as the SES identity; its metrics collector:
        // the embedded-metric log group.
        [taskRole]: {
          table: [...storeTableActions, ...scopedDeleteActions, ...mailLogBatchActions],
          ...indexGrants,
          [logGroup('WorkerMetricsLogs')]: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          ...(s.settings.sesIdentity ? { [`ses-identity:${s.settings.sesIdentity}`]: ['ses:SendEmail', 'ses:SendRawEmail'] } : {}),
        },
        // ECS itself, starting the task: pull the image CDK published, write the log group, and
        // inject the worker's secrets. GetAuthorizationToken has no resource-level permission.
        [executionRole]: {
          'cdk-container-assets-repository': ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          '*': ['ecr:GetAuthorizationToken'],
          [logGroup('WorkerLogs')]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          ...Object.fromEntries(specs.filter((x) => x.worker).map((x) => [`secret:${x.env}`, secretRead])),
        },
      };

      const granted: Record<string, Record<string, string[]>> = { [apiRole]: {}, [taskRole]: {}, [executionRole]: {} };
      for (const { policy, roles: attached, statement } of allStatements(s.mainJson)) {
        const where = `${policy} ${JSON.stringify(statement)}`;
        expect(statement.Effect, where).toBe('Allow');
        expect(statement.NotAction, where).toBeUndefined();
        expect(statement.NotResource, where).toBeUndefined();
        // The two conditions: DeleteItem only on the deletable items, batch writes only on the mail log (both checked below).
        if (asList(statement.Action).includes('dynamodb:DeleteItem')) expect(statement.Condition, where).toEqual(deletableOnly);
        else if (asList(statement.Action).includes('dynamodb:BatchWriteItem')) expect(statement.Condition, where).toEqual(mailLogOnly);
        else expect(statement.Condition, where).toBeUndefined();
        expect(attached.length, where).toBe(1);
        const actions = asList(statement.Action);
        for (const a of actions) expect(a, where).not.toMatch(/\*/);
        for (const resource of asList(statement.Resource)) {
          const kind = classify(resource, c);
          const forRole = (granted[attached[0]!] ??= {});
          forRole[kind] = [...new Set([...(forRole[kind] ?? []), ...actions])].sort();
        }
      }
      for (const role of Object.values(expected)) for (const k of Object.keys(role)) role[k] = [...role[k]!].sort();
      expect(granted).toEqual(expected);
    });

    it('lets runtime roles write in batches only on the mail log, and delete only sessions, sign-in links, SSO attempts, drafts and claims', () => {
      const statements = allStatements(get(variant).mainJson).map((x) => x.statement);
      const actions = statements.flatMap((x) => asList(x.Action));
      for (const forbidden of ['dynamodb:DeleteTable', 'dynamodb:PartiQLDelete']) expect(actions).not.toContain(forbidden);
      const batching = statements.filter((x) => asList(x.Action).includes('dynamodb:BatchWriteItem'));
      expect(batching.length).toBeGreaterThan(0);
      for (const x of batching) {
        expect(asList(x.Action)).toEqual(['dynamodb:BatchWriteItem']);
        expect(x.Condition).toEqual(mailLogOnly);
      }
      const deleting = statements.filter((x) => asList(x.Action).includes('dynamodb:DeleteItem'));
      expect(deleting.length).toBeGreaterThan(0);
      for (const x of deleting) {
        expect(asList(x.Action)).toEqual(['dynamodb:DeleteItem']);
        expect(x.Condition).toEqual(deletableOnly);
      }
      expect(deletableKeyPrefixes).not.toContain('PROGRAM#');
      expect(deletableKeyPrefixes).not.toContain('PERSON#');
    });

    it("attaches no managed policy (AWSLambdaBasicExecutionRole would allow logs on every group), but AWS Backup's own to its role", () => {
      for (const [id, role] of resourcesOfType(get(variant).mainJson, 'AWS::IAM::Role')) {
        const managed = ((role.Properties!['ManagedPolicyArns'] as unknown[] | undefined) ?? []).map(render);
        if (id.startsWith('BackupPlanTableRole')) {
          expect(managed.sort()).toEqual([
            'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
            'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
          ]);
          expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain('backup.amazonaws.com');
        } else if (id.startsWith('FrontDoorApiCloudWatchRole')) {
          expect(managed).toEqual(['arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']);
          expect(JSON.stringify(role.Properties!['AssumeRolePolicyDocument'])).toContain('apigateway.amazonaws.com');
        } else expect(managed, id).toEqual([]);
      }
    });

    it('lets only the deployed stage of this REST API invoke the function (no test-invoke)', () => {
      const s = get(variant);
      const permissions = resourcesOfType(s.mainJson, 'AWS::Lambda::Permission');
      // ANY on `/` and ANY on `/{proxy+}`.
      expect(permissions).toHaveLength(2);
      const restApi = onlyResource(s.mainJson, 'AWS::ApiGateway::RestApi')[0];
      const stage = onlyResource(s.mainJson, 'AWS::ApiGateway::Stage')[0];
      for (const [, permission] of permissions) {
        const p = permission.Properties!;
        expect(p['Principal']).toBe('apigateway.amazonaws.com');
        expect(render(p['SourceArn'])).toContain(`\${${restApi}}/\${${stage}}/`);
      }
    });
  });

  describe('secrets', () => {
    it('are generated by Secrets Manager under their documented names, kept when the stack goes', () => {
      const s = get(variant);
      const secrets = resourcesOfType(s.secretsJson, 'AWS::SecretsManager::Secret');
      expect(secrets.map(([, r]) => r.Properties!['Name']).sort()).toEqual(
        secretSpecs(s.settings)
          .map((x) => `${s.settings.secretPrefix}/${x.name}`)
          .sort(),
      );
      for (const [, r] of secrets) {
        expect(r.Properties!['SecretString']).toBeUndefined();
        expect(r.Properties!['GenerateSecretString']).toBeDefined();
        expect(r.DeletionPolicy).toBe('RetainExceptOnCreate');
        expect(r.UpdateReplacePolicy).toBe('Retain');
      }
      expect(
        Object.keys(s.secretsJson.Resources).every((id) =>
          ['AWS::SecretsManager::Secret', 'AWS::CertificateManager::Certificate', 'AWS::CDK::Metadata'].includes(s.secretsJson.Resources[id]!.Type),
        ),
      ).toBe(true);
    });

    it('never appear as values: not in templates, manifests, the staged image context or the Lambda bundle', () => {
      const s = get(variant);
      const needles = [...Object.values(planted), ...devSecretValues()];
      const markers = [
        /BEGIN [A-Z ]*PRIVATE KEY/,
        /BEGIN CERTIFICATE/,
        /\{\{resolve:secretsmanager/,
        /\b[a-z]+s?:\/\/[\w.~%-]+:[\w.~%!$&*+,;=-]+@/,
        /planted-/,
      ];
      const offenders: string[] = [];
      for (const file of filesUnder(s.outdir)) {
        // The bundle's source map embeds no sources (sourcesContent: false); still searched.
        const text = readFileSync(file, 'utf8');
        for (const n of needles) if (text.includes(n)) offenders.push(`${relative(s.outdir, file)} contains a secret value`);
        for (const m of markers) if (m.test(text)) offenders.push(`${relative(s.outdir, file)} matches ${m}`);
      }
      expect(offenders).toEqual([]);
    });

    it('go only to the runtime that uses them: no SMTP credentials for the API, no JWT key for the worker', () => {
      const s = get(variant);
      const apiSecretArns = Object.keys(lambdaEnv(s)).filter((n) => n.endsWith('_SECRET_ARN'));
      const workerSecrets = (workerContainer(s)['Secrets'] as { Name: string }[]).map((x) => x.Name);
      expect(apiSecretArns).not.toContain(secretArnVariable('SMTP_URL'));
      expect(workerSecrets).toContain('SMTP_URL');
      expect(workerSecrets).not.toContain('AUTH_JWT_SECRET');
      if (s.settings.authJwtSecret) expect(apiSecretArns).toContain(secretArnVariable('AUTH_JWT_SECRET'));
    });

    it('reach the Lambda as ARNs and the worker through ECS secret injection, never as plain variables', () => {
      const s = get(variant);
      const apiEnv = lambdaEnv(s);
      const container = workerContainer(s);
      const workerEnv = Object.fromEntries((container['Environment'] as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
      for (const name of secretConfigNames) {
        expect(apiEnv, name).not.toHaveProperty(name);
        expect(workerEnv, name).not.toHaveProperty(name);
      }
      const c = classifier(s);
      for (const spec of secretSpecs(s.settings)) {
        if (spec.api) expect(classify(apiEnv[secretArnVariable(spec.env)], c)).toBe(`secret:${spec.env}`);
      }
      const injected = (container['Secrets'] as { Name: string; ValueFrom: unknown }[]).map((x) => [x.Name, classify(x.ValueFrom, c)]);
      expect(injected.sort()).toEqual(
        secretSpecs(s.settings)
          .filter((x) => x.worker)
          .map((x) => [x.env, `secret:${x.env}`])
          .sort(),
      );
    });
  });

  describe('the API', () => {
    it('runs the esbuild bundle of api/lambda.ts: handler `handler` in index.mjs, on the configured Node runtime', () => {
      const s = get(variant);
      const bundle = inject('apiBundle');
      expect(bundle.entryPoint).toBe('api/lambda.ts');
      expect(bundle.exports).toContain(apiHandlerExport);
      const [, fn] = onlyResource(s.mainJson, 'AWS::Lambda::Function');
      const p = fn.Properties!;
      expect(p['Handler']).toBe(apiHandler);
      expect(apiHandler).toBe(`${apiBundleFile.replace(/\.mjs$/, '')}.${apiHandlerExport}`);
      expect(p['Runtime']).toBe(variant === 'default' ? 'nodejs22.x' : 'nodejs24.x');
      expect(p['Runtime']).toBe(`nodejs${s.settings.nodeMajor}.x`);
      expect(p['Architectures']).toEqual([s.settings.lambdaArch]);
      // The code asset is that bundle, byte for byte.
      const key = render((p['Code'] as Json)['S3Key']).replace(/\.zip$/, '');
      const asset = s.assetManifest.files[key];
      expect(asset, `asset ${key}`).toBeDefined();
      const staged = join(s.outdir, asset!.source.path, apiBundleFile);
      expect(sha256(staged)).toBe(sha256(bundle.file));
    });

    it('gets the docs/product.md §4 environment, fitting config/config.ts, and never the dev login', () => {
      const s = get(variant);
      const env = lambdaEnv(s);
      for (const name of Object.keys(env)) {
        const known =
          configNames.includes(name) ||
          (platformVariables as readonly string[]).includes(name) ||
          name.endsWith('_SECRET_ARN') ||
          /^(PARAMETERS_SECRETS_EXTENSION_|SECRETS_MANAGER_|SSM_PARAMETER_STORE_)/.test(name);
        expect(known, name).toBe(true);
      }
      expect(env['ALUR_DEV_LOGIN']).toBe('0');
      // Source maps stay off the request path; the map ships for reading stacks afterwards.
      expect(env['NODE_OPTIONS'] ?? '').not.toMatch(/source-maps/);
      expect(existsSync(`${inject('apiBundle').file}.map`)).toBe(true);
      expect(env).not.toHaveProperty('DYNAMODB_ENDPOINT');
      expect(env).not.toHaveProperty('AWS_REGION'); // Lambda sets it
      expect(render(env['DYNAMODB_TABLE'])).toBe(`\${${onlyResource(s.mainJson, 'AWS::DynamoDB::Table')[0]}}`);
      expect(env['TEMPORAL_ADDRESS']).toBe(s.settings.temporalAddress);
      expect(env['TEMPORAL_NAMESPACE']).toBe(s.settings.temporalNamespace);
      expect(env['TEMPORAL_TASK_QUEUE']).toBe(s.settings.temporalTaskQueue);
      expect(env['MAIL_FROM']).toBe(s.settings.mailFrom);
      expect(env['PUBLIC_BASE_URL']).toBe(`https://${s.settings.domainName}`);
      if (s.settings.authJwksUrl) expect(env['AUTH_JWKS_URL']).toBe(s.settings.authJwksUrl);
      else expect(env).not.toHaveProperty('AUTH_JWKS_URL');
    });

    it("answers only on the regency's own host name, with its certificate: execute-api is switched off", () => {
      const s = get(variant);
      s.main.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true, EndpointConfiguration: { Types: ['REGIONAL'] } });
      const [, domain] = onlyResource(s.mainJson, 'AWS::ApiGateway::DomainName');
      expect(domain.Properties!['DomainName']).toBe(s.settings.domainName.toLowerCase());
      expect(domain.Properties!['EndpointConfiguration']).toEqual({ Types: ['REGIONAL'] });
      expect(domain.Properties!['SecurityPolicy']).toBe('TLS_1_2');
      expect(render(domain.Properties!['RegionalCertificateArn'])).toMatch(/^\$\{Import:AlurSecrets:ExportsOutputRefCertificate/);
      const [, certificate] = onlyResource(s.secretsJson, 'AWS::CertificateManager::Certificate');
      expect(certificate.Properties).toMatchObject({ DomainName: s.settings.domainName, ValidationMethod: 'DNS' });
      const [, mapping] = onlyResource(s.mainJson, 'AWS::ApiGateway::BasePathMapping');
      // No base path: the app's own paths are the public ones, and the stage name never shows.
      expect(mapping.Properties).not.toHaveProperty('BasePath');
      expect(render(mapping.Properties!['Stage'])).toBe(`\${${onlyResource(s.mainJson, 'AWS::ApiGateway::Stage')[0]}}`);
    });

    it('sends every path and method, `/` included, to the function as a proxy, bodies untouched', () => {
      const s = get(variant);
      const methods = resourcesOfType(s.mainJson, 'AWS::ApiGateway::Method').map(([, r]) => r.Properties!);
      expect(methods).toHaveLength(2);
      for (const m of methods)
        expect(m).toMatchObject({ HttpMethod: 'ANY', AuthorizationType: 'NONE', Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' } });
      s.main.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
      s.main.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['*/*'] });
    });

    it('throttles the stage, logs access without paths or execution details', () => {
      const s = get(variant);
      const [, stage] = onlyResource(s.mainJson, 'AWS::ApiGateway::Stage');
      const p = stage.Properties!;
      expect(p['StageName']).toBe(apiStageName);
      expect(p['MethodSettings']).toEqual([
        {
          DataTraceEnabled: false,
          HttpMethod: '*',
          LoggingLevel: 'OFF',
          MetricsEnabled: true,
          ResourcePath: '/*',
          ThrottlingBurstLimit: s.settings.apiBurstLimit,
          ThrottlingRateLimit: s.settings.apiRateLimit,
        },
      ]);
      const format = (p['AccessLogSetting'] as { Format: string }).Format;
      expect(JSON.parse(format)).toEqual(accessLogFields);
      expect(format).not.toMatch(/context\.(path|resourcePath)|requestOverride|identity\.(apiKey|caller|user)\b/);
      expect(render((p['AccessLogSetting'] as { DestinationArn: unknown }).DestinationArn)).toMatch(/^\$\{FrontDoorAccessLogs\w+\.Arn\}$/);
    });
  });

  describe('the front door (WAF)', () => {
    const webAclOf = (s: Synthesized) => onlyResource(s.mainJson, 'AWS::WAFv2::WebACL')[1].Properties!;
    type Rule = { Name: string; Priority: number; Action?: Json; OverrideAction?: Json; Statement: Json; VisibilityConfig: Json };

    it('guards the API stage with a regional web ACL in the same region', () => {
      const s = get(variant);
      const acl = webAclOf(s);
      expect(acl['Scope']).toBe('REGIONAL');
      expect(acl['DefaultAction']).toEqual({ Allow: {} });
      const [, association] = onlyResource(s.mainJson, 'AWS::WAFv2::WebACLAssociation');
      const restApi = onlyResource(s.mainJson, 'AWS::ApiGateway::RestApi')[0];
      const stage = onlyResource(s.mainJson, 'AWS::ApiGateway::Stage')[0];
      expect(render(association.Properties!['ResourceArn'])).toBe(
        `arn:\${AWS::Partition}:apigateway:${s.settings.region}::/restapis/\${${restApi}}/stages/\${${stage}}`,
      );
      expect(render(association.Properties!['WebACLArn'])).toMatch(/^\$\{FrontDoorWebAcl\w+\.Arn\}$/);
    });

    it('limits each client address on the links and on sign-in, answering 429 with a page in Indonesian', () => {
      const s = get(variant);
      const acl = webAclOf(s);
      const rules = acl['Rules'] as Rule[];
      const rate = (name: string) => rules.find((r) => r.Name === name)!;
      for (const [name, limit, path] of [
        ['LinkRequestsPerClient', s.settings.linkRequestsPerClient, rateLimitedPaths.links],
        ['SignInRequestsPerClient', s.settings.signInRequestsPerClient, rateLimitedPaths.signIn],
      ] as const) {
        const r = rate(name);
        expect(r.Statement).toEqual({
          RateBasedStatement: {
            Limit: limit,
            EvaluationWindowSec: rateWindowSeconds,
            AggregateKeyType: 'IP',
            ScopeDownStatement: {
              ByteMatchStatement: {
                FieldToMatch: { UriPath: {} },
                PositionalConstraint: 'STARTS_WITH',
                SearchString: path,
                TextTransformations: [{ Priority: 0, Type: 'NONE' }],
              },
            },
          },
        });
        expect(r.Action).toEqual({
          Block: {
            CustomResponse: {
              ResponseCode: 429,
              CustomResponseBodyKey: 'tooManyRequests',
              ResponseHeaders: [{ Name: 'Retry-After', Value: String(rateWindowSeconds) }],
            },
          },
        });
      }
      // Rate rules come before the managed groups, so a client over its limit is refused first.
      expect(rules.map((r) => r.Name)).toEqual(['LinkRequestsPerClient', 'SignInRequestsPerClient', ...managedRuleGroups]);
      expect([...rules.map((r) => r.Priority)]).toEqual([...rules.map((r) => r.Priority)].sort((a, b) => a - b));
      const body = (acl['CustomResponseBodies'] as Record<string, { ContentType: string; Content: string }>)['tooManyRequests']!;
      expect(body.ContentType).toBe('TEXT_HTML');
      expect(body.Content).toContain('Terlalu banyak permintaan');
      expect(body.Content).not.toMatch(/\b(API|WAF|HTTP|429|rate)\b/i);
    });

    it("applies AWS's managed rule groups, the body size rule only counting (roster imports and long proposals)", () => {
      const s = get(variant);
      const rules = webAclOf(s)['Rules'] as Rule[];
      for (const name of managedRuleGroups) {
        const r = rules.find((x) => x.Name === name)!;
        expect(r.OverrideAction).toEqual({ None: {} });
        expect((r.Statement['ManagedRuleGroupStatement'] as Json)['Name']).toBe(name);
        expect((r.Statement['ManagedRuleGroupStatement'] as Json)['VendorName']).toBe('AWS');
      }
      const common = rules.find((x) => x.Name === 'AWSManagedRulesCommonRuleSet')!;
      expect((common.Statement['ManagedRuleGroupStatement'] as Json)['RuleActionOverrides']).toEqual([
        { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      ]);
    });

    it('keeps no sampled requests (their paths would show link tokens), but a metric for every rule', () => {
      const s = get(variant);
      const acl = webAclOf(s);
      for (const v of [acl['VisibilityConfig'], ...(acl['Rules'] as Rule[]).map((r) => r.VisibilityConfig)]) {
        expect(v).toMatchObject({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true });
      }
    });
  });

  describe('the worker', () => {
    it('is a Fargate service from the repository Dockerfile, staged without Docker', () => {
      const s = get(variant);
      const images = Object.values(s.assetManifest.dockerImages);
      expect(images).toHaveLength(1);
      const image = images[0]!.source;
      expect(image.dockerFile).toBe('Dockerfile');
      expect(image.dockerBuildArgs).toEqual({ NODE_MAJOR: String(s.settings.nodeMajor) });
      expect(image.platform).toBe(s.settings.workerArch === 'arm64' ? 'linux/arm64' : 'linux/amd64');
      expect(existsSync(join(s.outdir, image.directory, 'Dockerfile'))).toBe(true);
      s.main.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RequiresCompatibilities: ['FARGATE'],
        RuntimePlatform: { CpuArchitecture: s.settings.workerArch === 'arm64' ? 'ARM64' : 'X86_64', OperatingSystemFamily: 'LINUX' },
        Cpu: String(s.settings.workerCpu),
        Memory: String(s.settings.workerMemoryMiB),
      });
      s.main.hasResourceProperties('AWS::ECS::Service', {
        LaunchType: 'FARGATE',
        DesiredCount: s.settings.workerMinCount,
        DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100 },
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
      });
    });

    it('runs at least two tasks, scaled on schedule-to-start latency up to the maximum', () => {
      const s = get(variant);
      expect(s.settings.workerMinCount).toBeGreaterThanOrEqual(2);
      s.main.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: s.settings.workerMinCount,
        MaxCapacity: s.settings.workerMaxCount,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
      const alarms = resourcesOfType(s.mainJson, 'AWS::CloudWatch::Alarm').filter(([id]) => id.includes('ScaleOnScheduleToStart'));
      expect(alarms.length).toBe(2); // one to scale out, one to scale in
      for (const [, a] of alarms) {
        const names = (a.Properties!['Metrics'] as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((m) =>
          m.MetricStat ? [m.MetricStat.Metric.MetricName] : [],
        );
        expect(names.sort()).toEqual([temporalMetricNames.activityScheduleToStart, temporalMetricNames.workflowTaskScheduleToStart]);
      }
    });

    it('stages only the allow-listed build context (no node_modules, .git, .alur dev secrets, infra/, tests)', () => {
      const s = get(variant);
      const dir = join(s.outdir, Object.values(s.assetManifest.dockerImages)[0]!.source.directory);
      const top = [...new Set(filesUnder(dir).map((f) => relative(dir, f).split('/')[0]!))].sort();
      const allowed = [
        '.dockerignore',
        'Dockerfile',
        'activities',
        'api',
        'config',
        'data',
        'domain',
        'mail',
        'package-lock.json',
        'package.json',
        'scripts',
        'security',
        'store',
        'tsconfig.json',
        'worker',
        'workflows',
      ];
      expect(top.filter((t) => !allowed.includes(t))).toEqual([]);
      expect(readdirSync(join(dir, 'scripts'))).toEqual(['bundle-workflows.ts']);
    });

    it('gets its environment, with NO_COLOR and multi-line log grouping so the alarm patterns see whole entries', () => {
      const s = get(variant);
      const container = workerContainer(s);
      const env = Object.fromEntries((container['Environment'] as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
      expect(env['NO_COLOR']).toBe('1');
      expect(env['ALUR_DEV_LOGIN']).toBe('0');
      expect(env['WORKER_MAX_CACHED_WORKFLOWS']).toBe(String(s.settings.workerMaxCachedWorkflows));
      expect(env['WORKER_METRICS_OTLP_URL']).toBe(workerMetricsUrl);
      expect(env['AWS_REGION']).toBe(s.settings.region);
      expect(container['LogConfiguration']).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-datetime-format': workerLogDatetimeFormat } });
      expect(container['StopTimeout']).toBe(120);
      expect(env['WORKER_HEALTH_PORT']).toBe(String(workerHealthPort));
      expect(container['HealthCheck']).toMatchObject({ Command: ['CMD', ...workerHealthCheckCommand], Retries: 3 });
      expect(container['LinuxParameters']).toMatchObject({ InitProcessEnabled: true });
    });

    it('may reach out only on HTTPS, the Temporal port and SMTP; nothing may reach in', () => {
      const s = get(variant);
      const [, sg] = resourcesOfType(s.mainJson, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('WorkerSecurityGroup'))!;
      expect(sg.Properties!['SecurityGroupIngress']).toBeUndefined();
      const ports = (sg.Properties!['SecurityGroupEgress'] as { FromPort: number; ToPort: number; IpProtocol: string }[])
        .map((e) => `${e.IpProtocol}/${e.FromPort}-${e.ToPort}`)
        .sort();
      expect(ports).toEqual(['tcp/443-443', 'tcp/465-465', 'tcp/587-587', 'tcp/7233-7233']);
    });
  });

  describe('alarms', () => {
    // The alarms that notify (the scaling policy's own alarms act on the service instead).
    const alarmsOf = (s: Synthesized) =>
      resourcesOfType(s.mainJson, 'AWS::CloudWatch::Alarm')
        .filter(([id]) => id.startsWith('Alarms'))
        .map(([id, r]) => ({ id, p: r.Properties! }));
    const alarm = (s: Synthesized, n: string) => alarmsOf(s).find((a) => a.id.startsWith(`Alarms${n}`))!.p;

    it('cover the worker, activities, email, the API and the table, and all notify the topic', () => {
      const s = get(variant);
      const names = alarmsOf(s)
        .map((a) => a.id.replace(/^Alarms/, '').replace(/[0-9A-F]{8}$/, ''))
        .sort();
      expect(names).toEqual([
        'ActivityFailures',
        'Api5xx',
        'ApiErrors',
        'ApiThrottles',
        'EmailBounces',
        'EmailComplaints',
        'EmailFailures',
        'TableThrottled',
        'TasksWaitingForWorker',
        'WorkerCrashLoop',
        'WorkerMemoryHigh',
        'WorkerNotPolling',
        'WorkerNotRunning',
      ]);
      const topic = onlyResource(s.mainJson, 'AWS::SNS::Topic')[0];
      for (const a of alarmsOf(s)) {
        expect(render((a.p['AlarmActions'] as unknown[])[0]), a.id).toBe(`\${${topic}}`);
        expect(render((a.p['OKActions'] as unknown[])[0]), a.id).toBe(`\${${topic}}`);
      }
      expect(alarm(s, 'WorkerNotRunning')).toMatchObject({
        Namespace: 'AWS/ECS',
        MetricName: 'CPUUtilization',
        Statistic: 'SampleCount',
        TreatMissingData: 'breaching',
      });
      expect(alarm(s, 'WorkerMemoryHigh')).toMatchObject({ Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization', Threshold: 85 });
      expect(alarm(s, 'Api5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: 'Alur-api' }] });
      expect(alarm(s, 'ApiErrors')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
      expect(alarm(s, 'ApiThrottles')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
      expect(alarm(s, 'EmailBounces')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05 });
      expect(alarm(s, 'EmailComplaints')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.001 });
    });

    it('reach a person: the topic has the required e-mail subscription', () => {
      const s = get(variant);
      s.main.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: s.settings.alarmEmail });
      expect(s.settings.alarmEmail).toMatch(/@/);
    });

    it('alarm on the crash itself: ECS reporting a worker container that exited by itself, mailed with its reason', () => {
      const s = get(variant);
      const [ruleId, rule] = onlyResource(s.mainJson, 'AWS::Events::Rule');
      const cluster = onlyResource(s.mainJson, 'AWS::ECS::Cluster')[0];
      const pattern = rule.Properties!['EventPattern'] as { source: string[]; 'detail-type': string[]; detail: Record<string, unknown[]> };
      expect(pattern.source).toEqual(['aws.ecs']);
      expect(pattern['detail-type']).toEqual(['ECS Task State Change']);
      expect(pattern.detail['lastStatus']).toEqual(['STOPPED']);
      // Not ServiceSchedulerInitiated: a deploy or scale-in stopping a task is no crash.
      expect(pattern.detail['stopCode']).toEqual(['EssentialContainerExited', 'TaskFailedToStart']);
      expect(render(pattern.detail['clusterArn']![0])).toBe(`\${${cluster}.Arn}`);
      const [target] = rule.Properties!['Targets'] as { Arn: unknown; InputTransformer: { InputTemplate: string } }[];
      expect(render(target!.Arn)).toBe(`\${${onlyResource(s.mainJson, 'AWS::SNS::Topic')[0]}}`);
      expect(target!.InputTransformer.InputTemplate).toContain('stoppedReason');
      expect(alarm(s, 'WorkerCrashLoop')).toMatchObject({ Namespace: 'AWS/Events', MetricName: 'TriggeredRules', Threshold: 3 });
      expect(render((alarm(s, 'WorkerCrashLoop')['Dimensions'] as { Value: unknown }[])[0]!.Value)).toBe(`\${${ruleId}}`);
    });

    it("alarm on Temporal's schedule-to-start latency, from the SDK metrics the collector publishes", () => {
      const s = get(variant);
      const p = alarm(s, 'TasksWaitingForWorker');
      const metrics = p['Metrics'] as {
        Id: string;
        MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }; Unit?: string };
      }[];
      const names = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort();
      expect(names).toEqual([temporalMetricNames.activityScheduleToStart, temporalMetricNames.workflowTaskScheduleToStart]);
      for (const m of metrics.filter((x) => x.MetricStat)) {
        expect(m.MetricStat!.Metric.Namespace).toBe(`Alur/${s.settings.stackName}/Temporal`);
        expect(m.MetricStat!.Metric.Dimensions).toEqual([{ Name: 'task_queue', Value: s.settings.temporalTaskQueue }]);
        // No unit: an alarm naming one would see only data published with exactly that unit.
        expect(m.MetricStat).not.toHaveProperty('Unit');
      }
      expect(p['Threshold']).toBe(scheduleToStartAlarmMs);
      const config = collectorConfigOf(s);
      expect(config.exporters.awsemf.namespace).toBe(`Alur/${s.settings.stackName}/Temporal`);
      expect(config.exporters.awsemf.metric_declarations[0]!.metric_name_selectors).toEqual(
        expect.arrayContaining([`^${temporalMetricNames.activityScheduleToStart}$`, `^${temporalMetricNames.workflowTaskScheduleToStart}$`]),
      );
      expect(config.exporters.awsemf.metric_declarations[0]!.dimensions).toEqual([['task_queue']]);
    });

    it('alarm on DynamoDB throttling of the table', () => {
      const s = get(variant);
      const metrics = alarm(s, 'TableThrottled')['Metrics'] as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: unknown }[] } } }[];
      const table = onlyResource(s.mainJson, 'AWS::DynamoDB::Table')[0];
      const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric);
      expect(stats.map((m) => m.MetricName).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
      for (const m of stats) expect(render(m.Dimensions[0]!.Value)).toBe(`\${${table}}`);
    });

    it('are shown, with their metrics, on one dashboard', () => {
      const s = get(variant);
      const [, dashboard] = onlyResource(s.mainJson, 'AWS::CloudWatch::Dashboard');
      const body = render(dashboard.Properties!['DashboardBody']);
      for (const a of alarmsOf(s)) expect(body, a.id).toContain(`\${${a.id}.Arn}`);
      expect(body).toContain(temporalMetricNames.activityScheduleToStart);
    });

    it('count the worker log lines documented in lib/observability.ts', () => {
      const s = get(variant);
      const workerLogs = resourcesOfType(s.mainJson, 'AWS::Logs::LogGroup').find(([id]) => id.startsWith('WorkerLogs'))![0];
      const filters = resourcesOfType(s.mainJson, 'AWS::Logs::MetricFilter').map(([, r]) => r.Properties!);
      expect(filters).toHaveLength(Object.keys(workerLogPatterns).length);
      for (const p of Object.values(workerLogPatterns)) {
        const f = filters.find((x) => (x['MetricTransformations'] as { MetricName: string }[])[0]!.MetricName === p.metric);
        expect(f, p.metric).toBeDefined();
        expect(f!['FilterPattern']).toBe(p.pattern);
        expect(render(f!['LogGroupName'])).toBe(`\${${workerLogs}}`);
      }
    });
  });
});

describe('a first deploy that fails can be retried', () => {
  // A failed first deploy rolls back, but what it retains stays. Anything retained under a fixed
  // name would make every retry fail with "already exists".
  const namedProperties = [
    'TableName',
    'Name',
    'LogGroupName',
    'TopicName',
    'BackupVaultName',
    'BucketName',
    'RepositoryName',
    'FileSystemName',
    'DBClusterIdentifier',
    'DBInstanceIdentifier',
  ];
  it.each(Object.keys(variants) as (keyof typeof variants)[])('%s settings: nothing kept after a rolled-back create has a fixed name', (variant) => {
    const s = get(variant);
    const offenders: string[] = [];
    for (const t of [s.mainJson, s.secretsJson]) {
      for (const [id, r] of Object.entries(t.Resources)) {
        if (r.DeletionPolicy !== 'Retain' && r.DeletionPolicy !== 'Snapshot') continue;
        for (const name of namedProperties) if (r.Properties?.[name] !== undefined) offenders.push(`${id}.${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('names the table only to adopt an existing one (alur:tableName)', () => {
    const s = get('adopted');
    expect(onlyResource(s.mainJson, 'AWS::DynamoDB::Table')[1].Properties!['TableName']).toBe('alur-from-an-earlier-attempt');
  });
});

describe('cdk-nag (AWS Solutions rules, at every synth)', () => {
  /** Every acknowledgement of a cdk-nag rule in the app: construct path, rule, reason. */
  function acknowledgements(s: Synthesized): { path: string; id: string; reason: string }[] {
    return s.app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
          .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
      )
      .filter((a) => a.id.startsWith('AwsSolutions'));
  }

  it.each(Object.keys(variants) as (keyof typeof variants)[])('%s settings: every acknowledged finding names its rule and says why', (variant) => {
    const found = acknowledgements(get(variant));
    expect(found.length).toBeGreaterThan(0);
    for (const a of found) {
      expect(a.id, a.path).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+/);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'alur-nag-'));
    try {
      const built = buildApp({
        apiBundleDir: inject('apiBundle').dir,
        appProps: { outdir, context: { ...cdkJsonContext(), 'alur:allowPlaceholders': 'true' } },
      });
      // A secret without rotation and without a reason: AwsSolutions-SMG4.
      new secretsmanager.Secret(built.secretsStack, 'Unjustified');
      expect(() => built.app.synth()).toThrow(/AwsSolutions-SMG4/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('data residency', () => {
  it('puts both stacks in Jakarta (ap-southeast-3) by default, whatever the machine is configured for', () => {
    const s = get('default');
    expect(s.settings.region).toBe('ap-southeast-3');
    expect(s.stack.region).toBe('ap-southeast-3');
    expect(s.secretsStack.region).toBe('ap-southeast-3');
  });
});

describe('the worker metrics collector', () => {
  it('listens only inside the task, where the worker sends its metrics, and never stops the worker', () => {
    const s = get('default');
    const config = collectorConfigOf(s);
    expect(workerMetricsUrl).toBe(`http://${config.receivers.otlp.protocols.http.endpoint}/v1/metrics`);
    expect(config.receivers.otlp.protocols.http.endpoint).toMatch(/^127\.0\.0\.1:/);
    expect(containerOf(s, 'metrics')['Essential']).toBe(false);
    expect(containerOf(s, 'metrics')['Image']).toBe(s.settings.metricsCollectorImage);
  });
});

describe('settings', () => {
  const base = {
    'alur:temporalAddress': 'ns.acct.tmprl.cloud:7233',
    'alur:temporalNamespace': 'ns.acct',
    'alur:authJwksUrl': 'https://idp.example/jwks',
    'alur:alarmEmail': 'it@solselkab.go.id',
    'alur:domainName': 'alur.solselkab.go.id',
  };
  const ctx = (extra: Record<string, string>) => (k: string) => (({ ...base, ...extra }) as Record<string, string>)[k];

  it('refuse a region outside Indonesia without a stated reason', () => {
    expect(() => readSettings(ctx({ 'alur:region': 'us-east-1' }))).toThrow(/alur:region us-east-1 keeps the data outside Indonesia.*alur:regionReason/);
  });

  it('accept another region when alur:regionReason says why', () => {
    const s = readSettings(ctx({ 'alur:region': 'ap-southeast-1', 'alur:regionReason': 'disaster-recovery copy approved by Diskominfo' }));
    expect(s.region).toBe('ap-southeast-1');
  });

  it('refuse the example placeholders of cdk.json unless asked to synthesize the example', () => {
    const context = cdkJsonContext() as Record<string, string>;
    expect(() => readSettings((k) => context[k])).toThrow(/alur:temporalAddress.*alur:temporalNamespace.*alur:mailFrom.*alur:authJwksUrl/s);
    expect(() => readSettings((k) => ({ ...context, 'alur:allowPlaceholders': 'true' })[k])).not.toThrow();
  });

  it('take the task queue default from config/config.ts', () => {
    const s = readSettings(ctx({}));
    expect(s.tableName).toBeNull();
    expect(s.temporalTaskQueue).toBe('alur');
    expect(s.sesIdentity).toBe('solselkab.example');
  });

  it('require an alarm address', () => {
    expect(() => readSettings(ctx({ 'alur:alarmEmail': '' }))).toThrow(/alur:alarmEmail is required/);
    expect(() => readSettings(ctx({ 'alur:alarmEmail': 'nobody' }))).toThrow(/alur:alarmEmail must be an e-mail address/);
  });

  it('require the host name links point to', () => {
    expect(() => readSettings(ctx({ 'alur:domainName': '' }))).toThrow(/alur:domainName is required/);
    expect(() => readSettings(ctx({ 'alur:domainName': 'https://alur.solselkab.go.id/' }))).toThrow(/alur:domainName must be a host name/);
  });

  it('refuse a WAF rate limit AWS would not accept', () => {
    expect(() => readSettings(ctx({ 'alur:linkRequestsPerClient': '5' }))).toThrow(/alur:linkRequestsPerClient must be between 10 and/);
  });

  it('refuse fewer than two worker tasks', () => {
    expect(() => readSettings(ctx({ 'alur:workerMinCount': '1' }))).toThrow(/alur:workerMinCount must be between 2 and 20/);
  });

  it('refuse Node 20, which Lambda is retiring', () => {
    expect(() => readSettings(ctx({ 'alur:nodeMajor': '20' }))).toThrow(/alur:nodeMajor must be 22 or 24/);
  });

  it('refuse a worker cache that does not fit its memory, and impossible Fargate sizes', () => {
    expect(() => readSettings(ctx({ 'alur:workerMaxCachedWorkflows': '2000' }))).toThrow(/does not fit/);
    expect(() => readSettings(ctx({ 'alur:workerCpu': '256', 'alur:workerMemoryMiB': '4096' }))).toThrow(/not a Fargate size/);
  });
});

function lambdaEnv(s: Synthesized): Record<string, unknown> {
  const [, fn] = onlyResource(s.mainJson, 'AWS::Lambda::Function');
  return ((fn.Properties!['Environment'] as Json)['Variables'] as Record<string, unknown>) ?? {};
}

function containerOf(s: Synthesized, name: string): Json {
  const [, task] = onlyResource(s.mainJson, 'AWS::ECS::TaskDefinition');
  const container = (task.Properties!['ContainerDefinitions'] as Json[]).find((c) => c['Name'] === name);
  if (!container) throw new Error(`no container ${name}`);
  return container;
}

const workerContainer = (s: Synthesized) => containerOf(s, 'worker');

/** The metrics collector's configuration, as CloudFormation will resolve it (tokens rendered). */
function collectorConfigOf(s: Synthesized): ReturnType<typeof collectorConfig> {
  const env = containerOf(s, 'metrics')['Environment'] as { Name: string; Value: unknown }[];
  return JSON.parse(render(env.find((e) => e.Name === 'AOT_CONFIG_CONTENT')!.Value)) as ReturnType<typeof collectorConfig>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The development secrets `npm start` generated on this machine, if any: they must not travel either. */
function devSecretValues(): string[] {
  const file = join(repoRoot, '.alur', 'dev-secrets.json');
  if (!existsSync(file)) return [];
  return Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).filter((v) => typeof v === 'string' && v.length >= 16);
}
