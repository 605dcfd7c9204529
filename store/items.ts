/**
 * Writing an item once. dynalite has no transactions, so every write the workflow's activities
 * repeat on retry is a put conditioned on the key being new: the first write wins, and a retry
 * (or a second writer) gets back what is stored instead of overwriting it.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type Dynamo } from './client.js';

type Item = Record<string, unknown> & { pk: string; sk: string };

/** Puts an item unless its key exists; false when it did. */
export async function putOnce(db: Dynamo, Item: Item): Promise<boolean> {
  try {
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/**
 * Puts an item once and answers with what the table holds under its key: the item given, or
 * the one stored first. `read` turns a stored item into what the caller keeps (it is given the
 * new item too, so both answers have the same shape).
 */
export async function putOnceOrStored<T>(db: Dynamo, Item: Item, read: (item: Record<string, unknown>) => T): Promise<T> {
  if (await putOnce(db, Item)) return read(Item);
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: Item.pk, sk: Item.sk }, ConsistentRead: true }));
  if (!out.Item) throw new Error(`${Item.pk} ${Item.sk} vanished after a conditional put found it`);
  return read(out.Item);
}
