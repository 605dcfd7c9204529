/**
 * Web sessions and sign-in links against a real dynalite: expiry is checked on read (dynalite
 * deletes nothing by TTL), a person's sessions end together, a sign-in link is used once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { createSessionStore, type Session, type SessionStore } from '../../store/sessions.js';

let dynalite: Dynalite;
let db: Dynamo;
let sessions: SessionStore;

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-session-store-test' });
  await ensureTable(db);
  sessions = createSessionStore(db);
});

afterAll(async () => {
  db?.client.destroy();
  await dynalite?.stop();
});

const now = new Date('2026-12-03T01:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

function session(idHash: string, personId: string, expiresAt = later(3600_000)): Session {
  return { idHash, personId, csrfToken: `csrf-${idHash}`, method: 'link', createdAt: now.toISOString(), expiresAt };
}

describe('sessions', () => {
  it('reads back a live session', async () => {
    await sessions.create(session('live', 'p1'));
    expect(await sessions.get('live', now)).toMatchObject({ personId: 'p1', csrfToken: 'csrf-live' });
  });

  it('treats an expired session as none although the item is still stored', async () => {
    await sessions.create(session('old', 'p1', later(1000)));
    expect(await sessions.get('old', new Date(now.getTime() + 2000))).toBeNull();
  });

  it('ends every session of one person and no one else', async () => {
    await sessions.create(session('a1', 'alice'));
    await sessions.create(session('a2', 'alice'));
    await sessions.create(session('b1', 'bob'));
    expect(await sessions.deleteAllOf('alice')).toBe(2);
    expect(await sessions.get('a1', now)).toBeNull();
    expect(await sessions.get('a2', now)).toBeNull();
    expect(await sessions.get('b1', now)).not.toBeNull();
  });
});

describe('sign-in links', () => {
  it('are used exactly once by concurrent requests', async () => {
    await sessions.issueSignInLink({ tokenHash: 'once', personId: 'p1', returnTo: '/tugas', expiresAt: later(900_000) });
    const results = await Promise.all([1, 2, 3, 4].map(() => sessions.useSignInLink('once', now)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('cannot be used after they expire', async () => {
    await sessions.issueSignInLink({ tokenHash: 'late', personId: 'p1', returnTo: '/tugas', expiresAt: later(1000) });
    expect(await sessions.useSignInLink('late', new Date(now.getTime() + 2000))).toBeNull();
  });

  it('can be looked at without being used', async () => {
    await sessions.issueSignInLink({ tokenHash: 'peek', personId: 'p1', returnTo: '/program', expiresAt: later(900_000) });
    expect(await sessions.peekSignInLink('peek', now)).toMatchObject({ returnTo: '/program' });
    expect(await sessions.useSignInLink('peek', now)).toMatchObject({ personId: 'p1' });
  });

  it('stay used when a retried email issues them again', async () => {
    const link = { tokenHash: 'retried', personId: 'p1', returnTo: '/tugas', expiresAt: later(900_000) };
    await sessions.issueSignInLink(link);
    await sessions.useSignInLink('retried', now);

    await sessions.issueSignInLink(link);

    expect(await sessions.peekSignInLink('retried', now)).toBeNull();
    expect(await sessions.useSignInLink('retried', now)).toBeNull();
  });
});
