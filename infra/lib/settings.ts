/**
 * Deployment settings: CDK context (`cdk.json` or `-c alur:name=value`) → typed, checked values.
 * Defaults that the engine already has come from its configuration schema (config/config.ts),
 * so the table name and task queue cannot drift between the code and the deployment.
 */
import { configSchema } from '../../config/config.js';

export type Arch = 'arm64' | 'x86_64';
export type TemporalHosting = 'cloud' | 'self-hosted';

/** The endpoints of an OpenID Connect provider, as its discovery document lists them. */
export interface OidcEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userInfoEndpoint: string;
  clientId: string;
}

export interface AlurSettings {
  /**
   * The AWS region of both stacks: Jakarta (`ap-southeast-3`) unless `regionReason` says why
   * not. Government electronic systems keep their data in Indonesia (PP 71/2019).
   */
  region: string;
  /** Why the data may live outside Indonesia; required for any region but the Jakarta one. */
  regionReason: string | null;
  /** Name of the main stack; the secrets stack is `${stackName}Secrets`. */
  stackName: string;
  /** Prefix of the Secrets Manager names (`alur/smtp-url`, ...). */
  secretPrefix: string;
  /**
   * The table's fixed name, only to adopt a table that already exists (`cdk import`, see
   * infra/README.md); null: CloudFormation names it, so a failed first deploy that leaves its
   * retained table behind does not block the next attempt. DYNAMODB_TABLE follows either way.
   */
  tableName: string | null;
  /**
   * Where Temporal runs: `cloud` (Temporal Cloud, outside Indonesia) or `self-hosted` (the
   * official server image on Fargate with Aurora PostgreSQL, in this region: lib/temporal-self-hosted.ts).
   */
  temporalHosting: TemporalHosting;
  /**
   * TEMPORAL_ADDRESS: `<namespace>.<account>.tmprl.cloud:7233` for Temporal Cloud; for
   * self-hosted, `<host>:7233` where host is a name at the regency's DNS (a CNAME to the
   * Temporal load balancer) that the server certificate names.
   */
  temporalAddress: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
  /** mTLS to Temporal: the client certificate and key come from two secrets (required when self-hosted). */
  temporalTls: boolean;
  /** Self-hosted only: the Temporal Web UI's host name (its own ACM certificate), behind sign-in at the identity provider. */
  temporalUiDomainName: string | null;
  /** Self-hosted only: the OpenID Connect provider the load balancer signs UI users in with (the app's SSO provider). */
  temporalUiOidc: OidcEndpoints | null;
  /** Self-hosted only: the images, pinned (Docker Hub, or a copy in the account's ECR). */
  temporalServerImage: string;
  temporalAdminToolsImage: string;
  temporalUiImage: string;
  /** Self-hosted only: Temporal server tasks (each runs every Temporal service). */
  temporalServerCount: number;
  /** Self-hosted only: days Temporal keeps a closed workflow's history (the namespace retention). */
  temporalRetentionDays: number;
  /** Self-hosted only: the Aurora Serverless v2 capacity ceiling (ACUs; 0.5 is the floor). */
  temporalDatabaseMaxCapacity: number;
  /** MAIL_FROM. */
  mailFrom: string;
  /** The SES identity (domain or address) the worker may send as; null: no SES permission. */
  sesIdentity: string | null;
  /**
   * The regency's own host name for alur (`alur.<regency>.go.id`): the REST API's custom domain,
   * with an ACM certificate in the same region, and PUBLIC_BASE_URL, so links in officials'
   * emails point there and never to `execute-api.amazonaws.com` (which is switched off).
   */
  domainName: string;
  /** AUTH_JWKS_URL (production sign-in through an identity provider). */
  authJwksUrl: string | null;
  /** AUTH_JWT_SECRET from Secrets Manager instead (HS256 tokens minted by a trusted system). */
  authJwtSecret: boolean;
  /** Where alarms are emailed (an SNS subscription); required: an alarm nobody receives is no alarm. */
  alarmEmail: string;
  /** The AWS Distro for OpenTelemetry collector image beside the worker (lib/worker-metrics.ts). */
  metricsCollectorImage: string;
  /**
   * Node.js major version of the Lambda runtime and of the worker's base image. Node 20 is past
   * its end of life and Lambda is retiring `nodejs20.x`, so a deployment runs 22 or 24 (the
   * engine's code still runs on 20 on a developer's machine).
   */
  nodeMajor: 22 | 24;
  lambdaArch: Arch;
  lambdaMemoryMiB: number;
  workerArch: Arch;
  /** Fargate CPU units (256 = 0.25 vCPU) and memory. */
  workerCpu: number;
  workerMemoryMiB: number;
  /** Worker tasks: at least two (one can be replaced or fail while the other polls), scaled up to the maximum on Temporal's schedule-to-start latency. */
  workerMinCount: number;
  workerMaxCount: number;
  /** WORKER_MAX_CACHED_WORKFLOWS: about 1 MB each, so it must fit the task's memory. */
  workerMaxCachedWorkflows: number;
  /** How long AWS Backup keeps the table's monthly copies (days; the regency's archive schedule). */
  backupRetentionDays: number;
  /** CloudWatch Logs retention, days. */
  logRetentionDays: number;
  /** REST API stage throttling over all clients (requests per second, burst). */
  apiRateLimit: number;
  apiBurstLimit: number;
  /**
   * WAF rate rules: requests one client address may make in 5 minutes to the emailed links
   * (`/act/…`) and to sign-in (`/masuk…`) before WAF answers 429 for a while. An office behind
   * one shared address counts as one client, so the defaults leave room for a whole OPD.
   */
  linkRequestsPerClient: number;
  signInRequestsPerClient: number;
}

/** AWS Jakarta: the only AWS region in Indonesia. */
export const indonesianRegion = 'ap-southeast-3';

/** Values in cdk.json that must be replaced before a real deployment. */
export const placeholderMarker = 'CHANGE-ME';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** The engine's own default for a configuration name (config/config.ts). */
export function configDefault(name: keyof typeof configSchema.in.shape): unknown {
  return configSchema.in.shape[name].parse(undefined);
}

/** Names the engine's configuration knows (config/config.ts). */
export const configNames: readonly string[] = Object.keys(configSchema.in.shape);

const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** Fargate CPU units and the memory sizes each allows (MiB). */
const fargateMemory: Record<number, (m: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  1024: (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  2048: (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  4096: (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
};

/** AWS WAF accepts rate limits from 10 requests per window. */
const wafRateLimitOk = (n: number) => n >= 10 && n <= 2_000_000_000;
const wafRateLimitRange = 'between 10 and 2000000000 requests per 5 minutes';

type Context = (key: string) => unknown;

/**
 * Reads the settings. `context` is `node.tryGetContext`; keys are `alur:<name>`.
 * Placeholders (`CHANGE-ME`) are refused unless `alur:allowPlaceholders` is true, so a
 * `cdk deploy` with the example values stops here with a list of what to set.
 */
export function readSettings(context: Context): AlurSettings {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const v = context(`alur:${name}`);
    if (v === undefined || v === null) return undefined;
    return (typeof v === 'string' ? v : JSON.stringify(v)).trim();
  };
  const str = (name: string, fallback: string): string => {
    const v = raw(name);
    return v === undefined || v === '' ? fallback : v;
  };
  const optional = (name: string): string | null => {
    const v = raw(name);
    return v === undefined || v === '' ? null : v;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const v = raw(name);
    if (v === undefined || v === '') return fallback;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    problems.push(`alur:${name} must be true or false, not ${v}`);
    return fallback;
  };
  const int = (name: string, fallback: number, ok: (n: number) => boolean, what: string): number => {
    const v = raw(name);
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || !ok(n)) problems.push(`alur:${name} must be ${what}, not ${v}`);
    return n;
  };
  const arch = (name: string, fallback: Arch): Arch => {
    const v = str(name, fallback);
    if (v !== 'arm64' && v !== 'x86_64') problems.push(`alur:${name} must be arm64 or x86_64, not ${v}`);
    return v as Arch;
  };

  const hosting = str('temporalHosting', 'cloud');
  if (hosting !== 'cloud' && hosting !== 'self-hosted') problems.push(`alur:temporalHosting must be cloud or self-hosted, not ${hosting}`);
  const selfHosted = hosting === 'self-hosted';
  const oidc = {
    issuer: str('temporalUiOidcIssuer', ''),
    authorizationEndpoint: str('temporalUiOidcAuthorizationEndpoint', ''),
    tokenEndpoint: str('temporalUiOidcTokenEndpoint', ''),
    userInfoEndpoint: str('temporalUiOidcUserInfoEndpoint', ''),
    clientId: str('temporalUiOidcClientId', ''),
  };
  if (selfHosted) {
    for (const [key, value] of Object.entries(oidc)) {
      const setting = `alur:temporalUiOidc${key[0]!.toUpperCase()}${key.slice(1)}`;
      if (!value) problems.push(`${setting} is required with a self-hosted Temporal (the Web UI signs people in at the identity provider)`);
      else if (key !== 'clientId' && !/^https:\/\/\S+$/.test(value) && !value.includes(placeholderMarker))
        problems.push(`${setting} must be an https URL, not ${value}`);
    }
  }
  const mailFrom = str('mailFrom', String(configDefault('MAIL_FROM')));
  const sesSetting = raw('sesIdentity');
  const settings: AlurSettings = {
    region: str('region', indonesianRegion),
    regionReason: optional('regionReason'),
    stackName: str('stackName', 'Alur'),
    secretPrefix: str('secretPrefix', 'alur'),
    tableName: optional('tableName'),
    temporalAddress: str('temporalAddress', ''),
    temporalNamespace: str('temporalNamespace', ''),
    temporalTaskQueue: str('temporalTaskQueue', String(configDefault('TEMPORAL_TASK_QUEUE'))),
    temporalHosting: hosting as TemporalHosting,
    temporalTls: bool('temporalTls', true),
    temporalUiDomainName: selfHosted ? str('temporalUiDomainName', '') : null,
    temporalUiOidc: selfHosted ? oidc : null,
    // Checked: temporalio/server 1.29.7 with its admin-tools build, and temporalio/ui 2.34.0 (infra/README.md).
    temporalServerImage: str('temporalServerImage', 'temporalio/server:1.29.7'),
    temporalAdminToolsImage: str('temporalAdminToolsImage', 'temporalio/admin-tools:1.29.7-tctl-1.18.4-cli-1.7.2'),
    temporalUiImage: str('temporalUiImage', 'temporalio/ui:2.34.0'),
    temporalServerCount: int('temporalServerCount', 2, (n) => n >= 1 && n <= 6, 'between 1 and 6'),
    temporalRetentionDays: int('temporalRetentionDays', 30, (n) => n >= 1 && n <= 3650, 'between 1 and 3650 days'),
    temporalDatabaseMaxCapacity: int('temporalDatabaseMaxCapacity', 4, (n) => n >= 1 && n <= 128, 'between 1 and 128 ACUs'),
    mailFrom,
    // Unset: the domain of MAIL_FROM; an empty string: no SES permission at all.
    sesIdentity: sesSetting === undefined ? mailDomain(mailFrom) : sesSetting === '' ? null : sesSetting,
    domainName: str('domainName', ''),
    authJwksUrl: optional('authJwksUrl'),
    authJwtSecret: bool('authJwtSecret', false),
    alarmEmail: str('alarmEmail', ''),
    metricsCollectorImage: str('metricsCollectorImage', 'public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0'),
    nodeMajor: int('nodeMajor', 22, (n) => n === 22 || n === 24, '22 or 24 (Node 20 is end-of-life and Lambda retires nodejs20.x)') as 22 | 24,
    lambdaArch: arch('lambdaArch', 'arm64'),
    lambdaMemoryMiB: int('lambdaMemoryMiB', 1024, (n) => n >= 128 && n <= 10240, 'between 128 and 10240'),
    workerArch: arch('workerArch', 'x86_64'),
    workerCpu: int('workerCpu', 512, (n) => n in fargateMemory, 'one of 256, 512, 1024, 2048, 4096'),
    workerMemoryMiB: int('workerMemoryMiB', 1024, () => true, 'a Fargate memory size'),
    workerMinCount: int('workerMinCount', 2, (n) => n >= 2 && n <= 20, 'between 2 and 20 (one task alone is a single point of failure)'),
    workerMaxCount: int('workerMaxCount', 4, (n) => n >= 2 && n <= 20, 'between 2 and 20'),
    workerMaxCachedWorkflows: int('workerMaxCachedWorkflows', 250, (n) => n >= 0, 'a whole number'),
    backupRetentionDays: int('backupRetentionDays', 3653, (n) => n >= 90 && n <= 36500, 'between 90 and 36500 days'),
    logRetentionDays: int('logRetentionDays', 365, (n) => retentionDays.includes(n), `one of ${retentionDays.join(', ')}`),
    apiRateLimit: int('apiRateLimit', 50, (n) => n > 0, 'positive'),
    apiBurstLimit: int('apiBurstLimit', 100, (n) => n > 0, 'positive'),
    linkRequestsPerClient: int('linkRequestsPerClient', 300, wafRateLimitOk, wafRateLimitRange),
    signInRequestsPerClient: int('signInRequestsPerClient', 100, wafRateLimitOk, wafRateLimitRange),
  };

  if (!fargateMemory[settings.workerCpu]?.(settings.workerMemoryMiB)) {
    problems.push(`alur:workerMemoryMiB ${settings.workerMemoryMiB} is not a Fargate size for alur:workerCpu ${settings.workerCpu}`);
  }
  // About 1 MB per cached workflow (Temporal's guidance), and the process needs its own ~300 MB.
  if (settings.workerMaxCachedWorkflows > Math.max(0, settings.workerMemoryMiB - 300)) {
    problems.push(
      `alur:workerMaxCachedWorkflows ${settings.workerMaxCachedWorkflows} does not fit ${settings.workerMemoryMiB} MiB (about 1 MB each plus ~300 MB)`,
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(settings.region))
    problems.push(`alur:region must be an AWS region name like ${indonesianRegion}, not ${settings.region}`);
  else if (settings.region !== indonesianRegion && !settings.regionReason)
    problems.push(
      `alur:region ${settings.region} keeps the data outside Indonesia (PP 71/2019 asks public-sector systems to keep it inside): deploy to ${indonesianRegion}, or state why in alur:regionReason`,
    );
  if (!settings.temporalAddress) problems.push('alur:temporalAddress is required (Temporal Cloud: <namespace>.<account>.tmprl.cloud:7233)');
  else if (!/^[^\s:]+:\d+$/.test(settings.temporalAddress)) problems.push(`alur:temporalAddress must be host:port, not ${settings.temporalAddress}`);
  if (!settings.temporalNamespace) problems.push('alur:temporalNamespace is required');
  if (selfHosted) {
    if (!settings.temporalTls)
      problems.push('alur:temporalTls must be true with a self-hosted Temporal: workers and the API reach it over the internet, with mTLS only');
    if (settings.temporalAddress.includes('.tmprl.cloud'))
      problems.push(`alur:temporalAddress ${settings.temporalAddress} is Temporal Cloud: with a self-hosted Temporal it is <host>:7233 at the regency's DNS`);
    if (!settings.temporalUiDomainName) problems.push('alur:temporalUiDomainName is required with a self-hosted Temporal (temporal.alur.<regency>.go.id)');
  }
  if (settings.workerMaxCount < settings.workerMinCount)
    problems.push(`alur:workerMaxCount ${settings.workerMaxCount} is below alur:workerMinCount ${settings.workerMinCount}`);
  if (!settings.domainName) problems.push('alur:domainName is required: the host name links in email point to (alur.<regency>.go.id)');
  else if (!/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i.test(settings.domainName) && !settings.domainName.includes(placeholderMarker))
    problems.push(`alur:domainName must be a host name like alur.solselkab.go.id, not ${settings.domainName}`);
  if (!settings.alarmEmail) problems.push('alur:alarmEmail is required: the address (a shared mailbox of the IT team) that alarms are sent to');
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(settings.alarmEmail)) problems.push(`alur:alarmEmail must be an e-mail address, not ${settings.alarmEmail}`);
  if (!settings.authJwksUrl && !settings.authJwtSecret)
    problems.push('set alur:authJwksUrl (an identity provider) or alur:authJwtSecret=true (AUTH_JWT_SECRET from Secrets Manager)');
  if (settings.authJwksUrl && settings.authJwtSecret) problems.push('set only one of alur:authJwksUrl and alur:authJwtSecret');

  if (!bool('allowPlaceholders', false)) {
    const placeholders = Object.entries(settings)
      .filter(([, v]) => typeof v === 'string' && v.includes(placeholderMarker))
      .map(([k]) => `alur:${k}`);
    if (placeholders.length > 0)
      problems.push(`replace the example values of ${placeholders.join(', ')} (or pass -c alur:allowPlaceholders=true to synthesize the example)`);
  }
  if (problems.length > 0) throw new SettingsError(`deployment settings:\n  ${problems.join('\n  ')}`);
  return settings;
}

/** The domain of an address like `Name <user@domain>`. */
export function mailDomain(from: string): string | null {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? null;
}

/** The port of `host:port`. */
export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
