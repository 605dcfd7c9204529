/**
 * Starts one whole stack for the end-to-end tier: the same `startStack` as `npm start`, on
 * free ports, in a fresh temporary folder (dynalite in memory, Temporal without a file).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { requireAuditKey } from '../../config/config.js';
import { freePort, startStack } from '../../dev/stack.js';
import '../support/quiet-temporal.js';
import { refusedAddress } from '../support/refused-mail.js';

export interface StackUrls {
  api: string;
  mailbox: string;
  dynamodbEndpoint: string;
  tableName: string;
  temporalAddress: string;
  smtpUrl: string;
  /** The worker's audit key, to verify the seals of audit events as `npm run verify-audit` does. */
  auditKey: string;
  /** The worker's link secret: lets a test run an activity again exactly as the worker would. */
  linkSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackUrls;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'alur-e2e-'));
  const api = await freePort();
  const stack = await startStack({
    dataDir,
    persist: false,
    ports: { api, temporal: await freePort(), temporalUi: await freePort(), dynamodb: await freePort(), smtp: await freePort(), mailbox: await freePort() },
    // The embedded components only: a developer's exported variables must not leak into the run.
    env: { PUBLIC_BASE_URL: `http://127.0.0.1:${api}`, DYNAMODB_TABLE: 'alur-e2e' },
    log: () => undefined,
    refuseMailTo: [refusedAddress],
  });
  project.provide('stack', {
    api: stack.urls.api,
    mailbox: stack.urls.mailbox!,
    dynamodbEndpoint: stack.urls.dynamodb,
    tableName: stack.config.DYNAMODB_TABLE,
    temporalAddress: stack.urls.temporal,
    smtpUrl: stack.urls.smtp,
    auditKey: requireAuditKey(stack.config),
    linkSecret: stack.config.LINK_TOKEN_SECRET,
  });
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
