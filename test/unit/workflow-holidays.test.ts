import { describe, expect, it } from 'vitest';
import type { HolidayYear } from '../../domain/calendar.js';
import { notificationPolicies, notificationsDue } from '../../domain/notifications.js';
import { calendarOf, holidaysKeptForDays, holidaysStale, type HeldHolidays } from '../../workflows/holidays.js';

const year = (y: number, dates: string[] = []): HolidayYear => ({
  year: y,
  source: 'SKB',
  holidays: dates.map((date) => ({ date, kind: 'libur', name: 'Libur' })),
});
const held = (fetchedAt: string, ...years: HolidayYear[]): HeldHolidays => ({ years, fetchedAt });

describe('the holiday years a workflow holds', () => {
  it('are fetched when the workflow holds none', () => {
    expect(holidaysStale(null, ['2026-12-01'], new Date('2026-12-01T01:00:00Z'))).toBe(true);
  });

  it('are kept while every needed year is held and they are younger than a month', () => {
    expect(holidaysStale(held('2026-12-01T00:00:00Z', year(2026), year(2027)), ['2026-12-20', '2027-01-05'], new Date('2026-12-20T00:00:00Z'))).toBe(false);
  });

  it('are fetched again once a month old', () => {
    const at = new Date(Date.parse('2026-11-01T00:00:00Z') + holidaysKeptForDays * 86_400_000);
    expect(holidaysStale(held('2026-11-01T00:00:00Z', year(2026)), ['2026-11-20'], at)).toBe(true);
  });

  it('are fetched again when a needed year is missing, at most once a day', () => {
    const h = held('2026-12-30T00:00:00Z', year(2026));
    expect(holidaysStale(h, ['2027-01-04'], new Date('2026-12-30T12:00:00Z'))).toBe(false);
    expect(holidaysStale(h, ['2027-01-04'], new Date('2026-12-31T00:00:00Z'))).toBe(true);
  });

  it('plan reminders with the holidays held: the reminder a working day before the due day skips them', () => {
    // Due Friday 2026-12-11; a decision is reminded the working day before: Thursday the 10th, or Monday the 7th when 8–10 are holidays.
    const plain = notificationsDue(
      calendarOf(held('2026-12-01T00:00:00Z', year(2026))),
      { openedOn: '2026-12-01', dueDate: '2026-12-11', policy: notificationPolicies.decision },
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
    );
    const withHoliday = notificationsDue(
      calendarOf(held('2026-12-01T00:00:00Z', year(2026, ['2026-12-10', '2026-12-09', '2026-12-08']))),
      { openedOn: '2026-12-01', dueDate: '2026-12-11', policy: notificationPolicies.decision },
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
    );
    expect([plain.next?.date, withHoliday.next?.date]).toEqual(['2026-12-10', '2026-12-07']);
  });
});
