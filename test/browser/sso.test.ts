/**
 * "Masuk dengan SSO" against a real OpenID provider started here (the certified `oidc-provider`,
 * with its development login pages), in Chromium: authorization code with PKCE through a second
 * API instance configured with the provider and sharing the test stack's Temporal, table and
 * mail. A person in the roster lands signed in; anyone else is refused.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { appDepsFromConfig } from '../../api/deps.js';
import { loadConfig } from '../../config/config.js';
import { freePort } from '../../dev/stack.js';
import { checkPage, launchChromium } from '../support/browser.js';
import { stack } from '../support/stack.js';

let browser: Browser;
let providerServer: Server;
let app: ServerType;
let appUrl: string;
let deps: ReturnType<typeof appDepsFromConfig>;

/** The provider's accounts: a login name, and the email it vouches for. */
const accounts: Record<string, string> = {
  novi: 'kadis.dinkes@solselkab.example',
  orang_luar: 'orang.luar@contoh.example',
};

beforeAll(async () => {
  const [issuerPort, appPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${issuerPort}`;
  appUrl = `http://127.0.0.1:${appPort}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'alur',
        redirect_uris: [`${appUrl}/masuk/sso/kembali`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'none',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: `idp-${id}`, email: accounts[id] ?? `${id}@contoh.example`, email_verified: true }),
    }),
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: true } },
  });
  providerServer = provider.listen(issuerPort, '127.0.0.1');

  const s = stack();
  deps = appDepsFromConfig(
    loadConfig({
      PORT: String(appPort),
      PUBLIC_BASE_URL: appUrl,
      TEMPORAL_ADDRESS: s.temporalAddress,
      DYNAMODB_ENDPOINT: s.dynamodbEndpoint,
      DYNAMODB_TABLE: s.tableName,
      SMTP_URL: s.smtpUrl,
      AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      LINK_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'alur',
    }),
  );
  app = serve({ fetch: createApp(deps).fetch, port: appPort, hostname: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
  await new Promise((resolve) => providerServer?.close(resolve));
  await deps?.close();
});

/** Starts at the application's sign-in page and signs in at the provider as `login`. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${appUrl}/masuk?ke=%2Fprogram`);
  await page.getByRole('button', { name: 'Masuk dengan SSO' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('sandi-apa-saja');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('Masuk dengan SSO', () => {
  it('signs a roster person in by the email the provider vouches for, and lands where they were going', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/masuk`);
    // Without ALUR_DEV_LOGIN there are no development buttons; SSO is offered beside the email link.
    expect(await page.getByRole('button', { name: /^Masuk sebagai/ }).count()).toBe(0);
    await checkPage(page, 'masuk-sso');
    await signInAtProvider(page, 'novi');
    await page.waitForURL(`${appUrl}/program`);
    expect(await page.getByText('dr. Novi Hendrawati, M.K.M.').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('refuses someone the roster does not know, and signs nobody in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'orang_luar');
    await page.getByRole('heading', { name: 'Akun tidak terdaftar' }).waitFor();
    expect((await context.cookies()).some((c) => c.name === 'alur_sesi')).toBe(false);
    await page.goto(`${appUrl}/tugas`);
    expect(page.url()).toContain('/masuk?ke=');
    await context.close();
  });

  it('refuses a way back that this browser did not start', async () => {
    const res = await fetch(`${appUrl}/masuk/sso/kembali?code=abc&state=${'s'.repeat(43)}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('alur_sesi=');
  });
});
