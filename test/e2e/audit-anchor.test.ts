/**
 * The audit trail checked with what only the worker side holds: each event's seal (the worker's
 * audit key, which the API never has) and the number of events the workflow wrote. Someone who
 * can write the table rewrites an event and re-hashes the chain after it, removes the newest
 * event, or makes an event expire: the plain chain cannot tell the first two, the anchored check
 * finds all three.
 */
import { Client, Connection } from '@temporalio/client';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrailVerdict } from '../../scripts/audit-trail.js';
import { eventHash, verifyEventChain } from '../../store/programs.js';
import { itemKeys, ttlAttribute } from '../../store/table.js';
import type { Store } from '../../store/index.js';
import { decideByApi, propose } from '../support/flow.js';
import { stack } from '../support/stack.js';
import { openDocClient, openStore } from '../support/store.js';

let connection: Connection;
let client: Client;
let store: Store;
let raw: ReturnType<typeof openDocClient>;
beforeAll(async () => {
  connection = await Connection.connect({ address: stack().temporalAddress });
  client = new Client({ connection });
  store = openStore();
  raw = openDocClient();
});
afterAll(async () => {
  await connection?.close();
  store?.close();
  raw?.close();
});

const verdict = (programId: string) => auditTrailVerdict({ store, client, auditKey: stack().auditKey }, programId);

/** A programme with four events: proposed, review opened, decided, approval opened. */
async function programmeWithTrail(): Promise<string> {
  const { id } = await propose('kadis-kesehatan');
  await decideByApi('reviewer-kominfo-1', id, 'approve', 'Layak.');
  return id;
}

/** Writes events back as a table writer without the key would: hashes recomputed from `from` on, seals kept. */
async function rewriteFrom(programId: string, from: number, change: (e: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const events = await store.programs.listEvents(programId);
  let previous = events[from - 2]?.hash ?? '0'.repeat(64);
  for (const e of events.slice(from - 1)) {
    const changed = { ...(e.seq === from ? change(e as unknown as Record<string, unknown>) : e), prevHash: previous } as typeof e;
    const hash = eventHash(changed);
    await raw.doc.send(new PutCommand({ TableName: stack().tableName, Item: { ...itemKeys.event(programId, e.seq), kind: 'event', ...changed, hash } }));
    previous = hash;
  }
}

describe('the audit trail anchored by the worker', () => {
  it('verifies a trail as the worker wrote it: every event sealed, as many as the workflow wrote', async () => {
    const id = await programmeWithTrail();
    expect((await store.programs.listEvents(id)).every((e) => typeof e.seal === 'string')).toBe(true);
    expect(await verdict(id)).toEqual({ valid: true, brokenAt: null, reason: null });
  });

  it('finds an event rewritten with the chain re-hashed after it, which the plain chain accepts', async () => {
    const id = await programmeWithTrail();
    await rewriteFrom(id, 3, (e) => ({ ...e, decision: 'reject', comment: 'Tidak layak.' }));
    expect(verifyEventChain(await store.programs.listEvents(id))).toEqual({ valid: true, brokenAt: null });
    expect(await verdict(id)).toEqual({ valid: false, brokenAt: 3, reason: 'unsealed' });
  });

  it('finds the newest event removed, which the plain chain accepts', async () => {
    const id = await programmeWithTrail();
    await raw.doc.send(new DeleteCommand({ TableName: stack().tableName, Key: itemKeys.event(id, 4) }));
    expect(verifyEventChain(await store.programs.listEvents(id))).toEqual({ valid: true, brokenAt: null });
    expect(await verdict(id)).toEqual({ valid: false, brokenAt: 4, reason: 'missing' });
  });

  it('finds an event made to expire through TTL', async () => {
    const id = await programmeWithTrail();
    await rewriteFrom(id, 2, (e) => ({ ...e, [ttlAttribute]: Math.floor(Date.now() / 1000) + 86_400 }));
    expect(await verdict(id)).toEqual({ valid: false, brokenAt: 2, reason: 'expiring' });
  });
});
