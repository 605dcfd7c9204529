/**
 * The AWS Lambda entry (api/lambda.ts) in front of the same real stack: invoked with API
 * Gateway HTTP API (payload v2) events, it builds its own dependencies from the environment
 * (real AWS SDK against dynalite, real Temporal client) and answers like the Node server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { as, call, type Json } from '../support/api.js';
import { validProposal } from '../support/proposal.js';
import { stack } from '../support/stack.js';

interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}
type Handler = (event: unknown, context: unknown) => Promise<LambdaResult>;

const saved = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

/** The function's environment as infra/ gives it: no SMTP settings, as the API sends no mail. */
function lambdaEnv(dynamodbEndpoint = stack().dynamodbEndpoint): void {
  const s = stack();
  delete process.env['SMTP_URL'];
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: s.temporalAddress,
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    DYNAMODB_TABLE: s.tableName,
    AWS_REGION: 'ap-southeast-3',
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    LINK_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    ALUR_DEV_LOGIN: '1',
    PUBLIC_BASE_URL: 'https://alur.solselkab.example',
  });
}

/** A fresh cold start of the Lambda module with the current environment. */
async function coldStart(): Promise<Handler> {
  vi.resetModules();
  const mod = (await import('../../api/lambda.js')) as unknown as { handler: Handler };
  return mod.handler;
}

function event(method: string, rawPath: string, options: { query?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const now = new Date();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'abc123.execute-api.ap-southeast-3.amazonaws.com',
      accept: 'application/json',
      'user-agent': 'vitest',
      'x-forwarded-proto': 'https',
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.ap-southeast-3.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: randomBytes(8).toString('hex'),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

const context = { functionName: 'alur-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 29_000 };

function jsonOf(result: LambdaResult): Json {
  const text = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
  return JSON.parse(text) as Json;
}

describe('Lambda entry', () => {
  it('answers /health, /dev/roster and a real proposal through API Gateway v2 events', async () => {
    lambdaEnv();
    const handler = await coldStart();

    const health = await handler(event('GET', '/health'), context);
    expect(health.statusCode).toBe(200);
    expect(health.headers?.['content-type']).toMatch(/^application\/json/);
    expect(jsonOf(health)).toMatchObject({ status: 'ok', temporal: 'up', dynamodb: 'up' });

    const roster = await handler(event('GET', '/dev/roster'), context);
    expect(roster.statusCode).toBe(200);
    const people = jsonOf(roster).people as Json[];
    expect(people.find((p) => p.id === 'kadis-kesehatan')).toMatchObject({ roles: ['opd_head'], opdId: 'dinkes' });

    // Sign in and propose through the Lambda: the workflow runs on the stack's worker.
    const session = await handler(event('POST', '/dev/session', { body: { userId: 'kadis-kesehatan' } }), context);
    expect(session.statusCode).toBe(200);
    const token = jsonOf(session).token as string;
    const proposal = validProposal();
    const proposed = await handler(event('POST', '/v1/programs', { body: proposal, headers: { authorization: `Bearer ${token}` } }), context);
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = jsonOf(proposed).id as string;
    expect(jsonOf(proposed)).toMatchObject({ stage: 'diskominfo_review', title: proposal.title });

    // The Node API sees the same programme; the Lambda's own token is no good there (other secret).
    const seen = await as('pemantau', 'GET', `/v1/programs/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.title).toBe(proposal.title);
    expect((await call('GET', `/v1/programs/${id}`, { token })).status).toBe(401);

    const listed = await handler(event('GET', '/v1/programs', { query: 'opdId=dinkes&limit=100', headers: { authorization: `Bearer ${token}` } }), context);
    expect(listed.statusCode).toBe(200);
    expect((jsonOf(listed).items as Json[]).map((p) => p.id)).toContain(id);

    const unauthenticated = await handler(event('GET', `/v1/programs/${id}`), context);
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await handler(event('GET', '/nope'), context);
    expect(missing.statusCode).toBe(404);
  });

  it('reports DynamoDB down with a 503 when the table cannot be reached', async () => {
    lambdaEnv('http://127.0.0.1:1');
    const handler = await coldStart();
    const health = await handler(event('GET', '/health'), context);
    expect(health.statusCode).toBe(503);
    expect(jsonOf(health)).toMatchObject({ status: 'degraded', temporal: 'up', dynamodb: 'down' });
  });
});
