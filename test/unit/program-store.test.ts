/**
 * The programme store against a real dynalite, started in-process: reading a programme's whole
 * partition in one Query (the signing routing with it), and listing overdue programmes across stages from `byStageDue`
 * (bounded by due time, merged, paged) with the other filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { Signature } from '../../domain/signing.js';
import type { Stage } from '../../domain/stages.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { putOnceOrStored } from '../../store/items.js';
import { InvalidCursorError, createProgramStore, type ProgramFilter, type ProgramStore } from '../../store/programs.js';
import { createReportStore } from '../../store/reports.js';
import { createSigningStore, signingKeys } from '../../store/signing.js';

let dynalite: Dynalite;
let db: Dynamo;
let programs: ProgramStore;

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-program-store-test' });
  await ensureTable(db);
  programs = createProgramStore(db);
});

afterAll(async () => {
  db?.client.destroy();
  await dynalite?.stop();
});

let serial = 0;
const idOf = () => (serial++).toString(16).padStart(20, '0');
const person = { userId: 'kadinkes', name: 'dr. Kepala', title: 'Kepala Dinas Kesehatan' };

function record(over: Partial<ProgramRecord> & { opdId?: string; dimension?: string; quickWin?: boolean } = {}): ProgramRecord {
  const { opdId = 'dinkes', dimension = 'living', quickWin = false, ...rest } = over;
  const id = rest.id ?? idOf();
  const at = '2027-01-02T00:00:00.000Z';
  return {
    id,
    workflowId: `program-${id}`,
    proposal: {
      title: `Program ${id}`,
      summary: 'Uji.',
      opdId,
      dimension,
      quickWin,
      budgetIdr: 1,
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      reportingCadence: 'monthly',
      kpis: [{ name: 'KPI', unit: 'unit', target: 1 }],
    },
    proposalVersion: 1,
    proposer: person,
    requestHash: 'h',
    stage: 'diskominfo_review',
    stageSeq: 1,
    stageOpenedAt: at,
    awaiting: [],
    dueAt: null,
    dueDate: null,
    eventSeq: 1,
    createdAt: at,
    updatedAt: at,
    ...rest,
  };
}

describe('putOnceOrStored', () => {
  it('keeps the first item under a key and answers a second put with it', async () => {
    const read = (item: Record<string, unknown>) => item['value'];
    expect(await putOnceOrStored(db, { pk: 'TEST#once', sk: 'TEST', value: 'first' }, read)).toBe('first');
    expect(await putOnceOrStored(db, { pk: 'TEST#once', sk: 'TEST', value: 'second' }, read)).toBe('first');
  });
});

describe('readProgram', () => {
  it('reads every item of the partition in one Query, as the per-kind reads see them', async () => {
    const program = record({ stage: 'implementation', stageSeq: 5 });
    const id = program.id;
    const reports = createReportStore(db);
    const signing = createSigningStore(db);
    await programs.createProgram(program);
    await programs.reviseProposal(id, 2, { ...program.proposal, title: 'Revisi' }, '2027-01-03T00:00:00.000Z');
    for (const seq of [1, 2]) {
      await programs.putStage({
        programId: id,
        stageSeq: seq,
        stage: 'diskominfo_review',
        openedAt: `2027-01-0${seq}T00:00:00.000Z`,
        dueAt: null,
        assignees: [person],
        outcome: null,
      });
    }
    for (const seq of [1, 2, 3]) {
      await programs.putEvent({
        programId: id,
        seq,
        type: 'stage_opened',
        at: `2027-01-0${seq}T00:00:00.000Z`,
        actor: null,
        channel: 'system',
        fromStage: null,
        toStage: 'diskominfo_review',
        stageSeq: 1,
        decision: null,
        comment: null,
      });
    }
    const sig = (office: Signature['office'], at: string): Signature => ({
      office,
      official: person,
      signedBy: person,
      capacity: 'self',
      basis: null,
      at,
      channel: 'api',
    });
    await signing.putSignature(id, 4, sig('sekda', '2027-01-05T02:00:00.000Z'));
    await signing.putSignature(id, 4, sig('bupati', '2027-01-05T01:00:00.000Z'));
    await putOnceOrStored(db, { ...signingKeys.programCommitment(id), kind: 'commitment_pointer', hash: 'c'.repeat(64) }, () => null);
    await reports.putPeriod({
      programId: id,
      id: '2027-01',
      start: '2027-01-04',
      end: '2027-01-31',
      dueDate: '2027-02-05',
      dueAt: '2027-02-05T16:59:59.999Z',
      last: false,
    });
    const report = {
      programId: id,
      period: '2027-01',
      percentComplete: 10,
      narrative: 'n',
      kpiValues: [],
      evidenceLinks: [],
      submittedBy: person,
      channel: 'api' as const,
    };
    await reports.putReport({ ...report, version: 2, at: '2027-02-02T00:00:00.000Z' });
    await reports.putReport({ ...report, version: 1, at: '2027-02-01T00:00:00.000Z' });
    // Another programme's items stay out.
    await programs.createProgram(record({ id: id.replace(/.$/, 'f') }));

    const items = await programs.readProgram(id);

    expect(items).toEqual({
      program: await programs.getProgram(id),
      proposalVersions: await programs.listProposalVersions(id),
      stages: await programs.listStages(id),
      events: await programs.listEvents(id),
      signatures: await signing.listSignatures(id),
      commitmentHash: 'c'.repeat(64),
      periods: await reports.listPeriods(id),
      reports: await reports.listReports(id),
      signingRouting: null,
    });
    expect(items?.proposalVersions.map((v) => v.version)).toEqual([1, 2]);
    expect(items?.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(items?.signatures.map((s) => s.office)).toEqual(['bupati', 'sekda']);
    expect(items?.reports.map((r) => r.version)).toEqual([1, 2]);
    expect(await programs.readProgram('0'.repeat(19) + 'e')).toBeNull();
  });
});

describe('signing routing', () => {
  const route = (office: 'bupati' | 'sekda', userId: string) => ({
    office,
    official: { userId, name: userId, title: office },
    signer: { userId, name: userId, title: office },
    capacity: 'self' as const,
    basis: null,
  });

  it('is read with the programme: the newest occurrence, as last routed', async () => {
    const id = idOf();
    await programs.createProgram(record({ id, stage: 'signing', stageSeq: 5 }));
    await programs.putSigningRouting(id, { stageSeq: 2, round: 4, offices: ['bupati'], routes: [route('bupati', 'old')] });
    await programs.putSigningRouting(id, { stageSeq: 5, round: 9, offices: ['bupati', 'sekda'], routes: [route('bupati', 'a'), route('sekda', 'b')] });
    await programs.putSigningRouting(id, { stageSeq: 5, round: 12, offices: ['bupati', 'sekda'], routes: [route('bupati', 'plt'), route('sekda', 'b')] });

    const routing = (await programs.readProgram(id))?.signingRouting;
    expect(routing?.stageSeq).toBe(5);
    expect(routing?.routes.map((r) => r.signer.userId)).toEqual(['plt', 'b']);
  });

  it('a write of an older round (a late retry) does not replace a newer one', async () => {
    const id = idOf();
    await programs.createProgram(record({ id, stage: 'signing', stageSeq: 5 }));
    await programs.putSigningRouting(id, { stageSeq: 5, round: 12, offices: ['bupati'], routes: [route('bupati', 'plt')] });
    await programs.putSigningRouting(id, { stageSeq: 5, round: 9, offices: ['bupati'], routes: [route('bupati', 'a')] });

    expect((await programs.readProgram(id))?.signingRouting?.routes.map((r) => r.signer.userId)).toEqual(['plt']);
  });
});

describe('listing overdue programmes', () => {
  const now = '2027-03-01T00:00:00.000Z';
  const due = (day: number) => `2027-02-${String(day).padStart(2, '0')}T16:59:59.999Z`;
  let overdue: ProgramRecord[];
  let opd: string;

  beforeAll(async () => {
    // One OPD of its own, so programmes of other tests do not show up.
    opd = 'opd-overdue';
    const at = (stage: Stage, day: number, over: Parameters<typeof record>[0] = {}) =>
      record({ stage, dueAt: due(day), dueDate: `2027-02-${day}`, opdId: opd, ...over });
    overdue = [
      at('implementation', 10),
      at('diskominfo_review', 11, { quickWin: true }),
      at('signing', 12),
      at('revision', 13, { dimension: 'economy' }),
      at('sekda_approval', 14, { quickWin: true }),
      at('diskominfo_review', 15),
      at('implementation', 16, { quickWin: true, dimension: 'economy' }),
    ];
    const notOverdue = [
      record({ stage: 'diskominfo_review', dueAt: '2027-03-02T16:59:59.999Z', opdId: opd }),
      record({ stage: 'implementation', dueAt: null, opdId: opd }),
      record({ stage: 'rejected', dueAt: null, opdId: opd }),
    ];
    for (const p of [...notOverdue, ...overdue].reverse()) await programs.createProgram(p);
  });

  async function walk(filter: ProgramFilter, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await programs.listPrograms(filter, { limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
      expect(pages).toBeLessThan(50);
    } while (cursor);
    return { ids, pages };
  }

  const idsWhere = (keep: (p: ProgramRecord) => boolean) => overdue.filter(keep).map((p) => p.id);

  it('lists every stage’s overdue programmes, most overdue first, whatever the page size', async () => {
    const expected = idsWhere(() => true);
    expect((await walk({ opdId: opd, overdueAt: now }, 100)).ids).toEqual(expected);
    const oneByOne = await walk({ opdId: opd, overdueAt: now }, 1);
    expect(oneByOne.ids).toEqual(expected);
    expect(oneByOne.pages).toBeGreaterThanOrEqual(expected.length);
    expect((await walk({ opdId: opd, overdueAt: now }, 3)).ids).toEqual(expected);
  });

  it('is empty, without a cursor, when nothing is overdue yet', async () => {
    const page = await programs.listPrograms({ opdId: opd, overdueAt: '2027-02-01T00:00:00.000Z' }, { limit: 20 });
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it('combines with stage, quick win and dimension', async () => {
    expect((await walk({ opdId: opd, overdueAt: now, quickWin: true }, 1)).ids).toEqual(idsWhere((p) => p.proposal.quickWin));
    expect((await walk({ opdId: opd, overdueAt: now, dimension: 'economy' }, 2)).ids).toEqual(idsWhere((p) => p.proposal.dimension === 'economy'));
    expect((await walk({ opdId: opd, overdueAt: now, stage: 'implementation' }, 1)).ids).toEqual(idsWhere((p) => p.stage === 'implementation'));
    expect((await walk({ opdId: opd, overdueAt: now, stage: 'implementation', quickWin: false }, 1)).ids).toEqual(
      idsWhere((p) => p.stage === 'implementation' && !p.proposal.quickWin),
    );
    expect((await walk({ opdId: 'nobody', overdueAt: now }, 5)).ids).toEqual([]);
  });

  it('refuses a cursor it did not give', async () => {
    const plain = await programs.listPrograms({ opdId: opd }, { limit: 1 });
    const overduePage = await programs.listPrograms({ opdId: opd, overdueAt: now }, { limit: 1 });
    expect(plain.nextCursor).not.toBeNull();
    expect(overduePage.nextCursor).not.toBeNull();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of ['not-a-cursor', plain.nextCursor!, b64({ dueAfter: 'x' }), b64({ dueAfter: `${now}#a`, extra: 1 }), b64([1])]) {
      await expect(programs.listPrograms({ overdueAt: now }, { limit: 5, cursor }), cursor).rejects.toBeInstanceOf(InvalidCursorError);
    }
    for (const cursor of [overduePage.nextCursor!, b64({ key: { pk: 1 } })]) {
      await expect(programs.listPrograms({ opdId: opd }, { limit: 5, cursor }), cursor).rejects.toBeInstanceOf(InvalidCursorError);
    }
    // A key cursor of another index names keys this one does not have.
    const byStage = await programs.listPrograms({ stage: 'diskominfo_review' }, { limit: 1 });
    await expect(programs.listPrograms({ opdId: opd }, { limit: 5, cursor: byStage.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
