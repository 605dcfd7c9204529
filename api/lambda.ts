/**
 * AWS Lambda entry of the API: the same app as the Node server, behind API Gateway (HTTP API)
 * or a function URL. Dependencies are built once per cold start and reused by warm invocations.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../config/config.js';
import { createApp } from './app.js';
import { appDepsFromConfig } from './deps.js';

export const handler = handle(createApp(appDepsFromConfig(loadConfig())));
