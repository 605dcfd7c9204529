/**
 * Dates and times as people in Kabupaten Solok Selatan read them, in WIB (Asia/Jakarta,
 * UTC+7, no DST): "Kamis, 10 Desember 2026", "10 Desember 2026 pukul 14.05 WIB". The one
 * place pages and emails format a date; never shown as ISO text or in another zone.
 */

const weekdays = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

const wibParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Jakarta',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

interface CivilTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
}

function inWib(instant: Date): CivilTime {
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(wibParts.formatToParts(instant).find((p) => p.type === type)?.value ?? NaN);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour') % 24, minute: part('minute') };
}

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` calendar date as is, or an instant converted to its WIB date; null when neither. */
function civilDate(value: string): CivilTime | null {
  const m = calendarDate.exec(value.trim());
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
    return { year, month, day, hour: 0, minute: 0 };
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : inWib(instant);
}

function weekdayOf(t: CivilTime): string {
  return weekdays[new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()] ?? '';
}

function dayMonthYear(t: CivilTime): string {
  return `${t.day} ${months[t.month - 1] ?? ''} ${t.year}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-12-10" → "Kamis, 10 Desember 2026". An ISO instant is shown as its date in WIB.
 * Text that is not a date is returned unchanged (never "Invalid Date").
 */
export function formatDate(value: string): string {
  const t = civilDate(value);
  return t ? `${weekdayOf(t)}, ${dayMonthYear(t)}` : value;
}

/** "2026-12-07T07:05:00Z" → "7 Desember 2026 pukul 14.05 WIB". Unparseable text is returned unchanged. */
export function formatDateTime(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const t = inWib(d);
  return `${dayMonthYear(t)} pukul ${two(t.hour)}.${two(t.minute)} WIB`;
}

/** "Senin, 1 Juni 2026 s.d. Kamis, 31 Desember 2026". */
export function formatPeriod(startDate: string, endDate: string): string {
  return `${formatDate(startDate)} s.d. ${formatDate(endDate)}`;
}
