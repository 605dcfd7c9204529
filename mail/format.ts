/**
 * Formatting for people in Kabupaten Solok Selatan: rupiah the Indonesian way, text on one
 * line, names with titles. Dates and times live in api/views/dates.ts (re-exported here for
 * the templates). Pure functions; used by the email templates and the pages alike.
 */
export { formatDate, formatDateTime, formatPeriod } from '../api/views/dates.js';

const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** 1250000000 → "Rp 1.250.000.000". */
export function formatRupiah(amount: number): string {
  if (!Number.isFinite(amount)) return `Rp ${String(amount)}`;
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp ${rupiah.format(Math.abs(Math.round(amount)))}`;
}

const decimalNumber = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

/** 12.5 → "12,5"; 1500 → "1.500": numbers as people in Solok Selatan write them. */
export function formatNumber(n: number): string {
  return decimalNumber.format(n);
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
