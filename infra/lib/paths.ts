/** Where things are, relative to this package: infra/ sits inside the engine's repository. */
import { fileURLToPath } from 'node:url';

/** The engine's repository root (the folder holding api/, worker/, store/ and the Dockerfile). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** This package's folder (infra/). */
export const infraRoot = fileURLToPath(new URL('../', import.meta.url));
/** The API's AWS Lambda entry, bundled by esbuild (bundle-api.ts). */
export const apiLambdaEntry = fileURLToPath(new URL('../../api/lambda.ts', import.meta.url));
/** Default output folder of the API bundle: the Lambda asset (git-ignored). */
export const defaultApiBundleDir = fileURLToPath(new URL('../build/api/', import.meta.url));
