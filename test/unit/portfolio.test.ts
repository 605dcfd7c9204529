/**
 * The portfolio's figures against a small portfolio computed by hand:
 *
 * | id | OPD         | dimension  | stage             | years     | due                 | quick win      |
 * | A  | dinkes      | living     | implementation    | 2027–2028 | 2027-03-10 (late)   | qw-telemedisin |
 * | B  | diskominfo  | governance | diskominfo_review | 2027      | 2027-03-01 (later)  | —              |
 * | C  | dinkes      | living     | completed         | 2026      | —                   | yes, not named |
 * | D  | dinkes      | economy    | rejected          | 2027      | 2027-01-01 (ended)  | —              |
 *
 * A reports 2027-01 (2 puskesmas, Rp 100), 2027-02 twice (v1: 3, Rp 150; v2: 4, Rp 200) and
 * 2027-03 (5, Rp 50): in 2027 it realised 5 of 6 (83.3 %) and spent 100 + 200 + 50 = Rp 350 of
 * Rp 600. C reports 2026-Q4: 8 of 10 (80 %), Rp 250 of Rp 300.
 */
import { describe, expect, it } from 'vitest';
import type { QuickWin } from '../../domain/masterplan.js';
import {
  budgetYears,
  byOpd,
  byStage,
  bySubDimension,
  indicatorYears,
  matchesFilter,
  newestReports,
  overdue,
  percentComplete,
  portfolioYears,
  quickWinStatus,
  type PortfolioProgram,
  type ReportSummary,
} from '../../domain/portfolio.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import { portfolioRefusal, roles } from '../../domain/roles.js';

const head = { userId: 'kadis', name: 'Kepala', title: 'Kepala Dinas' };

function program(id: string, stage: ProgramRecord['stage'], dueAt: string | null, proposal: Partial<Proposal>): ProgramRecord {
  return {
    id,
    workflowId: `program-${id}`,
    proposal: {
      title: `Program ${id}`,
      summary: 'Uji.',
      opdId: 'dinkes',
      dimension: 'living',
      quickWin: false,
      budgetIdr: 0,
      startDate: '2027-01-04',
      endDate: '2027-12-31',
      reportingCadence: 'monthly',
      kpis: [{ name: 'Indikator', unit: 'unit', target: 1 }],
      ...proposal,
    },
    proposalVersion: 1,
    proposer: head,
    requestHash: 'h',
    stage,
    stageSeq: 1,
    stageOpenedAt: '2027-01-04T00:00:00.000Z',
    awaiting: [],
    dueAt,
    dueDate: dueAt?.slice(0, 10) ?? null,
    eventSeq: 1,
    createdAt: '2027-01-02T00:00:00.000Z',
    updatedAt: '2027-01-02T00:00:00.000Z',
  };
}

const report = (period: string, version: number, kpi: [string, number], budgetRealisedIdr: number | undefined, pc: number): ReportSummary => ({
  period,
  version,
  percentComplete: pc,
  kpiValues: [{ name: kpi[0], value: kpi[1] }],
  ...(budgetRealisedIdr === undefined ? {} : { budgetRealisedIdr }),
});

const A: PortfolioProgram = {
  program: program('A', 'implementation', '2027-03-10T01:00:00.000Z', {
    subDimension: 'living.kesehatan',
    quickWin: true,
    quickWinId: 'qw-telemedisin',
    budgetIdr: 1000,
    budgetByYear: [
      { year: 2027, amountIdr: 600 },
      { year: 2028, amountIdr: 400 },
    ],
    startDate: '2027-01-04',
    endDate: '2028-12-31',
    kpis: [
      {
        name: 'Puskesmas',
        unit: 'puskesmas',
        target: 12,
        type: 'output',
        baseline: { value: 2, year: 2026 },
        targetsByYear: [
          { year: 2027, target: 6 },
          { year: 2028, target: 12 },
        ],
      },
    ],
  }),
  reports: newestReports([
    report('2027-02', 2, ['Puskesmas', 4], 200, 25),
    report('2027-01', 1, ['Puskesmas', 2], 100, 10),
    report('2027-03', 1, ['Puskesmas', 5], 50, 30),
    report('2027-02', 1, ['Puskesmas', 3], 150, 20),
  ]),
};
const B: PortfolioProgram = {
  program: program('B', 'diskominfo_review', '2027-03-01T01:00:00.000Z', {
    opdId: 'diskominfo',
    dimension: 'governance',
    budgetIdr: 500,
    startDate: '2027-02-01',
    endDate: '2027-11-30',
    kpis: [{ name: 'Layanan', unit: 'layanan', target: 10 }],
  }),
  reports: [],
};
const C: PortfolioProgram = {
  program: program('C', 'completed', null, {
    subDimension: 'living.sosial',
    quickWin: true,
    budgetIdr: 300,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    reportingCadence: 'quarterly',
    kpis: [{ name: 'Kader', unit: 'orang', target: 10 }],
  }),
  reports: [report('2026-Q4', 1, ['Kader', 8], 250, 100)],
};
const D: PortfolioProgram = {
  program: program('D', 'rejected', '2027-01-01T01:00:00.000Z', { dimension: 'economy', startDate: '2027-01-04', endDate: '2027-06-30' }),
  reports: [],
};
const all = [A, B, C, D];
const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);
const quickWins: QuickWin[] = [
  { id: 'qw-telemedisin', name: 'Telemedisin' },
  { id: 'qw-sampah', name: 'Bank sampah digital' },
];

describe('newestReports', () => {
  it('keeps the highest version of each period, in period order', () => {
    expect(A.reports.map((r) => `${r.period}v${r.version}`)).toEqual(['2027-01v1', '2027-02v2', '2027-03v1']);
  });
});

describe('matchesFilter', () => {
  it('by year: programmes running in it', () => {
    expect(ids(all.filter((p) => matchesFilter(p, { year: 2028 })).map((p) => p.program))).toEqual(['A']);
  });

  it('by OPD and dimension together', () => {
    expect(ids(all.filter((p) => matchesFilter(p, { opdId: 'dinkes', dimension: 'living' })).map((p) => p.program))).toEqual(['A', 'C']);
  });
});

describe('groups', () => {
  it('by stage: every stage in lifecycle order, the empty ones too', () => {
    const groups = byStage(all);

    expect(groups.map((g) => [g.key, ids(g.programs)])).toEqual([
      ['diskominfo_review', ['B']],
      ['revision', []],
      ['sekda_approval', []],
      ['signing', []],
      ['implementation', ['A']],
      ['completed', ['C']],
      ['rejected', ['D']],
      ['withdrawn', []],
      ['cancelled', []],
    ]);
  });

  it('by sub-dimension: programmes that do not say are grouped under the empty key', () => {
    expect(bySubDimension(all).map((g) => [g.key, ids(g.programs)])).toEqual([
      ['', ['B', 'D']],
      ['living.kesehatan', ['A']],
      ['living.sosial', ['C']],
    ]);
  });

  it('by OPD, by name', () => {
    expect(byOpd(all).map((g) => [g.key, g.programs.length])).toEqual([
      ['dinkes', 3],
      ['diskominfo', 1],
    ]);
  });
});

describe('overdue', () => {
  it('lists waiting programmes past due, the longest overdue first, and never an ended one', () => {
    expect(ids(overdue(all, '2027-04-01T00:00:00.000Z'))).toEqual(['B', 'A']);
  });

  it('a programme due later than now is not overdue', () => {
    expect(ids(overdue(all, '2027-03-05T00:00:00.000Z'))).toEqual(['B']);
  });
});

describe('quickWinStatus', () => {
  it('names each quick win’s programmes with their stage and percent complete; unnamed quick wins come last', () => {
    const status = quickWinStatus(all, quickWins);

    expect(status.map((s) => [s.quickWin?.id ?? null, s.deliveries.map((d) => [d.program.id, d.program.stage, d.percentComplete])])).toEqual([
      ['qw-telemedisin', [['A', 'implementation', 30]]],
      ['qw-sampah', []],
      [null, [['C', 'completed', 100]]],
    ]);
  });

  it('percent complete is null before the first report', () => {
    expect(percentComplete(B)).toBeNull();
  });
});

describe('indicatorYears', () => {
  it('realisation is the newest period’s value of the year, against the year’s target', () => {
    const [y2027, y2028] = indicatorYears(A);

    expect(y2027).toMatchObject({ name: 'Puskesmas', year: 2027, target: 6, realised: 5, type: 'output', baseline: { value: 2, year: 2026 } });
    expect(y2027?.achievementPercent).toBeCloseTo(83.333, 3);
    expect(y2028).toMatchObject({ year: 2028, target: 12, realised: null, achievementPercent: null });
  });

  it('without targets per year, the final target counts in the last year only', () => {
    expect(indicatorYears(B)).toEqual([
      { name: 'Layanan', unit: 'layanan', type: null, year: 2027, baseline: null, target: 10, realised: null, achievementPercent: null },
    ]);
  });
});

describe('budgetYears', () => {
  it('sums the newest report of each period of the year against the year’s budget', () => {
    expect(budgetYears(A)).toEqual([
      { year: 2027, plannedIdr: 600, realisedIdr: 350 },
      { year: 2028, plannedIdr: 400, realisedIdr: null },
    ]);
  });

  it('a one-year programme without a budget per year plans its whole budget in that year', () => {
    expect(budgetYears(B)).toEqual([{ year: 2027, plannedIdr: 500, realisedIdr: null }]);
  });

  it('a programme over several years without a budget per year has no planned figure per year', () => {
    const spread: PortfolioProgram = {
      program: program('E', 'implementation', null, { budgetIdr: 900, startDate: '2027-01-04', endDate: '2028-06-30' }),
      reports: [],
    };

    expect(budgetYears(spread).map((b) => b.plannedIdr)).toEqual([null, null]);
  });
});

describe('portfolioYears', () => {
  it('totals budget per year and averages the indicators measured', () => {
    const years = portfolioYears(all);

    expect(years.map(({ year, plannedIdr, realisedIdr, indicatorsMeasured }) => ({ year, plannedIdr, realisedIdr, indicatorsMeasured }))).toEqual([
      { year: 2026, plannedIdr: 300, realisedIdr: 250, indicatorsMeasured: 1 },
      { year: 2027, plannedIdr: 600 + 500, realisedIdr: 350, indicatorsMeasured: 1 },
      { year: 2028, plannedIdr: 400, realisedIdr: null, indicatorsMeasured: 0 },
    ]);
    expect(years.map((y) => y.meanAchievementPercent)).toEqual([80, expect.closeTo(83.333, 3), null]);
  });

  it('with a year asked for, only that year', () => {
    expect(portfolioYears(all, 2026).map((y) => y.year)).toEqual([2026]);
  });
});

describe('portfolioRefusal', () => {
  it.each(roles.map((role) => [role, !['opd_head', 'opd_staff'].includes(role)] as const))('%s reads the portfolio: %s', (role, reads) => {
    expect(portfolioRefusal({ roles: [role] }) === null).toBe(reads);
  });
});
