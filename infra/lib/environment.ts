/**
 * The environment each process gets (docs/product.md §4 names), checked at synth time against the
 * engine's own configuration schema (config/config.ts), so a deployment cannot set a name the
 * code does not read, or a value the code would refuse at start.
 */
import { Token } from 'aws-cdk-lib';
import { configSchema } from '../../config/config.js';
import { configNames } from './settings.js';
import { secretArnVariable } from './secrets.js';

/** Variables for the platform, not for the engine's configuration. */
export const platformVariables = ['NODE_OPTIONS', 'NO_COLOR'] as const;

/** Stand-ins for values only known at deploy time (CloudFormation tokens) or kept in secrets. */
const sampleValue = (name: string): string =>
  ({
    PUBLIC_BASE_URL: 'https://alur.solselkab.go.id',
    DYNAMODB_TABLE: 'alur-table',
    AWS_REGION: 'ap-southeast-3',
    SMTP_URL: 'smtps://user:password@email-smtp.ap-southeast-3.amazonaws.com:465',
  })[name] ?? 'sample-value-of-at-least-thirty-two-characters';

/**
 * Problems with an environment: unknown names, and values config/config.ts would refuse.
 * `secretNames` are the configuration names the process receives from Secrets Manager (either
 * injected by ECS under their own name, or as `<NAME>_SECRET_ARN` for the Lambda).
 */
export function environmentProblems(env: Record<string, string>, secretNames: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set<string>([...configNames, ...platformVariables, ...secretNames.map(secretArnVariable)]);
  for (const name of Object.keys(env)) {
    if (name.startsWith('PARAMETERS_SECRETS_EXTENSION_') || name.startsWith('SSM_PARAMETER_STORE_') || name.startsWith('SECRETS_MANAGER_')) continue; // the extension's own settings
    if (!known.has(name)) problems.push(`${name} is not a configuration name of config/config.ts`);
  }
  const candidate: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!configNames.includes(name)) continue;
    candidate[name] = Token.isUnresolved(value) ? sampleValue(name) : value;
  }
  for (const name of secretNames) if (configNames.includes(name)) candidate[name] = sampleValue(name);
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(config)'}: ${issue.message}`);
  return problems;
}
