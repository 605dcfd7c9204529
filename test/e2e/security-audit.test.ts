/**
 * The audit trail as the API serves it: every event written by the workflow carries the hash
 * of the one before it, `GET /v1/programs/:id/events` verifies the chain, and an event changed
 * in DynamoDB behind the application's back is reported, with where the chain breaks.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemKeys } from '../../store/table.js';
import { as } from '../support/api.js';
import { decideByApi, propose } from '../support/flow.js';
import { stack } from '../support/stack.js';
import { openDocClient } from '../support/store.js';
import type { ProgramEvent } from '../support/types.js';

type Chained = ProgramEvent & { prevHash: string; hash: string };
interface Trail {
  programId: string;
  items: Chained[];
  chain: { valid: boolean; brokenAt: number | null };
}

async function trail(id: string): Promise<Trail> {
  const res = await as<Trail>('pemantau', 'GET', `/v1/programs/${id}/events`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('the audit trail is a hash chain', () => {
  it('chains every event of a programme, and finds the event that was changed, rewritten or removed', async () => {
    const { id } = await propose('kadis-kesehatan');
    await decideByApi('reviewer-kominfo-1', id, 'request_changes', 'Lengkapi KAK.');
    const before = await trail(id);
    expect(before.items.map((e) => e.type)).toEqual(['proposed', 'stage_opened', 'decided', 'stage_opened']);
    expect(before.chain).toEqual({ valid: true, brokenAt: null });
    expect(before.items[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < before.items.length; i++) expect(before.items[i]!.prevHash).toBe(before.items[i - 1]!.hash);

    const { doc, close } = openDocClient();
    const TableName = stack().tableName;
    try {
      // Someone with table access softens the reviewer's decision.
      await doc.send(
        new UpdateCommand({
          TableName,
          Key: itemKeys.event(id, 3),
          UpdateExpression: 'SET #d = :d, #c = :c',
          ExpressionAttributeNames: { '#d': 'decision', '#c': 'comment' },
          ExpressionAttributeValues: { ':d': 'approve', ':c': 'Setuju.' },
        }),
      );
      const tampered = await trail(id);
      expect(tampered.items[2]).toMatchObject({ decision: 'approve', comment: 'Setuju.' });
      expect(tampered.chain).toEqual({ valid: false, brokenAt: 3 });

      // Put back exactly as it was: the chain holds again.
      const original = before.items[2]!;
      await doc.send(new PutCommand({ TableName, Item: { ...itemKeys.event(id, 3), kind: 'event', ...original } }));
      expect((await trail(id)).chain).toEqual({ valid: true, brokenAt: null });

      // Removing an event breaks the link of the one after it.
      await doc.send(new DeleteCommand({ TableName, Key: itemKeys.event(id, 2) }));
      expect((await trail(id)).chain).toEqual({ valid: false, brokenAt: 3 });
      await doc.send(new PutCommand({ TableName, Item: { ...itemKeys.event(id, 2), kind: 'event', ...before.items[1]! } }));
      expect((await trail(id)).chain).toEqual({ valid: true, brokenAt: null });
    } finally {
      close();
    }

    // The workflow keeps writing onto the chain.
    const resubmitted = await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/revisions`, {
      json: { ...(await as<{ proposal: object }>('pemantau', 'GET', `/v1/programs/${id}`)).body.proposal, comment: 'KAK terlampir.' },
    });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    const after = await trail(id);
    expect(after.items).toHaveLength(6);
    expect(after.chain).toEqual({ valid: true, brokenAt: null });
    expect(after.items[4]!.prevHash).toBe(before.items[3]!.hash);
  });
});
