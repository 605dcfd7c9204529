/** The short read-through cache of the API's per-request reference reads, and the person cache in auth built on it. */
import { describe, expect, it } from 'vitest';
import { createAuth } from '../../api/auth.js';
import type { Person } from '../../domain/roles.js';
import { createTtlCache } from '../../store/ttl-cache.js';

describe('createTtlCache', () => {
  it('loads a key once per ttl, shares a read in flight, forgets failures, and keeps at most maxEntries', async () => {
    let t = 0;
    const loads: string[] = [];
    const cache = createTtlCache<string, string>({ ttlMs: 1000, maxEntries: 2, now: () => t });
    const load = (k: string) => {
      loads.push(k);
      return Promise.resolve(`${k}@${t}`);
    };

    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual(['a@0', 'a@0']);
    t = 999;
    expect(await cache.get('a', load)).toBe('a@0');
    t = 1000;
    expect(await cache.get('a', load)).toBe('a@1000');
    expect(loads).toEqual(['a', 'a']);

    await expect(cache.get('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('b', load)).toBe('b@1000');

    await cache.get('c', load); // a is the oldest loaded: dropped
    loads.length = 0;
    await cache.get('b', load);
    await cache.get('a', load);
    expect(loads).toEqual(['a']);
  });
});

describe('auth keeps the person behind a token for a short time', () => {
  const secret = 'ttl-cache-test-secret-0123456789abcdef0123';
  const sekda: Person = { id: 'sekda', name: 'Sekda', email: 'sekda@x.example', title: 'Sekretaris Daerah', roles: ['sekda'], opdId: 'setda' };

  it('reads the roster once for repeated requests, and never keeps an unknown subject', async () => {
    const reads: string[] = [];
    const roster = new Map<string, Person>();
    const auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, (id) => {
      reads.push(id);
      return Promise.resolve(roster.get(id) ?? null);
    });
    const bearer = `Bearer ${await auth.issueDevToken('sekda')}`;

    await expect(auth.personOf(bearer)).rejects.toMatchObject({ status: 401 });
    roster.set('sekda', sekda); // added to the roster: signs in at once
    expect(await auth.personOf(bearer)).toEqual(sekda);
    expect(await auth.personOf(bearer)).toEqual(sekda);
    expect(reads).toEqual(['sekda', 'sekda']);
  });
});
