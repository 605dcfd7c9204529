/**
 * AWS Lambda entry of the API: the same app as the Node server, behind API Gateway. infra/
 * deploys a REST API (proxy events, payload 1.0, bodies base64-encoded); an HTTP API or a
 * function URL (payload 2.0) works the same: Hono's adapter reads either shape, and the client
 * address from whichever the event carries (api/rate-limit.ts). Dependencies are built once per
 * cold start and reused by warm invocations.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../config/config.js';
import { memoizeAsync, resolveSecretEnv } from '../config/secrets.js';
import { createApp } from './app.js';
import { appDepsFromConfig } from './deps.js';

// Secrets come from Secrets Manager through the Lambda extension, which only answers once the
// first invocation runs: build the app then, once.
const app = memoizeAsync(async () => handle(createApp(appDepsFromConfig(loadConfig(await resolveSecretEnv())))));

export const handler = async (...args: Parameters<ReturnType<typeof handle>>) => (await app())(...args);
