/**
 * Holiday years without a deploy (docs/product.md §10), shared by `/v1/holiday-years` and the
 * page `/admin/libur`: read the year's SKB list as JSON or CSV, check it against the calendar
 * (domain/holiday-years.ts), and save it with who did it, when, before and after. The worker's
 * reference cache picks a saved year up within a minute; deadlines computed from then on count it.
 */
import { parse } from 'csv-parse/sync';
import { checkHolidayYear, type HolidayYearCheck } from '../domain/holiday-years.js';
import type { Person } from '../domain/roles.js';
import type { Store } from '../store/index.js';
import { ProblemError } from './problem.js';

/** The CSV header a holiday list must have. */
export const holidayCsvHeader = ['tanggal', 'jenis', 'keterangan'] as const;

type Row = { date: string; kind: string; name: string };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The rows of an upload: JSON as the year files in data/ are written (`{source, holidays: [{date,
 * kind, name}]}`, or just the list), or CSV with the header `tanggal,jenis,keterangan`. 400 when
 * the text is neither.
 */
export function readHolidayUpload(body: string): { rows: Row[]; source: string | null } {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ProblemError(400, 'Invalid request', 'the file is not valid JSON', [{ path: 'berkas', message: 'berkas JSON tidak dapat dibaca' }]);
    }
    const list: unknown = Array.isArray(parsed) ? parsed : (parsed as { holidays?: unknown }).holidays;
    if (!Array.isArray(list))
      throw new ProblemError(400, 'Invalid request', 'the JSON has no holidays list', [
        { path: 'berkas', message: 'berkas JSON tidak berisi daftar "holidays"' },
      ]);
    const rows = list.map((h: unknown) => {
      const o = (typeof h === 'object' && h !== null ? h : {}) as Record<string, unknown>;
      return { date: text(o['date']), kind: text(o['kind']), name: text(o['name']) };
    });
    const source = Array.isArray(parsed) ? null : text((parsed as { source?: unknown }).source) || null;
    return { rows, source };
  }
  let records: string[][];
  try {
    records = parse(trimmed, { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch {
    throw new ProblemError(400, 'Invalid request', 'the file is neither JSON nor CSV', [
      { path: 'berkas', message: 'berkas bukan JSON atau CSV yang dapat dibaca' },
    ]);
  }
  const [header, ...lines] = records;
  if (!header || header.map((h) => h.toLowerCase()).join(',') !== holidayCsvHeader.join(',')) {
    throw new ProblemError(400, 'Invalid request', `the CSV header must be ${holidayCsvHeader.join(',')}`, [
      { path: 'berkas', message: `baris pertama CSV harus ${holidayCsvHeader.join(',')}` },
    ]);
  }
  return { rows: lines.map(([date = '', kind = '', name = '']) => ({ date, kind, name })), source: null };
}

export function createHolidayOperations(store: Store) {
  return {
    /** What saving would do: the year as it would be stored, its problems and the dates on weekends. */
    check(year: number, source: string, body: string): HolidayYearCheck {
      const upload = readHolidayUpload(body);
      return checkHolidayYear(year, source || upload.source || '', upload.rows);
    },

    /** Saves a checked year; 400 naming every problem when there is one (nothing is written). */
    async save(checked: HolidayYearCheck, by: Person, now = new Date()): Promise<void> {
      if (!checked.year)
        throw new ProblemError(400, 'Invalid request', `the holiday list has ${checked.problems.length} problem(s); nothing was saved`, checked.problems);
      await store.roster.putHolidayYear(checked.year, { userId: by.id, name: by.name }, now);
    },
  };
}
