/**
 * Formatting for people in Kabupaten Solok Selatan: rupiah the Indonesian way and
 * dates/times in WIB (Asia/Jakarta, UTC+7, no DST). Pure functions; used by the email
 * templates and the link pages alike.
 */

const weekdays = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** 1250000000 → "Rp 1.250.000.000". */
export function formatRupiah(amount: number): string {
  if (!Number.isFinite(amount)) return `Rp ${String(amount)}`;
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp ${rupiah.format(Math.abs(Math.round(amount)))}`;
}

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
 * "2026-12-07" → "Senin, 7 Desember 2026". An ISO instant is shown as its date in WIB.
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

/** One line of text: control characters and line/paragraph separators become single spaces. */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const lineBreaking = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function singleLine(value: string): string {
  return value.replace(lineBreaking, ' ').replace(/ {2,}/g, ' ').trim();
}

/** “Judul program”: a value quoted in a sentence, on one line. */
export function quoted(text: string): string {
  return `“${singleLine(text)}”`;
}

/** "Nama (Jabatan)", or the name alone when there is no title; on one line. */
export function personLine(person: { name: string; title: string }): string {
  const title = singleLine(person.title);
  return title ? `${singleLine(person.name)} (${title})` : singleLine(person.name);
}

/** The first letter upper-cased: "ditandatangani oleh ..." → "Ditandatangani oleh ...". */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "A", "A atau B", "A, B, atau C" (or "dan"). */
export function joinWords(items: readonly string[], conjunction: 'atau' | 'dan'): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} ${conjunction} ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, ${conjunction} ${items[items.length - 1]}`;
}
