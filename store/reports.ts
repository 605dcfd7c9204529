/**
 * Reporting periods and progress reports (laporan kemajuan) of a programme in implementation.
 * Both hang under the programme's partition:
 *   { pk: PROGRAM#<id>, sk: PERIOD#<periodId> }                 one per period, written when it closes
 *   { pk: PROGRAM#<id>, sk: REPORT#<periodId>#<version, 3 digits> }  one per version; corrections add versions
 * Each report also updates the programme's report rollup (store/portfolio.ts), which the
 * portfolio reads instead of every report.
 * Every write is a conditional put (dynalite has no transactions): the first write wins and a
 * retried activity gets back what is stored, so a report is never overwritten nor duplicated.
 * Sort keys order reports by period, then version ('2027-01' < '2027-02'; '2027-Q1' < '2027-Q2').
 */
import type { PeriodRecord, ProgressReport } from '../domain/reports.js';
import type { Dynamo } from './client.js';
import { getItem, putOnceOrStored, queryPrefix, withoutKeys } from './items.js';
import { createPortfolioStore } from './portfolio.js';
import { itemKeys, programChildPrefix } from './table.js';

/** Highest version a period's report can have (the sort key keeps three digits). */
export const maxReportVersion = 999;

const programPk = (programId: string) => itemKeys.program(programId).pk;
const { period: periodPrefix, report: reportPrefix } = programChildPrefix;

export const reportKeys = {
  period: (programId: string, periodId: string) => ({ pk: programPk(programId), sk: `${periodPrefix}${periodId}` }),
  report: (programId: string, periodId: string, version: number) => {
    if (!Number.isInteger(version) || version < 1 || version > maxReportVersion) {
      throw new RangeError(`report version must be an integer from 1 to ${maxReportVersion}, got ${version}`);
    }
    return { pk: programPk(programId), sk: `${reportPrefix}${periodId}#${String(version).padStart(3, '0')}` };
  },
} as const;

export function createReportStore(db: Dynamo) {
  const get = <T>(key: { pk: string; sk: string }) => getItem(db, key, withoutKeys<T>);
  const query = <T>(programId: string, prefix: string) => queryPrefix(db, programPk(programId), prefix, withoutKeys<T>);
  const portfolio = createPortfolioStore(db);

  return {
    /** Records a period as it closes; the first record wins (its due day stays), and is returned. */
    putPeriod: (period: PeriodRecord): Promise<PeriodRecord> =>
      putOnceOrStored(db, { ...reportKeys.period(period.programId, period.id), kind: 'period', ...period }, withoutKeys<PeriodRecord>),

    getPeriod: (programId: string, periodId: string) => get<PeriodRecord>(reportKeys.period(programId, periodId)),

    /** The periods recorded so far, in period order. */
    listPeriods: (programId: string) => query<PeriodRecord>(programId, periodPrefix),

    /**
     * Stores one version of a period's report, once. A retry (same programme, period and
     * version) gets the stored report back unchanged, whatever it carries.
     */
    async putReport(report: ProgressReport): Promise<ProgressReport> {
      const stored = await putOnceOrStored(
        db,
        { ...reportKeys.report(report.programId, report.period, report.version), kind: 'report', ...report },
        withoutKeys<ProgressReport>,
      );
      // The portfolio reads reports through the programme's rollup: kept current here, so a retry repairs it too.
      await portfolio.rollUpReport(stored);
      return stored;
    },

    getReport: (programId: string, periodId: string, version: number) => get<ProgressReport>(reportKeys.report(programId, periodId, version)),

    /** Every version of every report (or of one period's), ordered by period, then version. */
    listReports: (programId: string, period?: string) => query<ProgressReport>(programId, period === undefined ? reportPrefix : `${reportPrefix}${period}#`),
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
