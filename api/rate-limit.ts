/**
 * Rate limits, as a sliding window of counted events per key (a client address, an email
 * address). Guessing links: a client that keeps sending unknown or malformed /act/ tokens is
 * refused for a while (429 with Retry-After); only failures count, so a person opening their
 * own links is never limited. Sign-in links: each request counts, per client and per address
 * (api/web/sign-in.tsx). Kept in this process's memory: on AWS
 * Lambda each warm instance counts for itself, so there the limit holds per instance (a global
 * limit belongs in front of the API, e.g. an AWS WAF rate-based rule).
 */
import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getConnInfo as lambdaConnInfo } from 'hono/aws-lambda';

export const linkFailuresPerMinute = 20;

/** Clients remembered before windows that have passed are swept out. */
const sweepAbove = 10_000;

export function createRateLimiter(limit = linkFailuresPerMinute, windowMs = 60_000) {
  const events = new Map<string, number[]>();

  const recent = (client: string, now: number): number[] => (events.get(client) ?? []).filter((t) => t > now - windowMs);

  return {
    /** Seconds until this client may try again; 0 when it may now. */
    retryAfter(client: string, now = Date.now()): number {
      const kept = recent(client, now);
      if (kept.length < limit) return 0;
      // Allowed again once all but limit-1 of the recent events have left the window.
      return Math.max(1, Math.ceil((kept[kept.length - limit]! + windowMs - now) / 1000));
    },

    /** Counts one event of this client. */
    count(client: string, now = Date.now()): void {
      events.set(client, [...recent(client, now), now]);
      if (events.size > sweepAbove) {
        for (const [key, times] of events) if (times.every((t) => t <= now - windowMs)) events.delete(key);
      }
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * The address a request came from: the socket's peer on Node, the source IP API Gateway saw on
 * Lambda. Behind a proxy we run ourselves (`TRUST_PROXY=1`), the last X-Forwarded-For entry:
 * the address that proxy saw; earlier entries are whatever the client chose to send.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '');
    const nearest = hops.at(-1);
    if (nearest) return nearest;
  }
  const env: unknown = c.env;
  if (env !== null && typeof env === 'object') {
    if ('incoming' in env) return nodeConnInfo(c).remote.address ?? 'unknown';
    if ('requestContext' in env) return lambdaConnInfo(c).remote.address ?? 'unknown';
  }
  return 'unknown';
}
