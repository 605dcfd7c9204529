import { describe, expect, it } from 'vitest';
import holidays2025 from '../../data/holidays-id-2025.json' with { type: 'json' };
import holidays2026 from '../../data/holidays-id-2026.json' with { type: 'json' };
import { endOfWibDay, slaDeadline, wibDate, WorkingCalendar, type HolidayYear } from '../../domain/calendar.js';

// The real reference data, as the product ships it. Expectations below are worked out by hand
// from the two JSON files and a wall calendar, never by calling the code under test.
// Weekday anchors: 2025-01-01 is a Wednesday, 2026-01-01 a Thursday, 2027-01-01 a Friday;
// 2026-03-01 is a Sunday, 2026-12-01 a Tuesday.
const calendar = new WorkingCalendar([holidays2025, holidays2026] as HolidayYear[]);

describe('WorkingCalendar: weekends and holidays', () => {
  it('counts Monday to Friday as working days and Saturday/Sunday as not', () => {
    // 2026-03-09 Mon .. 2026-03-13 Fri: no holiday in the 2026 file that week.
    const week = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15'];

    const working = week.map((d) => calendar.isWorkingDay(d));

    expect(working).toEqual([true, true, true, true, true, false, false]);
  });

  it('treats a national holiday (libur) on a weekday as a day off and reports it', () => {
    // 2026-03-19 (Thursday): "Hari Suci Nyepi (Tahun Baru Saka 1948)", kind libur.
    const date = '2026-03-19';

    const holiday = calendar.holiday(date);

    expect(calendar.isWorkingDay(date)).toBe(false);
    expect(holiday).toEqual({ date, kind: 'libur', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)' });
  });

  it('treats cuti bersama on a weekday as a day off, with its kind', () => {
    // 2026-03-23 (Monday): cuti bersama Idul Fitri 1447 H. 2025-12-26 (Friday): cuti bersama Natal.
    expect(calendar.isWorkingDay('2026-03-23')).toBe(false);
    expect(calendar.holiday('2026-03-23')?.kind).toBe('cuti_bersama');
    expect(calendar.isWorkingDay('2025-12-26')).toBe(false);
    expect(calendar.holiday('2025-12-26')?.kind).toBe('cuti_bersama');
  });

  it('has no holiday on an ordinary working day', () => {
    // 2026-03-17 (Tuesday) is the last working day before the Nyepi/Idul Fitri block.
    expect(calendar.holiday('2026-03-17')).toBeUndefined();
    expect(calendar.isWorkingDay('2026-03-17')).toBe(true);
  });

  it('knows the years it has data for', () => {
    expect(calendar.knownYears()).toEqual([2025, 2026]);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('jumps the 2026 Nyepi + Idul Fitri block (18..24 March)', () => {
    // 17 Tue (start, not counted); 18 Wed cuti Nyepi, 19 Thu libur Nyepi, 20 Fri cuti Idul Fitri,
    // 21 Sat + 22 Sun (libur Idul Fitri, weekend anyway), 23 Mon cuti, 24 Tue cuti; 25 Wed works.
    expect(calendar.addWorkingDays('2026-03-17', 1)).toBe('2026-03-25');
  });

  it('counts a 5-day SLA from Friday 13 March 2026 across the block', () => {
    // Fri 13 (start) → Mon 16 (1), Tue 17 (2), [18..24 off], Wed 25 (3), Thu 26 (4), Fri 27 (5).
    expect(calendar.addWorkingDays('2026-03-13', 5)).toBe('2026-03-27');
  });

  it('skips the weekend from a Friday', () => {
    // Fri 2026-03-06 → Mon 09 (1), Tue 10 (2).
    expect(calendar.addWorkingDays('2026-03-06', 2)).toBe('2026-03-10');
  });

  it('crosses the 2025/2026 year boundary through Natal and Tahun Baru', () => {
    // Wed 2025-12-24 → 25 Thu libur, 26 Fri cuti, 27/28 weekend → Mon 29 (1), Tue 30 (2).
    expect(calendar.addWorkingDays('2025-12-24', 2)).toBe('2025-12-30');
    // Wed 2025-12-31 → Thu 2026-01-01 libur → Fri 2026-01-02 (1).
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-02');
  });

  it('with n = 0 returns a working day itself', () => {
    expect(calendar.addWorkingDays('2026-03-17', 0)).toBe('2026-03-17');
  });

  it('with n = 0 moves a holiday to the next working day', () => {
    // Wed 18 March 2026 is cuti bersama; the next working day is Wed 25.
    expect(calendar.addWorkingDays('2026-03-18', 0)).toBe('2026-03-25');
  });

  it('with n = 0 moves a Saturday to the Monday', () => {
    // Sat 2026-03-07 → Mon 2026-03-09 (no holiday).
    expect(calendar.addWorkingDays('2026-03-07', 0)).toBe('2026-03-09');
  });

  it('does not count the start day even when it is a holiday', () => {
    // Thu 2026-03-19 (libur) → next working day Wed 25 is the first.
    expect(calendar.addWorkingDays('2026-03-19', 1)).toBe('2026-03-25');
  });
});

describe('WorkingCalendar.workingDaysBetween', () => {
  it('counts the working days after `from` up to and including `to` across the March 2026 block', () => {
    // 14..31 March 2026: Mon 16, Tue 17 (2); 18..24 off; Wed 25, Thu 26, Fri 27 (3); Mon 30, Tue 31 (2) = 7.
    expect(calendar.workingDaysBetween('2026-03-13', '2026-03-31')).toBe(7);
  });

  it('is 0 inside the block', () => {
    expect(calendar.workingDaysBetween('2026-03-17', '2026-03-24')).toBe(0);
  });

  it('counts `to` but not `from`', () => {
    // From Mon 09 to Fri 13 March 2026: Tue..Fri = 4.
    expect(calendar.workingDaysBetween('2026-03-09', '2026-03-13')).toBe(4);
  });

  it('is 0 for the same day and when `to` is before `from`', () => {
    expect(calendar.workingDaysBetween('2026-03-10', '2026-03-10')).toBe(0);
    expect(calendar.workingDaysBetween('2026-03-13', '2026-03-09')).toBe(0);
  });
});

describe('WIB dates', () => {
  it('puts 2026-12-06T17:30Z on 7 December in WIB (00:30 WIB)', () => {
    expect(wibDate(new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-07');
  });

  it('keeps the last WIB minute of a day on that day', () => {
    // 16:59:59.999Z = 23:59:59.999 WIB.
    expect(wibDate(new Date('2026-12-06T16:59:59.999Z'))).toBe('2026-12-06');
  });

  it('ends a WIB day at 17:00Z of the same UTC date', () => {
    // Midnight WIB starting 8 December = 2026-12-07T17:00Z.
    expect(endOfWibDay('2026-12-07').toISOString()).toBe('2026-12-07T17:00:00.000Z');
  });
});

describe('slaDeadline', () => {
  it('does not count the Friday a stage opens on (Friday evening WIB)', () => {
    // Opened Fri 2026-12-18 20:00 WIB (13:00Z). SLA 3 (Sekda): Mon 21 (1), Tue 22 (2), Wed 23 (3).
    // Due at the end of Wed 23 WIB = 2026-12-23T17:00Z.
    const openedAt = new Date('2026-12-18T13:00:00Z');

    const { dueDate, dueAt } = slaDeadline(calendar, openedAt, 3);

    expect(dueDate).toBe('2026-12-23');
    expect(dueAt.toISOString()).toBe('2026-12-23T17:00:00.000Z');
  });

  it('crosses Natal 2026 with a 5-day SLA opened on a Friday evening', () => {
    // Fri 2026-12-18 (start): Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 cuti, Fri 25 libur,
    // weekend, Mon 28 (4), Tue 29 (5).
    const { dueDate, dueAt } = slaDeadline(calendar, new Date('2026-12-18T13:00:00Z'), 5);

    expect(dueDate).toBe('2026-12-29');
    expect(dueAt.toISOString()).toBe('2026-12-29T17:00:00.000Z');
  });

  it('uses the WIB date, not the UTC date, of the opening instant', () => {
    // 2026-12-17T18:00Z is Thursday in UTC but Friday 01:00 WIB: the Friday is the start day,
    // so SLA 3 still ends Wed 23 (counting from the UTC Thursday would give Tue 22).
    const { dueDate } = slaDeadline(calendar, new Date('2026-12-17T18:00:00Z'), 3);

    expect(dueDate).toBe('2026-12-23');
  });
});

describe('a year without holiday data (2027)', () => {
  it('reports the year as missing', () => {
    expect(calendar.missingYears('2027-01-04')).toEqual([2027]);
    expect(calendar.missingYears('2026-12-31', '2027-01-04', '2027-06-01')).toEqual([2027]);
    expect(calendar.missingYears('2025-06-02', '2026-06-02')).toEqual([]);
  });

  it('counts weekends only: 1 January 2027 (a Friday) is a working day for lack of data', () => {
    expect(calendar.holiday('2027-01-01')).toBeUndefined();
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false); // Saturday
  });

  it('adds working days over weekends only', () => {
    // Thu 2026-12-31 → Fri 2027-01-01 (1, no data). Fri 2027-01-01 → Mon 4..Fri 8 (5).
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(calendar.addWorkingDays('2027-01-01', 5)).toBe('2027-01-08');
  });

  it('counts January 2027 as its 20 weekdays after the 1st', () => {
    // 2..31 Jan 2027: weeks of 4-8, 11-15, 18-22, 25-29 = 20; 30/31 are a weekend.
    expect(calendar.workingDaysBetween('2027-01-01', '2027-01-31')).toBe(20);
  });
});
