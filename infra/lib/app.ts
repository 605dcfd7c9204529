/**
 * The CDK app: settings from context, the secrets stack, the main stack. Shared by bin/alur.ts
 * (what `cdk synth` and `cdk deploy` run) and the tests, so both check the same thing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AlurStack } from './alur-stack.js';
import { SecretsStack } from './secrets.js';
import { infraRoot } from './paths.js';
import { readSettings, type AlurSettings } from './settings.js';

/** The context in cdk.json (the CLI passes it to the app; a test must read it itself). */
export function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(infraRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}

export interface BuiltApp {
  app: App;
  settings: AlurSettings;
  secretsStack: SecretsStack;
  stack: AlurStack;
}

/** Adds the stacks to `app` (a new one from `appProps` if not given). */
export function buildApp(options: { apiBundleDir: string; app?: App; appProps?: AppProps }): BuiltApp {
  const app = options.app ?? new App(options.appProps);
  const settings = readSettings((key) => app.node.tryGetContext(key));
  // The region is a setting, never the deploying machine's AWS configuration: data stays where
  // the settings say. The account is the CLI's (environment-agnostic without credentials).
  const env = { account: process.env['CDK_DEFAULT_ACCOUNT'], region: settings.region };
  const secretsStack = new SecretsStack(app, `${settings.stackName}Secrets`, {
    env,
    settings,
    description: 'alur: secrets (values are set by the operator, never by CloudFormation)',
  });
  const stack = new AlurStack(app, settings.stackName, {
    env,
    settings,
    secrets: secretsStack.secrets,
    certificate: secretsStack.certificate,
    temporalUiCertificate: secretsStack.temporalUiCertificate,
    apiBundleDir: options.apiBundleDir,
    description:
      settings.temporalHosting === 'self-hosted'
        ? 'alur: API (Lambda, REST API, WAF), DynamoDB table, worker (Fargate), self-hosted Temporal (Fargate, Aurora PostgreSQL), alarms'
        : 'alur: API (Lambda, REST API, WAF), DynamoDB table, worker (Fargate), alarms',
  });
  stack.addStackDependency(secretsStack, 'the worker and the API read the secrets');
  Tags.of(app).add('application', 'alur');
  // cdk-nag's AWS Solutions rules run at every synth: an unacknowledged finding fails it (and
  // `cdk deploy`). Each acknowledgement sits beside its construct, with the reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, secretsStack, stack };
}
