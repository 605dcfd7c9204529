/**
 * `cdk synth` / `cdk deploy` entry (cdk.json: `tsx bin/alur.ts`). Bundles the API with esbuild
 * first (no Docker), then builds the stacks. The worker image is only staged here; Docker
 * builds it when `cdk deploy` publishes the assets.
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app.js';
import { bundleApi } from '../lib/bundle-api.js';
import { readSettings } from '../lib/settings.js';

// One App only: under the CLI an App writes its (possibly empty) assembly when the process exits.
const app = new App();
// The bundle targets the Node version of the Lambda runtime setting.
const { nodeMajor } = readSettings((key) => app.node.tryGetContext(key));
const bundle = await bundleApi({ nodeMajor });
buildApp({ app, apiBundleDir: bundle.dir });
app.synth();
