/**
 * A year's national holidays and cuti bersama as the secretariat uploads them from the SKB (joint
 * ministerial decree), checked against the calendar before anything is saved (docs/product.md
 * §10): every date a real day inside the year, no date twice, a known kind and a name. A holiday
 * on a Saturday or Sunday is allowed (the decree lists them) but flagged: it moves no deadline.
 * Messages are read by the secretariat, so they are in Bahasa Indonesia.
 */
import type { FieldProblem } from './people.js';
import type { Holiday, HolidayYear } from './calendar.js';

export interface HolidayYearCheck {
  /** The year as it would be saved; null when a problem stops it. */
  year: HolidayYear | null;
  problems: FieldProblem[];
  /** Dates that fall on a Saturday or Sunday. */
  weekends: string[];
}

const kinds: Record<string, Holiday['kind']> = { libur: 'libur', cuti_bersama: 'cuti_bersama', 'cuti bersama': 'cuti_bersama' };

const isRealDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

/** Checks a year's list; `rows` are as typed (from JSON or CSV), numbered from 1 in problems. */
export function checkHolidayYear(year: number, source: string, rows: readonly { date: string; kind: string; name: string }[]): HolidayYearCheck {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(year) || year < 2020 || year > 2099) problems.push({ path: 'year', message: 'tahun harus antara 2020 dan 2099' });
  if (source.trim() === '') problems.push({ path: 'source', message: 'sebutkan dasar (nomor SKB) daftar ini' });
  if (rows.length === 0) problems.push({ path: 'holidays', message: 'daftar tidak berisi satu tanggal pun' });
  const seen = new Map<string, number>();
  const holidays: Holiday[] = [];
  rows.forEach((r, i) => {
    const at = `holidays.${i + 1}`;
    const date = r.date.trim();
    const kind = kinds[r.kind.trim().toLowerCase()];
    if (!isRealDate(date)) problems.push({ path: `${at}.date`, message: `baris ${i + 1}: "${date}" bukan tanggal TTTT-BB-HH yang sah` });
    else if (!date.startsWith(`${year}-`)) problems.push({ path: `${at}.date`, message: `baris ${i + 1}: ${date} di luar tahun ${year}` });
    else if (seen.has(date)) problems.push({ path: `${at}.date`, message: `baris ${i + 1}: ${date} sudah ada di baris ${seen.get(date)}` });
    if (!kind) problems.push({ path: `${at}.kind`, message: `baris ${i + 1}: jenis harus "libur" atau "cuti_bersama"` });
    if (r.name.trim() === '') problems.push({ path: `${at}.name`, message: `baris ${i + 1}: keterangan wajib diisi` });
    if (isRealDate(date) && !seen.has(date)) seen.set(date, i + 1);
    if (kind) holidays.push({ date, kind, name: r.name.trim() });
  });
  const weekends = [...seen.keys()].filter(isWeekend).sort();
  if (problems.length > 0) return { year: null, problems, weekends };
  return { year: { year, source: source.trim(), holidays: holidays.sort((a, b) => a.date.localeCompare(b.date)) }, problems, weekends };
}
