/**
 * The small document model every email of alur is written in, so that the plain-text part
 * and the HTML part always say the same thing, and every email looks the same: a greeting,
 * blocks of text, facts and links, a closing, and the footer. The HTML part is JSX (escaped by
 * construction) with inline styles only (no images, scripts or external resources); subjects
 * are kept to one line whatever the input holds.
 */
import type { Assignee } from '../domain/program.js';
import { stageSlaWorkingDays, type Stage } from '../domain/stages.js';
import { checkedUrl } from '../api/views/urls.js';
import { productName, regency, renderDocument, tteNote } from '../api/views/layout.js';
import { formatDate, singleLine } from './format.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface Fact {
  label: string;
  value: string;
}

export const mailFooter = [
  'Surel ini dikirim secara otomatis oleh alur, sistem alur kerja dan persetujuan Program Smart City Pemerintah Kabupaten Solok Selatan.',
  tteNote,
] as const;

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'facts'; facts: Fact[] }
  | { kind: 'list'; items: string[] }
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
  th: 'width:40%;text-align:left;vertical-align:top;padding:6px 12px 6px 0;color:#52606d;font-weight:normal;border-bottom:1px solid #eef0f3;',
  td: 'vertical-align:top;padding:6px 0;border-bottom:1px solid #eef0f3;overflow-wrap:anywhere;',
  quoteLabel: 'margin:0 0 4px 0;font-weight:bold;',
  quote: 'margin:0 0 12px 0;padding:10px 14px;border-left:4px solid #9aa5b1;background:#f5f7fa;',
  notice: 'margin:0 0 12px 0;padding:10px 14px;border:1px solid #f0b429;background:#fffbea;border-radius:4px;',
  button: 'display:inline-block;padding:10px 18px;background:#0b6e4f;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  url: 'word-break:break-all;font-size:13px;color:#1d4f91;',
  list: 'margin:0 0 12px 0;padding-left:20px;',
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
      case 'list':
        out.push(b.items.map((i) => `- ${i}`).join('\n'));
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

/** Text whose line breaks are kept. */
function Lines(p: { text: string }) {
  const lines = p.text.replace(/\r\n?/g, '\n').split('\n');
  return <>{lines.map((line, i) => (i === 0 ? line : [<br />, line]))}</>;
}

function BlockHtml(p: { block: Block }) {
  const b = p.block;
  switch (b.kind) {
    case 'p':
      return (
        <p style={style.p}>
          <Lines text={b.text} />
        </p>
      );
    case 'heading':
      return <h2 style={style.h2}>{b.text}</h2>;
    case 'notice':
      return (
        <p style={style.notice}>
          <Lines text={b.text} />
        </p>
      );
    case 'list':
      return (
        <ul style={style.list}>
          {b.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      );
    case 'facts':
      return (
        <table role="presentation" style={style.table}>
          {b.facts.map((f) => (
            <tr>
              <th scope="row" style={style.th}>
                {f.label}
              </th>
              <td style={style.td}>
                <Lines text={f.value} />
              </td>
            </tr>
          ))}
        </table>
      );
    case 'quote':
      return (
        <>
          <p style={style.quoteLabel}>{b.label}</p>
          <blockquote style={style.quote}>
            <Lines text={b.text} />
          </blockquote>
        </>
      );
    case 'action':
      return (
        <>
          <p style={style.p}>{b.intro}</p>
          <p style={style.p}>
            <a href={checkedUrl(b.url)} style={style.button}>
              {b.button}
            </a>
          </p>
          <p style={style.p}>
            <span style={style.url}>{b.url}</span>
          </p>
        </>
      );
    case 'link':
      return (
        <p style={style.p}>
          {b.intro}
          <br />
          <a href={checkedUrl(b.url)} style={style.url}>
            {b.url}
          </a>
        </p>
      );
  }
}

/** The HTML part: one column, inline styles only (mail clients drop <style>), no images or scripts. */
function renderHtml(heading: string, blocks: Block[]): string {
  return renderDocument(
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{heading}</title>
      </head>
      <body style={style.body}>
        <div style={style.wrap}>
          <p style={style.brand}>
            <strong>{productName}</strong> · {regency}
          </p>
          <div style={style.card}>
            <h1 style={style.h1}>{heading}</h1>
            {blocks.map((b) => (
              <BlockHtml block={b} />
            ))}
          </div>
          <p style={style.footer}>
            <Lines text={mailFooter.join('\n')} />
          </p>
        </div>
      </body>
    </html>,
  );
}
