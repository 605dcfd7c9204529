/**
 * Reporting periods of a programme in implementation: calendar months or quarters,
 * clipped to the programme's dates. Pure, so the workflow can compute them itself.
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

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate(); // month 1-12
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function reportingPeriods(startDate: string, endDate: string, cadence: ReportingCadence): ReportingPeriod[] {
  const months = cadence === 'monthly' ? 1 : 3;
  const periods: Omit<ReportingPeriod, 'last'>[] = [];
  let year = Number(startDate.slice(0, 4));
  let month = Number(startDate.slice(5, 7));
  if (cadence === 'quarterly') month = Math.floor((month - 1) / 3) * 3 + 1;
  for (;;) {
    const periodStart = iso(year, month, 1);
    if (periodStart > endDate) break;
    const endMonth = month + months - 1;
    const periodEnd = iso(year, endMonth, lastDayOfMonth(year, endMonth));
    const id = cadence === 'monthly' ? `${year}-${String(month).padStart(2, '0')}` : `${year}-Q${(month - 1) / 3 + 1}`;
    periods.push({ id, start: periodStart < startDate ? startDate : periodStart, end: periodEnd > endDate ? endDate : periodEnd, index: periods.length });
    month += months;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return periods.map((p, i) => ({ ...p, last: i === periods.length - 1 }));
}

export const periodIdPattern = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;
