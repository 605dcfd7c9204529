import { describe, expect, it } from 'vitest';
import { progressOverview } from '../../api/progress-view.js';
import { WorkingCalendar } from '../../domain/calendar.js';
import { periodIdOf, reportingPeriodOf, reportingPeriods } from '../../domain/periods.js';
import type { ReportingCadence } from '../../domain/proposal.js';
import type { ProgressReport } from '../../domain/reports.js';

describe('reportingPeriods', () => {
  it('clips the first and last month to the programme dates', () => {
    const periods = reportingPeriods('2027-01-04', '2027-03-15', 'monthly');

    expect(periods.map((p) => [p.id, p.start, p.end, p.index, p.last])).toEqual([
      ['2027-01', '2027-01-04', '2027-01-31', 0, false],
      ['2027-02', '2027-02-01', '2027-02-28', 1, false],
      ['2027-03', '2027-03-01', '2027-03-15', 2, true],
    ]);
  });

  it('counts quarters across a year boundary', () => {
    expect(reportingPeriods('2026-11-15', '2027-04-01', 'quarterly').map((p) => p.id)).toEqual(['2026-Q4', '2027-Q1', '2027-Q2']);
  });
});

describe('reportingPeriodOf', () => {
  it.each<[string, string, ReportingCadence]>([
    ['2027-01-04', '2027-12-31', 'monthly'],
    ['2026-11-15', '2029-02-01', 'quarterly'],
    ['2027-03-31', '2027-04-01', 'monthly'],
  ])('finds each period of %s to %s (%s) as the list has it', (start, end, cadence) => {
    const listed = reportingPeriods(start, end, cadence);

    expect(listed.map((p) => reportingPeriodOf(start, end, cadence, p.id))).toEqual(listed);
  });

  it.each(['2026-12', '2028-01', '2027-Q1', '2027-13', 'x'])('is null for %j, not a period of a 2027 monthly programme', (id) => {
    expect(reportingPeriodOf('2027-01-04', '2027-12-31', 'monthly', id)).toBeNull();
  });
});

it('periodIdOf names the month or quarter that holds a date', () => {
  expect([periodIdOf('2027-05-31', 'monthly'), periodIdOf('2027-05-31', 'quarterly')]).toEqual(['2027-05', '2027-Q2']);
});

describe("a programme's reporting overview", () => {
  // Sorting each period against the whole plan made the overview quadratic: 2,400 periods took
  // 0.3 s and 12,000 several minutes. Linear, 12,000 periods take well under a second. (A
  // programme not yet in implementation: no period is overdue, so no late days are counted.)
  it('costs time linear in the number of periods: 12,000 periods with reports in well under 3 s', () => {
    const [startDate, endDate] = ['1000-01-01', '1999-12-31'];
    const plan = reportingPeriods(startDate, endDate, 'monthly');
    const reports = plan
      .filter((_, i) => i % 2 === 0)
      .map((p) => ({ programId: 'p', period: p.id, version: 1 }) as ProgressReport)
      .reverse();

    const began = performance.now();
    const overview = progressOverview({
      program: {
        id: 'p',
        stage: 'sekda_approval',
        stageOpenedAt: '2026-11-30T00:00:00.000Z',
        proposal: { startDate, endDate, reportingCadence: 'monthly' } as never,
      },
      periods: [],
      reports,
      calendar: new WorkingCalendar([]),
      now: new Date('2026-12-01T00:00:00Z'),
    });
    const elapsedMs = performance.now() - began;

    expect(overview.periods).toHaveLength(12_000);
    expect(overview.reports[0]?.period).toBe('1000-01');
    expect(elapsedMs).toBeLessThan(3000);
  });
});
