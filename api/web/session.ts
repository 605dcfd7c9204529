/**
 * Sessions of the web application (docs/product.md §8): a random cookie naming a session kept in
 * DynamoDB, and the checks every form POST passes (same origin, and the session's CSRF token).
 * A session lasts at most `sessionHours`; signing out deletes it; a person no longer in the
 * roster, or made inactive, loses every session at their next request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Person } from '../../domain/roles.js';
import { hashLinkToken, linkTokenPattern } from '../../security/link-tokens.js';
import type { Session } from '../../store/index.js';
import type { AppDeps } from '../context.js';

export const sessionCookie = 'alur_sesi';
export const sessionHours = 12;
/** The hidden field every form of a signed-in page carries. */
export const csrfField = '_csrf';

export interface WebEnv {
  Variables: { person: Person | null; session: Session | null };
}

/** The signed-in person and their session. */
export interface Viewer {
  person: Person;
  session: Session;
}

/** The viewer of a page that requires signing in (api/web/index.ts guards those paths). */
export function viewerOf(c: Context<WebEnv>): Viewer {
  const person = c.get('person');
  const session = c.get('session');
  if (!person || !session) throw new Error('viewerOf used on a path that does not require signing in');
  return { person, session };
}

/** Cookies and sign-in links are random secrets shaped and hashed like emailed action links. */
const hashOf = hashLinkToken;
const randomSecret = () => randomBytes(32).toString('base64url');

/** A person the roster still counts: present, and not marked inactive. */
export function isActive(person: Person | null): person is Person {
  return person !== null && !('active' in person && person.active === false);
}

/**
 * Whether a form POST comes from our own pages. Browsers say so in `Sec-Fetch-Site`; our pages
 * are sent with `Referrer-Policy: no-referrer`, which makes browsers send `Origin: null` on their
 * own same-origin posts, so `Origin` decides only where `Sec-Fetch-Site` is missing.
 */
export function fromOwnPage(c: Context, ownOrigin: string): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  return c.req.header('origin') === ownOrigin;
}

/** Where a person may be sent back to after signing in: a path of this application only. */
export function safeReturnPath(raw: string | undefined): string {
  if (raw && /^\/(?![/\\])[\w\-./?=&%]*$/.test(raw) && raw.length <= 500) return raw;
  return '/tugas';
}

export function createSessions(deps: Pick<AppDeps, 'store' | 'publicBaseUrl'>) {
  const { store } = deps;
  const publicUrl = new URL(deps.publicBaseUrl);
  const ownOrigin = publicUrl.origin;
  // Browsers keep Secure cookies from plain-HTTP localhost too, but only here may it be plain HTTP.
  const secure = !['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);

  /** Reads the session cookie; a session whose person is gone or inactive ends here. */
  const load: MiddlewareHandler<WebEnv> = async (c, next) => {
    c.set('person', null);
    c.set('session', null);
    const secret = getCookie(c, sessionCookie);
    if (secret && linkTokenPattern.test(secret)) {
      const session = await store.sessions.get(hashOf(secret), new Date());
      const person = session ? await store.roster.getPerson(session.personId) : null;
      if (session && isActive(person)) {
        c.set('session', session);
        c.set('person', person);
      } else if (session) {
        await store.sessions.deleteAllOf(session.personId);
      }
    }
    await next();
    // Pages of a session show what only this person may see: never cached, never in a shared cache.
    c.header('Cache-Control', 'no-store');
  };

  return {
    ownOrigin,
    load,

    /** Signs `person` in: a new session (any previous one in this browser is ended first). */
    async start(c: Context<WebEnv>, person: Person, method: string): Promise<void> {
      const previous = c.get('session');
      if (previous) await store.sessions.delete(previous.idHash);
      const secret = randomSecret();
      const now = new Date();
      await store.sessions.create({
        idHash: hashOf(secret),
        personId: person.id,
        csrfToken: randomSecret(),
        method,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + sessionHours * 3600_000).toISOString(),
      });
      setCookie(c, sessionCookie, secret, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: sessionHours * 3600 });
    },

    /** Signs out: the session is deleted on the server, the cookie in the browser. */
    async end(c: Context<WebEnv>): Promise<void> {
      const session = c.get('session');
      if (session) await store.sessions.delete(session.idHash);
      deleteCookie(c, sessionCookie, { path: '/', secure });
    },

    /** Whether a signed-in form POST carries this session's token. */
    carriesToken(session: Session, body: Record<string, unknown>): boolean {
      const sent = body[csrfField];
      return typeof sent === 'string' && sent.length === session.csrfToken.length && timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrfToken));
    },

    fromOwnPage: (c: Context) => fromOwnPage(c, ownOrigin),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
