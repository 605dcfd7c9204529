/**
 * Staff authentication (api/auth.ts) against tokens an attacker would try: unsigned, unsigned
 * `alg: none`, another secret, another algorithm, another audience or issuer, no expiry,
 * expired, no subject; in development (HS256 secret) and production (JWKS over HTTP) modes.
 * And the development sign-in: absent unless ALUR_DEV_LOGIN is set, refused beside a JWKS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { SignJWT, exportJWK, generateKeyPair, exportSPKI, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { createAuth, jwtAudience, jwtIssuer } from '../../api/auth.js';
import type { AppDeps } from '../../api/context.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import type { Person } from '../../domain/roles.js';
import type { Store } from '../../store/index.js';

const secret = 'auth-test-secret-0123456789abcdef0123456789';
const key = new TextEncoder().encode(secret);
const sekda: Person = { id: 'sekda', name: 'Sekda', email: 'sekda@solselkab.example', title: 'Sekretaris Daerah', roles: ['sekda'], opdId: 'setda' };
const findPerson = (id: string) => Promise.resolve(id === sekda.id ? sekda : null);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token with every claim the API needs; `change` edits the builder before signing. */
function claims(change: (jwt: SignJWT) => SignJWT = (j) => j) {
  return change(new SignJWT({}).setSubject('sekda').setIssuer(jwtIssuer).setAudience(jwtAudience).setIssuedAt().setExpirationTime('1h'));
}

async function status(auth: ReturnType<typeof createAuth>, token: string): Promise<number> {
  try {
    await auth.personOf(`Bearer ${token}`);
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 500;
  }
}

describe('development mode: HS256 with AUTH_JWT_SECRET', () => {
  const auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, findPerson);

  it('accepts a token it issued, and the one the dev sign-in issues', async () => {
    expect(await status(auth, await claims().setProtectedHeader({ alg: 'HS256' }).sign(key))).toBe(200);
    expect(await status(auth, await auth.issueDevToken('sekda'))).toBe(200);
    expect((await auth.personOf(`Bearer ${await auth.issueDevToken('sekda')}`)).id).toBe('sekda');
  });

  it.each([
    ['without exp', () => new SignJWT({}).setSubject('sekda').setIssuer(jwtIssuer).setAudience(jwtAudience).setProtectedHeader({ alg: 'HS256' }).sign(key)],
    ['without sub', () => new SignJWT({}).setIssuer(jwtIssuer).setAudience(jwtAudience).setExpirationTime('1h').setProtectedHeader({ alg: 'HS256' }).sign(key)],
    [
      'expired',
      () =>
        claims((j) => j.setExpirationTime(now() - 60))
          .setProtectedHeader({ alg: 'HS256' })
          .sign(key),
    ],
    [
      'not yet valid',
      () =>
        claims((j) => j.setNotBefore(now() + 3600))
          .setProtectedHeader({ alg: 'HS256' })
          .sign(key),
    ],
    [
      'signed with another secret',
      () =>
        claims()
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(`${secret}-other`)),
    ],
    [
      'for another audience',
      () =>
        claims((j) => j.setAudience('another-api'))
          .setProtectedHeader({ alg: 'HS256' })
          .sign(key),
    ],
    [
      'from another issuer',
      () =>
        claims((j) => j.setIssuer('someone-else'))
          .setProtectedHeader({ alg: 'HS256' })
          .sign(key),
    ],
    ['with another HMAC algorithm (HS512, same secret)', () => claims().setProtectedHeader({ alg: 'HS512' }).sign(key)],
    [
      'naming nobody in the roster',
      () =>
        claims((j) => j.setSubject('nobody'))
          .setProtectedHeader({ alg: 'HS256' })
          .sign(key),
    ],
    [
      'alg none (unsigned)',
      () => Promise.resolve(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'sekda', iss: jwtIssuer, aud: jwtAudience, exp: now() + 3600 })}.`),
    ],
    [
      'alg none with a signature part',
      () => Promise.resolve(`${b64({ alg: 'none' })}.${b64({ sub: 'sekda', iss: jwtIssuer, aud: jwtAudience, exp: now() + 3600 })}.c2lnbmF0dXJl`),
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await claims().setProtectedHeader({ alg: 'HS256' }).sign(key)).split('.');
        return `${h}.${b64({ sub: 'sekda', iss: jwtIssuer, aud: jwtAudience, exp: now() + 86400 * 365 })}.${s}`;
      },
    ],
  ])('refuses a token %s: 401', async (_what, token) => {
    expect(await status(auth, await token())).toBe(401);
  });

  it('refuses a missing, empty or non-Bearer Authorization header: 401', async () => {
    for (const header of [undefined, '', 'Bearer ', 'Bearer', 'Basic c2VrZGE6c2VrZGE=', `bearer ${await auth.issueDevToken('sekda')}`, 'Bearer a b']) {
      await expect(auth.personOf(header), String(header)).rejects.toMatchObject({ status: 401 });
    }
  });
});

describe('production mode: AUTH_JWKS_URL (RS256/ES256)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let publicPem: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token from the identity provider and refuses the classic forgeries', async () => {
    const auth = createAuth({ jwtSecret: undefined, jwksUrl }, findPerson);
    expect(await status(auth, await claims().setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey))).toBe(200);

    // Algorithm confusion: HS256 "signed" with the public key as the HMAC secret.
    const confused = await claims().setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(publicPem));
    expect(await status(auth, confused)).toBe(401);
    expect(await status(auth, `${b64({ alg: 'none', kid: 'k1' })}.${b64({ sub: 'sekda', iss: jwtIssuer, aud: jwtAudience, exp: now() + 3600 })}.`)).toBe(401);
    expect(
      await status(
        auth,
        await claims((j) => j.setExpirationTime(now() - 1))
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .sign(privateKey),
      ),
    ).toBe(401);
    expect(
      await status(
        auth,
        await claims((j) => j.setAudience('elsewhere'))
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .sign(privateKey),
      ),
    ).toBe(401);
    const other = await generateKeyPair('RS256');
    expect(await status(auth, await claims().setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey))).toBe(401);
    // Tokens of the development secret mean nothing here.
    expect(await status(auth, await claims().setProtectedHeader({ alg: 'HS256' }).sign(key))).toBe(401);
  });
});

describe('development sign-in (/dev)', () => {
  const stubStore = {
    roster: {
      getPerson: findPerson,
      listPeople: () => Promise.resolve([sekda]),
      listOpds: () => Promise.resolve([]),
    },
  } as unknown as Store;

  function app(devLogin: boolean) {
    const deps: AppDeps = {
      store: stubStore,
      temporal: {} as Client,
      taskQueue: 'alur',
      publicBaseUrl: 'https://alur.example',
      auth: createAuth({ jwtSecret: secret, jwksUrl: undefined }, findPerson),
      devLogin,
      checks: { temporal: () => Promise.resolve(), dynamodb: () => Promise.resolve(), smtp: () => Promise.resolve() },
    };
    return createApp(deps);
  }

  const session = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'sekda' }) };

  it('does not exist unless ALUR_DEV_LOGIN is set: every /dev path is a 404', async () => {
    const off = app(false);
    for (const [path, init] of [
      ['/dev/roster', {}],
      ['/dev/session', session],
      ['/dev/anything', {}],
    ] as const) {
      const res = await off.request(path, init);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.text()).not.toContain('token');
    }
  });

  it('issues a working token when it is enabled', async () => {
    const res = await app(true).request('/dev/session', session);
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    expect(await status(createAuth({ jwtSecret: secret, jwksUrl: undefined }, findPerson), token)).toBe(200);
  });

  it('is off by default and cannot be configured beside a production identity provider', () => {
    const base = { LINK_TOKEN_SECRET: 'link-secret-0123456789abcdef0123456789', AUTH_JWT_SECRET: secret };
    expect(loadConfig(base).ALUR_DEV_LOGIN).toBe(false);
    expect(loadConfig({ ...base, ALUR_DEV_LOGIN: '1' }).ALUR_DEV_LOGIN).toBe(true);
    expect(() => loadConfig({ ...base, ALUR_DEV_LOGIN: '1', AUTH_JWKS_URL: 'https://sso.example/jwks.json' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ALUR_DEV_LOGIN: '1', AUTH_JWKS_URL: 'https://sso.example/jwks.json' })).toThrow(/ALUR_DEV_LOGIN/);
  });
});
