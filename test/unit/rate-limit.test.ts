/**
 * Guessing emailed links (api/rate-limit.ts): the sliding window itself, then the API served
 * over real HTTP by the Node adapter (so the client address is the socket's), where a client
 * that sends too many unknown tokens gets a 429 problem with Retry-After, even for a token
 * that would have been good, while other clients are not affected. X-Forwarded-For counts
 * only when the API is configured to trust a proxy, and then only the entry that proxy added.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { createAuth } from '../../api/auth.js';
import type { AppDeps } from '../../api/context.js';
import { clientAddress, createRateLimiter, linkFailuresPerMinute } from '../../api/rate-limit.js';
import type { Store } from '../../store/index.js';

describe('createRateLimiter', () => {
  it('allows `limit` failures per window, then says how long to wait, per client', () => {
    const limiter = createRateLimiter(3, 10_000);
    for (const t of [0, 1000, 2000]) {
      expect(limiter.retryAfter('a', t)).toBe(0);
      limiter.count('a', t);
    }
    expect(limiter.retryAfter('a', 2500)).toBe(8); // the failure at 0 leaves the window at 10 s
    expect(limiter.retryAfter('b', 2500)).toBe(0);
    expect(limiter.retryAfter('a', 9999)).toBe(1);
    expect(limiter.retryAfter('a', 10_000)).toBe(0);
    limiter.count('a', 10_000);
    expect(limiter.retryAfter('a', 10_500)).toBe(1); // the window slides: failures at 1 s, 2 s and 10 s
  });
});

describe('clientAddress on AWS Lambda', () => {
  const lambda = (requestContext: object, forwarded?: string) =>
    ({ env: { requestContext }, req: { header: (name: string) => (name === 'x-forwarded-for' ? forwarded : undefined) } }) as unknown as Context;

  it('is the source IP API Gateway saw (HTTP API and REST API events), not what the client forwards', () => {
    expect(clientAddress(lambda({ http: { sourceIp: '203.0.113.7' } }, '198.51.100.1'), false)).toBe('203.0.113.7');
    expect(clientAddress(lambda({ identity: { sourceIp: '203.0.113.8' } }), false)).toBe('203.0.113.8');
  });
});

describe('/act rate limit over HTTP', () => {
  const servers: ServerType[] = [];
  let direct: string;
  let proxied: string;

  async function start(trustProxy: boolean): Promise<string> {
    const nobody = () => Promise.resolve(null);
    const deps: AppDeps = {
      store: { linkTokens: { get: nobody }, roster: { getPerson: nobody } } as unknown as Store,
      temporal: {} as Client,
      taskQueue: 'alur',
      publicBaseUrl: 'https://alur.example',
      auth: createAuth({ jwtSecret: 'rate-limit-test-secret-0123456789abcdef', jwksUrl: undefined }, nobody),
      devLogin: false,
      trustProxy,
      checks: { temporal: () => Promise.resolve(), dynamodb: () => Promise.resolve(), smtp: () => Promise.resolve() },
    };
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    direct = await start(false);
    proxied = await start(true);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  const token = () => randomBytes(32).toString('base64url');
  const open = (base: string, t: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/act/${t}`, { headers: { accept: 'application/json', ...headers } });

  it(`refuses a client after ${linkFailuresPerMinute} unknown tokens in a minute, whatever X-Forwarded-For says when no proxy is trusted`, async () => {
    for (let i = 0; i < linkFailuresPerMinute; i++) {
      // Spoofed forwarding headers change nothing: the socket's address is the client.
      const res = await open(direct, i % 2 === 0 ? token() : 'not-a-token', { 'x-forwarded-for': `203.0.113.${i}` });
      expect(res.status, `attempt ${i + 1}`).toBe(404);
    }
    const refused = await open(direct, token(), { 'x-forwarded-for': '198.51.100.99' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ status: 429, title: 'Terlalu banyak percobaan' });

    // Every method on /act is refused while it lasts; a browser gets a page.
    const page = await fetch(`${direct}/act/${token()}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const post = await fetch(`${direct}/act/${token()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://alur.example' },
      body: 'decision=approve',
    });
    expect(post.status).toBe(429);

    // The rest of the API is not limited by this.
    expect((await fetch(`${direct}/openapi.json`)).status).toBe(200);
  });

  it('behind a trusted proxy counts per forwarded client, by the entry the proxy added', async () => {
    const a = { 'x-forwarded-for': '198.51.100.1' };
    for (let i = 0; i < linkFailuresPerMinute; i++) expect((await open(proxied, token(), a)).status).toBe(404);
    expect((await open(proxied, token(), a)).status).toBe(429);
    // The client cannot escape by prepending addresses of its own: the last entry is the proxy's.
    expect((await open(proxied, token(), { 'x-forwarded-for': '10.0.0.1, 192.0.2.55, 198.51.100.1' })).status).toBe(429);
    // Another client behind the same proxy is unaffected.
    expect((await open(proxied, token(), { 'x-forwarded-for': '198.51.100.1, 198.51.100.2' })).status).toBe(404);
  });
});
