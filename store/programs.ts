/**
 * Programmes, their stage occurrences, proposal versions and audit events.
 * Every write is conditional and safe to repeat, because activities are retried and
 * dynalite has no transactions: a repeated write either finds its own effect or changes nothing.
 * Audit events form a hash chain per programme, so an event changed or removed in the table
 * afterwards is detectable (`verifyEventChain`). The worker also seals each event with an HMAC
 * under a key only it holds, so whoever can write the table (the API) cannot rewrite an event
 * and re-hash the ones after it; and the workflow knows how many events it wrote, so removing
 * the newest is detectable too.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../domain/canonical-json.js';
import type { ProgramEvent, ProgramRecord, StageOutcome, StageRecord } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { PeriodRecord, ProgressReport } from '../domain/reports.js';
import { isEnded, stages, type Stage } from '../domain/stages.js';
import type { Dynamo } from './client.js';
import { getItem, putOnce, putOnceOrStored, queryAll, queryPrefix, updateIf, withoutKeys } from './items.js';
import type { SignerOffice, SignerRoute } from '../domain/signing.js';
import { bySigningOrder, signatureOfItem, signingKeys, type StoredSignature } from './signing.js';
import { itemKeys, programChildPrefix, tableIndexes, ttlAttribute, type IndexName } from './table.js';

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

export interface ProposalVersion {
  version: number;
  proposal: Proposal;
  at: string;
}

/** Everything stored under one programme's partition, read at once (`readProgram`). */
export interface ProgramItems {
  program: ProgramRecord;
  proposalVersions: ProposalVersion[];
  /** Stage occurrences, oldest first. */
  stages: StageRecord[];
  /** Audit events, oldest first. */
  events: StoredEvent[];
  /** By signing occurrence, then in the order given. */
  signatures: StoredSignature[];
  /** The hash of the programme's signed commitment, once there is one. */
  commitmentHash: string | null;
  /** Reporting periods recorded so far, in period order. */
  periods: PeriodRecord[];
  /** Every version of every report, by period, then version. */
  reports: ProgressReport[];
  /** Who signs each office of the newest signing occurrence, as last routed (null before signing, or for one opened before this was stored). */
  signingRouting: SigningRouting | null;
}

/**
 * The offices a signing occurrence needs and who may sign each, kept beside the programme so
 * its page shows them from the same one Query. `round` is the event sequence of the routing:
 * a write of an older round never replaces a newer one.
 */
export interface SigningRouting {
  stageSeq: number;
  round: number;
  offices: SignerOffice[];
  routes: SignerRoute[];
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** An audit event as stored: chained to the programme's previous event by hash. */
export interface StoredEvent extends ProgramEvent {
  /** The hash of the programme's previous event; `genesisHash` for its first. */
  prevHash: string;
  /** SHA-256 of the event's canonical JSON, `prevHash` included (every field but `hash` and `seal`). */
  hash: string;
  /** HMAC-SHA256 of `hash` under the worker's audit key (absent on events written without one). */
  seal?: string;
}

/** What the first event of every programme chains to. */
export const genesisHash = '0'.repeat(64);

export function eventHash(event: Omit<StoredEvent, 'hash'> & { hash?: string }): string {
  const { hash: _hash, seal: _seal, ...content } = event;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The seal of an event's hash under the audit key. */
export const eventSeal = (auditKey: string, hash: string) => createHmac('sha256', auditKey).update(hash).digest('hex');

/** What a verification knows beyond the events: the audit key, and how many events the programme's workflow wrote. */
export interface AuditAnchor {
  /** With the key, every event must carry a valid seal. */
  auditKey?: string;
  /** The workflow's count: the stored trail must be exactly this long. */
  eventCount?: number;
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

export interface ChainVerdict {
  valid: boolean;
  /** The first event that is not as written (or the first one missing); null when valid. */
  brokenAt: number | null;
  reason: 'changed' | 'expiring' | 'unsealed' | 'missing' | 'extra' | null;
}

/**
 * The chain checked against what its writer knows: an event rewritten and the chain re-hashed
 * after it fails its seal; the newest events removed leave the trail shorter than the
 * workflow's count. An event carrying a TTL attribute is broken too: an audit item never expires.
 */
export function verifyAnchoredTrail(events: readonly StoredEvent[], anchor: AuditAnchor): ChainVerdict {
  const chain = verifyEventChain(events);
  if (!chain.valid) return { ...chain, reason: 'changed' };
  for (const e of events) {
    if (ttlAttribute in e) return { valid: false, brokenAt: e.seq, reason: 'expiring' };
    if (anchor.auditKey !== undefined && !sealMatches(anchor.auditKey, e)) return { valid: false, brokenAt: e.seq, reason: 'unsealed' };
  }
  const count = anchor.eventCount;
  if (count !== undefined && events.length < count) return { valid: false, brokenAt: events.length + 1, reason: 'missing' };
  if (count !== undefined && events.length > count) return { valid: false, brokenAt: count + 1, reason: 'extra' };
  return { valid: true, brokenAt: null, reason: null };
}

function sealMatches(auditKey: string, e: StoredEvent): boolean {
  if (typeof e.seal !== 'string') return false;
  const expected = Buffer.from(eventSeal(auditKey, e.hash), 'hex');
  const actual = Buffer.from(e.seal, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
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

/**
 * A cursor is opaque to clients. An index listing's is DynamoDB's LastEvaluatedKey; the
 * overdue listing's is the `byStageDue` sort key (`<dueAt>#<id>`) of the last item it gave,
 * which orders programmes across all stages.
 */
type Cursor = { key: Record<string, unknown> } | { dueAfter: string };

function encodeCursor(cursor: Cursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify(cursor)).toString('base64url') : null;
}

const invalidCursor = () => new InvalidCursorError('cursor is not one this API returned');
const dueSortKeyPattern = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[\w-]+$/;

function decodeCursor<K extends 'key' | 'dueAfter'>(cursor: string | undefined, kind: K): Extract<Cursor, Record<K, unknown>> | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length !== 1) throw invalidCursor();
  const value = (parsed as Record<string, unknown>)[kind];
  const valid =
    kind === 'key'
      ? !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
      : typeof value === 'string' && dueSortKeyPattern.test(value);
  if (!valid) throw invalidCursor();
  return parsed as Extract<Cursor, Record<K, unknown>>;
}

/** Stages a programme can be overdue in: those someone can be waited for in. */
const waitingStages = stages.filter((s) => !isEnded(s));

/** `auditKey`: the worker's key that seals every audit event it writes (the API's store has none and writes none). */
export function createProgramStore(db: Dynamo, options: { auditKey?: string } = {}) {
  const TableName = db.tableName;

  const queryChildren = <T>(programId: string, prefix: string) => queryPrefix(db, itemKeys.program(programId).pk, prefix, withoutKeys<T>);

  /** The FilterExpression of a listing's conditions on the programme item. */
  function filterOf(filter: Pick<ProgramFilter, 'opdId' | 'dimension' | 'quickWin'>) {
    const conditions: string[] = ['kind = :program'];
    const values: Record<string, unknown> = { ':program': 'program' };
    const names: Record<string, string> = {};
    if (filter.opdId) {
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
    return { expression: conditions.join(' AND '), names, values };
  }

  /**
   * Up to `limit` programmes of one stage due before `now` (and after `after`), soonest due
   * first, that match the filter. The key condition bounds the read by due time, so the cost
   * follows the overdue programmes, not all of them; `more` when the stage may hold more.
   */
  async function overdueInStage(
    stage: Stage,
    filter: ProgramFilter,
    now: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ items: { dueKey: string; program: ProgramRecord }[]; more: boolean }> {
    const k = tableIndexes.byStageDue;
    const where = filterOf(filter);
    const items: { dueKey: string; program: ProgramRecord }[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'byStageDue',
          // The sort key is `<dueAt>#<id>` ('~' when nobody is waited for), so `< now` is "overdue".
          KeyConditionExpression: after ? '#ipk = :pk AND #isk BETWEEN :after AND :now' : '#ipk = :pk AND #isk < :now',
          FilterExpression: where.expression,
          ExpressionAttributeNames: { ...where.names, '#ipk': k.partitionKey, '#isk': k.sortKey },
          ExpressionAttributeValues: { ...where.values, ':pk': `STAGE#${stage}`, ':now': now, ...(after ? { ':after': after } : {}) },
          Limit: limit - items.length + (after && !ExclusiveStartKey ? 1 : 0),
          ExclusiveStartKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const dueKey = String(item[k.sortKey]);
        if (dueKey !== after) items.push({ dueKey, program: withoutKeys<ProgramRecord>(item) });
      }
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return { items, more: ExclusiveStartKey !== undefined };
  }

  /**
   * Programmes overdue at `now`, most overdue first, across every waiting stage (or the one
   * asked for): each stage's slice of `byStageDue` is read in parallel and merged. The cursor
   * is the due key of the last programme given; due keys order programmes across stages, so
   * each stage resumes after it.
   */
  async function listOverdue(filter: ProgramFilter, now: string, options: { limit: number; cursor?: string }): Promise<Page<ProgramRecord>> {
    const after = decodeCursor(options.cursor, 'dueAfter')?.dueAfter;
    const slices = await Promise.all((filter.stage ? [filter.stage] : waitingStages).map((st) => overdueInStage(st, filter, now, after, options.limit)));
    const merged = slices.flatMap((x) => x.items).sort((a, b) => (a.dueKey < b.dueKey ? -1 : a.dueKey > b.dueKey ? 1 : 0));
    const page = merged.slice(0, options.limit);
    const more = merged.length > options.limit || slices.some((x) => x.more);
    const last = page.at(-1);
    return { items: page.map((x) => x.program), nextCursor: encodeCursor(more && last ? { dueAfter: last.dueKey } : null) };
  }

  /** The hash of the programme's event before `event` (the first chains to `genesisHash`). */
  async function previousHash(event: ProgramEvent): Promise<string> {
    if (event.seq === 1) return genesisHash;
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
    return previous ? eventHash(withoutKeys<StoredEvent>(previous)) : genesisHash;
  }

  return {
    /** Writes a new programme and its first proposal version; false when the programme already exists. */
    async createProgram(record: ProgramRecord): Promise<boolean> {
      const created = await putOnce(db, { ...itemKeys.program(record.id), kind: 'program', ...programIndexKeys(record), ...record });
      await putOnce(db, {
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
      // A retry of an update already applied (or overtaken by a newer one): nothing to do.
      await updateIf(db, {
        Key: itemKeys.program(programId),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND eventSeq < :v' + names.indexOf('eventSeq'),
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n as keyof typeof fields]])),
      });
    },

    /** Moves the due time of the stage the programme is in (a reporting period closed, a deadline was extended). */
    async setDue(programId: string, stageSeq: number, due: { dueAt: string | null; dueDate: string | null }, at: string): Promise<void> {
      const item = await this.getProgram(programId);
      if (!item || item.stageSeq !== stageSeq) return; // the programme moved on; its new stage set its own due time
      const index = stageIndexKeys({ id: programId, stage: item.stage, dueAt: due.dueAt });
      const k = tableIndexes.byStageDue;
      await updateIf(db, {
        Key: itemKeys.program(programId),
        UpdateExpression: 'SET dueAt = :dueAt, dueDate = :dueDate, updatedAt = :at, #gsk = :gsk',
        ConditionExpression: 'stageSeq = :seq',
        ExpressionAttributeNames: { '#gsk': k.sortKey },
        ExpressionAttributeValues: { ':dueAt': due.dueAt, ':dueDate': due.dueDate, ':at': at, ':gsk': index[k.sortKey], ':seq': stageSeq },
      });
      if (due.dueAt !== null) {
        await updateIf(db, {
          Key: itemKeys.stage(programId, stageSeq),
          UpdateExpression: 'SET dueAt = :dueAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':dueAt': due.dueAt },
        });
      }
    },

    /** Sets who is waited for in the current stage (signers re-routed). */
    async setAwaiting(programId: string, stageSeq: number, awaiting: ProgramRecord['awaiting'], at: string): Promise<void> {
      await updateIf(db, {
        Key: itemKeys.program(programId),
        UpdateExpression: 'SET awaiting = :awaiting, updatedAt = :at',
        ConditionExpression: 'stageSeq = :seq',
        ExpressionAttributeValues: { ':awaiting': awaiting, ':at': at, ':seq': stageSeq },
      });
    },

    /** Stores a signing occurrence's routing, unless a newer round is stored already. */
    async putSigningRouting(programId: string, routing: SigningRouting): Promise<void> {
      await updateIf(db, {
        Key: itemKeys.signingRouting(programId, routing.stageSeq),
        UpdateExpression: 'SET kind = :kind, stageSeq = :seq, round = :round, offices = :offices, routes = :routes',
        ConditionExpression: 'attribute_not_exists(pk) OR round <= :round',
        ExpressionAttributeValues: {
          ':kind': 'signing_routing',
          ':seq': routing.stageSeq,
          ':round': routing.round,
          ':offices': routing.offices,
          ':routes': routing.routes,
        },
      });
    },

    async getProgram(programId: string): Promise<ProgramRecord | null> {
      return getItem(db, itemKeys.program(programId), withoutKeys<ProgramRecord>);
    },

    /** Writes a stage occurrence once; returns the record as stored (a retry gets the first one). */
    putStage: (stage: StageRecord): Promise<StageRecord> =>
      putOnceOrStored(db, { ...itemKeys.stage(stage.programId, stage.stageSeq), kind: 'stage', ...stage }, withoutKeys<StageRecord>),

    /** Stores a new proposal version and makes it the current one (older versions stay). */
    async reviseProposal(programId: string, version: number, proposal: Proposal, at: string): Promise<void> {
      await putOnce(db, { ...itemKeys.proposalVersion(programId, version), kind: 'proposal', version, proposal, at });
      await updateIf(db, {
        Key: itemKeys.program(programId),
        UpdateExpression: 'SET proposal = :proposal, proposalVersion = :version, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND proposalVersion < :version',
        ExpressionAttributeValues: { ':proposal': proposal, ':version': version, ':at': at },
      });
    },

    /** Records how a stage ended; the first outcome written stays (a retry cannot overwrite it). */
    async closeStage(programId: string, stageSeq: number, outcome: StageOutcome): Promise<void> {
      await updateIf(db, {
        Key: itemKeys.stage(programId, stageSeq),
        UpdateExpression: 'SET outcome = :outcome',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome = :null)',
        ExpressionAttributeValues: { ':outcome': outcome, ':null': null },
      });
    },

    async getStage(programId: string, stageSeq: number): Promise<StageRecord | null> {
      return getItem(db, itemKeys.stage(programId, stageSeq), withoutKeys<StageRecord>);
    },

    listStages: (programId: string) => queryChildren<StageRecord>(programId, programChildPrefix.stage),
    listEvents: (programId: string) => queryChildren<StoredEvent>(programId, programChildPrefix.event),
    listProposalVersions: (programId: string) => queryChildren<ProposalVersion>(programId, programChildPrefix.proposal),

    /**
     * The programme and everything under its partition (versions, stages, events, signatures,
     * periods, reports) in one Query, paged until done: what a programme's page shows, in one
     * round trip. Null when there is no such programme.
     */
    async readProgram(programId: string): Promise<ProgramItems | null> {
      const programSk = itemKeys.program(programId).sk;
      const commitmentSk = signingKeys.programCommitment(programId).sk;
      const p = programChildPrefix;
      const read: Omit<ProgramItems, 'program'> & { program: ProgramRecord | null } = {
        program: null,
        proposalVersions: [],
        stages: [],
        events: [],
        signatures: [],
        commitmentHash: null,
        periods: [],
        reports: [],
        signingRouting: null,
      };
      const items = await queryAll(
        db,
        { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': itemKeys.program(programId).pk }, ConsistentRead: true },
        (item) => item,
      );
      for (const item of items) {
        const sk = String(item['sk']);
        if (sk === programSk) read.program = withoutKeys<ProgramRecord>(item);
        else if (sk === commitmentSk) read.commitmentHash = typeof item['hash'] === 'string' ? item['hash'] : null;
        else if (sk.startsWith(p.event)) read.events.push(withoutKeys<StoredEvent>(item));
        else if (sk.startsWith(p.stage)) read.stages.push(withoutKeys<StageRecord>(item));
        else if (sk.startsWith(p.proposal)) read.proposalVersions.push(withoutKeys<ProposalVersion>(item));
        else if (sk.startsWith(p.signature)) read.signatures.push(signatureOfItem(item));
        else if (sk.startsWith(p.period)) read.periods.push(withoutKeys<PeriodRecord>(item));
        else if (sk.startsWith(p.report)) read.reports.push(withoutKeys<ProgressReport>(item));
        else if (sk.startsWith(p.routing)) read.signingRouting = withoutKeys<SigningRouting>(item); // sort-key order: the newest occurrence last
      }
      const { program, ...rest } = read;
      return program ? { program, ...rest, signatures: rest.signatures.sort(bySigningOrder) } : null;
    },

    /** Whether the programme's event with this sequence number is stored (a retried activity finds its own). */
    async hasEvent(programId: string, seq: number): Promise<boolean> {
      return (await getItem(db, itemKeys.event(programId, seq), () => true)) !== null;
    },

    /**
     * Audit events are written once and never updated, each chained to the one before it.
     * A programme's workflow writes its events one after another, so the previous event is
     * stored by now; a retried write finds its own event and changes nothing. `prevHash` is
     * the previous event's hash when the caller knows it (the workflow carries the hash an
     * earlier write returned), which spares reading that event. Returns the hash of the event
     * as stored.
     */
    async putEvent(event: ProgramEvent, prevHash?: string): Promise<string> {
      const chained = { ...event, prevHash: prevHash ?? (await previousHash(event)) };
      const hash = eventHash(chained);
      const seal = options.auditKey ? { seal: eventSeal(options.auditKey, hash) } : {};
      const key = itemKeys.event(event.programId, event.seq);
      if (await putOnce(db, { ...key, kind: 'event', ...chained, hash, ...seal })) return hash;
      return (await getItem(db, key, (item) => String(item['hash']))) ?? hash;
    },

    /**
     * Lists programmes, newest first (or soonest due first within a stage), through the index
     * that fits the filter best; the remaining conditions filter within it. Overdue programmes
     * are listed by due time from `byStageDue` (see `listOverdue`).
     */
    async listPrograms(filter: ProgramFilter, options: { limit: number; cursor?: string }): Promise<Page<ProgramRecord>> {
      if (filter.overdueAt) return listOverdue(filter, filter.overdueAt, options);
      const index: IndexName = filter.stage ? 'byStageDue' : filter.opdId ? 'byOpd' : 'byKind';
      const k = tableIndexes[index];
      const partition = index === 'byStageDue' ? `STAGE#${filter.stage}` : index === 'byOpd' ? `OPD#${filter.opdId}` : 'KIND#program';
      const where = filterOf({ ...filter, opdId: index === 'byOpd' ? undefined : filter.opdId });

      // A filter can leave a page short; keep reading until the page is full or the index ends.
      const items: ProgramRecord[] = [];
      const start = decodeCursor(options.cursor, 'key')?.key;
      let ExclusiveStartKey = start;
      let lastKey: Record<string, unknown> | undefined;
      do {
        const out = await db.doc
          .send(
            new QueryCommand({
              TableName,
              IndexName: index,
              KeyConditionExpression: '#ipk = :pk',
              FilterExpression: where.expression,
              ExpressionAttributeNames: { ...where.names, '#ipk': k.partitionKey },
              ExpressionAttributeValues: { ...where.values, ':pk': partition },
              ScanIndexForward: index === 'byStageDue',
              Limit: options.limit - items.length,
              ExclusiveStartKey,
            }),
          )
          .catch((e: unknown) => {
            // A cursor of another listing names a key this index does not have.
            throw start && e instanceof Error && e.name === 'ValidationException' ? invalidCursor() : e;
          });
        for (const item of out.Items ?? []) items.push(withoutKeys<ProgramRecord>(item));
        lastKey = out.LastEvaluatedKey;
        ExclusiveStartKey = lastKey;
      } while (lastKey && items.length < options.limit);
      return { items, nextCursor: encodeCursor(lastKey ? { key: lastKey } : null) };
    },
  };
}

export type ProgramStore = ReturnType<typeof createProgramStore>;
