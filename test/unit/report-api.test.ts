// The pure parts of progress reporting at the API: the body schema, the KPI rule, the emailed
// form's parsing, the overdue arithmetic and the reporting overview.
import { describe, expect, it } from 'vitest';
import { LinkProblem, type FoundLink } from '../../api/links/link-handler.js';
import { reportLink } from '../../api/links/report-link.js';
import { overdueWorkingDays, progressOverview } from '../../api/progress-view.js';
import { kpiProblems, progressReportBody } from '../../api/routes/reports.js';
import { refusal } from '../../domain/roles.js';
import { WorkingCalendar, endOfWibDay } from '../../domain/calendar.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { PeriodRecord, ProgressReport } from '../../domain/reports.js';

const kpis: Proposal['kpis'] = [
  { name: 'Puskesmas terhubung', unit: 'unit', target: 12 },
  { name: 'Waktu tunggu', unit: 'menit', target: 15 },
];

const proposal = {
  title: 'Sistem Antrean Puskesmas Terpadu',
  summary: 'Antrean daring.',
  opdId: 'dinkes',
  dimension: 'living',
  quickWin: true,
  budgetIdr: 1_000_000,
  startDate: '2027-01-04',
  endDate: '2027-06-30',
  reportingCadence: 'monthly',
  kpis,
} satisfies Proposal;

// Implementation began on the programme's first day (its periods close at their ends).
const program = (stage: ProgramRecord['stage'] = 'implementation') => ({ id: 'p1', stage, proposal, stageOpenedAt: '2027-01-04T01:00:00.000Z' });

function link(period = '2027-02'): FoundLink {
  return {
    rawToken: 'raw',
    tokenHash: 'a'.repeat(64),
    token: { purpose: { kind: 'report', period }, programId: 'p1' },
    program: program(),
    summary: {},
    stage: null,
  } as unknown as FoundLink;
}

function problemOf(f: () => unknown): LinkProblem {
  try {
    f();
  } catch (e) {
    if (e instanceof LinkProblem) return e;
    throw e;
  }
  throw new Error('expected a LinkProblem');
}

describe('POST body', () => {
  const valid = { period: '2027-02', percentComplete: 40, narrative: 'Uji coba berjalan.', kpiValues: [{ name: 'Waktu tunggu', value: 20 }] };

  it('accepts a report and defaults evidence and correction', () => {
    const parsed = progressReportBody.parse(valid);
    expect(parsed).toEqual({ ...valid, evidenceLinks: [], correction: false });
  });

  it('rejects an empty body, stray fields, bad periods, percentages, links', () => {
    const paths = (body: unknown) => progressReportBody.safeParse(body).error?.issues.map((i) => i.path.join('.') || i.code) ?? [];
    expect(paths({})).toEqual(expect.arrayContaining(['period', 'percentComplete', 'narrative', 'kpiValues']));
    expect(paths({ ...valid, extra: 1 })).toEqual(['unrecognized_keys']);
    expect(paths({ ...valid, period: '2027-13' })).toEqual(['period']);
    expect(paths({ ...valid, percentComplete: 100.5 })).toEqual(['percentComplete']);
    expect(paths({ ...valid, percentComplete: '40' })).toEqual(['percentComplete']);
    expect(paths({ ...valid, narrative: '   ' })).toEqual(['narrative']);
    expect(paths({ ...valid, narrative: 'x'.repeat(5001) })).toEqual(['narrative']);
    expect(paths({ ...valid, evidenceLinks: ['javascript:alert(1)', 'https://ok.example/x', 'ftp://x.example/', 'https://a b.example/'] })).toEqual([
      'evidenceLinks.0',
      'evidenceLinks.2',
      'evidenceLinks.3',
    ]);
    expect(paths({ ...valid, evidenceLinks: Array.from({ length: 21 }, (_, i) => `https://x.example/${i}`) })).toEqual(['evidenceLinks']);
    expect(paths({ ...valid, kpiValues: [{ name: 'Waktu tunggu', value: '20' }] })).toEqual(['kpiValues.0.value']);
  });

  it('names KPI values that are not the programme’s, or repeated', () => {
    expect(kpiProblems([{ name: 'Waktu tunggu' }], kpis)).toEqual([]);
    expect(kpiProblems([], kpis)).toEqual([]);
    expect(kpiProblems([{ name: 'Waktu tunggu' }, { name: 'Lain' }, { name: 'Waktu tunggu' }], kpis).map((p) => p.path)).toEqual([
      'kpiValues.1.name',
      'kpiValues.2.name',
    ]);
  });

  it('lets only the proposing OPD report', () => {
    const p = { opdId: proposal.opdId, stage: 'implementation' as const };
    expect(refusal({ roles: ['opd_staff'], opdId: 'dinkes' }, 'report', p)).toBeNull();
    expect(refusal({ roles: ['opd_head'], opdId: 'bappeda' }, 'report', p)).toMatch(/proposing OPD/);
    expect(refusal({ roles: ['sekda'], opdId: null }, 'report', p)).toMatch(/proposing OPD/);
  });
});

describe('report link parsing', () => {
  it('reads the HTML form: decimals with comma or point, empty KPIs left out, one link per line', () => {
    const form = reportLink.parse(link(), {
      percentComplete: '37,5',
      narrative: '  Uji coba di 4 puskesmas.\r\nKendala: jaringan.  ',
      'kpi.0': '4',
      'kpi.1': '',
      evidenceLinks: 'https://solselkab.go.id/a\r\n\r\n  http://example.org/b  \n',
    });
    expect(form).toEqual({
      percentComplete: 37.5,
      narrative: 'Uji coba di 4 puskesmas.\nKendala: jaringan.',
      kpiValues: [{ name: 'Puskesmas terhubung', value: 4 }],
      evidenceLinks: ['https://solselkab.go.id/a', 'http://example.org/b'],
    });
  });

  it('reads JSON with the API’s field names, and a matching period', () => {
    const body = { period: '2027-02', percentComplete: 50, narrative: 'Berjalan.', kpiValues: [{ name: 'Waktu tunggu', value: 18 }] };
    expect(reportLink.parse(link(), body)).toEqual({
      percentComplete: 50,
      narrative: 'Berjalan.',
      kpiValues: [{ name: 'Waktu tunggu', value: 18 }],
      evidenceLinks: [],
    });
    expect(problemOf(() => reportLink.parse(link(), { ...body, period: '2027-03' })).status).toBe(422);
    expect(problemOf(() => reportLink.parse(link(), { ...body, correction: true })).message).toContain('correction');
  });

  it('sends a browser its form back with each problem tied to its field and what was typed', () => {
    const refused = problemOf(() => reportLink.parse(link(), { percentComplete: '', narrative: 'Sudah berjalan.', 'kpi.1': 'banyak' }));
    expect(refused.form?.errors.map((e) => e.field)).toEqual(['kpi-1']);
    expect(refused.form?.values).toMatchObject({ narrative: 'Sudah berjalan.', 'kpi.1': 'banyak' });
    const missing = problemOf(() => reportLink.parse(link(), { percentComplete: '', narrative: '' }));
    expect(missing.form?.errors.map((e) => e.field)).toEqual(['percentComplete', 'narrative']);
    const json = problemOf(() => reportLink.parse(link(), { percentComplete: 500, narrative: 'x', kpiValues: [] }));
    expect(json.form).toBeUndefined();
  });

  it('names what is wrong, in Bahasa Indonesia', () => {
    const missing = problemOf(() => reportLink.parse(link(), { narrative: '' }));
    expect(missing.status).toBe(400);
    expect(missing.message).toContain('Persentase kemajuan');
    expect(missing.message).toContain('Uraian kemajuan');
    expect(problemOf(() => reportLink.parse(link(), { percentComplete: '101', narrative: 'x' })).message).toContain('0 sampai 100');
    expect(problemOf(() => reportLink.parse(link(), { percentComplete: '1.000,5', narrative: 'x' })).message).toContain('Persentase');
    expect(problemOf(() => reportLink.parse(link(), { percentComplete: '5', narrative: 'x', 'kpi.1': 'banyak' })).message).toContain('“Waktu tunggu”');
    expect(problemOf(() => reportLink.parse(link(), { percentComplete: '5', narrative: 'x', 'kpi.7': '1' })).message).toContain('kpi.7');
    expect(
      problemOf(() => reportLink.parse(link(), { percentComplete: '5', narrative: 'x', evidenceLinks: 'https://ok.example\njavascript:alert(1)' })).message,
    ).toContain('Tautan bukti ke-2');
    expect(problemOf(() => reportLink.parse(link(), { percentComplete: '5', narrative: 'x', decision: 'approve' })).message).toContain('decision');
    const wrongKpi = problemOf(() => reportLink.parse(link(), { percentComplete: 5, narrative: 'x', kpiValues: [{ name: 'Lain', value: 1 }] }));
    expect(wrongKpi.status).toBe(422);
    expect(wrongKpi.message).toContain('“Lain”');
    expect(problemOf(() => reportLink.parse(link(), 'text')).status).toBe(400);
  });
});

// A test calendar: one made-up holiday on Wednesday 3 March 2027; 2028 has no data.
const calendar = new WorkingCalendar([{ year: 2027, source: 'test', holidays: [{ date: '2027-03-03', kind: 'libur', name: 'Hari uji' }] }]);

describe('overdueWorkingDays', () => {
  it('counts working days after the due day, in WIB', () => {
    // Due Friday 5 February 2027.
    expect(overdueWorkingDays(calendar, '2027-02-05', new Date('2027-02-05T16:59:59Z'))).toBe(0); // 23:59 WIB on the due day
    expect(overdueWorkingDays(calendar, '2027-02-05', new Date('2027-02-06T03:00:00Z'))).toBe(0); // Saturday
    expect(overdueWorkingDays(calendar, '2027-02-05', new Date('2027-02-08T01:00:00Z'))).toBe(1); // Monday 08:00 WIB
    expect(overdueWorkingDays(calendar, '2027-03-01', new Date('2027-03-04T01:00:00Z'))).toBe(2); // Tue, (Wed holiday), Thu
  });
});

describe('progressOverview', () => {
  const at = (date: string) => endOfWibDay(date).toISOString();
  const recordOf = (id: string, start: string, end: string, dueDate: string): PeriodRecord => ({
    programId: 'p1',
    id,
    start,
    end,
    dueDate,
    dueAt: at(dueDate),
    last: false,
  });
  const reportOf = (period: string, version: number): ProgressReport => ({
    programId: 'p1',
    period,
    version,
    percentComplete: 10,
    narrative: 'x',
    kpiValues: [],
    evidenceLinks: [],
    submittedBy: { userId: 'u', name: 'U', title: 'T' },
    channel: 'api',
    at: '2027-02-02T00:00:00.000Z',
  });
  const periods = [recordOf('2027-01', '2027-01-04', '2027-01-31', '2027-02-05'), recordOf('2027-02', '2027-02-01', '2027-02-28', '2027-03-08')];
  const reports = [reportOf('2027-01', 2), reportOf('2027-01', 1)];
  // Wednesday 10 March 2027, 10:00 WIB.
  const now = new Date('2027-03-10T03:00:00Z');

  it('combines recorded periods, reports and the plan, with status and lateness', () => {
    const o = progressOverview({ program: program(), periods, reports, calendar, now });
    expect(o.periods.map((p) => [p.id, p.status, p.overdueWorkingDays, p.versions, p.projected])).toEqual([
      ['2027-01', 'reported', 0, 2, false],
      ['2027-02', 'overdue', 2, 0, false],
      ['2027-03', 'not_due', 0, 0, true],
      ['2027-04', 'not_due', 0, 0, true],
      ['2027-05', 'not_due', 0, 0, true],
      ['2027-06', 'not_due', 0, 0, true],
    ]);
    expect(o.periods[2]).toMatchObject({ start: '2027-03-01', end: '2027-03-31', dueDate: '2027-04-07', dueAt: at('2027-04-07') });
    expect(o.periods.at(-1)?.last).toBe(true);
    expect(o.reports.map((r) => r.version)).toEqual([1, 2]);
    expect(o.nextDue).toEqual({
      period: '2027-02',
      dueDate: '2027-03-08',
      dueAt: at('2027-03-08'),
      status: 'overdue',
      overdueWorkingDays: 2,
      projected: false,
    });
    expect(o.calendarNotice).toBeNull();
  });

  it('projects a period that ended before implementation began as due from the day implementation began', () => {
    // Implementation began on Monday 8 February 2027: January was over, so its report is due five working days later.
    const lateSigning = { ...program(), stageOpenedAt: '2027-02-08T02:00:00.000Z' };
    const o = progressOverview({ program: lateSigning, periods: [], reports: [], calendar, now: new Date('2027-02-08T03:00:00Z') });
    expect(o.periods[0]).toMatchObject({ id: '2027-01', dueDate: '2027-02-15', status: 'open', projected: true });
    expect(o.periods[1]).toMatchObject({ id: '2027-02', dueDate: calendar.addWorkingDays('2027-02-28', 5), projected: true });
  });

  it('shows only what happened once a programme ended early, with nothing due', () => {
    const o = progressOverview({ program: program('cancelled'), periods, reports, calendar, now });
    expect(o.periods.map((p) => [p.id, p.status])).toEqual([
      ['2027-01', 'reported'],
      ['2027-02', 'not_due'],
    ]);
    expect(o.nextDue).toBeNull();
  });

  it('has nothing due before the commitment is signed, even for periods already past', () => {
    const o = progressOverview({ program: program('signing'), periods: [], reports: [], calendar, now });
    expect(new Set(o.periods.map((p) => p.status))).toEqual(new Set(['not_due']));
    expect(o.nextDue).toBeNull();
  });

  it('says when a due day falls in a year without holiday data', () => {
    const late = { ...proposal, startDate: '2027-11-01', endDate: '2028-02-29' };
    const o = progressOverview({ program: { ...program(), proposal: late }, periods: [], reports: [], calendar, now });
    expect(o.periods.map((p) => p.id)).toEqual(['2027-11', '2027-12', '2028-01', '2028-02']);
    expect(o.calendarNotice).toContain('2028');
  });
});
