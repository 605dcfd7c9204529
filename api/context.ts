/** What every route of the API is given, and the Hono environment it runs in. */
import type { Client } from '@temporalio/client';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Person } from '../domain/roles.js';
import type { Store } from '../store/index.js';
import type { Auth } from './auth.js';
import type { CertifiedCommitmentPdfSource } from './commitment-pdf.js';
import { ProblemError } from './problem.js';
import { requireJson } from './validation.js';

/** The Pemda's OpenID provider and this application's registration there. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
}

export interface AppDeps {
  store: Store;
  temporal: Client;
  taskQueue: string;
  /** The API's public address (links in pages and mail point here). */
  publicBaseUrl: string;
  auth: Auth;
  /** Enables /dev/roster and /dev/session; never set in production. */
  devLogin: boolean;
  /** Set: the sign-in page offers "Masuk dengan SSO". */
  oidc?: OidcSettings;
  /** Where a commitment's certified (BSrE) PDF comes from once TTE is in use; unset: alur's own PDF is served. */
  certifiedCommitmentPdf?: CertifiedCommitmentPdfSource;
  /** Behind a proxy we run: take the client's address from X-Forwarded-For (api/rate-limit.ts). */
  trustProxy?: boolean;
  /**
   * Liveness probes of the dependencies the API uses, by name (rejections mean "down"). Not SMTP:
   * the API sends no mail; the worker checks its relay (worker/health.ts).
   */
  checks: { temporal: () => Promise<unknown>; dynamodb: () => Promise<unknown>; [dependency: string]: () => Promise<unknown> };
}

export interface AppEnv {
  Variables: { person: Person };
}

/**
 * Signs the caller in from the Authorization header, once per request (groups mounted at the
 * same prefix share the person), refuses with 403 when `refusal` names a reason, and takes JSON
 * only on requests that carry a body to a route served here (`json: false` for a group that also takes CSV, or a
 * predicate on the path).
 */
export function signedIn(
  deps: Pick<AppDeps, 'auth'>,
  o: { refusal?: (person: Person) => string | null; json?: boolean | ((path: string) => boolean) } = {},
): MiddlewareHandler<AppEnv> {
  const takesJson = o.json ?? true;
  return async (c, next) => {
    if ((c.get('person') as Person | undefined) === undefined) c.set('person', await deps.auth.personOf(c.req.header('authorization')));
    const why = o.refusal?.(c.get('person'));
    if (why) throw new ProblemError(403, 'Not allowed', why);
    const hasBody = c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH';
    // Only for a route that exists: a method nobody serves here is a 404, whatever its content type.
    const served = matchedRoutes(c).some((r) => r.method === c.req.method);
    if (hasBody && served && (typeof takesJson === 'function' ? takesJson(c.req.path) : takesJson)) requireJson(c.req.header('content-type'));
    await next();
  };
}
