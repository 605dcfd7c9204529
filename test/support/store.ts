/** Direct reads of the stack's DynamoDB table, through the project's own store. */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createStore, type Store } from '../../store/index.js';
import { itemKeys } from '../../store/table.js';
import { stack } from './stack.js';

const region = 'ap-southeast-3';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function openStore(): Store {
  const s = stack();
  return createStore({ endpoint: s.dynamodbEndpoint, region, tableName: s.tableName });
}

/** A raw document client, to read items exactly as stored (keys and all). */
export function openDocClient(): { doc: DynamoDBDocumentClient; close: () => void } {
  const client = new DynamoDBClient({ endpoint: stack().dynamodbEndpoint, region, credentials });
  return { doc: DynamoDBDocumentClient.from(client), close: () => client.destroy() };
}

/** The stored item of an emailed link token (only its SHA-256 hash is a key). */
export async function rawTokenItem(doc: DynamoDBDocumentClient, token: string): Promise<Record<string, unknown> | undefined> {
  const hash = createHash('sha256').update(token).digest('hex');
  const out = await doc.send(new GetCommand({ TableName: stack().tableName, Key: itemKeys.linkToken(hash), ConsistentRead: true }));
  return out.Item;
}
