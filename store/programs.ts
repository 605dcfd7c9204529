/**
 * Programmes, their stage occurrences, proposal versions and audit events.
 * Every write is conditional and safe to repeat, because activities are retried and
 * dynalite has no transactions: a repeated write either finds its own effect or changes nothing.
 * Audit events form a hash chain per programme, so an event changed or removed in the table
 * afterwards is detectable (`verifyEventChain`).
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../domain/canonical-json.js';
import type { ProgramEvent, ProgramRecord, StageOutcome, StageRecord } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { Stage } from '../domain/stages.js';
import { isConditionFailed, type Dynamo } from './client.js';
import { itemKeys, programChildPrefix, tableIndexes, type IndexName } from './table.js';

/** The fields a stage change rewrites on the programme item. */
export type StagePatch = Pick<ProgramRecord, 'stage' | 'stageSeq' | 'stageOpenedAt' | 'awaiting' | 'dueAt' | 'dueDate' | 'eventSeq' | 'updatedAt'>;

export interface ProgramFilter {
  opdId?: string;
  stage?: Stage;
  dimension?: string;
  quickWin?: boolean;
  /** Only programmes whose current stage is past its due time at `now`. */
  overdueAt?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Null on the last page. */
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** An audit event as stored: chained to the programme's previous event by hash. */
export interface StoredEvent extends ProgramEvent {
  /** The hash of the programme's previous event; `genesisHash` for its first. */
  prevHash: string;
  /** SHA-256 of the event's canonical JSON, `prevHash` included (every field but `hash`). */
  hash: string;
}

/** What the first event of every programme chains to. */
export const genesisHash = '0'.repeat(64);

export function eventHash(event: Omit<StoredEvent, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...content } = event;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** Whether a programme's events (oldest first) are as written: the first event that is not, if any. */
export function verifyEventChain(events: readonly StoredEvent[]): { valid: boolean; brokenAt: number | null } {
  let previous = genesisHash;
  for (const e of events) {
    const hash = eventHash(e);
    if (e.prevHash !== previous || e.hash !== hash) return { valid: false, brokenAt: e.seq };
    previous = hash;
  }
  return { valid: true, brokenAt: null };
}

const NO_DUE = '~'; // sorts after every ISO timestamp: programmes nobody waits on come last

function stageIndexKeys(p: Pick<ProgramRecord, 'id' | 'stage' | 'dueAt'>) {
  const k = tableIndexes.byStageDue;
  return { [k.partitionKey]: `STAGE#${p.stage}`, [k.sortKey]: `${p.dueAt ?? NO_DUE}#${p.id}` };
}

function programIndexKeys(p: ProgramRecord) {
  return {
    [tableIndexes.byOpd.partitionKey]: `OPD#${p.proposal.opdId}`,
    [tableIndexes.byOpd.sortKey]: `${p.createdAt}#${p.id}`,
    [tableIndexes.byKind.partitionKey]: 'KIND#program',
    [tableIndexes.byKind.sortKey]: `${p.createdAt}#${p.id}`,
    ...stageIndexKeys(p),
  };
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, ...rest } = item;
  return rest as T;
};

function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidCursorError('cursor is not one this API returned');
}

export function createProgramStore(db: Dynamo) {
  const TableName = db.tableName;

  async function putOnce(Item: Record<string, unknown>): Promise<boolean> {
    try {
      await db.doc.send(new PutCommand({ TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  }

  async function queryChildren<T>(programId: string, prefix: string): Promise<T[]> {
    const items: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': itemKeys.program(programId).pk, ':prefix': prefix },
          ExclusiveStartKey,
        }),
      );
      for (const item of out.Items ?? []) items.push(strip<T>(item));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  return {
    /** Writes a new programme and its first proposal version; false when the programme already exists. */
    async createProgram(record: ProgramRecord): Promise<boolean> {
      const created = await putOnce({ ...itemKeys.program(record.id), kind: 'program', ...programIndexKeys(record), ...record });
      await putOnce({
        ...itemKeys.proposalVersion(record.id, record.proposalVersion),
        kind: 'proposal',
        version: record.proposalVersion,
        proposal: record.proposal,
        at: record.createdAt,
      });
      return created;
    },

    /** Moves the programme item to a new stage, unless a newer event was applied already. */
    async applyStage(programId: string, patch: StagePatch): Promise<void> {
      const index = stageIndexKeys({ id: programId, stage: patch.stage, dueAt: patch.dueAt });
      const fields = { ...patch, ...index };
      const names = Object.keys(fields);
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: itemKeys.program(programId),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND eventSeq < :v' + names.indexOf('eventSeq'),
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
            ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n as keyof typeof fields]])),
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
        // A retry of an update already applied (or overtaken by a newer one): nothing to do.
      }
    },

    /** Moves the due time of the stage the programme is in (a reporting period closed, a deadline was extended). */
    async setDue(programId: string, stageSeq: number, due: { dueAt: string | null; dueDate: string | null }, at: string): Promise<void> {
      const item = await this.getProgram(programId);
      if (!item || item.stageSeq !== stageSeq) return; // the programme moved on; its new stage set its own due time
      const index = stageIndexKeys({ id: programId, stage: item.stage, dueAt: due.dueAt });
      const k = tableIndexes.byStageDue;
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: itemKeys.program(programId),
            UpdateExpression: 'SET dueAt = :dueAt, dueDate = :dueDate, updatedAt = :at, #gsk = :gsk',
            ConditionExpression: 'stageSeq = :seq',
            ExpressionAttributeNames: { '#gsk': k.sortKey },
            ExpressionAttributeValues: { ':dueAt': due.dueAt, ':dueDate': due.dueDate, ':at': at, ':gsk': index[k.sortKey], ':seq': stageSeq },
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
      if (due.dueAt !== null) {
        await db.doc
          .send(
            new UpdateCommand({
              TableName,
              Key: itemKeys.stage(programId, stageSeq),
              UpdateExpression: 'SET dueAt = :dueAt',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':dueAt': due.dueAt },
            }),
          )
          .catch((e: unknown) => {
            if (!isConditionFailed(e)) throw e;
          });
      }
    },

    /** Sets who is waited for in the current stage (signers re-routed). */
    async setAwaiting(programId: string, stageSeq: number, awaiting: ProgramRecord['awaiting'], at: string): Promise<void> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: itemKeys.program(programId),
            UpdateExpression: 'SET awaiting = :awaiting, updatedAt = :at',
            ConditionExpression: 'stageSeq = :seq',
            ExpressionAttributeValues: { ':awaiting': awaiting, ':at': at, ':seq': stageSeq },
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
    },

    async getProgram(programId: string): Promise<ProgramRecord | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.program(programId), ConsistentRead: true }));
      return out.Item ? strip<ProgramRecord>(out.Item) : null;
    },

    /** Writes a stage occurrence once; returns the record as stored (a retry gets the first one). */
    async putStage(stage: StageRecord): Promise<StageRecord> {
      if (await putOnce({ ...itemKeys.stage(stage.programId, stage.stageSeq), kind: 'stage', ...stage })) return stage;
      const stored = await this.getStage(stage.programId, stage.stageSeq);
      if (!stored) throw new Error(`stage ${stage.stageSeq} of ${stage.programId} vanished`);
      return stored;
    },

    /** Stores a new proposal version and makes it the current one (older versions stay). */
    async reviseProposal(programId: string, version: number, proposal: Proposal, at: string): Promise<void> {
      await putOnce({ ...itemKeys.proposalVersion(programId, version), kind: 'proposal', version, proposal, at });
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: itemKeys.program(programId),
            UpdateExpression: 'SET proposal = :proposal, proposalVersion = :version, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND proposalVersion < :version',
            ExpressionAttributeValues: { ':proposal': proposal, ':version': version, ':at': at },
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
    },

    /** Records how a stage ended; the first outcome written stays (a retry cannot overwrite it). */
    async closeStage(programId: string, stageSeq: number, outcome: StageOutcome): Promise<void> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: itemKeys.stage(programId, stageSeq),
            UpdateExpression: 'SET outcome = :outcome',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome = :null)',
            ExpressionAttributeValues: { ':outcome': outcome, ':null': null },
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
    },

    async getStage(programId: string, stageSeq: number): Promise<StageRecord | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.stage(programId, stageSeq), ConsistentRead: true }));
      return out.Item ? strip<StageRecord>(out.Item) : null;
    },

    listStages: (programId: string) => queryChildren<StageRecord>(programId, programChildPrefix.stage),
    listEvents: (programId: string) => queryChildren<StoredEvent>(programId, programChildPrefix.event),
    listProposalVersions: (programId: string) => queryChildren<{ version: number; proposal: Proposal; at: string }>(programId, programChildPrefix.proposal),

    /**
     * Audit events are written once and never updated, each chained to the one before it.
     * A programme's workflow writes its events one after another, so the previous event is
     * stored by now; a retried write finds its own event and changes nothing.
     */
    async putEvent(event: ProgramEvent): Promise<void> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
          ExpressionAttributeValues: {
            ':pk': itemKeys.program(event.programId).pk,
            ':first': programChildPrefix.event,
            ':before': itemKeys.event(event.programId, event.seq - 1).sk,
          },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const previous = out.Items?.[0];
      const chained = { ...event, prevHash: previous ? eventHash(strip<StoredEvent>(previous)) : genesisHash };
      await putOnce({ ...itemKeys.event(event.programId, event.seq), kind: 'event', ...chained, hash: eventHash(chained) });
    },

    /**
     * Lists programmes, newest first (or soonest due first within a stage), through the index
     * that fits the filter best; the remaining conditions filter within it.
     */
    async listPrograms(filter: ProgramFilter, options: { limit: number; cursor?: string }): Promise<Page<ProgramRecord>> {
      const index: IndexName = filter.stage ? 'byStageDue' : filter.opdId ? 'byOpd' : 'byKind';
      const k = tableIndexes[index];
      const partition = index === 'byStageDue' ? `STAGE#${filter.stage}` : index === 'byOpd' ? `OPD#${filter.opdId}` : 'KIND#program';

      const conditions: string[] = ['kind = :program'];
      const values: Record<string, unknown> = { ':pk': partition, ':program': 'program' };
      const names: Record<string, string> = { '#ipk': k.partitionKey };
      if (filter.opdId && index !== 'byOpd') {
        conditions.push('proposal.opdId = :opd');
        values[':opd'] = filter.opdId;
      }
      if (filter.dimension) {
        conditions.push('proposal.#dimension = :dimension');
        names['#dimension'] = 'dimension';
        values[':dimension'] = filter.dimension;
      }
      if (filter.quickWin !== undefined) {
        conditions.push('proposal.quickWin = :quickWin');
        values[':quickWin'] = filter.quickWin;
      }
      if (filter.overdueAt) {
        conditions.push('attribute_type(dueAt, :string) AND dueAt < :now');
        values[':string'] = 'S';
        values[':now'] = filter.overdueAt;
      }

      // A filter can leave a page short; keep reading until the page is full or the index ends.
      const items: ProgramRecord[] = [];
      let ExclusiveStartKey = decodeCursor(options.cursor);
      let lastKey: Record<string, unknown> | undefined;
      do {
        const out = await db.doc.send(
          new QueryCommand({
            TableName,
            IndexName: index,
            KeyConditionExpression: '#ipk = :pk',
            FilterExpression: conditions.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: index === 'byStageDue',
            Limit: options.limit - items.length,
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) items.push(strip<ProgramRecord>(item));
        lastKey = out.LastEvaluatedKey;
        ExclusiveStartKey = lastKey;
      } while (lastKey && items.length < options.limit);
      return { items, nextCursor: encodeCursor(lastKey) };
    },
  };
}

export type ProgramStore = ReturnType<typeof createProgramStore>;
