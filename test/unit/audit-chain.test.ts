/**
 * The audit trail's hash chain (store/programs.ts) against a real in-process dynalite: each
 * event names the hash of the one before it; a retried write changes nothing; an event edited,
 * re-hashed or removed in the table afterwards is found, and where.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { ProgramEvent } from '../../domain/program.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { createProgramStore, eventHash, genesisHash, verifyEventChain, type ProgramStore } from '../../store/programs.js';
import { itemKeys } from '../../store/table.js';

let server: Dynalite;
let db: Dynamo;
let programs: ProgramStore;

beforeAll(async () => {
  server = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: server.endpoint, region: 'ap-southeast-3', tableName: 'alur-audit-test' });
  await ensureTable(db);
  programs = createProgramStore(db);
});

afterAll(async () => {
  db.client.destroy();
  await server.stop();
});

const reviewer = { userId: 'reviewer-kominfo-1', name: 'Rina Marlina, S.T.', title: 'Kepala Bidang Aplikasi Informatika', capacity: 'diskominfo_reviewer' };

function event(programId: string, seq: number, over: Partial<ProgramEvent> = {}): ProgramEvent {
  return {
    programId,
    seq,
    type: seq === 1 ? 'proposed' : 'stage_opened',
    at: `2026-12-01T0${seq}:00:00.000Z`,
    actor: seq === 1 ? reviewer : null,
    channel: 'system',
    fromStage: seq === 1 ? null : 'diskominfo_review',
    toStage: 'diskominfo_review',
    stageSeq: seq,
    decision: null,
    comment: null,
    ...over,
  };
}

async function trail(programId: string, n: number): Promise<void> {
  for (let seq = 1; seq <= n; seq++) {
    await programs.putEvent(
      event(
        programId,
        seq,
        seq === 3 ? { type: 'decided', decision: 'approve', comment: 'Setuju ✅ — “Café” 日本', details: { nested: { b: 1, a: [1.5, null, 'x'] } } } : {},
      ),
    );
  }
}

describe('audit event chain', () => {
  it('chains every event to the previous one, from a fixed genesis', async () => {
    await trail('chain-ok', 4);
    const events = await programs.listEvents('chain-ok');
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[0]!.prevHash).toBe(genesisHash);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    for (const e of events) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(eventHash(e)).toBe(e.hash);
    }
    expect(verifyEventChain(events)).toEqual({ valid: true, brokenAt: null });
  });

  it('a retried write of an event, even a different one under the same number, changes nothing', async () => {
    await trail('chain-retry', 3);
    const before = await programs.listEvents('chain-retry');
    await programs.putEvent(event('chain-retry', 2));
    await programs.putEvent(event('chain-retry', 2, { comment: 'rewritten history' }));
    expect(await programs.listEvents('chain-retry')).toEqual(before);
    expect(verifyEventChain(before).valid).toBe(true);
  });

  it('an event edited in the table is found where it was edited', async () => {
    await trail('chain-edit', 4);
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: itemKeys.event('chain-edit', 3),
        UpdateExpression: 'SET #c = :c',
        ExpressionAttributeNames: { '#c': 'comment' },
        ExpressionAttributeValues: { ':c': 'Tolak' },
      }),
    );
    expect(verifyEventChain(await programs.listEvents('chain-edit'))).toEqual({ valid: false, brokenAt: 3 });
  });

  it('an edit that also rewrites the hash breaks the link to the next event', async () => {
    await trail('chain-rehash', 4);
    const edited = { ...(await programs.listEvents('chain-rehash'))[1]!, comment: 'inserted later' };
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: itemKeys.event('chain-rehash', 2),
        UpdateExpression: 'SET #c = :c, #h = :h',
        ExpressionAttributeNames: { '#c': 'comment', '#h': 'hash' },
        ExpressionAttributeValues: { ':c': edited.comment, ':h': eventHash(edited) },
      }),
    );
    expect(verifyEventChain(await programs.listEvents('chain-rehash'))).toEqual({ valid: false, brokenAt: 3 });
  });

  it('a removed event is found at the event after it', async () => {
    await trail('chain-gap', 4);
    await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: itemKeys.event('chain-gap', 2) }));
    expect(verifyEventChain(await programs.listEvents('chain-gap'))).toEqual({ valid: false, brokenAt: 3 });
  });

  it('chains an event to the hash its caller carries, the same chain as reading the previous event gives', async () => {
    const carried = 'audit-carried';
    const first = await programs.putEvent(event(carried, 1));
    const second = await programs.putEvent(event(carried, 2), first);
    await programs.putEvent(event(carried, 3), second);
    const read = 'audit-read';
    await trail(read, 3);
    const hashes = async (id: string) => (await programs.listEvents(id)).map((e) => [e.prevHash === genesisHash ? 'genesis' : 'chained', e.seq]);
    expect(verifyEventChain(await programs.listEvents(carried))).toEqual({ valid: true, brokenAt: null });
    expect(await hashes(carried)).toEqual(await hashes(read));
  });

  it('returns the hash of the event as stored, also to a retried write', async () => {
    const id = 'audit-returned';
    const written = await programs.putEvent(event(id, 1));
    const retried = await programs.putEvent(event(id, 1, { comment: 'berbeda' }));
    expect([retried, (await programs.listEvents(id))[0]?.hash]).toEqual([written, written]);
  });

  it('keeps the chains of programmes apart', async () => {
    await trail('chain-a', 2);
    await trail('chain-b', 2);
    const [a, b] = [await programs.listEvents('chain-a'), await programs.listEvents('chain-b')];
    expect(a[0]!.prevHash).toBe(genesisHash);
    expect(b[0]!.prevHash).toBe(genesisHash);
    expect(verifyEventChain(a).valid && verifyEventChain(b).valid).toBe(true);
    expect(verifyEventChain([a[0]!, b[1]!])).toEqual({ valid: false, brokenAt: 2 });
  });
});
