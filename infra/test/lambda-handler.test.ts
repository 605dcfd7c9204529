/**
 * Production shape, on this machine: the Lambda asset itself (the esbuild bundle of
 * api/lambda.ts the template points at), invoked the way the front door's REST API invokes it
 * (Lambda proxy, payload format 1.0, bodies base64-encoded as binary media types `*\/*` make
 * them), and the worker as the Dockerfile builds it (dist/worker.mjs with the
 * prebuilt workflow bundle, started as the image's CMD would), against the local components
 * (Temporal dev server, dynalite, SMTP sink). /health answers; a programme proposed through the
 * function is taken up by the image's worker (its own task queue, so no other worker can), whose
 * review request reaches the mailbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { RunningStack } from '../../dev/stack.js';
import { workerHealthCheckCommand } from '../lib/alur-stack.js';
import { temporalMetricNames } from '../lib/observability.js';
import { repoRoot } from '../lib/paths.js';
import { startFakeExtension, type FakeExtension } from './support/fake-extension.js';
import { otlpMetrics } from './support/otlp.js';

interface RestApiResult {
  statusCode: number;
  multiValueHeaders?: Record<string, string[]>;
  headers?: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}
type Handler = (event: unknown, context: unknown) => Promise<RestApiResult>;

let stack: RunningStack;
let handler: Handler;
let dataDir: string;
let imageWorker: ChildProcess | undefined;
let imageWorkerOutput = '';
/** Only the image's worker polls this queue; the stack's own worker polls the default one. */
const imageTaskQueue = 'alur-image-check';
/** The function gets its secrets as in AWS: `<NAME>_SECRET_ARN` variables, read through the Parameters and Secrets extension. */
let extension: FakeExtension | undefined;
let workerHealthPort: number;
/** Stands where the metrics collector listens in the task: what the image's worker exports over OTLP/HTTP. */
let otlpReceiver: Server | undefined;
const otlpExports: { path: string; contentType: string; body: Buffer }[] = [];

/** The front door's host name (its custom domain); the stage name never shows in a path. */
const frontDoorHost = 'alur.solselkab.example';

/** An API Gateway REST API proxy event (payload 1.0), as the deployed `live` stage sends it. */
function restApiEvent(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const [resourcePath, rawQuery = ''] = path.split('?') as [string, string?];
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    Host: frontDoorHost,
    'User-Agent': 'infra-test',
    'X-Forwarded-For': '203.0.113.10',
    'X-Forwarded-Proto': 'https',
    ...(body ? { 'Content-Type': 'application/json' } : {}),
    ...options.headers,
  };
  const query = new URLSearchParams(rawQuery);
  const multiValueQuery: Record<string, string[]> = {};
  for (const [k, v] of query) (multiValueQuery[k] ??= []).push(v);
  return {
    resource: '/{proxy+}',
    path: resourcePath,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: rawQuery ? Object.fromEntries(query) : null,
    multiValueQueryStringParameters: rawQuery ? multiValueQuery : null,
    pathParameters: { proxy: resourcePath.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      domainName: frontDoorHost,
      domainPrefix: 'alur',
      httpMethod: method,
      identity: { sourceIp: '203.0.113.10', userAgent: 'infra-test' },
      path: resourcePath,
      protocol: 'HTTP/1.1',
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      requestTime: new Date().toUTCString(),
      requestTimeEpoch: Date.now(),
      resourceId: 'proxy1',
      resourcePath: '/{proxy+}',
      stage: 'live',
    },
    // Binary media types `*/*`: API Gateway hands every body over base64-encoded.
    body: body === undefined ? null : Buffer.from(body).toString('base64'),
    isBase64Encoded: body !== undefined,
  };
}

const lambdaContext = { functionName: 'Alur-Api', awsRequestId: 'local', getRemainingTimeInMillis: () => 29_000 };

async function call(method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const result = await handler(
    restApiEvent(method, path, { body: options.body, headers: options.token ? { Authorization: `Bearer ${options.token}` } : {} }),
    lambdaContext,
  );
  const text = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
  const headers = Object.fromEntries(Object.entries(result.multiValueHeaders ?? {}).map(([k, v]) => [k, v.join(', ')]));
  return { status: result.statusCode, headers: { ...result.headers, ...headers }, json: () => JSON.parse(text) as Record<string, unknown>, text };
}

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process.
  }
  const { startStack } = await import('../../dev/stack.js');
  dataDir = mkdtempSync(join(tmpdir(), 'alur-infra-lambda-'));
  const ports = {
    api: await freePort(),
    temporal: await freePort(),
    temporalUi: await freePort(),
    dynamodb: await freePort(),
    smtp: await freePort(),
    mailbox: await freePort(),
  };
  stack = await startStack({ dataDir, persist: false, ports, env: {}, log: () => undefined });

  // What the template gives both processes, with the local components' addresses (the worker's
  // secrets and the function's are set below: each gets only its own).
  const c = stack.config;
  const environment: Record<string, string> = {
    TEMPORAL_ADDRESS: c.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: c.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: imageTaskQueue,
    DYNAMODB_ENDPOINT: stack.urls.dynamodb,
    DYNAMODB_TABLE: c.DYNAMODB_TABLE,
    AWS_REGION: c.AWS_REGION,
    SMTP_URL: c.SMTP_URL,
    MAIL_FROM: c.MAIL_FROM,
    PUBLIC_BASE_URL: `https://${frontDoorHost}`,
    ALUR_DEV_LOGIN: '1',
  };
  workerHealthPort = await freePort();

  otlpReceiver = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      otlpExports.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  const otlpPort = await new Promise<number>((resolve) =>
    otlpReceiver!.listen(0, '127.0.0.1', () => resolve((otlpReceiver!.address() as { port: number }).port)),
  );

  // The worker as the image runs it: `node dist/worker.mjs` in /app, with the Dockerfile's ENV.
  const image = inject('workerImage');
  imageWorker = spawn(process.execPath, ['dist/worker.mjs'], {
    cwd: image.dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      ...dockerfileEnv(),
      WORKFLOW_BUNDLE: image.workflowBundle,
      ...environment,
      // The worker's secrets (ECS injects them): no JWT key, it verifies no token.
      LINK_TOKEN_SECRET: c.LINK_TOKEN_SECRET,
      AUDIT_HMAC_SECRET: 'image-worker-audit-key-0123456789abcdef0123',
      SMTP_URL: c.SMTP_URL,
      WORKER_HEALTH_PORT: String(workerHealthPort),
      WORKER_METRICS_OTLP_URL: `http://127.0.0.1:${otlpPort}/v1/metrics`,
      WORKER_METRICS_INTERVAL_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  imageWorker.stdout!.on('data', (d: Buffer) => (imageWorkerOutput += d.toString()));
  imageWorker.stderr!.on('data', (d: Buffer) => (imageWorkerOutput += d.toString()));
  const started = Date.now();
  while (!imageWorkerOutput.includes('worker polling task queue')) {
    if (imageWorker.exitCode !== null || Date.now() - started > 60_000) throw new Error(`the image's worker did not start:\n${imageWorkerOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // The function's secrets by ARN through the extension: no SMTP credentials, it sends no mail.
  const arn = (name: string) => `arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:alur/${name}-Ab12Cd`;
  const functionSecrets = { LINK_TOKEN_SECRET: c.LINK_TOKEN_SECRET, AUTH_JWT_SECRET: c.AUTH_JWT_SECRET ?? '' };
  extension = await startFakeExtension(Object.fromEntries(Object.entries(functionSecrets).map(([n, v]) => [arn(n), v])));
  for (const n of Object.keys(functionSecrets)) environment[`${n}_SECRET_ARN`] = arn(n);
  Object.assign(environment, { AWS_SESSION_TOKEN: extension.token, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port) });
  for (const n of [...Object.keys(functionSecrets), 'SMTP_URL']) delete process.env[n];
  Object.assign(process.env, environment);
  const bundle = inject('apiBundle');
  ({ handler } = (await import(pathToFileURL(bundle.file).href)) as { handler: Handler });
});

afterAll(async () => {
  if (imageWorker && imageWorker.exitCode === null) {
    const exited = new Promise((resolve) => imageWorker!.once('exit', resolve));
    imageWorker.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    imageWorker.kill('SIGKILL');
  }
  await stack?.stop();
  await extension?.close();
  otlpReceiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the bundled Lambda handler', () => {
  it('answers /health with every dependency up', async () => {
    const r = await call('GET', '/health');
    expect(r.status, r.text).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', temporal: 'up', dynamodb: 'up' });
  });

  it('takes a proposal end to end: 201 from the workflow, stored, and the reviewers mailed', async () => {
    const session = await call('POST', '/dev/session', { body: { userId: 'kadis-kesehatan' } });
    expect(session.status, session.text).toBe(200);
    const token = String(session.json()['token']);
    const title = `Telemedisin Puskesmas ${Date.now()}`;
    const proposed = await call('POST', '/v1/programs', {
      token,
      body: {
        title,
        summary: 'Konsultasi jarak jauh antara puskesmas dan RSUD untuk nagari terpencil.',
        opdId: 'dinkes',
        dimension: 'living',
        quickWin: true,
        budgetIdr: 750_000_000,
        startDate: '2027-01-04',
        endDate: '2027-12-31',
        reportingCadence: 'monthly',
        kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
      },
    });
    expect(proposed.status, proposed.text).toBe(201);
    const program = proposed.json();
    expect(program['stage']).toBe('diskominfo_review');

    // The image's worker opened the review: the function reads who must act...
    const id = String(program['id']);
    const read = await call('GET', `/v1/programs/${id}`, { token });
    expect(read.status, read.text).toBe(200);
    expect(read.json()).toMatchObject({ id, stage: 'diskominfo_review' });
    const body = read.json() as { awaiting?: unknown[]; next?: { awaiting?: unknown[] } };
    expect((body.awaiting ?? body.next?.awaiting ?? []).length, read.text).toBeGreaterThan(0);

    // ...and mailed the Diskominfo reviewers; the SMTP sink keeps what it received.
    const messages = new URL('/api/messages', stack.urls.mailbox!);
    const deadline = Date.now() + 20_000;
    let mailbox = '';
    while (!mailbox.includes(title) && Date.now() < deadline) {
      mailbox = await fetch(messages).then((r) => r.text());
      if (!mailbox.includes(title)) await new Promise((r) => setTimeout(r, 250));
    }
    expect(mailbox.includes(title), `no mail about the programme in the mailbox: ${mailbox.slice(0, 2000)}`).toBe(true);
  });

  it("ran the workflow in the image's worker, from the prebuilt bundle", () => {
    expect(imageWorkerOutput).not.toMatch(/Activity failed|\[ERROR\]/);
    // Without the prebuilt bundle the SDK runs webpack at start and says so.
    expect(imageWorkerOutput).not.toContain('Workflow bundle created');
  });

  it("passes the container health check (the command ECS runs, in the image's folder), reporting the SMTP relay", async () => {
    const run = () => runHealthCheck(workerHealthPort);
    let result = await run();
    const deadline = Date.now() + 10_000;
    while (!result.output.includes('"smtp":"up"') && Date.now() < deadline) result = await run();
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.output)).toMatchObject({ status: 'ok', worker: 'RUNNING', smtp: 'up' });
  });

  it('fails the container health check when no worker answers', async () => {
    const result = await runHealthCheck(await freePort());
    expect(result.code).toBe(1);
  });

  it("exported the SDK's metrics over OTLP/HTTP, schedule-to-start latency of its task queue included", async () => {
    const exportOf = (name: string) => otlpExports.find((e) => e.body.includes(name) && e.body.includes(imageTaskQueue));
    const named = () => exportOf(temporalMetricNames.workflowTaskScheduleToStart);
    // Workflow and activity latencies can arrive in different export intervals: wait for both,
    // so the next test reads what the alarms read rather than the first interval alone.
    const deadline = Date.now() + 20_000;
    while (!(named() && exportOf(temporalMetricNames.activityScheduleToStart)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const found = named();
    expect(found, `exports received: ${otlpExports.length}`).toBeDefined();
    expect(found!.path).toBe('/v1/metrics');
    expect(found!.contentType).toBe('application/x-protobuf');
  });

  it("exports schedule-to-start latency as a delta histogram per task queue, with each interval's maximum: what the alarms read", () => {
    const metrics = otlpExports.flatMap((e) => otlpMetrics(e.body));
    for (const name of [temporalMetricNames.workflowTaskScheduleToStart, temporalMetricNames.activityScheduleToStart]) {
      const exported = metrics.filter((m) => m.name === name && m.points.some((p) => p.attributes['task_queue'] === imageTaskQueue));
      expect(exported.length, name).toBeGreaterThan(0);
      for (const m of exported) {
        expect(m.kind, name).toBe('histogram');
        // Delta: each export's maximum is that interval's, so an alarm on Maximum sees the present.
        expect(m.temporality, name).toBe(1);
        expect(m.unit, name).toBe('ms');
        for (const p of m.points.filter((x) => x.count !== undefined && x.count > 0n)) expect(p.max, name).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('read its secrets by ARN through the Parameters and Secrets extension, with its session token', () => {
    expect(extension!.requests.length).toBeGreaterThanOrEqual(2);
    expect(extension!.requests.every((r) => r.token === extension!.token)).toBe(true);
  });

  it('refuses bad input with a problem document, not a 5xx', async () => {
    const r = await call('POST', '/v1/programs', { body: {} });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });
});

/** Runs the container's health check command as ECS does, inside the image's folder. */
function runHealthCheck(port: number): Promise<{ code: number | null; output: string }> {
  const image = inject('workerImage');
  const [command, ...args] = workerHealthCheckCommand;
  return new Promise((resolve, reject) => {
    const child = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: image.dir,
      env: { PATH: process.env['PATH'] ?? '', WORKER_HEALTH_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output: output.trim() }));
  });
}

/** The runtime stage's ENV lines of the Dockerfile. */
function dockerfileEnv(): Record<string, string> {
  const text = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const runtimeStage = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const line of runtimeStage.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const m of line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[m[1]!] = m[2]!;
  }
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
