/**
 * Reporting periods of a programme in implementation: calendar months or quarters,
 * clipped to the programme's dates. Pure, so the workflow can compute them itself.
 * A proposal's dates are bounded (domain/proposal.ts: at most `maxProgrammeYears`), so a
 * programme has at most 12 periods a year; the whole list costs time linear in that number,
 * and one period is found without listing the others.
 */
import type { ReportingCadence } from './proposal.js';

export interface ReportingPeriod {
  /** '2027-01' for a month, '2027-Q1' for a quarter. */
  id: string;
  /** Inclusive WIB dates. */
  start: string;
  end: string;
  /** Position in the programme, from 0. */
  index: number;
  last: boolean;
}

const monthsOf: Record<ReportingCadence, number> = { monthly: 1, quarterly: 3 };

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate(); // month 1-12
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Months since year 0 of a 'YYYY-MM…' date: periods are counted on this scale. */
const monthNumber = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** The first month (on the `monthNumber` scale) of the period that holds `month`. */
const periodStartMonth = (month: number, cadence: ReportingCadence) => month - (month % monthsOf[cadence]);

function periodAt(firstMonth: number, startDate: string, endDate: string, cadence: ReportingCadence, lastMonth: number): ReportingPeriod {
  const year = Math.floor(firstMonth / 12);
  const month = (firstMonth % 12) + 1;
  const endMonth = month + monthsOf[cadence] - 1;
  const periodStart = iso(year, month, 1);
  const periodEnd = iso(year, endMonth, lastDayOfMonth(year, endMonth));
  const id = cadence === 'monthly' ? `${pad(year, 4)}-${pad(month, 2)}` : `${pad(year, 4)}-Q${(month - 1) / 3 + 1}`;
  const first = periodStartMonth(monthNumber(startDate), cadence);
  return {
    id,
    start: periodStart < startDate ? startDate : periodStart,
    end: periodEnd > endDate ? endDate : periodEnd,
    index: (firstMonth - first) / monthsOf[cadence],
    last: firstMonth === lastMonth,
  };
}

export function reportingPeriods(startDate: string, endDate: string, cadence: ReportingCadence): ReportingPeriod[] {
  if (endDate < startDate) return [];
  const first = periodStartMonth(monthNumber(startDate), cadence);
  const last = periodStartMonth(monthNumber(endDate), cadence);
  const periods: ReportingPeriod[] = [];
  for (let m = first; m <= last; m += monthsOf[cadence]) periods.push(periodAt(m, startDate, endDate, cadence, last));
  return periods;
}

/** The period `id` of a programme, or null when it is not one of its periods; no list is built. */
export function reportingPeriodOf(startDate: string, endDate: string, cadence: ReportingCadence, id: string): ReportingPeriod | null {
  const match = periodIdMatch.exec(id);
  if (!match || endDate < startDate) return null;
  const [, year, month, quarter] = match;
  if ((cadence === 'quarterly') !== (quarter !== undefined)) return null;
  const firstMonth = Number(year) * 12 + (quarter !== undefined ? (Number(quarter) - 1) * 3 : Number(month) - 1);
  const first = periodStartMonth(monthNumber(startDate), cadence);
  const last = periodStartMonth(monthNumber(endDate), cadence);
  return firstMonth < first || firstMonth > last ? null : periodAt(firstMonth, startDate, endDate, cadence, last);
}

/** The id of the period that holds `date`. */
export function periodIdOf(date: string, cadence: ReportingCadence): string {
  const start = periodStartMonth(monthNumber(date), cadence);
  return periodAt(start, date, date, cadence, start).id;
}

/**
 * The day a period's report window opens, (WIB dates), both where the workflow
 * fixes it when the period closes and where a page projects it before then: its
 * last day, or the day implementation began for a period that had ended before (the OPD could
 * not report it earlier).
 */
export function reportWindowOpensOn(periodEnd: string, implementationBegan: string | null): string {
  return implementationBegan !== null && periodEnd < implementationBegan ? implementationBegan : periodEnd;
}

const periodIdMatch = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
export const periodIdPattern = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;
