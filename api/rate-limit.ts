/**
 * Guessing links: a client that keeps sending unknown or malformed /act/ tokens is refused for
 * a while (429 with Retry-After). Only failures count, so a person opening their own links is
 * never limited. A sliding window per client address, kept in this process's memory: on AWS
 * Lambda each warm instance counts for itself, so there the limit holds per instance (a global
 * limit belongs in front of the API, e.g. an AWS WAF rate-based rule).
 */
import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getConnInfo as lambdaConnInfo } from 'hono/aws-lambda';

export const linkFailuresPerMinute = 20;

/** Clients remembered before windows that have passed are swept out. */
const sweepAbove = 10_000;

export function createFailureLimiter(limit = linkFailuresPerMinute, windowMs = 60_000) {
  const failures = new Map<string, number[]>();

  const recent = (client: string, now: number): number[] => (failures.get(client) ?? []).filter((t) => t > now - windowMs);

  return {
    /** Seconds until this client may try again; 0 when it may now. */
    retryAfter(client: string, now = Date.now()): number {
      const kept = recent(client, now);
      if (kept.length < limit) return 0;
      // Allowed again once all but limit-1 of the recent failures have left the window.
      return Math.max(1, Math.ceil((kept[kept.length - limit]! + windowMs - now) / 1000));
    },

    /** Counts one failure of this client. */
    fail(client: string, now = Date.now()): void {
      failures.set(client, [...recent(client, now), now]);
      if (failures.size > sweepAbove) {
        for (const [key, times] of failures) if (times.every((t) => t <= now - windowMs)) failures.delete(key);
      }
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;

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
