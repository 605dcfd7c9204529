/** WIB calendar dates for tests that must hold whatever day they run on (WIB = UTC+7, no DST), computed here, not by the product. */

/** Today in WIB, as YYYY-MM-DD. */
export function wibToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The instant a WIB day ends (midnight WIB at its end), as an ISO string. */
export function endOfWibDayIso(date: string): string {
  return new Date(Date.parse(`${addDays(date, 1)}T00:00:00+07:00`)).toISOString();
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The month `offset` months from the month of `date`: its id (YYYY-MM), first and last day. */
export function monthOf(date: string, offset = 0): { id: string; first: string; last: string } {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 + offset, 1));
  const first = d.toISOString().slice(0, 10);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  return { id: first.slice(0, 7), first, last };
}

/** Monday to Friday (holidays are the calendar's business; see workingDaysAfter). */
export function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The n-th working day after `date`, skipping weekends and the given holiday dates: counted here, not by the product's calendar. */
export function workingDaysAfter(date: string, n: number, holidays: ReadonlySet<string>): string {
  let d = date;
  for (let counted = 0; counted < n;) {
    d = addDays(d, 1);
    if (isWeekday(d) && !holidays.has(d)) counted += 1;
  }
  return d;
}

/** Working days strictly after `from` up to and including `to`. */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWeekday(d) && !holidays.has(d)) count += 1;
  return count;
}
