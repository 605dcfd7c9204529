/**
 * The shapes every entity of the store reads and writes with, so each module says only what
 * is particular to it (keys, conditions):
 *  - put once: dynalite has no transactions, so every write the workflow's activities repeat
 *    on retry is a put conditioned on the key being new: the first write wins, and a retry (or
 *    a second writer) gets back what is stored instead of overwriting it;
 *  - get one item, query every page of a partition prefix or of one kind;
 *  - a conditional update whose failed condition is an answer (null), not an error.
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type Dynamo } from './client.js';
import { tableIndexes } from './table.js';

type Item = Record<string, unknown> & { pk: string; sk: string };
type Key = { pk: string; sk: string };
/** Turns a stored item into what the caller keeps. */
type Read<T> = (item: Record<string, unknown>) => T;

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
 * the one stored first. `read` is given the new item too, so both answers have the same shape.
 */
export async function putOnceOrStored<T>(db: Dynamo, Item: Item, read: Read<T>): Promise<T> {
  if (await putOnce(db, Item)) return read(Item);
  const stored = await getItem(db, { pk: Item.pk, sk: Item.sk }, read);
  if (stored === null) throw new Error(`${Item.pk} ${Item.sk} vanished after a conditional put found it`);
  return stored;
}

/** One item by key, or null. Reads are strongly consistent unless `consistent` is false. */
export async function getItem<T>(db: Dynamo, Key: Key, read: Read<T>, consistent = true): Promise<T | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key, ConsistentRead: consistent }));
  return out.Item ? read(out.Item) : null;
}

/** Every item a Query answers, page after page. */
export async function queryAll<T>(db: Dynamo, query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, read: Read<T>): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new QueryCommand({ TableName: db.tableName, ...query, ExclusiveStartKey }));
    for (const item of out.Items ?? []) items.push(read(item));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The items of partition `pk` whose sort key starts with `prefix` (a programme's children of one kind), in sort-key order. */
export const queryPrefix = <T>(db: Dynamo, pk: string, prefix: string, read: Read<T>): Promise<T[]> =>
  queryAll(
    db,
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix }, ConsistentRead: true },
    read,
  );

const kindIndex = tableIndexes.byKind;

/** The index attributes that list an item among every item of its kind, ordered by `sortValue`. */
export const kindKeys = (kind: string, sortValue: string) => ({ [kindIndex.partitionKey]: `KIND#${kind}`, [kindIndex.sortKey]: sortValue });

/** Every item of one kind (`kindKeys`), through the `byKind` index. */
export const queryKind = <T>(db: Dynamo, kind: string, read: Read<T>): Promise<T[]> =>
  queryAll(
    db,
    {
      IndexName: 'byKind',
      KeyConditionExpression: '#k = :kind',
      ExpressionAttributeNames: { '#k': kindIndex.partitionKey },
      ExpressionAttributeValues: { ':kind': `KIND#${kind}` },
    },
    read,
  );

/** An UpdateItem with a condition; null when the condition did not hold (the caller says what that means). */
export async function updateIf(db: Dynamo, update: Omit<UpdateCommandInput, 'TableName'>): Promise<UpdateCommandOutput | null> {
  try {
    return await db.doc.send(new UpdateCommand({ TableName: db.tableName, ...update }));
  } catch (e) {
    if (isConditionFailed(e)) return null;
    throw e;
  }
}

/** An entity stored flat: the item without its key, kind and index attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, ...rest } = item;
  return rest as T;
}

/** The `data` attribute an entity keeps its record in. */
export const dataOf =
  <T>() =>
  (item: Record<string, unknown>): T =>
    item['data'] as T;

/**
 * Puts `Item` (carrying `version + 1`) over the record made from `version`; false when it changed
 * meanwhile. A record written before versions were kept (a seed) counts as version 0.
 */
export async function putNextVersion(db: Dynamo, Item: Item, version: number): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item,
        ConditionExpression: version === 0 ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :v)' : 'version = :v',
        ExpressionAttributeValues: { ':v': version },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/**
 * An audited record's change history (the masterplan, an OPD, a person, the signing policy):
 * each change (who, when, before, after) kept once under `CHANGE#<version>` in the record's own
 * partition, so a retried change is not kept twice and the history reads in version order.
 */
export function changeHistory<Change extends { version: number }>(db: Dynamo, kind: string) {
  const prefix = 'CHANGE#';
  return {
    record: (pk: string, change: Change) => putOnce(db, { pk, sk: `${prefix}${String(change.version).padStart(6, '0')}`, kind, data: change }),
    list: (pk: string): Promise<Change[]> => queryPrefix(db, pk, prefix, dataOf<Change>()),
  };
}
