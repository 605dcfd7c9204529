/**
 * The small document model every email of alur is written in, so that the plain-text part
 * and the HTML part always say the same thing, and every email looks the same: a greeting,
 * blocks of text, facts and links, a closing, and the footer. HTML uses inline styles only
 * (no images, scripts or external resources) and escapes every interpolated value; subjects
 * are kept to one line whatever the input holds.
 */
import type { Assignee } from '../domain/program.js';
import { stageSlaWorkingDays, type Stage } from '../domain/stages.js';
import { formatDate, singleLine } from './format.js';
import { escapeHtml, escapeMultiline, safeUrl } from './html.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface Fact {
  label: string;
  value: string;
}

/** Said on every email and every link page. */
export const tteNote = 'Persetujuan melalui alur merupakan keputusan administratif, bukan tanda tangan elektronik tersertifikasi (TTE).';

export const mailFooter = [
  'Surel ini dikirim secara otomatis oleh alur, sistem alur kerja dan persetujuan Program Smart City Pemerintah Kabupaten Solok Selatan.',
  tteNote,
] as const;

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'facts'; facts: Fact[] }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'action'; intro: string; button: string; url: string }
  | { kind: 'link'; intro: string; url: string };

const style = {
  body: 'margin:0;padding:0;background:#f3f4f6;',
  wrap: 'max-width:640px;margin:0 auto;padding:24px 12px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.55;color:#1f2933;',
  brand: 'margin:0 0 12px 0;font-size:13px;color:#52606d;',
  card: 'background:#ffffff;border:1px solid #d9dde3;border-radius:6px;padding:24px;',
  h1: 'margin:0 0 16px 0;font-size:20px;line-height:1.3;color:#102a43;',
  h2: 'margin:24px 0 8px 0;font-size:16px;color:#102a43;',
  p: 'margin:0 0 12px 0;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 12px 0;font-size:14px;',
  th: 'text-align:left;vertical-align:top;padding:6px 12px 6px 0;color:#52606d;font-weight:normal;white-space:nowrap;border-bottom:1px solid #eef0f3;',
  td: 'vertical-align:top;padding:6px 0;border-bottom:1px solid #eef0f3;',
  quoteLabel: 'margin:0 0 4px 0;font-weight:bold;',
  quote: 'margin:0 0 12px 0;padding:10px 14px;border-left:4px solid #9aa5b1;background:#f5f7fa;',
  notice: 'margin:0 0 12px 0;padding:10px 14px;border:1px solid #f0b429;background:#fffbea;border-radius:4px;',
  button: 'display:inline-block;padding:10px 18px;background:#0b6e4f;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  url: 'word-break:break-all;font-size:13px;color:#334e68;',
  footer: 'margin:16px 0 0 0;font-size:12px;line-height:1.5;color:#616e7c;',
} as const;

/** "Yth. <name>\n<title>" and "Dengan hormat,". */
export function greeting(recipient: Assignee): Block[] {
  const title = singleLine(recipient.title);
  const who = title ? `${singleLine(recipient.name)}\n${title}` : singleLine(recipient.name);
  return [
    { kind: 'p', text: `Yth. ${who}` },
    { kind: 'p', text: 'Dengan hormat,' },
  ];
}

export const closing: Block = { kind: 'p', text: 'Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.' };

/** `[alur] <what>: <programme title>`, on one line whatever the title holds. */
export function subjectFor(what: string, program: { title: string }): string {
  return singleLine(`[alur] ${singleLine(what)}: ${singleLine(program.title)}`);
}

/**
 * "Batas waktu <what>: paling lambat <date> (WIB), yaitu <n> hari kerja sejak tahap ini dimulai. ..."
 * for a stage with a deadline; `none` (by default "Tidak ada batas waktu yang ditetapkan untuk <what>.") without one.
 */
export function deadlineText(stage: Stage, dueDate: string | null, what: string, none = `Tidak ada batas waktu yang ditetapkan untuk ${what}.`): string {
  if (dueDate === null) return none;
  const days = stageSlaWorkingDays[stage];
  const sla = days === undefined ? '' : `, yaitu ${days} hari kerja sejak tahap ini dimulai`;
  return `Batas waktu ${what}: paling lambat ${formatDate(dueDate)} (WIB)${sla}. Hari kerja dihitung Senin sampai Jumat, di luar hari libur nasional dan cuti bersama.`;
}

/** The email: `subject` on one line, and the text and HTML parts of `blocks` under `heading`. */
export function mail(subject: string, heading: string, blocks: Block[]): MailContent {
  return { subject: singleLine(subject), text: renderText(blocks), html: renderHtml(singleLine(heading), blocks) };
}

function indent(text: string, prefix: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => `${prefix}${l}`.trimEnd())
    .join('\n');
}

function renderText(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'p':
      case 'notice':
        out.push(b.text);
        break;
      case 'heading':
        out.push(b.text.toUpperCase());
        break;
      case 'facts':
        out.push(
          b.facts
            .map((f) => {
              const [first = '', ...rest] = f.value.replace(/\r\n?/g, '\n').split('\n');
              return [`${f.label}: ${first}`, ...rest.map((l) => `  ${l}`.trimEnd())].join('\n');
            })
            .join('\n'),
        );
        break;
      case 'quote':
        out.push(`${b.label}\n${indent(b.text, '  | ')}`);
        break;
      case 'action':
      case 'link':
        out.push(`${b.intro}\n${b.url}`);
        break;
    }
  }
  out.push(`-- \n${mailFooter.join('\n')}`);
  return `${out.join('\n\n')}\n`;
}

function renderHtml(heading: string, blocks: Block[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'p':
        parts.push(`<p style="${style.p}">${escapeMultiline(b.text)}</p>`);
        break;
      case 'heading':
        parts.push(`<h2 style="${style.h2}">${escapeHtml(b.text)}</h2>`);
        break;
      case 'notice':
        parts.push(`<p style="${style.notice}">${escapeMultiline(b.text)}</p>`);
        break;
      case 'facts':
        parts.push(
          `<table role="presentation" style="${style.table}">` +
            b.facts
              .map(
                (f) => `<tr><th scope="row" style="${style.th}">${escapeHtml(f.label)}</th>` + `<td style="${style.td}">${escapeMultiline(f.value)}</td></tr>`,
              )
              .join('') +
            '</table>',
        );
        break;
      case 'quote':
        parts.push(`<p style="${style.quoteLabel}">${escapeHtml(b.label)}</p>` + `<blockquote style="${style.quote}">${escapeMultiline(b.text)}</blockquote>`);
        break;
      case 'action':
        parts.push(
          `<p style="${style.p}">${escapeHtml(b.intro)}</p>` +
            `<p style="${style.p}"><a href="${safeUrl(b.url)}" style="${style.button}">${escapeHtml(b.button)}</a></p>` +
            `<p style="${style.p}"><span style="${style.url}">${escapeHtml(b.url)}</span></p>`,
        );
        break;
      case 'link':
        parts.push(`<p style="${style.p}">${escapeHtml(b.intro)}<br>` + `<a href="${safeUrl(b.url)}" style="${style.url}">${escapeHtml(b.url)}</a></p>`);
        break;
    }
  }
  return [
    '<!doctype html>',
    '<html lang="id">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(heading)}</title></head>`,
    `<body style="${style.body}">`,
    `<div style="${style.wrap}">`,
    `<p style="${style.brand}">alur &middot; Pemerintah Kabupaten Solok Selatan</p>`,
    `<div style="${style.card}">`,
    `<h1 style="${style.h1}">${escapeHtml(heading)}</h1>`,
    parts.join('\n'),
    '</div>',
    `<p style="${style.footer}">${mailFooter.map((l) => escapeHtml(l)).join('<br>')}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
