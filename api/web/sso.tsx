/**
 * Signing in through the Pemda's OpenID provider (docs/product.md §8): authorization code with
 * PKCE through openid-client (an OpenID-certified relying party). The attempt (PKCE verifier,
 * nonce, where to return) is kept on the server under the hash of its `state`, and a short
 * cookie binds it to the browser that began it, so nobody can finish a sign-in they did not
 * start. The provider's subject or email must name a person in the roster; anyone else is refused.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import type { Person } from '../../domain/roles.js';
import { hashLinkToken } from '../../security/link-tokens.js';
import type { AppDeps, OidcSettings } from '../context.js';
import { publicPage } from './chrome.js';
import { safeReturnPath, type Sessions, type WebEnv } from './session.js';

const attemptCookie = 'alur_sso';
const attemptMinutes = 10;

/** Only a provider on this machine may be spoken to over plain HTTP (a development or test provider). */
const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export function ssoRoutes(deps: AppDeps, settings: OidcSettings, sessions: Sessions) {
  const { store } = deps;
  const issuer = new URL(settings.issuer);
  const redirectUri = `${deps.publicBaseUrl}/masuk/sso/kembali`;
  const secure = !isLoopback(new URL(deps.publicBaseUrl));

  // Discovered once, on first use: the API starts even while the provider is away.
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret === undefined ? oidc.None() : undefined,
        issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        discovered = null;
        throw e;
      });
    return discovered;
  };

  const refused = (c: Context, title: string, message: string, status: 403 | 400 | 503) =>
    c.html(
      publicPage({
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{message}</p>
            <p>
              <a href="/masuk">Kembali ke halaman masuk</a>
            </p>
          </>
        ),
      }),
      status,
    );

  /** The roster person the provider's claims name: by subject (a roster id) or by email. */
  async function personOf(claims: { sub: string; email?: unknown }): Promise<Person | null> {
    const people = await store.roster.listPeople();
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    return people.find((p) => p.id === claims.sub) ?? (email ? (people.find((p) => p.email.toLowerCase() === email) ?? null) : null);
  }

  return new Hono<WebEnv>()
    .get('/', async (c) => {
      let config: oidc.Configuration;
      try {
        config = await configuration();
      } catch (e) {
        console.error('OpenID provider discovery failed:', e);
        return refused(c, 'SSO tidak tersedia', 'Penyedia identitas Pemda sedang tidak dapat dihubungi. Coba lagi nanti atau masuk dengan tautan surel.', 503);
      }
      const state = randomBytes(32).toString('base64url');
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      await store.sessions.beginSso({
        stateHash: hashLinkToken(state),
        codeVerifier,
        nonce,
        returnTo: safeReturnPath(c.req.query('ke')),
        expiresAt: new Date(Date.now() + attemptMinutes * 60_000).toISOString(),
      });
      setCookie(c, attemptCookie, state, { path: '/masuk/sso', httpOnly: true, sameSite: 'Lax', secure, maxAge: attemptMinutes * 60 });
      const target = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return c.redirect(target.href, 303);
    })

    .get('/kembali', async (c) => {
      const state = c.req.query('state') ?? '';
      const bound = getCookie(c, attemptCookie);
      deleteCookie(c, attemptCookie, { path: '/masuk/sso', secure });
      const attempt = state !== '' && bound === state ? await store.sessions.finishSso(hashLinkToken(state), new Date()) : null;
      if (!attempt)
        return refused(c, 'Masuk tidak dapat diselesaikan', 'Proses masuk ini sudah kedaluwarsa atau tidak dimulai dari peramban ini. Silakan ulangi.', 400);

      let claims: { sub: string; email?: unknown } | undefined;
      try {
        const callback = new URL(`${redirectUri}${new URL(c.req.url).search}`);
        const tokens = await oidc.authorizationCodeGrant(await configuration(), callback, {
          pkceCodeVerifier: attempt.codeVerifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims()!;
        // Many providers put the email in the ID token only when asked; the userinfo endpoint always has it.
        claims = idToken['email'] === undefined ? await oidc.fetchUserInfo(await configuration(), tokens.access_token, idToken.sub) : idToken;
      } catch (e) {
        console.warn('OpenID sign-in refused:', e instanceof Error ? e.message : e);
      }
      if (!claims) return refused(c, 'Masuk tidak dapat diselesaikan', 'Penyedia identitas tidak mengonfirmasi proses masuk ini. Silakan ulangi.', 400);

      const person = await personOf(claims);
      if (!person) return refused(c, 'Akun tidak terdaftar', 'Akun Anda pada penyedia identitas Pemda tidak terdaftar di alur. Hubungi sekretariat.', 403);
      await sessions.start(c, person, 'oidc');
      return c.redirect(attempt.returnTo, 303);
    });
}
