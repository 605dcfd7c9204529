/**
 * The emails of the implementation stage: the request for a period's progress report
 * (laporan kemajuan), its reminders, and the escalation of an overdue report to Diskominfo
 * and the Sekda. Formal Bahasa Indonesia; pure functions returning a subject, a plain-text
 * part and an HTML part that say the same thing (the same small document model and inline
 * styles as mail/templates.ts). Every interpolated value is escaped in HTML, and subjects
 * stay on one line whatever the input holds.
 */
import type { Assignee } from '../domain/program.js';
import { notificationPolicies } from '../domain/notifications.js';
import { formatDate, formatPeriod, singleLine } from './format.js';
import { escapeHtml, escapeMultiline, safeUrl } from './html.js';
import { mailFooter, programFacts, type Fact, type MailContent, type ProgramSummary } from './templates.js';

export interface ReportPeriodFacts {
  /** '2027-01' or '2027-Q1'. */
  id: string;
  /** Inclusive WIB dates. */
  start: string;
  end: string;
  /** The programme's last period: its report is the final report. */
  last: boolean;
}

const monthNames = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;
const quarterNumerals = ['I', 'II', 'III', 'IV'] as const;

/** '2027-01' → "Januari 2027", '2027-Q1' → "Triwulan I 2027"; anything else is returned as it is. */
export function periodLabel(id: string): string {
  const m = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/.exec(id);
  if (!m) return id;
  const year = m[1] ?? '';
  if (m[2] !== undefined) return `${monthNames[Number(m[2]) - 1] ?? m[2]} ${year}`;
  return `Triwulan ${quarterNumerals[Number(m[3]) - 1] ?? m[3]} ${year}`;
}

// ---------------------------------------------------------------------------------------
// The document model of mail/templates.ts (not exported there), kept identical in look.

type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'facts'; facts: Fact[] }
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
  notice: 'margin:0 0 12px 0;padding:10px 14px;border:1px solid #f0b429;background:#fffbea;border-radius:4px;',
  button: 'display:inline-block;padding:10px 18px;background:#0b6e4f;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  url: 'word-break:break-all;font-size:13px;color:#334e68;',
  footer: 'margin:16px 0 0 0;font-size:12px;line-height:1.5;color:#616e7c;',
} as const;

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
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'p':
        return `<p style="${style.p}">${escapeMultiline(b.text)}</p>`;
      case 'heading':
        return `<h2 style="${style.h2}">${escapeHtml(b.text)}</h2>`;
      case 'notice':
        return `<p style="${style.notice}">${escapeMultiline(b.text)}</p>`;
      case 'facts':
        return (
          `<table role="presentation" style="${style.table}">` +
          b.facts
            .map((f) => `<tr><th scope="row" style="${style.th}">${escapeHtml(f.label)}</th><td style="${style.td}">${escapeMultiline(f.value)}</td></tr>`)
            .join('') +
          '</table>'
        );
      case 'action':
        return (
          `<p style="${style.p}">${escapeHtml(b.intro)}</p>` +
          `<p style="${style.p}"><a href="${safeUrl(b.url)}" style="${style.button}">${escapeHtml(b.button)}</a></p>` +
          `<p style="${style.p}"><span style="${style.url}">${escapeHtml(b.url)}</span></p>`
        );
      case 'link':
        return `<p style="${style.p}">${escapeHtml(b.intro)}<br><a href="${safeUrl(b.url)}" style="${style.url}">${escapeHtml(b.url)}</a></p>`;
    }
  });
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

function mail(subject: string, heading: string, blocks: Block[]): MailContent {
  return { subject: singleLine(subject), text: renderText(blocks), html: renderHtml(singleLine(heading), blocks) };
}

function greeting(recipient: Assignee): Block[] {
  const title = singleLine(recipient.title);
  const who = title ? `${singleLine(recipient.name)}\n${title}` : singleLine(recipient.name);
  return [
    { kind: 'p', text: `Yth. ${who}` },
    { kind: 'p', text: 'Dengan hormat,' },
  ];
}

const closing: Block = { kind: 'p', text: 'Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.' };

const quoted = (text: string) => `“${singleLine(text)}”`;

/** `[alur] <what>: <programme title>`, on one line whatever the title holds. */
const subjectFor = (what: string, program: ProgramSummary) => singleLine(`[alur] ${singleLine(what)}: ${singleLine(program.title)}`);

const workingDaysNote = 'Hari kerja dihitung Senin sampai Jumat (WIB), di luar hari libur nasional dan cuti bersama.';

function periodFacts(period: ReportPeriodFacts, dueDate: string, overdueWorkingDays: number): Fact[] {
  return [
    { label: 'Periode laporan', value: periodLabel(period.id) },
    { label: 'Rentang periode', value: formatPeriod(period.start, period.end) },
    { label: 'Jenis laporan', value: period.last ? 'Laporan akhir' : 'Laporan kemajuan berkala' },
    { label: 'Batas waktu', value: `${formatDate(dueDate)} (WIB)` },
    ...(overdueWorkingDays > 0 ? [{ label: 'Keterlambatan', value: `${overdueWorkingDays} hari kerja` }] : []),
  ];
}

/** "laporan kemajuan periode Januari 2027" or "laporan akhir periode Desember 2027". */
function reportName(period: ReportPeriodFacts): string {
  return `${period.last ? 'laporan akhir' : 'laporan kemajuan'} periode ${periodLabel(period.id)}`;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------
// The emails.

/**
 * To the OPD head: the period closed and its report is due by `dueDate` (kind 'reminder'),
 * or it is `overdueWorkingDays` working days late ('overdue_reminder'). The personal link
 * opens a form; the last period's report is the final report that closes the programme.
 */
export function reportRequestMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  period: ReportPeriodFacts;
  dueDate: string;
  kind: 'reminder' | 'overdue_reminder';
  overdueWorkingDays: number;
  actionUrl: string;
  programUrl: string;
}): MailContent {
  const { program, period } = p;
  const overdue = p.kind === 'overdue_reminder';
  const label = periodLabel(period.id);
  const name = reportName(period);
  const late = Math.max(0, Math.floor(p.overdueWorkingDays));
  const escalateAfter = notificationPolicies.report.escalateAfter;

  const subject = overdue
    ? subjectFor(`${capitalised(name)} terlambat${late > 0 ? ` ${late} hari kerja` : ''}`, program)
    : subjectFor(`Permintaan ${name}`, program);

  const intro = overdue
    ? `Sampai dengan surel ini dikirim, ${name} untuk program ${quoted(program.title)} belum kami terima. Batas waktu penyampaiannya adalah ${formatDate(p.dueDate)} (WIB)${late > 0 ? `, sehingga laporan tersebut telah terlambat ${late} hari kerja` : ' dan telah terlampaui'}.`
    : `Periode pelaporan ${label} (${formatPeriod(period.start, period.end)}) untuk program ${quoted(program.title)} telah berakhir. Bersama ini kami mohon Bapak/Ibu menyampaikan ${name} paling lambat ${formatDate(p.dueDate)} (WIB).`;

  const finalNote: Block[] = period.last
    ? [
        {
          kind: 'notice',
          text: `Periode ${label} adalah periode pelaporan terakhir program ini. Laporan untuk periode ini merupakan laporan akhir: setelah laporan akhir diterima, program dinyatakan selesai dan tahap pelaksanaan ditutup.`,
        },
      ]
    : [];

  const escalation = overdue
    ? late >= escalateAfter
      ? 'Keterlambatan laporan ini telah dilaporkan kepada Diskominfo dan Sekretaris Daerah. Pengingat akan terus dikirimkan sampai laporan diterima.'
      : `Apabila laporan belum diterima ${escalateAfter} hari kerja setelah batas waktu, keterlambatan akan dilaporkan kepada Diskominfo dan Sekretaris Daerah.`
    : `Apabila laporan belum diterima sampai batas waktu, pengingat akan dikirimkan kembali, dan setelah ${escalateAfter} hari kerja keterlambatan akan dilaporkan kepada Diskominfo dan Sekretaris Daerah.`;

  const blocks: Block[] = [
    ...greeting(p.recipient),
    { kind: 'p', text: intro },
    ...finalNote,
    { kind: 'heading', text: 'Yang perlu disampaikan' },
    {
      kind: 'p',
      text: 'Laporan memuat persentase kemajuan pelaksanaan (0–100), uraian kemajuan, nilai capaian setiap indikator kinerja (KPI) program, serta tautan bukti pendukung apabila ada.',
    },
    { kind: 'heading', text: 'Periode dan batas waktu' },
    { kind: 'facts', facts: periodFacts(period, p.dueDate, overdue ? late : 0) },
    { kind: 'p', text: `${workingDaysNote} ${escalation}` },
    { kind: 'heading', text: 'Isi laporan' },
    {
      kind: 'action',
      intro:
        'Buka tautan ini untuk mengisi formulir laporan; membuka tautan tidak mengubah apa pun. Laporan baru tercatat setelah Bapak/Ibu menekan tombol kirim pada halaman yang terbuka.',
      button: period.last ? 'Isi laporan akhir' : 'Isi laporan kemajuan',
      url: p.actionUrl,
    },
    {
      kind: 'notice',
      text: 'Tautan ini bersifat pribadi dan hanya berlaku untuk Bapak/Ibu. Mohon tidak meneruskan surel ini kepada pihak lain. Tautan hanya dapat digunakan satu kali dan memiliki masa berlaku.',
    },
    {
      kind: 'p',
      text: `Laporan juga dapat disampaikan melalui aplikasi alur atau API (POST /v1/programs/${singleLine(program.id)}/progress-reports). Koreksi atas laporan yang telah dikirim disampaikan melalui alur sebagai versi baru; versi sebelumnya tetap tersimpan.`,
    },
    { kind: 'link', intro: 'Rincian program dan riwayat laporan dapat dilihat di alur (memerlukan login):', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, overdue ? `${capitalised(name)} terlambat` : `Permintaan ${name}`, blocks);
}

/** To Diskominfo and the Sekda: the OPD's report for a period is overdue. */
export function reportEscalationMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  period: ReportPeriodFacts;
  dueDate: string;
  overdueWorkingDays: number;
  opdName: string;
  programUrl: string;
}): MailContent {
  const { program, period } = p;
  const name = reportName(period);
  const late = Math.max(0, Math.floor(p.overdueWorkingDays));
  const opd = singleLine(p.opdName);
  const subject = subjectFor(`Eskalasi: ${name} terlambat${late > 0 ? ` ${late} hari kerja` : ''}`, program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa ${name} untuk program ${quoted(program.title)} dari ${opd} belum diterima. Batas waktu penyampaiannya adalah ${formatDate(p.dueDate)} (WIB)${late > 0 ? `, sehingga laporan tersebut telah terlambat ${late} hari kerja` : ' dan telah terlampaui'}.`,
    },
    ...(period.last
      ? [
          {
            kind: 'p',
            text: 'Laporan ini merupakan laporan akhir program; program belum dapat dinyatakan selesai sebelum laporan akhir diterima.',
          } satisfies Block,
        ]
      : []),
    {
      kind: 'p',
      text: `Kepala ${opd} telah menerima permintaan laporan dan pengingat melalui surel, dan akan terus menerima pengingat sampai laporan diterima. Surel ini disampaikan kepada Diskominfo dan Sekretaris Daerah untuk pemantauan dan tindak lanjut pembinaan sesuai kewenangan.`,
    },
    { kind: 'p', text: 'Tidak ada tindakan yang dilakukan secara otomatis atas keterlambatan ini.' },
    { kind: 'heading', text: 'Periode dan batas waktu' },
    { kind: 'facts', facts: periodFacts(period, p.dueDate, late) },
    { kind: 'p', text: workingDaysNote },
    { kind: 'link', intro: 'Pantau riwayat laporan program ini di alur (memerlukan login):', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, `Eskalasi: ${name} terlambat`, blocks);
}
