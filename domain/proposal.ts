/**
 * What an OPD proposes (docs/product.md §5, proposal body). The schema is the single definition:
 * the API validates with it, the OpenAPI document is generated from it, the workflow
 * carries the parsed value.
 */
import { z } from 'zod';

// Control characters are what these patterns are for: CR/LF in a title would reach mail headers.
/* eslint-disable no-control-regex */
const controlChars = /[\u0000-\u001f\u007f]/;
const controlCharsExceptNewlines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/** Text a person typed on one line: trimmed, no control characters. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !controlChars.test(s), 'must be a single line without control characters');

/** Text that may span lines (tabs and newlines allowed, other control characters not). */
const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !controlCharsExceptNewlines.test(s), 'must not contain control characters');

/**
 * A programme's dates lie in this window and span at most `maxProgrammeYears`: an RPJMD is a
 * five-year plan, so ten years covers a programme that carries over into the next one. The
 * bound keeps everything computed per period (reporting periods, due days) small.
 */
export const programmeDateWindow = { earliest: '2020-01-01', latest: '2099-12-31' } as const;
export const maxProgrammeYears = 10;
/** A programme of `maxProgrammeYears` touches at most one calendar year more than that. */
const maxPlanYears = maxProgrammeYears + 1;

/** A date (YYYY-MM-DD) inside `programmeDateWindow`. */
export const programmeDate = z.iso
  .date()
  .refine(
    (d) => d >= programmeDateWindow.earliest && d <= programmeDateWindow.latest,
    `must lie between ${programmeDateWindow.earliest} and ${programmeDateWindow.latest}`,
  );

/** Kominfo's evaluation reads an indicator by its place in the results chain. */
export const indicatorTypes = ['input', 'output', 'outcome', 'impact'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];
export const indicatorTypeLabels: Record<IndicatorType, string> = {
  input: 'Masukan (input)',
  output: 'Keluaran (output)',
  outcome: 'Hasil (outcome)',
  impact: 'Dampak (impact)',
};

/**
 * A sub-dimension's id: its dimension and a slug of its name, as Kominfo's list names it
 * ('governance', 'Layanan Publik' → 'governance.layanan-publik').
 */
export const subDimensionId = (dimensionId: string, name: string) =>
  `${dimensionId}.${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

/** A calendar year a programme's plan speaks of (a baseline may lie before the programme). */
export const planYear = z.number().int().min(2000).max(2099);

/**
 * An indicator (KPI). `target` is the value at the programme's end; the evaluation fields
 * (type, baseline, a target per year) are optional so programmes proposed before they existed
 * keep their shape.
 */
export const kpiSchema = z.strictObject({
  name: line(200),
  unit: line(50),
  target: z.number().finite(),
  type: z.enum(indicatorTypes).optional(),
  baseline: z.strictObject({ value: z.number().finite(), year: planYear }).optional(),
  targetsByYear: z
    .array(z.strictObject({ year: planYear, target: z.number().finite() }))
    .max(maxPlanYears)
    .optional(),
});

export const reportingCadences = ['monthly', 'quarterly'] as const;
export type ReportingCadence = (typeof reportingCadences)[number];

/** The reference data a proposal must point into (read from the store per request). */
export interface ProposalReferences {
  dimensionIds: ReadonlySet<string>;
  opdIds: ReadonlySet<string>;
  /** Every sub-dimension's id (`subDimensionId`), of every dimension. */
  subDimensionIds: ReadonlySet<string>;
  /** The ids of the masterplan's quick wins. */
  quickWinIds: ReadonlySet<string>;
}

/** How strict a proposal is read. */
export interface ProposalRules {
  /**
   * The evaluation fields a new proposal from the web form must carry: sub-dimension, and each
   * indicator's type and baseline. The API keeps them optional so older clients, and
   * programmes proposed before the fields existed, are still read and revised.
   */
  evaluationRequired?: boolean;
}

/**
 * The fields of a proposal; with `refs`, the dimension and OPD must also be known ones, so a
 * request hears about an unknown dimension in the same answer as every other problem. Checked
 * only on a well-formed id, so a bad id gets one message.
 */
function proposalFields(refs: ProposalReferences | null) {
  const wellFormedOnly = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };
  return z.strictObject({
    title: line(200),
    summary: paragraph(5000),
    opdId: refs ? line(64).refine((id) => refs.opdIds.has(id), { message: 'unknown OPD', ...wellFormedOnly }) : line(64),
    dimension: refs
      ? line(64).refine((id) => refs.dimensionIds.has(id), { message: `unknown dimension; one of: ${[...refs.dimensionIds].join(', ')}`, ...wellFormedOnly })
      : line(64),
    /** A sub-dimension (bidang) of `dimension`, as `subDimensionId(dimension, name)` gives it. */
    subDimension: refs
      ? line(100)
          .refine((id) => refs.subDimensionIds.has(id), { message: 'unknown sub-dimension', ...wellFormedOnly })
          .optional()
      : line(100).optional(),
    /** Free text kept from proposals made before `rpjmdProgram` and `renstraRef` existed. */
    rpjmdRef: line(200).optional(),
    /** The RPJMD programme this one serves. */
    rpjmdProgram: z.strictObject({ code: line(50), name: line(300) }).optional(),
    /** The Renstra OPD reference (programme or activity code and name, as the Renstra writes it). */
    renstraRef: line(300).optional(),
    quickWin: z.boolean(),
    /** Which of the masterplan's quick wins this programme delivers (only with `quickWin: true`). */
    quickWinId: refs
      ? line(64)
          .refine((id) => refs.quickWinIds.has(id), { message: "not one of the masterplan's quick wins", ...wellFormedOnly })
          .optional()
      : line(64).optional(),
    budgetIdr: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** The budget planned for each calendar year of the programme (Rp). */
    budgetByYear: z
      .array(z.strictObject({ year: planYear, amountIdr: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }))
      .max(maxPlanYears)
      .optional(),
    startDate: programmeDate,
    endDate: programmeDate,
    reportingCadence: z.enum(reportingCadences).default('monthly'),
    kpis: z.array(kpiSchema).min(1).max(50),
  });
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const wellFormed = (d: string) => isoDatePattern.test(d) && !Number.isNaN(Date.parse(d));
/** The same day `years` later, as text ('2027-01-04' → '2037-01-04'): a bound to compare against. */
const yearsLater = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/**
 * The end date comes after the start date and within `maxProgrammeYears` of it. Runs even when
 * a date failed its own format check (zod 4 refines the whole object); only compares two
 * well-formed dates, so a bad startDate is not also reported as a bad endDate.
 */
function checkDuration(p: { startDate: string; endDate: string }, ctx: z.RefinementCtx): void {
  if (!wellFormed(p.startDate) || !wellFormed(p.endDate)) return;
  if (p.endDate <= p.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must be after startDate' });
  else if (p.endDate >= yearsLater(p.startDate, maxProgrammeYears)) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: `a programme lasts at most ${maxProgrammeYears} years` });
  }
}

type ProposalShape = z.output<ReturnType<typeof proposalFields>>;

/**
 * The entries of a list whose own checks passed. A cross-field rule runs even when a field
 * failed (zod 4 refines the whole object then too), so it reads only well-formed entries and a
 * bad entry is not reported twice.
 */
const wellFormedEntries = <T extends object>(list: unknown, isWellFormed: (entry: Partial<T>) => boolean): T[] =>
  Array.isArray(list) ? (list as unknown[]).filter((e): e is T => typeof e === 'object' && e !== null && isWellFormed(e as Partial<T>)) : [];

type YearEntry = { year: number };
const hasYear = (e: Partial<YearEntry>) => Number.isInteger(e.year);

/** Each entry's year lies within `years` and none comes twice. */
function checkYears(list: unknown, years: { first: number; last: number }, path: (string | number)[], ctx: z.RefinementCtx) {
  const seen = new Set<number>();
  (Array.isArray(list) ? (list as unknown[]) : []).forEach((entry, i) => {
    const [e] = wellFormedEntries<YearEntry>([entry], hasYear);
    if (!e) return;
    if (e.year < years.first || e.year > years.last) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'year'], message: `must be a year of the programme (${years.first}–${years.last})` });
    } else if (seen.has(e.year)) ctx.addIssue({ code: 'custom', path: [...path, i, 'year'], message: 'this year is already given' });
    seen.add(e.year);
  });
}

/**
 * The rules between fields: the sub-dimension belongs to the dimension; a quick win named only
 * for a quick-win programme; yearly targets and budgets inside the programme's calendar years,
 * once each; the yearly budgets, when given, add up to `budgetIdr`; a baseline no later than
 * the programme's first year. With `evaluationRequired`, the evaluation fields must be there.
 */
function checkEvaluation(p: ProposalShape, ctx: z.RefinementCtx, rules: ProposalRules): void {
  if (typeof p.subDimension === 'string' && typeof p.dimension === 'string' && !p.subDimension.startsWith(`${p.dimension}.`)) {
    ctx.addIssue({ code: 'custom', path: ['subDimension'], message: `must be a sub-dimension of dimension ${p.dimension}` });
  }
  if (p.quickWinId !== undefined && p.quickWin === false) {
    ctx.addIssue({ code: 'custom', path: ['quickWinId'], message: 'only a quick-win programme (quickWin: true) names a quick win' });
  }
  const budgets = wellFormedEntries<{ year: number; amountIdr: number }>(p.budgetByYear, (b) => hasYear(b) && Number.isInteger(b.amountIdr));
  if (budgets.length > 0 && budgets.length === p.budgetByYear?.length && Number.isInteger(p.budgetIdr)) {
    const total = budgets.reduce((sum, b) => sum + b.amountIdr, 0);
    if (total !== p.budgetIdr)
      ctx.addIssue({ code: 'custom', path: ['budgetByYear'], message: `the yearly budgets add up to ${total}, not budgetIdr (${p.budgetIdr})` });
  }
  const kpis = (Array.isArray(p.kpis) ? (p.kpis as unknown[]) : []).map((k) =>
    typeof k === 'object' && k !== null ? (k as Partial<ProposalShape['kpis'][number]>) : {},
  );
  if (rules.evaluationRequired) {
    if (p.subDimension === undefined) ctx.addIssue({ code: 'custom', path: ['subDimension'], message: 'required' });
    kpis.forEach((k, i) => {
      if (k.type === undefined) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'type'], message: 'required' });
      if (k.baseline === undefined) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'baseline'], message: 'required' });
    });
  }
  if (!wellFormed(p.startDate) || !wellFormed(p.endDate) || p.endDate <= p.startDate) return;
  const years = { first: Number(p.startDate.slice(0, 4)), last: Number(p.endDate.slice(0, 4)) };
  checkYears(p.budgetByYear, years, ['budgetByYear'], ctx);
  kpis.forEach((k, i) => {
    checkYears(k.targetsByYear, years, ['kpis', i, 'targetsByYear'], ctx);
    const baselineYear = k.baseline?.year;
    if (Number.isInteger(baselineYear) && (baselineYear as number) > years.first) {
      ctx.addIssue({ code: 'custom', path: ['kpis', i, 'baseline', 'year'], message: `must not be later than the programme's first year (${years.first})` });
    }
  });
}

/**
 * The rules between fields run even when a field is of the wrong type (zod skips a refinement
 * after such a problem by default), so a request hears every problem in one answer; they read
 * only what is well formed. Not on a body that is no object at all.
 */
const evenAfterFieldProblems = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/**
 * A proposal; with `refs` its dimension, sub-dimension, quick win and OPD are checked against
 * the reference data too.
 */
export const proposalSchemaFor = (refs: ProposalReferences | null, rules: ProposalRules = {}) =>
  proposalFields(refs).superRefine((p, ctx) => {
    checkDuration(p, ctx);
    checkEvaluation(p, ctx, rules);
  }, evenAfterFieldProblems);

/** A resubmission: the whole revised proposal, and optionally what was changed and why. */
export const revisionSchemaFor = (refs: ProposalReferences | null, rules: ProposalRules = {}) =>
  proposalFields(refs)
    .extend({ comment: paragraph(2000).optional() })
    .superRefine((p, ctx) => {
      checkDuration(p, ctx);
      checkEvaluation(p, ctx, rules);
    }, evenAfterFieldProblems);

/** The shape alone, without reference data (the OpenAPI document, the tests). */
export const proposalSchema = proposalSchemaFor(null);
export const revisionSchema = revisionSchemaFor(null);

/** A person's decision or reason: free text, possibly empty (the workflow says when one is needed). */
export const commentSchema = z
  .string()
  .max(2000)
  .refine((s) => !controlCharsExceptNewlines.test(s), 'must not contain control characters')
  .transform((s) => s.trim());

export type Proposal = z.output<typeof proposalSchema>;

export interface FieldProblem {
  path: string;
  message: string;
}
