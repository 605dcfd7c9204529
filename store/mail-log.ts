/**
 * One record per intended email, keyed by its deterministic Message-ID and written before
 * sending: a retried activity skips what was sent, and resends (same Message-ID, so the
 * receiver can deduplicate) what may not have been.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

export function createMailLogStore(db: Dynamo) {
  const TableName = db.tableName;
  return {
    /** Records the intent to send; returns the record as stored (the first one wins). */
    async intend(record: MailRecord): Promise<MailRecord> {
      return putOnceOrStored(db, { ...itemKeys.mail(record.messageId), kind: 'mail', ...record }, withoutKeys<MailRecord>);
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
  };
}

export type MailLogStore = ReturnType<typeof createMailLogStore>;
