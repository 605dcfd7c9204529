/**
 * Working days in WIB (Asia/Jakarta, UTC+7, no DST): Monday to Friday, minus national
 * holidays and cuti bersama. Holidays are data, one file per year (SKB of the ministers);
 * a year without data counts weekends only, and `missingYears` says so.
 */

export const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface Holiday {
  date: string; // YYYY-MM-DD
  kind: 'libur' | 'cuti_bersama';
  name: string;
}

export interface HolidayYear {
  year: number;
  source: string;
  holidays: Holiday[];
}

/** The calendar date in WIB of an instant, as YYYY-MM-DD. */
export function wibDate(instant: Date): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a WIB calendar day begins (its midnight in WIB). */
export function startOfWibDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - WIB_OFFSET_MS);
}

/** The instant a WIB calendar day ends (its next midnight in WIB). */
export function endOfWibDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60 * 1000 - WIB_OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export class WorkingCalendar {
  private readonly holidays = new Map<string, Holiday>();
  private readonly years = new Set<number>();

  constructor(data: readonly HolidayYear[]) {
    for (const year of data) {
      this.years.add(year.year);
      for (const h of year.holidays) this.holidays.set(h.date, h);
    }
  }

  /** Years with holiday data. */
  knownYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Of the given dates' years, those that have no holiday data (weekends only are counted there). */
  missingYears(...dates: string[]): number[] {
    const wanted = new Set(dates.map((d) => Number(d.slice(0, 4))));
    return [...wanted].filter((y) => !this.years.has(y)).sort((a, b) => a - b);
  }

  holiday(date: string): Holiday | undefined {
    return this.holidays.get(date);
  }

  isWorkingDay(date: string): boolean {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /**
   * The date of the n-th working day after `date` (n >= 1); the day itself does not count.
   * n = 0 gives `date` if it is a working day, else the next one.
   */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = addDays(d, 1);
      return d;
    }
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** Working days strictly after `from` up to and including `to` (0 when to <= from). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count += 1;
    return count;
  }
}

/** A stage opened at `openedAt` with an SLA of n working days is due at the end of that n-th working day (WIB). */
export function slaDeadline(calendar: WorkingCalendar, openedAt: Date, workingDays: number): { dueDate: string; dueAt: Date } {
  const dueDate = calendar.addWorkingDays(wibDate(openedAt), workingDays);
  return { dueDate, dueAt: endOfWibDay(dueDate) };
}
