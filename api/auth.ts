/**
 * Staff authentication: `Authorization: Bearer <JWT>`, algorithm pinned, expiry required.
 * A shared secret (HS256) in development, a JWKS URL (RS256/ES256) in production.
 * The token's subject is a person in the roster; their roles come from the roster, not the token.
 */
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Person } from '../domain/roles.js';
import { createTtlCache } from '../store/ttl-cache.js';
import { ProblemError } from './problem.js';

export const jwtIssuer = 'alur';
export const jwtAudience = 'alur-api';

export interface AuthSettings {
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
}

/**
 * How long the person behind a token is kept, and for how many subjects. A roster read per
 * request was a third of a programme read's DynamoDB round trips (measured by bench/action-latency.ts). The
 * price: a person removed from the roster, or whose roles changed, keeps their old access for
 * up to this long on each API instance (their token stays valid until it expires anyway, so
 * revoking access promptly means shortening token lifetimes, not this). Nobody unknown is kept:
 * a person added to the roster can sign in at once.
 */
export const personCacheDefaults = { ttlMs: 30_000, maxEntries: 1_000 };

export function createAuth(
  settings: AuthSettings,
  findPerson: (id: string) => Promise<Person | null>,
  personCache: { ttlMs: number; maxEntries: number } = personCacheDefaults,
) {
  const people = createTtlCache<string, Person>(personCache);
  const secretKey = settings.jwtSecret ? new TextEncoder().encode(settings.jwtSecret) : null;
  const jwks: JWTVerifyGetKey | null = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : null;
  const unauthorized = (detail: string) => new ProblemError(401, 'Unauthorized', detail);

  async function verify(token: string): Promise<string> {
    const options = { issuer: jwtIssuer, audience: jwtAudience, requiredClaims: ['exp', 'sub'] };
    const { payload } = jwks
      ? await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] })
      : await jwtVerify(token, secretKey!, { ...options, algorithms: ['HS256'] });
    return payload.sub!;
  }

  return {
    /** The person behind a request's bearer token; 401 when there is none or it is not valid. */
    async personOf(authorization: string | undefined): Promise<Person> {
      const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
      if (!match) throw unauthorized('send Authorization: Bearer <token>');
      let subject: string;
      try {
        subject = await verify(match[1]!);
      } catch {
        throw unauthorized('the bearer token is not valid or has expired');
      }
      // Unknown subjects are not kept: the failed load is dropped from the cache.
      return people.get(subject, async (id) => {
        const found = await findPerson(id);
        if (!found) throw unauthorized('the bearer token names nobody in the roster');
        return found;
      });
    },

    /** Signs a development session token (only with a shared secret). */
    async issueDevToken(personId: string, ttlSeconds = 12 * 3600): Promise<string> {
      if (!secretKey) throw new Error('dev tokens need AUTH_JWT_SECRET');
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(personId)
        .setIssuer(jwtIssuer)
        .setAudience(jwtAudience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(secretKey);
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
