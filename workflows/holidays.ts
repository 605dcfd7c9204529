/**
 * The holiday years a programme's workflow holds so that it plans its reminders itself
 * (working-day arithmetic needs no activity). The data comes from an activity and is asked for
 * again when a year the planning needs has none (a year the secretariat may have added since,
 * asked at most once a day) and once it is a month old (a year's holidays changed by a new
 * SKB). Pure and deterministic: the workflow passes its own clock.
 */
import { WorkingCalendar, type HolidayYear } from '../domain/calendar.js';

export interface HeldHolidays {
  years: HolidayYear[];
  /** Workflow time of the activity that returned them. */
  fetchedAt: string;
}

const dayMs = 86_400_000;
/** Past this age the data is asked for again, whatever the planning needs. */
export const holidaysKeptForDays = 30;

/** Whether to ask for the holiday years again before planning with `neededDates` (YYYY-MM-DD) at `now`. */
export function holidaysStale(held: HeldHolidays | null, neededDates: readonly string[], now: Date): boolean {
  if (held === null) return true;
  const ageMs = now.getTime() - Date.parse(held.fetchedAt);
  if (ageMs >= holidaysKeptForDays * dayMs) return true;
  const known = new Set(held.years.map((y) => y.year));
  const missing = neededDates.some((d) => !known.has(Number(d.slice(0, 4))));
  return missing && ageMs >= dayMs;
}

export const calendarOf = (held: HeldHolidays): WorkingCalendar => new WorkingCalendar(held.years);
