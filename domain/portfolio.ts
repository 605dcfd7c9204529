/**
 * The portfolio (docs/product.md §9): what the leadership, the secretariat, Diskominfo and the
 * Inspektorat read across programmes. Pure functions of the programmes and the newest version
 * of each of their reports, so the dashboard, the exports and the tests compute every figure
 * the same way.
 *
 * Two readings of a report decide the figures:
 *  - an indicator's realisation in a year is the value reported for the newest period of that
 *    year (a monthly report states where the indicator stands, not what was added), compared
 *    with the year's target (`targetsByYear`; the final `target` in the programme's last year);
 *  - the budget realised in a year is the sum of `budgetRealisedIdr` over that year's periods
 *    (each report states what was spent in its period), compared with `budgetByYear`.
 * A correction replaces its period's report: only the highest version of a period counts.
 */
import type { QuickWin } from './masterplan.js';
import type { ProgramRecord } from './program.js';
import type { ProgressReport } from './reports.js';
import { isEnded, stages, type Stage } from './stages.js';

/** What the portfolio keeps of a period's report: its newest version. */
export type ReportSummary = Pick<ProgressReport, 'period' | 'version' | 'percentComplete' | 'kpiValues' | 'budgetRealisedIdr'>;

/** One programme as the portfolio reads it: its record and the newest report of each period, in period order. */
export interface PortfolioProgram {
  program: ProgramRecord;
  reports: ReportSummary[];
}

export interface PortfolioFilter {
  /** Programmes running in this calendar year, and their figures for it. */
  year?: number;
  opdId?: string;
  dimension?: string;
}

/** The year a period belongs to ('2027-03', '2027-Q1' → 2027). */
export const periodYear = (period: string) => Number(period.slice(0, 4));

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The calendar years a programme runs in, first to last. */
export function programYears(p: Pick<ProgramRecord, 'proposal'>): number[] {
  const first = yearOf(p.proposal.startDate);
  const last = yearOf(p.proposal.endDate);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The newest version of each period's report, in period order (from every version stored). */
export function newestReports(reports: readonly ReportSummary[]): ReportSummary[] {
  const byPeriod = new Map<string, ReportSummary>();
  for (const r of reports) {
    const kept = byPeriod.get(r.period);
    if (!kept || r.version > kept.version) byPeriod.set(r.period, r);
  }
  return [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

export function matchesFilter(p: PortfolioProgram, filter: PortfolioFilter): boolean {
  const { proposal } = p.program;
  if (filter.opdId !== undefined && proposal.opdId !== filter.opdId) return false;
  if (filter.dimension !== undefined && proposal.dimension !== filter.dimension) return false;
  if (filter.year !== undefined && !programYears(p.program).includes(filter.year)) return false;
  return true;
}

/** A group of programmes sharing one value (a stage, a dimension, an OPD...). */
export interface Group<K extends string> {
  key: K;
  programs: ProgramRecord[];
}

/**
 * Programmes grouped by `keyOf`, in the order of `order` (keys missing from it come after, by
 * name); groups without programmes are left out unless `order` names them and `keepEmpty`.
 */
export function groupBy<K extends string>(
  programs: readonly PortfolioProgram[],
  keyOf: (p: ProgramRecord) => K,
  options: { order?: readonly K[]; keepEmpty?: boolean } = {},
): Group<K>[] {
  const groups = new Map<K, ProgramRecord[]>();
  if (options.keepEmpty) for (const k of options.order ?? []) groups.set(k, []);
  for (const { program } of programs) {
    const key = keyOf(program);
    const list = groups.get(key) ?? [];
    list.push(program);
    groups.set(key, list);
  }
  const rank = (k: K) => {
    const i = options.order?.indexOf(k) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...groups.entries()]
    .map(([key, list]) => ({ key, programs: list }))
    .sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The key of programmes that do not say (an old programme without a sub-dimension or quick win id). */
export const notStated = '';

export const byStage = (programs: readonly PortfolioProgram[]) => groupBy<Stage>(programs, (p) => p.stage, { order: stages, keepEmpty: true });
export const byDimension = (programs: readonly PortfolioProgram[]) => groupBy(programs, (p) => p.proposal.dimension);
export const bySubDimension = (programs: readonly PortfolioProgram[]) => groupBy(programs, (p) => p.proposal.subDimension ?? notStated);
export const byOpd = (programs: readonly PortfolioProgram[]) => groupBy(programs, (p) => p.proposal.opdId);

/** Programmes waiting past their due time at `now`, the longest overdue first. */
export function overdue(programs: readonly PortfolioProgram[], now: string): ProgramRecord[] {
  return programs
    .map((p) => p.program)
    .filter((p) => !isEnded(p.stage) && p.dueAt !== null && p.dueAt < now)
    .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : a.dueAt! > b.dueAt! ? 1 : a.id < b.id ? -1 : 1));
}

/** The newest percent complete reported (null before the first report). */
export function percentComplete(p: PortfolioProgram): number | null {
  return p.reports.at(-1)?.percentComplete ?? null;
}

/** A programme delivering a quick win, as its status shows it. */
export interface QuickWinDelivery {
  program: ProgramRecord;
  percentComplete: number | null;
}

export interface QuickWinStatus {
  /** The masterplan's quick win; null for programmes marked quick win without saying which. */
  quickWin: QuickWin | null;
  deliveries: QuickWinDelivery[];
}

/** Each quick win of the masterplan with the programmes that deliver it (none is a finding too). */
export function quickWinStatus(programs: readonly PortfolioProgram[], quickWins: readonly QuickWin[]): QuickWinStatus[] {
  const known = new Set(quickWins.map((q) => q.id));
  const delivery = (p: PortfolioProgram) => ({ program: p.program, percentComplete: percentComplete(p) });
  const statuses: QuickWinStatus[] = quickWins.map((quickWin) => ({
    quickWin,
    deliveries: programs.filter((p) => p.program.proposal.quickWin && p.program.proposal.quickWinId === quickWin.id).map(delivery),
  }));
  const unnamed = programs.filter((p) => p.program.proposal.quickWin && !known.has(p.program.proposal.quickWinId ?? notStated));
  return unnamed.length > 0 ? [...statuses, { quickWin: null, deliveries: unnamed.map(delivery) }] : statuses;
}

/** Realisation as a percentage of target; null when either is missing or the target is zero. */
export function achievement(realised: number | null, target: number | null): number | null {
  if (realised === null || target === null || target === 0) return null;
  return (realised / target) * 100;
}

/** One indicator in one year: its target, baseline and what was realised. */
export interface IndicatorYear {
  name: string;
  unit: string;
  type: string | null;
  year: number;
  baseline: { value: number; year: number } | null;
  target: number | null;
  /** The value of the newest period of the year that reported it; null when none did. */
  realised: number | null;
  /** `realised / target` in percent. */
  achievementPercent: number | null;
}

/** The target a programme set an indicator for a year: its own, or the final target in the last year. */
function targetFor(kpi: ProgramRecord['proposal']['kpis'][number], year: number, lastYear: number): number | null {
  const own = kpi.targetsByYear?.find((t) => t.year === year);
  if (own) return own.target;
  return year === lastYear ? kpi.target : null;
}

/** Each year's realisation per indicator: the value of the newest period of the year that reported it. */
function realisedByYear(reports: readonly ReportSummary[]): Map<number, Map<string, number>> {
  const byYear = new Map<number, Map<string, number>>();
  for (const r of reports) {
    const year = periodYear(r.period);
    const values = byYear.get(year) ?? new Map<string, number>();
    byYear.set(year, values);
    for (const v of r.kpiValues) values.set(v.name, v.value); // reports are in period order: the newest wins
  }
  return byYear;
}

/** Every indicator of a programme in every year it runs (or the one asked for). */
export function indicatorYears(p: PortfolioProgram, year?: number): IndicatorYear[] {
  const years = programYears(p.program).filter((y) => year === undefined || y === year);
  const lastYear = yearOf(p.program.proposal.endDate);
  const realisedIn = realisedByYear(p.reports);
  return p.program.proposal.kpis.flatMap((kpi) =>
    years.map((y) => {
      const target = targetFor(kpi, y, lastYear);
      const realised = realisedIn.get(y)?.get(kpi.name) ?? null;
      return {
        name: kpi.name,
        unit: kpi.unit,
        type: kpi.type ?? null,
        year: y,
        baseline: kpi.baseline ?? null,
        target,
        realised,
        achievementPercent: achievement(realised, target),
      };
    }),
  );
}

/** A programme's budget in one year: planned and realised (Rp). */
export interface BudgetYear {
  year: number;
  /** `budgetByYear` for the year; a one-year programme without it plans its whole budget there; else null. */
  plannedIdr: number | null;
  /** Sum of the year's reported `budgetRealisedIdr`; null when no report of the year stated one. */
  realisedIdr: number | null;
}

export function budgetYears(p: PortfolioProgram, year?: number): BudgetYear[] {
  const { proposal } = p.program;
  const years = programYears(p.program);
  const spent = new Map<number, number>();
  for (const r of p.reports) {
    if (r.budgetRealisedIdr !== undefined) spent.set(periodYear(r.period), (spent.get(periodYear(r.period)) ?? 0) + r.budgetRealisedIdr);
  }
  return years
    .filter((y) => year === undefined || y === year)
    .map((y) => {
      const planned =
        proposal.budgetByYear?.find((b) => b.year === y)?.amountIdr ?? (proposal.budgetByYear === undefined && years.length === 1 ? proposal.budgetIdr : null);
      return { year: y, plannedIdr: planned, realisedIdr: spent.get(y) ?? null };
    });
}

/** The whole portfolio in one year: budget planned and realised, and the indicators' mean achievement. */
export interface PortfolioYear {
  year: number;
  plannedIdr: number;
  /** Null when no programme reported budget spent that year. */
  realisedIdr: number | null;
  /** Mean of `achievementPercent` over indicators with a target and a realisation that year; null when none. */
  meanAchievementPercent: number | null;
  /** How many indicators that mean is over. */
  indicatorsMeasured: number;
}

export function portfolioYears(programs: readonly PortfolioProgram[], year?: number): PortfolioYear[] {
  const totals = new Map<number, { plannedIdr: number; realisedIdr: number | null; achievements: number[] }>();
  const totalOf = (y: number) => {
    const t = totals.get(y) ?? { plannedIdr: 0, realisedIdr: null, achievements: [] };
    totals.set(y, t);
    return t;
  };
  for (const p of programs) {
    for (const b of budgetYears(p, year)) {
      const t = totalOf(b.year);
      t.plannedIdr += b.plannedIdr ?? 0;
      if (b.realisedIdr !== null) t.realisedIdr = (t.realisedIdr ?? 0) + b.realisedIdr;
    }
    for (const i of indicatorYears(p, year)) if (i.achievementPercent !== null) totalOf(i.year).achievements.push(i.achievementPercent);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([y, t]) => ({
      year: y,
      plannedIdr: t.plannedIdr,
      realisedIdr: t.realisedIdr,
      meanAchievementPercent: t.achievements.length === 0 ? null : t.achievements.reduce((s, a) => s + a, 0) / t.achievements.length,
      indicatorsMeasured: t.achievements.length,
    }));
}

/** Everything the dashboard shows, computed once per request. */
export interface PortfolioOverview {
  programs: PortfolioProgram[];
  byStage: Group<Stage>[];
  byDimension: Group<string>[];
  bySubDimension: Group<string>[];
  byOpd: Group<string>[];
  overdue: ProgramRecord[];
  quickWins: QuickWinStatus[];
  years: PortfolioYear[];
}

export function portfolioOverview(all: readonly PortfolioProgram[], filter: PortfolioFilter, quickWins: readonly QuickWin[], now: string): PortfolioOverview {
  const programs = all.filter((p) => matchesFilter(p, filter));
  return {
    programs,
    byStage: byStage(programs),
    byDimension: byDimension(programs),
    bySubDimension: bySubDimension(programs),
    byOpd: byOpd(programs),
    overdue: overdue(programs, now),
    quickWins: quickWinStatus(programs, quickWins),
    years: portfolioYears(programs, filter.year),
  };
}
