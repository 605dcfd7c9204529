/**
 * The AWS Lambda entry (api/lambda.ts) in front of the same real stack: invoked with API
 * Gateway REST API (proxy, payload 1.0) events as infra/ deploys it, and with HTTP API (payload
 * 2.0) events, it builds its own dependencies from the environment (real AWS SDK against
 * dynalite, real Temporal client) and answers like the Node server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { as, call, type Json } from '../support/api.js';
import { validProposal } from '../support/proposal.js';
import { stack } from '../support/stack.js';

interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  /** Payload 1.0 answers with these when the event had them (API Gateway REST API always sends them). */
  multiValueHeaders?: Record<string, string[]>;
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

/** The host name the REST API answers on (its custom domain). */
const restHost = 'alur.solselkab.example';

/**
 * An API Gateway REST API proxy event (payload 1.0) as the deployed stage sends it: every body
 * base64-encoded (binary media types `*\/*`), headers also as lists, the client's address in
 * `requestContext.identity`, the stage name only in `requestContext`.
 */
function restEvent(
  method: string,
  path: string,
  options: { query?: string; headers?: Record<string, string>; body?: string; contentType?: string; sourceIp?: string } = {},
) {
  const now = new Date();
  const sourceIp = options.sourceIp ?? '203.0.113.7';
  const headers: Record<string, string> = {
    Host: restHost,
    Accept: 'application/json',
    'User-Agent': 'vitest',
    'X-Forwarded-For': sourceIp,
    'X-Forwarded-Proto': 'https',
    ...(options.body === undefined ? {} : { 'Content-Type': options.contentType ?? 'application/json' }),
    ...options.headers,
  };
  const query = new URLSearchParams(options.query ?? '');
  const multiValueQuery: Record<string, string[]> = {};
  for (const [k, v] of query) (multiValueQuery[k] ??= []).push(v);
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: options.query ? Object.fromEntries(query) : null,
    multiValueQueryStringParameters: options.query ? multiValueQuery : null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      resourceId: 'abc123',
      resourcePath: '/{proxy+}',
      httpMethod: method,
      extendedRequestId: randomBytes(8).toString('hex'),
      requestTime: now.toUTCString(),
      path,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'live',
      domainPrefix: 'alur',
      requestTimeEpoch: now.getTime(),
      requestId: randomBytes(8).toString('hex'),
      identity: { sourceIp, userAgent: 'vitest', accessKey: null, accountId: null, caller: null, user: null, userArn: null },
      domainName: restHost,
      apiId: 'abc123',
    },
    body: options.body === undefined ? null : Buffer.from(options.body).toString('base64'),
    isBase64Encoded: options.body !== undefined,
  };
}

/** A response header of either payload format. */
function headerOf(result: LambdaResult, name: string): string[] {
  return result.multiValueHeaders?.[name] ?? (result.headers?.[name] === undefined ? [] : [result.headers[name]]);
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

  it('answers /health and takes a real proposal through REST API (payload 1.0) events, base64 bodies included', async () => {
    lambdaEnv();
    const handler = await coldStart();

    const health = await handler(restEvent('GET', '/health'), context);
    expect(health.statusCode).toBe(200);
    expect(headerOf(health, 'content-type')[0]).toMatch(/^application\/json/);
    expect(jsonOf(health)).toMatchObject({ status: 'ok', temporal: 'up', dynamodb: 'up' });

    const session = await handler(restEvent('POST', '/dev/session', { body: JSON.stringify({ userId: 'kadis-kesehatan' }) }), context);
    expect(session.statusCode).toBe(200);
    const token = jsonOf(session).token as string;
    const proposal = validProposal();
    const proposed = await handler(
      restEvent('POST', '/v1/programs', { body: JSON.stringify(proposal), headers: { Authorization: `Bearer ${token}` } }),
      context,
    );
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = jsonOf(proposed).id as string;

    const listed = await handler(restEvent('GET', '/v1/programs', { query: 'opdId=dinkes&limit=100', headers: { Authorization: `Bearer ${token}` } }), context);
    expect(listed.statusCode).toBe(200);
    expect((jsonOf(listed).items as Json[]).map((p) => p.id)).toContain(id);
  });

  it('signs a person in through REST API events: the session cookie is set, then read back on the next page', async () => {
    lambdaEnv();
    const handler = await coldStart();
    const signedIn = await handler(
      restEvent('POST', '/masuk/dev', {
        body: new URLSearchParams({ orang: 'kadis-kesehatan', ke: '/tugas' }).toString(),
        contentType: 'application/x-www-form-urlencoded',
        headers: { Accept: 'text/html', 'Sec-Fetch-Site': 'same-origin' },
      }),
      context,
    );
    expect(signedIn.statusCode).toBe(303);
    expect(headerOf(signedIn, 'location')).toEqual(['/tugas']);
    const cookies = headerOf(signedIn, 'set-cookie');
    expect(cookies.length).toBeGreaterThanOrEqual(1);
    const cookie = cookies.map((c) => c.split(';')[0]!).join('; ');

    const tasks = await handler(restEvent('GET', '/tugas', { headers: { Accept: 'text/html', Cookie: cookie } }), context);
    expect(tasks.statusCode).toBe(200);
    expect(headerOf(tasks, 'content-type')[0]).toMatch(/^text\/html/);
    const anonymous = await handler(restEvent('GET', '/tugas', { headers: { Accept: 'text/html' } }), context);
    expect(anonymous.statusCode).not.toBe(200);
  });

  it("counts unknown links per client address from the REST API's source IP, not from X-Forwarded-For", async () => {
    lambdaEnv();
    const handler = await coldStart();
    const guess = (sourceIp: string, headers: Record<string, string> = {}) =>
      handler(restEvent('GET', `/act/${randomBytes(24).toString('base64url')}`, { sourceIp, headers }), context);
    for (let i = 0; i < 20; i++) expect((await guess('198.51.100.20')).statusCode).toBe(404);
    const refused = await guess('198.51.100.20');
    expect(refused.statusCode).toBe(429);
    expect(Number(headerOf(refused, 'retry-after')[0])).toBeGreaterThan(0);
    // Another client is not refused, even claiming the first one's address in X-Forwarded-For.
    expect((await guess('198.51.100.21', { 'X-Forwarded-For': '198.51.100.20' })).statusCode).toBe(404);
  });

  it('reports DynamoDB down with a 503 when the table cannot be reached', async () => {
    lambdaEnv('http://127.0.0.1:1');
    const handler = await coldStart();
    const health = await handler(event('GET', '/health'), context);
    expect(health.statusCode).toBe(503);
    expect(jsonOf(health)).toMatchObject({ status: 'degraded', temporal: 'up', dynamodb: 'down' });
  });
});
