/**
 * The portfolio read against a real in-process dynalite: each recorded report updates its
 * programme's rollup (the newest version of a period wins, whatever order the writes come
 * in), and the portfolio is every programme with its rollup, rebuilt from the reports for a
 * programme that has none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { ProgressReport } from '../../domain/reports.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { putOnce } from '../../store/items.js';
import { createPortfolioStore, type PortfolioStore } from '../../store/portfolio.js';
import { createProgramStore } from '../../store/programs.js';
import { createReportStore, reportKeys, type ReportStore } from '../../store/reports.js';

let server: Dynalite;
let db: Dynamo;
let reports: ReportStore;
let portfolio: PortfolioStore;

beforeAll(async () => {
  server = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: server.endpoint, region: 'ap-southeast-3', tableName: 'alur-portfolio-test' });
  await ensureTable(db);
  reports = createReportStore(db);
  portfolio = createPortfolioStore(db);
});

afterAll(async () => {
  db.client.destroy();
  await server.stop();
});

const head = { userId: 'kadinkes', name: 'dr. Kepala', title: 'Kepala Dinas Kesehatan' };

function program(id: string, stage: ProgramRecord['stage']): ProgramRecord {
  return {
    id,
    workflowId: `program-${id}`,
    proposal: {
      title: `Program ${id}`,
      summary: 'Uji.',
      opdId: 'dinkes',
      dimension: 'living',
      quickWin: false,
      budgetIdr: 100,
      startDate: '2027-01-04',
      endDate: '2027-12-31',
      reportingCadence: 'monthly',
      kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
    },
    proposalVersion: 1,
    proposer: head,
    requestHash: 'h',
    stage,
    stageSeq: 5,
    stageOpenedAt: '2027-01-04T00:00:00.000Z',
    awaiting: [],
    dueAt: null,
    dueDate: null,
    eventSeq: 9,
    createdAt: `2027-01-02T00:00:00.000Z`,
    updatedAt: '2027-01-04T00:00:00.000Z',
  };
}

function report(programId: string, period: string, version: number, value: number, budgetRealisedIdr?: number): ProgressReport {
  return {
    programId,
    period,
    version,
    percentComplete: value * 5,
    narrative: 'Berjalan.',
    kpiValues: [{ name: 'Puskesmas terhubung', value }],
    evidenceLinks: [],
    ...(budgetRealisedIdr === undefined ? {} : { budgetRealisedIdr }),
    submittedBy: head,
    channel: 'api',
    at: `2027-0${version}-05T03:00:00.000Z`,
  };
}

const loaded = async (id: string) => (await portfolio.loadPortfolio()).find((p) => p.program.id === id);

describe('portfolio store', () => {
  it('keeps the newest version of each period, whatever order the versions are written in', async () => {
    await createProgramStore(db).createProgram(program('p-order', 'implementation'));
    await reports.putReport(report('p-order', '2027-02', 2, 4, 900));
    await reports.putReport(report('p-order', '2027-01', 1, 2, 500));
    await reports.putReport(report('p-order', '2027-02', 1, 3, 700));

    const p = await loaded('p-order');

    expect(p?.reports.map((r) => [r.period, r.version, r.kpiValues[0]?.value, r.budgetRealisedIdr])).toEqual([
      ['2027-01', 1, 2, 500],
      ['2027-02', 2, 4, 900],
    ]);
  });

  it('a retried report write leaves the rollup as it was', async () => {
    await createProgramStore(db).createProgram(program('p-retry', 'implementation'));
    const first = report('p-retry', '2027-01', 1, 2, 500);
    await reports.putReport(first);
    await reports.putReport({ ...first, percentComplete: 99 });

    const p = await loaded('p-retry');

    expect(p?.reports).toEqual([
      { period: '2027-01', version: 1, percentComplete: 10, kpiValues: [{ name: 'Puskesmas terhubung', value: 2 }], budgetRealisedIdr: 500 },
    ]);
  });

  it('rebuilds the rollup of a programme whose reports were stored without one', async () => {
    await createProgramStore(db).createProgram(program('p-old', 'completed'));
    // Written as before rollups were kept: the report item alone.
    const old = report('p-old', '2027-03', 1, 7);
    await putOnce(db, { ...reportKeys.report('p-old', '2027-03', 1), kind: 'report', ...old });

    const first = await loaded('p-old');
    const second = await loaded('p-old');

    expect(first?.reports.map((r) => r.period)).toEqual(['2027-03']);
    expect(second?.reports).toEqual(first?.reports);
  });

  it('a programme not yet in implementation has no reports and no rollup to rebuild', async () => {
    await createProgramStore(db).createProgram(program('p-review', 'diskominfo_review'));

    const p = await loaded('p-review');

    expect(p?.reports).toEqual([]);
  });
});
