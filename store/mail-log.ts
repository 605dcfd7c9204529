/**
 * One record per intended email, keyed by its deterministic Message-ID and written before
 * sending: a retried activity skips what was sent, and resends (same Message-ID, so the
 * receiver can deduplicate) what may not have been.
 *
 * The emails of one activity step are recorded together: one read of what a previous attempt
 * stored, one write of the intents still missing, and after sending, one write saying which went
 * out (`intendAll`, `markAllSent`), instead of a write per email before and after each send.
 */
import { BatchGetCommand, BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from './client.js';
import { putOnceOrStored, withoutKeys } from './items.js';
import { itemKeys } from './table.js';

export interface MailRecord {
  messageId: string;
  to: string;
  subject: string;
  programId: string | null;
  createdAt: string;
  sentAt?: string;
  /**
   * For an email several activities may want to send at once (one notice for many programmes):
   * who recorded the intent first. Only that one sends it, on every retry; the others skip it.
   */
  owner?: string;
}

/** DynamoDB's limits per request: 100 keys read, 25 items written. */
const readChunk = 100;
const writeChunk = 25;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const mailItem = (record: MailRecord) => ({ ...itemKeys.mail(record.messageId), kind: 'mail', ...record });

export function createMailLogStore(db: Dynamo) {
  const TableName = db.tableName;

  /** Puts whole records, retrying what DynamoDB left unprocessed. */
  async function putAll(records: readonly MailRecord[]): Promise<void> {
    for (const chunk of chunks(records, writeChunk)) {
      let pending: Record<string, unknown>[] = chunk.map((r) => ({ PutRequest: { Item: mailItem(r) } }));
      while (pending.length > 0) {
        const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending } }));
        pending = out.UnprocessedItems?.[TableName] ?? [];
      }
    }
  }

  /** The stored records among these Message-IDs, strongly consistent. */
  async function getAll(messageIds: readonly string[]): Promise<Map<string, MailRecord>> {
    const found = new Map<string, MailRecord>();
    for (const chunk of chunks(messageIds, readChunk)) {
      let keys: Record<string, unknown>[] = chunk.map((id) => itemKeys.mail(id));
      while (keys.length > 0) {
        const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[TableName] ?? []) {
          const record = withoutKeys<MailRecord>(item);
          found.set(record.messageId, record);
        }
        keys = out.UnprocessedKeys?.[TableName]?.Keys ?? [];
      }
    }
    return found;
  }

  return {
    /** Records the intent to send; returns the record as stored (the first one wins). */
    async intend(record: MailRecord): Promise<MailRecord> {
      return putOnceOrStored(db, mailItem(record), withoutKeys<MailRecord>);
    },

    /**
     * Records the intents of one activity step at once and returns the records as stored: a
     * message a previous attempt recorded keeps its record (and its `sentAt`, if it went out).
     * Only for messages no other activity sends (no `owner`): the missing intents are written
     * without a condition, which is safe because only this step's attempts write these ids.
     */
    async intendAll(records: readonly MailRecord[]): Promise<MailRecord[]> {
      const stored = await getAll(records.map((r) => r.messageId));
      await putAll(records.filter((r) => !stored.has(r.messageId)));
      return records.map((r) => stored.get(r.messageId) ?? r);
    },

    async markSent(messageId: string, at: Date): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: itemKeys.mail(messageId),
          UpdateExpression: 'SET sentAt = :at',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },

    /** Records that these intended messages went out, in one write (per 25). */
    async markAllSent(records: readonly MailRecord[], at: Date): Promise<void> {
      await putAll(records.map((r) => ({ ...r, sentAt: at.toISOString() })));
    },
  };
}

export type MailLogStore = ReturnType<typeof createMailLogStore>;
