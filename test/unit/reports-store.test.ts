// The report store against a real in-process dynalite: conditional writes, retries that find
// their own effect, and the order reports are listed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { PeriodRecord, ProgressReport } from '../../domain/reports.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { createProgramStore } from '../../store/programs.js';
import { createReportStore, reportKeys, type ReportStore } from '../../store/reports.js';

let server: Dynalite;
let db: Dynamo;
let reports: ReportStore;

beforeAll(async () => {
  server = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: server.endpoint, region: 'ap-southeast-3', tableName: 'alur-reports-test' });
  await ensureTable(db);
  reports = createReportStore(db);
});

afterAll(async () => {
  db.client.destroy();
  await server.stop();
});

const opdHead = { userId: 'u-dinkes-head', name: 'dr. Syafrizal', title: 'Kepala Dinas Kesehatan' };

function report(programId: string, period: string, version: number, over: Partial<ProgressReport> = {}): ProgressReport {
  return {
    programId,
    period,
    version,
    percentComplete: 10 * version,
    narrative: `Laporan ${period} versi ${version}`,
    kpiValues: [{ name: 'Puskesmas terhubung', value: version }],
    evidenceLinks: [],
    submittedBy: opdHead,
    channel: 'api',
    at: `2027-02-0${version}T03:00:00.000Z`,
    ...over,
  };
}

function period(programId: string, id: string, over: Partial<PeriodRecord> = {}): PeriodRecord {
  return { programId, id, start: '2027-01-01', end: '2027-01-31', dueDate: '2027-02-05', dueAt: '2027-02-05T17:00:00.000Z', last: false, ...over };
}

describe('report store', () => {
  it('keys reports by period and a three-digit version', () => {
    expect(reportKeys.report('p1', '2027-01', 7)).toEqual({ pk: 'PROGRAM#p1', sk: 'REPORT#2027-01#007' });
    expect(reportKeys.period('p1', '2027-Q1')).toEqual({ pk: 'PROGRAM#p1', sk: 'PERIOD#2027-Q1' });
    expect(() => reportKeys.report('p1', '2027-01', 0)).toThrow(RangeError);
    expect(() => reportKeys.report('p1', '2027-01', 1000)).toThrow(RangeError);
  });

  it('putReport writes once; a retry gets the stored report back, not its own', async () => {
    const first = report('p-idem', '2027-01', 1);
    expect(await reports.putReport(first)).toEqual(first);
    const retry = report('p-idem', '2027-01', 1, { narrative: 'a different body with the same key', at: '2027-03-01T00:00:00.000Z' });
    expect(await reports.putReport(retry)).toEqual(first);
    expect(await reports.listReports('p-idem')).toEqual([first]);
    expect(await reports.getReport('p-idem', '2027-01', 1)).toEqual(first);
    expect(await reports.getReport('p-idem', '2027-01', 2)).toBeNull();
  });

  it('concurrent writes of the same version keep exactly one', async () => {
    const candidates = [1, 2, 3, 4, 5].map((i) => report('p-race', '2027-02', 1, { narrative: `candidate ${i}` }));
    const results = await Promise.all(candidates.map((r) => reports.putReport(r)));
    const stored = await reports.listReports('p-race');
    expect(stored).toHaveLength(1);
    for (const r of results) expect(r).toEqual(stored[0]);
  });

  it('putPeriod: the first record wins (its due day stays) and is returned', async () => {
    const first = period('p-period', '2027-01');
    expect(await reports.putPeriod(first)).toEqual(first);
    const later = period('p-period', '2027-01', { dueDate: '2027-02-08', dueAt: '2027-02-08T17:00:00.000Z' });
    expect(await reports.putPeriod(later)).toEqual(first);
    expect(await reports.getPeriod('p-period', '2027-01')).toEqual(first);
    expect(await reports.getPeriod('p-period', '2027-02')).toBeNull();
  });

  it('lists periods in period order', async () => {
    for (const id of ['2027-03', '2027-01', '2027-12', '2027-02']) await reports.putPeriod(period('p-periods', id));
    expect((await reports.listPeriods('p-periods')).map((p) => p.id)).toEqual(['2027-01', '2027-02', '2027-03', '2027-12']);
  });

  it('lists reports by period, then version, across years and past nine versions; or one period only', async () => {
    const id = 'p-order';
    const written = [
      report(id, '2028-01', 1),
      report(id, '2027-11', 2),
      report(id, '2027-02', 10),
      report(id, '2027-02', 2),
      report(id, '2027-11', 1),
      report(id, '2027-02', 1),
      report(id, '2027-10', 1),
      report(id, '2027-02', 9),
    ];
    for (const r of written) await reports.putReport(r);
    const order = (await reports.listReports(id)).map((r) => `${r.period}v${r.version}`);
    expect(order).toEqual(['2027-02v1', '2027-02v2', '2027-02v9', '2027-02v10', '2027-10v1', '2027-11v1', '2027-11v2', '2028-01v1']);
    expect((await reports.listReports(id, '2027-02')).map((r) => r.version)).toEqual([1, 2, 9, 10]);
    expect(await reports.listReports(id, '2027-03')).toEqual([]);
  });

  it('orders quarters, and keeps a programme’s reports apart from other programmes and items', async () => {
    for (const q of ['2027-Q3', '2027-Q1', '2028-Q1', '2027-Q2']) await reports.putReport(report('p-quarters', q, 1));
    await reports.putReport(report('p-quarters-other', '2027-Q1', 1));
    await reports.putPeriod(period('p-quarters', '2027-Q1'));
    expect((await reports.listReports('p-quarters')).map((r) => r.period)).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2028-Q1']);
    expect(await reports.listPeriods('p-quarters')).toHaveLength(1);
  });

  it('returns records without table keys, and lives beside the programme store’s items', async () => {
    const r = report('p-clean', '2027-01', 1, { evidenceLinks: ['https://solselkab.go.id/berita/1'] });
    await reports.putReport(r);
    const [stored] = await reports.listReports('p-clean');
    expect(stored).toEqual(r);
    expect(Object.keys(stored!)).not.toContain('pk');
    expect(Object.keys(stored!)).not.toContain('kind');
    // The programme store's children queries must not pick up report items.
    const programs = createProgramStore(db);
    expect(await programs.listEvents('p-clean')).toEqual([]);
    expect(await programs.listStages('p-clean')).toEqual([]);
  });
});
