import { describe, expect, it } from 'vitest';
import { dimensions, opds } from '../../data/reference-data.js';
import { proposalSchema, proposalSchemaFor, revisionSchema, subDimensionId, type ProposalReferences } from '../../domain/proposal.js';

const references: ProposalReferences = {
  dimensionIds: new Set(dimensions.map((d) => d.id)),
  opdIds: new Set(opds.map((o) => o.id)),
  subDimensionIds: new Set(dimensions.flatMap((d) => d.sub.map((name) => subDimensionId(d.id, name)))),
  quickWinIds: new Set(['telemedisin-puskesmas', 'satu-data']),
};

const valid = {
  title: 'Sistem Antrean Puskesmas Terpadu',
  summary: 'Antrean daring untuk seluruh puskesmas.\nTahap pertama: 4 puskesmas.',
  opdId: 'dinkes',
  dimension: 'living',
  quickWin: true,
  budgetIdr: 1_250_000_000,
  startDate: '2026-01-05',
  endDate: '2026-12-31',
  kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 4 }],
};

/** The issue paths a parse fails with, joined with dots ('' for the root). */
function failingPaths(input: unknown, schema: typeof proposalSchema | typeof revisionSchema = proposalSchema): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => i.path.map(String).join('.'));
}

describe('proposalSchema accepts', () => {
  it('a valid proposal, defaulting reportingCadence to monthly', () => {
    const result = proposalSchema.safeParse(valid);

    expect(result.success).toBe(true);
    expect(result.data?.reportingCadence).toBe('monthly');
    expect(result.data?.title).toBe(valid.title);
  });

  it('an explicit quarterly cadence and an rpjmdRef', () => {
    const result = proposalSchema.safeParse({ ...valid, reportingCadence: 'quarterly', rpjmdRef: 'RPJMD 2025-2029 Program 3.2' });

    expect(result.data?.reportingCadence).toBe('quarterly');
    expect(result.data?.rpjmdRef).toBe('RPJMD 2025-2029 Program 3.2');
  });

  it('a budget of zero', () => {
    expect(proposalSchema.safeParse({ ...valid, budgetIdr: 0 }).success).toBe(true);
  });
});

describe('proposalSchema rejects, at the right path', () => {
  it('a missing title', () => {
    const { title: _title, ...withoutTitle } = valid;

    expect(failingPaths(withoutTitle)).toEqual(['title']);
  });

  it.each([
    ['CR LF', 'Antrean\r\nBcc: attacker@example.com'],
    ['LF', 'Antrean\nPuskesmas'],
    ['CR', 'Antrean\rPuskesmas'],
  ])('a title with %s', (_name, title) => {
    expect(failingPaths({ ...valid, title })).toEqual(['title']);
  });

  it('a title of only spaces (trimmed to empty)', () => {
    expect(failingPaths({ ...valid, title: '   ' })).toEqual(['title']);
  });

  it('an unknown extra field (strict), naming the key', () => {
    const result = proposalSchema.safeParse({ ...valid, approvedBy: 'sekda' });

    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['approvedBy'], path: [] })]);
  });

  it('a __proto__ key coming from JSON.parse', () => {
    const input: unknown = JSON.parse(JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},'));
    expect(Object.keys(input as object)).toContain('__proto__'); // an own key, as JSON.parse makes it

    const result = proposalSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['__proto__'], path: [] })]);
  });

  it.each([
    ['non-integer', 1.5],
    ['negative', -1],
    ['a string', '1000'],
    ['unsafe integer', Number.MAX_SAFE_INTEGER + 1],
  ])('a budget that is %s', (_name, budgetIdr) => {
    // An unsafe integer breaks two rules (int range and max), both at budgetIdr.
    expect([...new Set(failingPaths({ ...valid, budgetIdr }))]).toEqual(['budgetIdr']);
  });

  it.each(['2026/01/05', '05-01-2026', '2026-1-5', '2026-13-01', '2026-02-30', '2026-01-05T00:00:00Z', ''])('a start date of %j', (startDate) => {
    const result = proposalSchema.safeParse({ ...valid, startDate });

    expect(result.error?.issues).toContainEqual(expect.objectContaining({ code: 'invalid_format', path: ['startDate'] }));
  });

  it.each(['2026-1-5', '2026-02-30', ''])('an end date of %j', (endDate) => {
    // ('' also fails the ordering rule; both problems are at endDate.)
    expect([...new Set(failingPaths({ ...valid, endDate }))]).toEqual(['endDate']);
  });

  // '2026/01/05' and '2026-13-01' sort after '2026-12-31' as text: compared blindly they would
  // also blame the end date, which is fine.
  it.each(['2026/01/05', '2026-13-01'])('a malformed start date %j blames only startDate', (startDate) => {
    expect(failingPaths({ ...valid, startDate })).toEqual(['startDate']);
  });

  it('an end date before the start date, at endDate', () => {
    const result = proposalSchema.safeParse({ ...valid, startDate: '2026-06-01', endDate: '2026-05-31' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'custom', path: ['endDate'] })]);
  });

  it.each([
    ['0001-01-01', '9999-12-31', ['endDate', 'startDate']],
    ['2019-12-31', '2026-12-31', ['startDate']],
    ['2090-01-01', '2100-01-01', ['endDate']],
  ])('dates outside 2020-2099 (%s to %s), at the dates outside', (startDate, endDate, outside) => {
    const result = proposalSchema.safeParse({ ...valid, startDate, endDate });
    const windowIssues = (result.error?.issues ?? []).filter((i) => i.message === 'must lie between 2020-01-01 and 2099-12-31');

    expect(windowIssues.map((i) => i.path.join('.')).sort()).toEqual(outside);
  });

  it('a programme of ten years or more, at endDate', () => {
    const result = proposalSchema.safeParse({ ...valid, startDate: '2027-01-04', endDate: '2037-01-04' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['endDate'], message: 'a programme lasts at most 10 years' })]);
  });

  it('accepts a programme one day short of ten years', () => {
    expect(failingPaths({ ...valid, startDate: '2027-01-04', endDate: '2037-01-03' })).toEqual([]);
  });

  it('an end date before the start date across a year, at endDate', () => {
    expect(failingPaths({ ...valid, startDate: '2027-01-04', endDate: '2026-12-31' })).toEqual(['endDate']);
  });

  it('an empty kpis list', () => {
    expect(failingPaths({ ...valid, kpis: [] })).toEqual(['kpis']);
  });

  it('a kpi without a numeric target, at kpis.0.target', () => {
    expect(failingPaths({ ...valid, kpis: [{ name: 'x', unit: 'y', target: '4' }] })).toEqual(['kpis.0.target']);
  });

  it('an unknown cadence', () => {
    expect(failingPaths({ ...valid, reportingCadence: 'weekly' })).toEqual(['reportingCadence']);
  });

  it('an empty object, naming every required field and no optional one', () => {
    const paths = failingPaths({});

    expect([...paths].sort()).toEqual(['budgetIdr', 'dimension', 'endDate', 'kpis', 'opdId', 'quickWin', 'startDate', 'summary', 'title']);
  });

  it.each([null, [], 'proposal', 42])('a non-object %j', (input) => {
    expect(proposalSchema.safeParse(input).success).toBe(false);
  });
});

describe('revisionSchema', () => {
  it('accepts a revision with a comment, and keeps it', () => {
    const result = revisionSchema.safeParse({ ...valid, comment: 'Anggaran disesuaikan dengan DPA.\nKPI ditambah.' });

    expect(result.success).toBe(true);
    expect(result.data?.comment).toBe('Anggaran disesuaikan dengan DPA.\nKPI ditambah.');
  });

  it('accepts a revision without a comment', () => {
    const result = revisionSchema.safeParse(valid);

    expect(result.success).toBe(true);
    expect(result.data?.comment).toBeUndefined();
  });

  it('applies the same date rule (endDate)', () => {
    expect(failingPaths({ ...valid, startDate: '2026-06-01', endDate: '2026-01-01' }, revisionSchema)).toEqual(['endDate']);
  });

  it('is strict too', () => {
    expect(failingPaths({ ...valid, stage: 'signing' }, revisionSchema)).toEqual(['']);
  });
});

describe('proposalSchemaFor(reference data)', () => {
  const schema = proposalSchemaFor(references);
  const problemsOf = (input: unknown) => schema.safeParse(input).error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

  it('finds nothing wrong with a known dimension and OPD', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it('reports an unknown dimension at dimension, listing the known ones', () => {
    const problems = problemsOf({ ...valid, dimension: 'smart-mobility' });

    expect(problems.map((p) => p.path)).toEqual(['dimension']);
    expect(problems[0]?.message).toContain('governance');
  });

  it('reports an unknown OPD at opdId', () => {
    expect(problemsOf({ ...valid, opdId: 'dinas-antah-berantah' }).map((p) => p.path)).toEqual(['opdId']);
  });

  it('reports unknown reference data in the same answer as the shape problems', () => {
    const paths = problemsOf({ ...valid, dimension: 'x', opdId: 'y', budgetIdr: -1, endDate: '2026-13-01' }).map((p) => p.path);

    expect(paths.sort()).toEqual(['budgetIdr', 'dimension', 'endDate', 'opdId']);
  });

  it('gives a malformed id one message, not also "unknown"', () => {
    expect(problemsOf({ ...valid, opdId: '' }).map((p) => p.path)).toEqual(['opdId']);
  });
});

describe('the evaluation fields', () => {
  const schema = proposalSchemaFor(references);
  const multiYear = { ...valid, startDate: '2026-01-05', endDate: '2027-12-31', budgetIdr: 1_000_000_000 };
  const evaluated = {
    ...multiYear,
    subDimension: 'living.kesehatan',
    quickWinId: 'telemedisin-puskesmas',
    rpjmdProgram: { code: '1.02.02', name: 'Program Pemenuhan Upaya Kesehatan' },
    renstraRef: 'Renstra Dinkes 2021-2026, Program 2',
    budgetByYear: [
      { year: 2026, amountIdr: 600_000_000 },
      { year: 2027, amountIdr: 400_000_000 },
    ],
    kpis: [
      {
        name: 'Puskesmas terhubung',
        unit: 'puskesmas',
        target: 12,
        type: 'output',
        baseline: { value: 0, year: 2025 },
        targetsByYear: [
          { year: 2026, target: 6 },
          { year: 2027, target: 12 },
        ],
      },
    ],
  };
  const pathsOf = (input: unknown, s: { safeParse(i: unknown): { error?: { issues: { path: PropertyKey[] }[] } } } = schema) =>
    s.safeParse(input).error?.issues.map((i) => i.path.map(String).join('.')) ?? [];

  it('accepts a proposal with every evaluation field', () => {
    expect(schema.safeParse(evaluated).success).toBe(true);
  });

  it('accepts a proposal without them (older clients, running programmes)', () => {
    expect(schema.safeParse(multiYear).success).toBe(true);
  });

  it('refuses an unknown sub-dimension', () => {
    expect(pathsOf({ ...evaluated, subDimension: 'living.pariwisata' })).toEqual(['subDimension']);
  });

  it('refuses a sub-dimension of another dimension', () => {
    expect(pathsOf({ ...evaluated, subDimension: 'governance.layanan-publik' })).toEqual(['subDimension']);
  });

  it("refuses a quick win that is not the masterplan's", () => {
    expect(pathsOf({ ...evaluated, quickWinId: 'jalan-tol' })).toEqual(['quickWinId']);
  });

  it('refuses a quick win named by a programme that is not a quick win', () => {
    expect(pathsOf({ ...evaluated, quickWin: false })).toEqual(['quickWinId']);
  });

  it('refuses a yearly budget outside the programme years', () => {
    const budgetByYear = [
      { year: 2026, amountIdr: 600_000_000 },
      { year: 2028, amountIdr: 400_000_000 },
    ];
    expect(pathsOf({ ...evaluated, budgetByYear })).toEqual(['budgetByYear.1.year']);
  });

  it('refuses a year given twice', () => {
    const budgetByYear = [
      { year: 2026, amountIdr: 500_000_000 },
      { year: 2026, amountIdr: 500_000_000 },
    ];
    expect(pathsOf({ ...evaluated, budgetByYear })).toEqual(['budgetByYear.1.year']);
  });

  it('refuses yearly budgets that do not add up to the total, saying both sums', () => {
    const problems = schema.safeParse({ ...evaluated, budgetIdr: 1_100_000_000 }).error?.issues ?? [];

    expect(problems.map((i) => i.path.join('.'))).toEqual(['budgetByYear']);
    expect(problems[0]?.message).toContain('1000000000');
  });

  it('refuses a yearly target outside the programme years, or twice', () => {
    const kpi = evaluated.kpis[0]!;
    const targetsByYear = [
      { year: 2025, target: 1 },
      { year: 2027, target: 6 },
      { year: 2027, target: 12 },
    ];
    expect(pathsOf({ ...evaluated, kpis: [{ ...kpi, targetsByYear }] })).toEqual(['kpis.0.targetsByYear.0.year', 'kpis.0.targetsByYear.2.year']);
  });

  it('refuses a baseline later than the first year', () => {
    const kpi = evaluated.kpis[0]!;
    expect(pathsOf({ ...evaluated, kpis: [{ ...kpi, baseline: { value: 0, year: 2027 } }] })).toEqual(['kpis.0.baseline.year']);
  });

  it('refuses an unknown indicator type', () => {
    const kpi = evaluated.kpis[0]!;
    expect(pathsOf({ ...evaluated, kpis: [{ ...kpi, type: 'proses' }] })).toEqual(['kpis.0.type']);
  });

  it('reports every problem in one answer, the shape and the rules between fields', () => {
    const kpi = evaluated.kpis[0]!;
    const paths = pathsOf({
      ...evaluated,
      title: '',
      subDimension: 'economy.ekosistem-industri',
      quickWin: false,
      budgetIdr: 1,
      kpis: [{ ...kpi, baseline: { value: 0, year: 2030 } }],
    });
    expect(paths.sort()).toEqual(['budgetByYear', 'kpis.0.baseline.year', 'quickWinId', 'subDimension', 'title']);
  });

  it('does not report a malformed yearly entry twice', () => {
    expect(pathsOf({ ...evaluated, budgetByYear: [{ year: 'dua ribu', amountIdr: 1 }] })).toEqual(['budgetByYear.0.year']);
  });

  it('requires sub-dimension, indicator type and baseline when the form asks for them', () => {
    const kpi = { name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 };
    const strict = proposalSchemaFor(references, { evaluationRequired: true });

    expect(pathsOf({ ...multiYear, kpis: [kpi] }, strict).sort()).toEqual(['kpis.0.baseline', 'kpis.0.type', 'subDimension']);
    expect(strict.safeParse(evaluated).success).toBe(true);
  });
});
