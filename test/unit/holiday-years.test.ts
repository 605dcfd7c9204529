/** A year's SKB list as uploaded (domain/holiday-years.ts, api/holiday-years.ts): checked against the calendar before it is saved. */
import { describe, expect, it } from 'vitest';
import { readHolidayUpload } from '../../api/holiday-years.js';
import { ProblemError } from '../../api/problem.js';
import { checkHolidayYear } from '../../domain/holiday-years.js';

const skb = 'SKB 3 Menteri 2027 (uji)';

describe('a holiday year as uploaded', () => {
  it('is saved sorted by date, with the dates on a weekend flagged', () => {
    const checked = checkHolidayYear(2027, skb, [
      { date: '2027-08-17', kind: 'libur', name: 'Hari Kemerdekaan' },
      { date: '2027-01-01', kind: 'libur', name: 'Tahun Baru' },
      { date: '2027-02-13', kind: 'cuti bersama', name: 'Cuti bersama (Sabtu)' },
    ]);
    expect(checked.problems).toEqual([]);
    expect(checked.year?.holidays.map((h) => [h.date, h.kind])).toEqual([
      ['2027-01-01', 'libur'],
      ['2027-02-13', 'cuti_bersama'],
      ['2027-08-17', 'libur'],
    ]);
    expect(checked.weekends).toEqual(['2027-02-13']);
  });

  it('names every problem at once: a date outside the year, a date twice, an impossible date, an unknown kind', () => {
    const checked = checkHolidayYear(2027, skb, [
      { date: '2026-12-25', kind: 'libur', name: 'Natal' },
      { date: '2027-03-10', kind: 'libur', name: 'Nyepi' },
      { date: '2027-03-10', kind: 'libur', name: 'Nyepi lagi' },
      { date: '2027-02-30', kind: 'libur', name: 'Tidak ada' },
      { date: '2027-04-01', kind: 'bebas', name: 'Jenis salah' },
    ]);
    expect(checked.year).toBeNull();
    expect(checked.problems.map((p) => p.message)).toEqual([
      'baris 1: 2026-12-25 di luar tahun 2027',
      'baris 3: 2027-03-10 sudah ada di baris 2',
      'baris 4: "2027-02-30" bukan tanggal TTTT-BB-HH yang sah',
      'baris 5: jenis harus "libur" atau "cuti_bersama"',
    ]);
  });

  it('reads the CSV header tanggal,jenis,keterangan and the JSON of the data files alike', () => {
    const csv = readHolidayUpload('tanggal,jenis,keterangan\n2027-01-01,libur,Tahun Baru\n');
    const json = readHolidayUpload(JSON.stringify({ source: skb, holidays: [{ date: '2027-01-01', kind: 'libur', name: 'Tahun Baru' }] }));
    expect(csv.rows).toEqual(json.rows);
    expect(json.source).toBe(skb);
  });

  it('refuses a CSV without the expected header', () => {
    expect(() => readHolidayUpload('date,kind,name\n2027-01-01,libur,Tahun Baru\n')).toThrow(ProblemError);
  });
});
