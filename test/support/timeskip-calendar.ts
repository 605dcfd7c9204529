/**
 * The expectations of the time-skipping tests, worked out here and NOT by calling domain/calendar.ts
 * or domain/notifications.ts: a small working-day calendar over the holiday JSON files, and the
 * reminder rules of issues 3-5 written out one by one.
 *
 * Rules (every notification at 08:00 WIB on a working day, never on a weekend or holiday):
 *  - review / Sekda approval: one working day before the due day and on it; escalation on the
 *    1st working day after it (an escalation policy with more steps: each on its overdue day); then
 *    an overdue reminder on every 2nd overdue working day (2, 4, ...) that has no escalation;
 *  - signing: every 2nd working day since the stage opened while before the due day, on the due day,
 *    escalation on the 1st working day after, then every 2nd overdue working day;
 *  - progress report: on the first working day after the period ends, 2 working days before the due
 *    day and on it; then every 3rd overdue working day (3, 6, ...); escalation on the 5th.
 *  - a report is due on the 5th working day after the period's last day; a stage on the n-th working
 *    day after the day it opened (n from domain/stages.ts stageSlaWorkingDays).
 */
import holidays2025 from '../../data/holidays-id-2025.json' with { type: 'json' };
import holidays2026 from '../../data/holidays-id-2026.json' with { type: 'json' };
import type { HolidayYear } from '../../domain/calendar.js';

export const WIB_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** Holiday years shipped in data/ (real decrees). */
export const realHolidayYears = [holidays2025, holidays2026] as HolidayYear[];

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday .. 6 = Saturday. */
export const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
export const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/** An instant at a WIB wall-clock time on a date ("08:00"). */
export const wibInstant = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+07:00`);
export const wibDateOf = (ms: number) => new Date(ms + WIB_MS).toISOString().slice(0, 10);

export class TestCalendar {
  readonly off: Set<string>;
  constructor(years: readonly { holidays: readonly { date: string }[] }[]) {
    this.off = new Set(years.flatMap((y) => y.holidays.map((h) => h.date)));
  }

  isWorkingDay(date: string): boolean {
    return !isWeekend(date) && !this.off.has(date);
  }

  /** The n-th working day after `date` (the day itself never counts). */
  after(date: string, n: number): string {
    let d = date;
    for (let left = n; left > 0;) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** The n-th working day before `date`. */
  before(date: string, n: number): string {
    let d = date;
    for (let left = n; left > 0;) {
      d = addDays(d, -1);
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** Working days in (from, to]. */
  countBetween(from: string, to: string): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) n += 1;
    return n;
  }
}

export interface Expected {
  kind: 'reminder' | 'overdue_reminder' | 'escalation';
  date: string;
}

/** Every working day after `from` whose 08:00 WIB is before `untilMs`. */
function workingDaysUntil(cal: TestCalendar, from: string, untilMs: number): string[] {
  const days: string[] = [];
  for (let d = cal.after(from, 1); wibInstant(d, '08:00') < untilMs; d = cal.after(d, 1)) days.push(d);
  return days;
}

function overdue(cal: TestCalendar, due: string, d: string, escalateOn: readonly number[], every: number): Expected | null {
  const k = cal.countBetween(due, d);
  if (escalateOn.includes(k)) return { kind: 'escalation', date: d };
  if (k % every === 0) return { kind: 'overdue_reminder', date: d };
  return null;
}

/**
 * Review or Sekda approval opened on `openedOn`, due `due`: what has gone out before `untilMs`,
 * escalated on the overdue working days `escalateOn` (one per step).
 */
export function decisionSchedule(cal: TestCalendar, openedOn: string, due: string, untilMs: number, escalateOn: readonly number[] = [1]): Expected[] {
  const dayBefore = cal.before(due, 1);
  return workingDaysUntil(cal, openedOn, untilMs).flatMap((d): Expected[] => {
    if (d > due) return [overdue(cal, due, d, escalateOn, 2)].filter((x): x is Expected => x !== null);
    return d === dayBefore || d === due ? [{ kind: 'reminder', date: d }] : [];
  });
}

/** Signing opened on `openedOn`, due `due`. */
export function signingSchedule(cal: TestCalendar, openedOn: string, due: string, untilMs: number): Expected[] {
  return workingDaysUntil(cal, openedOn, untilMs).flatMap((d): Expected[] => {
    if (d > due) return [overdue(cal, due, d, [1], 2)].filter((x): x is Expected => x !== null);
    if (d === due) return [{ kind: 'reminder', date: d }];
    return cal.countBetween(openedOn, d) % 2 === 0 ? [{ kind: 'reminder', date: d }] : [];
  });
}

/** The report of a period that ended on `periodEnd`. */
export function reportDue(cal: TestCalendar, periodEnd: string): string {
  return cal.after(periodEnd, 5);
}

export function reportSchedule(cal: TestCalendar, periodEnd: string, untilMs: number): Expected[] {
  const due = reportDue(cal, periodEnd);
  const opened = cal.after(periodEnd, 1);
  const twoBefore = cal.before(due, 2);
  return workingDaysUntil(cal, periodEnd, untilMs).flatMap((d): Expected[] => {
    if (d > due) return [overdue(cal, due, d, [5], 3)].filter((x): x is Expected => x !== null);
    return d === opened || d === twoBefore || d === due ? [{ kind: 'reminder', date: d }] : [];
  });
}

/**
 * A clearly fictional holiday year for tests (no decree for it exists yet): New Year, an "Idul
 * Fitri" block covering the first Monday-to-Friday week of March (Tuesday and Wednesday libur,
 * the rest cuti bersama), and Christmas with cuti bersama on the 24th.
 */
export function fictionalHolidayYear(year: number): HolidayYear {
  let monday = `${year}-03-01`;
  while (weekday(monday) !== 1) monday = addDays(monday, 1);
  const block = [0, 1, 2, 3, 4].map((i) => addDays(monday, i));
  const fitri = (i: number): 'libur' | 'cuti_bersama' => (i === 1 || i === 2 ? 'libur' : 'cuti_bersama');
  return {
    year,
    source: `FIKTIF: kalender uji otomatis ${year} (TEST), bukan SKB; jangan dipakai di produksi`,
    holidays: [
      { date: `${year}-01-01`, kind: 'libur', name: 'TEST Tahun Baru (fiktif)' },
      ...block.map((date, i) => ({ date, kind: fitri(i), name: 'TEST Idul Fitri (fiktif)' })),
      { date: `${year}-12-24`, kind: 'cuti_bersama', name: 'TEST Natal (fiktif)' },
      { date: `${year}-12-25`, kind: 'libur', name: 'TEST Natal (fiktif)' },
    ],
  };
}
