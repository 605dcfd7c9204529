/**
 * Proposal drafts: what an OPD's staff prepared for their Kepala OPD to submit (docs/product.md
 * §8). A draft keeps the form exactly as typed (every value a string), listed per OPD.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Assignee } from '../domain/program.js';
import type { Dynamo } from './client.js';
import { itemKeys, tableIndexes } from './table.js';

export interface ProposalDraftRecord {
  id: string;
  opdId: string;
  author: Assignee;
  /** The form's fields as typed. */
  fields: Record<string, unknown>;
  updatedAt: string;
}

const kindIndex = tableIndexes.byKind;

export function createDraftStore(db: Dynamo) {
  const TableName = db.tableName;
  return {
    async put(draft: ProposalDraftRecord): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: {
            ...itemKeys.draft(draft.id),
            [kindIndex.partitionKey]: 'KIND#draft',
            [kindIndex.sortKey]: `${draft.opdId}#${draft.id}`,
            kind: 'draft',
            data: draft,
          },
        }),
      );
    },

    async get(id: string): Promise<ProposalDraftRecord | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.draft(id), ConsistentRead: true }));
      return (out.Item?.['data'] as ProposalDraftRecord | undefined) ?? null;
    },

    async listOfOpd(opdId: string): Promise<ProposalDraftRecord[]> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'byKind',
          KeyConditionExpression: '#k = :kind AND begins_with(#s, :opd)',
          ExpressionAttributeNames: { '#k': kindIndex.partitionKey, '#s': kindIndex.sortKey },
          ExpressionAttributeValues: { ':kind': 'KIND#draft', ':opd': `${opdId}#` },
        }),
      );
      return (out.Items ?? []).map((i) => i['data'] as ProposalDraftRecord);
    },

    async delete(id: string): Promise<void> {
      await db.doc.send(new DeleteCommand({ TableName, Key: itemKeys.draft(id) }));
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;
