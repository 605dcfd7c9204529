/**
 * The portfolio read (domain/portfolio.ts): every programme with the newest report of each of
 * its periods, in a few Queries however many programmes and reports there are.
 *
 * Reading each programme's reports would cost one Query per programme per page view (2,000
 * programmes, 2,000 round trips). So each programme keeps one more item beside its reports,
 * its report rollup `{pk: PROGRAM#<id>, sk: ROLLUP}`: a map from period to what the portfolio
 * needs of that period's newest report. The store write that records a report updates it
 * (`rollUpReport`, called by `putReport`), so the workflow issues no new command. The
 * portfolio is then two index Queries read in parallel, paged: every programme item
 * (`byKind`, `KIND#program`) and every rollup (`byKind`, `KIND#rollup`).
 *
 * Every write is idempotent and safe without transactions: the rollup item is created with
 * `if_not_exists`, and a period's entry is replaced only by a higher version, so a retried or
 * late write never puts an older correction back.
 */
import type { Masterplan, QuickWin } from '../domain/masterplan.js';
import type { PortfolioProgram, ReportSummary } from '../domain/portfolio.js';
import type { ProgramRecord } from '../domain/program.js';
import type { ProgressReport } from '../domain/reports.js';
import type { Dynamo } from './client.js';
import { dataOf, getItem, kindKeys, queryKind, queryPrefix, updateIf, withoutKeys } from './items.js';
import { itemKeys, programChildPrefix } from './table.js';

const rollupKind = 'rollup';

/** What the rollup keeps of a report. */
export const summaryOf = (r: ProgressReport): ReportSummary => ({
  period: r.period,
  version: r.version,
  percentComplete: r.percentComplete,
  kpiValues: r.kpiValues,
  ...(r.budgetRealisedIdr === undefined ? {} : { budgetRealisedIdr: r.budgetRealisedIdr }),
});

/**
 * A period's entry is kept as one compact JSON string, its version beside it as a number (for
 * the condition that only a newer version replaces it): a rollup of five years of monthly
 * reports is then 120 plain attributes, not some 800 nested ones, which makes the portfolio's
 * Query several times faster (bench/dasbor.ts).
 */
interface StoredEntry {
  pc: number;
  k: [string, number][];
  b?: number;
}

const encodeEntry = (s: ReportSummary): string =>
  JSON.stringify({
    pc: s.percentComplete,
    k: s.kpiValues.map((v) => [v.name, v.value]),
    ...(s.budgetRealisedIdr === undefined ? {} : { b: s.budgetRealisedIdr }),
  } satisfies StoredEntry);

function decodeEntry(period: string, version: number, text: string): ReportSummary {
  const e = JSON.parse(text) as StoredEntry;
  return {
    period,
    version,
    percentComplete: e.pc,
    kpiValues: e.k.map(([name, value]) => ({ name, value })),
    ...(e.b === undefined ? {} : { budgetRealisedIdr: e.b }),
  };
}

interface RollupItem {
  programId: string;
  versions: Record<string, number>;
  periods: Record<string, string>;
}

const sortedPeriods = (rollup: RollupItem | undefined): ReportSummary[] =>
  Object.entries(rollup?.periods ?? {})
    .map(([period, text]) => decodeEntry(period, rollup?.versions[period] ?? 0, text))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));

/** Stages whose programmes may have reports: only they need a rollup. */
const reportingStages: readonly ProgramRecord['stage'][] = ['implementation', 'completed', 'cancelled'];

/** How many programmes without a rollup are rebuilt at once (programmes reported on before rollups existed). */
const rebuildConcurrency = 8;

/** A programme's rollup item as stored: listed among every rollup (`byKind`), its periods by id. */
export function rollupItem(programId: string, periods: readonly ReportSummary[]): Record<string, unknown> & { pk: string; sk: string } {
  return {
    ...itemKeys.reportRollup(programId),
    ...kindKeys(rollupKind, programId),
    kind: rollupKind,
    programId,
    versions: Object.fromEntries(periods.map((p) => [p.period, p.version])),
    periods: Object.fromEntries(periods.map((p) => [p.period, encodeEntry(p)])),
  };
}

export function createPortfolioStore(db: Dynamo) {
  /** Creates the programme's rollup item, empty, unless it exists. */
  async function ensureRollup(programId: string): Promise<void> {
    const { pk: _pk, sk: _sk, versions: _versions, periods: empty, ...fields } = rollupItem(programId, []);
    const names = Object.keys(fields);
    await updateIf(db, {
      Key: itemKeys.reportRollup(programId),
      UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}, versions = if_not_exists(versions, :empty), periods = if_not_exists(periods, :empty)`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])), ':empty': empty },
    });
  }

  /** Puts a report's summary in its period's entry, unless that entry holds the same or a newer version. */
  async function putEntry(programId: string, summary: ReportSummary): Promise<void> {
    await updateIf(db, {
      Key: itemKeys.reportRollup(programId),
      UpdateExpression: 'SET versions.#p = :version, periods.#p = :entry',
      ConditionExpression: 'attribute_not_exists(versions.#p) OR versions.#p < :version',
      ExpressionAttributeNames: { '#p': summary.period },
      ExpressionAttributeValues: { ':entry': encodeEntry(summary), ':version': summary.version },
    });
  }

  /** A programme's rollup written from its stored reports (every version; the newest of each period stays). */
  async function rebuildRollup(programId: string): Promise<ReportSummary[]> {
    await ensureRollup(programId);
    const reports = await queryPrefix(db, itemKeys.program(programId).pk, programChildPrefix.report, withoutKeys<ProgressReport>);
    for (const r of reports) await putEntry(programId, summaryOf(r));
    return sortedPeriods((await getItem(db, itemKeys.reportRollup(programId), withoutKeys<RollupItem>)) ?? undefined);
  }

  /** Runs `work` over `items`, at most `limit` at a time. */
  async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < items.length) await work(items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  }

  return {
    /** Records a report in its programme's rollup (called by the store write that records the report). */
    async rollUpReport(report: ProgressReport): Promise<void> {
      await ensureRollup(report.programId);
      await putEntry(report.programId, summaryOf(report));
    },

    rebuildRollup,

    /** The quick wins every stored masterplan names. */
    async quickWins(): Promise<QuickWin[]> {
      return (await queryKind(db, 'masterplan', dataOf<Masterplan>())).flatMap((m) => m.quickWins);
    },

    /**
     * Every programme with the newest report of each period. A programme that may have
     * reports but has no rollup (reported on before rollups were kept) gets one rebuilt from its
     * reports, once: later reads find it.
     */
    async loadPortfolio(): Promise<PortfolioProgram[]> {
      const [programs, rollups] = await Promise.all([queryKind(db, 'program', withoutKeys<ProgramRecord>), queryKind(db, rollupKind, withoutKeys<RollupItem>)]);
      const rollupOf = new Map(rollups.map((r) => [r.programId, r]));
      const rebuilt = new Map<string, ReportSummary[]>();
      const missing = programs.filter((p) => !rollupOf.has(p.id) && reportingStages.includes(p.stage));
      await eachBounded(missing, rebuildConcurrency, async (p) => {
        rebuilt.set(p.id, await rebuildRollup(p.id));
      });
      return programs.map((program) => ({ program, reports: rebuilt.get(program.id) ?? sortedPeriods(rollupOf.get(program.id)) }));
    },
  };
}

export type PortfolioStore = ReturnType<typeof createPortfolioStore>;
