/**
 * The emails alur sends, in formal Bahasa Indonesia. Each function is pure: it takes the
 * facts and returns a subject, a plain-text part and an HTML part (inline styles only; no
 * images, scripts or external resources). Every interpolated value is escaped in HTML, and
 * subjects are kept to one line whatever the input holds.
 */
import type { Assignee } from '../domain/program.js';
import {
  decisionLabels,
  decisionPastLabels,
  decisionsByStage,
  endingLabels,
  stageLabels,
  stageSlaWorkingDays,
  type DecisionStage,
  type Stage,
} from '../domain/stages.js';
import { formatDate, formatDateTime, formatPeriod, formatRupiah, joinWords, singleLine } from './format.js';
import { escapeHtml, escapeMultiline, safeUrl } from './html.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** The facts of a programme an email or a page shows. */
export interface ProgramSummary {
  id: string;
  title: string;
  summary: string;
  opdName: string;
  dimensionName: string;
  quickWin: boolean;
  budgetIdr: number;
  startDate: string;
  endDate: string;
  proposalVersion: number;
}

export interface Fact {
  label: string;
  value: string;
}

/** The programme's key facts, labelled, in the order people read them. */
export function programFacts(program: ProgramSummary): Fact[] {
  return [
    { label: 'Judul program', value: program.title },
    { label: 'OPD pengusul', value: program.opdName },
    { label: 'Dimensi smart city', value: program.dimensionName },
    { label: 'Quick win', value: program.quickWin ? 'Ya' : 'Tidak' },
    { label: 'Anggaran', value: formatRupiah(program.budgetIdr) },
    { label: 'Periode pelaksanaan', value: formatPeriod(program.startDate, program.endDate) },
    { label: 'Versi usulan', value: String(program.proposalVersion) },
    { label: 'Kode program', value: program.id },
    { label: 'Ringkasan', value: program.summary },
  ];
}

export const mailFooter = [
  'Surel ini dikirim secara otomatis oleh alur, sistem alur kerja dan persetujuan Program Smart City Pemerintah Kabupaten Solok Selatan.',
  'Persetujuan melalui alur merupakan keputusan administratif, bukan tanda tangan elektronik tersertifikasi (TTE).',
] as const;

// ---------------------------------------------------------------------------------------
// A small document model, so that the text and the HTML part always say the same thing.

type Block =
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

function greeting(recipient: Assignee): Block[] {
  const title = singleLine(recipient.title);
  const who = title ? `${singleLine(recipient.name)}\n${title}` : singleLine(recipient.name);
  return [
    { kind: 'p', text: `Yth. ${who}` },
    { kind: 'p', text: 'Dengan hormat,' },
  ];
}

const closing: Block = { kind: 'p', text: 'Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.' };

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

/** `[alur] <what>: <programme title>`, on one line whatever the title holds. */
function subjectFor(what: string, program: ProgramSummary): string {
  return singleLine(`[alur] ${what}: ${singleLine(program.title)}`);
}

function mail(subject: string, heading: string, blocks: Block[]): MailContent {
  return { subject, text: renderText(blocks), html: renderHtml(singleLine(heading), blocks) };
}

function quoted(text: string): string {
  return `“${singleLine(text)}”`;
}

function personLine(person: Assignee): string {
  const title = singleLine(person.title);
  return title ? `${singleLine(person.name)} (${title})` : singleLine(person.name);
}

function deadlineText(stage: Stage, dueDate: string | null, what: string): string {
  if (dueDate === null) return `Tidak ada batas waktu yang ditetapkan untuk ${what}.`;
  const days = stageSlaWorkingDays[stage];
  const sla = days === undefined ? '' : `, yaitu ${days} hari kerja sejak tahap ini dimulai`;
  return `Batas waktu ${what}: paling lambat ${formatDate(dueDate)} (WIB)${sla}. Hari kerja dihitung Senin sampai Jumat, di luar hari libur nasional dan cuti bersama.`;
}

function commentOrNone(comment: string, none: string): string {
  return comment.trim() === '' ? none : comment;
}

/** A request sent again because it is due soon or overdue. */
export interface Reminder {
  kind: 'reminder' | 'overdue_reminder';
  overdueWorkingDays: number;
}

function reminderSubject(r: Reminder | undefined): string {
  if (!r) return '';
  return r.kind === 'reminder' ? 'Pengingat: ' : `Terlambat ${r.overdueWorkingDays} hari kerja: `;
}

function reminderBlocks(r: Reminder | undefined, dueDate: string | null): Block[] {
  if (!r) return [];
  const due = dueDate ? ` paling lambat ${formatDate(dueDate)} (WIB)` : '';
  const text =
    r.kind === 'reminder'
      ? `Pengingat: permintaan di bawah ini belum ditindaklanjuti dan perlu diselesaikan${due}.`
      : `Permintaan di bawah ini telah melewati batas waktu${due} selama ${r.overdueWorkingDays} hari kerja dan belum ditindaklanjuti. Mohon segera diselesaikan.`;
  return [{ kind: 'notice', text }];
}

// ---------------------------------------------------------------------------------------
// The emails.

export function decisionRequestMail(p: {
  program: ProgramSummary;
  stage: DecisionStage;
  recipient: Assignee;
  actionUrl: string;
  dueDate: string | null;
  programUrl: string;
  reminder?: Reminder;
}): MailContent {
  const { program, stage } = p;
  const version = program.proposalVersion > 1 ? ` (usulan versi ${program.proposalVersion})` : '';
  const subject = subjectFor(`${reminderSubject(p.reminder)}Permohonan ${stageLabels[stage]}${version}`, program);
  const choices = joinWords(
    decisionsByStage[stage].map((d) => `“${decisionLabels[d]}”`),
    'atau',
  );
  const review = stage === 'diskominfo_review';
  const asked = review
    ? `Usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} menunggu reviu teknis Diskominfo sebelum diteruskan kepada Sekretaris Daerah untuk persetujuan.`
    : `Usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} telah direviu dan disetujui oleh Diskominfo, dan kini menunggu persetujuan Bapak/Ibu selaku Sekretaris Daerah.`;
  const escalation = review
    ? 'Apabila batas waktu terlampaui, permohonan ini akan dieskalasikan kepada Sekretaris Daerah. Usulan tidak pernah disetujui secara otomatis.'
    : 'Apabila batas waktu terlampaui, permohonan ini akan dieskalasikan kepada Sekretariat Daerah. Usulan tidak pernah disetujui secara otomatis.';
  const blocks: Block[] = [
    ...greeting(p.recipient),
    ...reminderBlocks(p.reminder, p.dueDate),
    { kind: 'p', text: asked },
    { kind: 'p', text: `Keputusan yang dapat Bapak/Ibu ambil: ${choices}.` },
    ...(review
      ? [
          {
            kind: 'p',
            text: 'Reviu ini cukup diputuskan oleh salah satu peninjau Diskominfo. Setelah seorang peninjau memutuskan, tautan peninjau lainnya tidak berlaku lagi.',
          } satisfies Block,
        ]
      : []),
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    { kind: 'heading', text: 'Batas waktu' },
    { kind: 'p', text: deadlineText(stage, p.dueDate, 'keputusan') },
    { kind: 'p', text: escalation },
    { kind: 'heading', text: 'Tinjau dan putuskan' },
    {
      kind: 'action',
      intro:
        'Buka tautan ini untuk meninjau dan memutuskan; membuka tautan tidak mengubah apa pun. Keputusan baru tercatat setelah Bapak/Ibu menekan tombol keputusan pada halaman yang terbuka.',
      button: 'Tinjau dan putuskan',
      url: p.actionUrl,
    },
    {
      kind: 'notice',
      text: 'Tautan ini bersifat pribadi dan hanya berlaku untuk Bapak/Ibu. Mohon tidak meneruskan surel ini kepada pihak lain. Tautan hanya dapat digunakan satu kali, memiliki masa berlaku, dan tidak berlaku lagi setelah tahap ini selesai.',
    },
    { kind: 'link', intro: 'Rincian lengkap usulan dapat dilihat di alur (memerlukan login):', url: p.programUrl },
    closing,
  ];
  return mail(subject, `Permohonan ${stageLabels[stage]}`, blocks);
}

export function changesRequestedMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  by: Assignee;
  result: 'request_changes' | 'return';
  comment: string;
  programUrl: string;
  dueDate: string | null;
  reminder?: Reminder;
}): MailContent {
  const { program, by } = p;
  const returned = p.result === 'return';
  const stage: DecisionStage = returned ? 'sekda_approval' : 'diskominfo_review';
  const subject = subjectFor(`${reminderSubject(p.reminder)}${returned ? 'Usulan dikembalikan ke OPD' : 'Perbaikan usulan diminta'}`, program);
  const what = returned
    ? `${personLine(by)} mengembalikan usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) kepada OPD pada tahap ${stageLabels[stage]}.`
    : `${personLine(by)} meminta perbaikan atas usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) pada tahap ${stageLabels[stage]}.`;
  const blocks: Block[] = [
    ...greeting(p.recipient),
    ...reminderBlocks(p.reminder, p.dueDate),
    { kind: 'p', text: what },
    { kind: 'quote', label: `Catatan dari ${personLine(by)}:`, text: commentOrNone(p.comment, '(tidak ada catatan)') },
    { kind: 'heading', text: 'Yang perlu dilakukan' },
    {
      kind: 'p',
      text: `Mohon perbaiki usulan sesuai catatan di atas, kemudian ajukan kembali melalui alur, baik melalui aplikasi maupun melalui API (POST /v1/programs/${singleLine(program.id)}/revisions). Usulan yang diajukan kembali akan direviu ulang mulai dari tahap ${stageLabels.diskominfo_review}.`,
    },
    { kind: 'p', text: deadlineText('revision', p.dueDate, 'pengajuan kembali') },
    {
      kind: 'p',
      text: 'Apabila program ini tidak akan dilanjutkan, OPD dapat menarik usulan melalui alur.',
    },
    { kind: 'link', intro: 'Buka usulan di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, returned ? 'Usulan dikembalikan ke OPD' : 'Perbaikan usulan diminta', blocks);
}

export function rejectedMail(p: { program: ProgramSummary; recipient: Assignee; by: Assignee; stage: Stage; comment: string; at: string }): MailContent {
  const { program } = p;
  const subject = subjectFor('Usulan ditolak', program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) ${decisionPastLabels.reject} oleh ${personLine(p.by)} pada tahap ${stageLabels[p.stage]}, ${formatDateTime(p.at)}.`,
    },
    { kind: 'quote', label: 'Alasan penolakan:', text: commentOrNone(p.comment, '(alasan tidak dicantumkan)') },
    {
      kind: 'p',
      text: 'Dengan penolakan ini, proses usulan program tersebut berakhir dan tidak dapat dilanjutkan. Apabila diperlukan, OPD dapat menyusun dan mengajukan usulan baru melalui alur.',
    },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, 'Usulan ditolak', blocks);
}

export function approvedForSigningMail(p: { program: ProgramSummary; recipient: Assignee; by: Assignee; at: string; programUrl: string }): MailContent {
  const { program } = p;
  const subject = subjectFor('Disetujui Sekda, menuju penandatanganan komitmen', program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) telah ${decisionPastLabels.approve} oleh ${personLine(p.by)} pada ${formatDateTime(p.at)}.`,
    },
    { kind: 'heading', text: 'Tahap berikutnya' },
    {
      kind: 'p',
      text: `Program kini memasuki tahap ${stageLabels.signing}. Dokumen komitmen akan ditandatangani oleh Bupati, Wakil Bupati, Sekretaris Daerah, dan Kepala OPD pengusul (${singleLine(program.opdName)}). Setiap penandatangan akan menerima tautan pribadi melalui surel.`,
    },
    {
      kind: 'p',
      text: `Tahap ${stageLabels.implementation} dimulai setelah seluruh penandatangan membubuhkan tanda tangan. Selama tahap pelaksanaan, OPD akan diminta menyampaikan laporan kemajuan secara berkala.`,
    },
    { kind: 'link', intro: 'Pantau perkembangan penandatanganan di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, 'Usulan disetujui Sekretaris Daerah', blocks);
}

export function programEndedMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  by: Assignee;
  how: 'withdrawn' | 'cancelled';
  reason: string;
  at: string;
}): MailContent {
  const { program } = p;
  const withdrawn = p.how === 'withdrawn';
  const subject = subjectFor(withdrawn ? 'Usulan ditarik oleh OPD' : 'Program dibatalkan', program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa program ${quoted(program.title)} telah ${endingLabels[p.how]}. ${withdrawn ? 'Penarikan' : 'Pembatalan'} dilakukan oleh ${personLine(p.by)} pada ${formatDateTime(p.at)}.`,
    },
    { kind: 'quote', label: withdrawn ? 'Alasan penarikan:' : 'Alasan pembatalan:', text: commentOrNone(p.reason, '(alasan tidak dicantumkan)') },
    {
      kind: 'notice',
      text: 'Tindakan yang sebelumnya diminta dari Bapak/Ibu untuk program ini tidak diperlukan lagi. Tautan pribadi yang pernah dikirimkan kepada Bapak/Ibu untuk program ini sudah tidak berlaku.',
    },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, withdrawn ? 'Usulan ditarik oleh OPD' : 'Program dibatalkan', blocks);
}

/** To the next level when a review or approval is overdue: who has not decided, since when. Nothing is decided for them. */
export function stageEscalationMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  stage: DecisionStage;
  awaiting: Assignee[];
  dueDate: string;
  overdueWorkingDays: number;
  programUrl: string;
}): MailContent {
  const { program } = p;
  const subject = subjectFor(`Eskalasi: ${stageLabels[p.stage]} terlambat ${p.overdueWorkingDays} hari kerja`, program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Tahap ${stageLabels[p.stage]} untuk usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} telah melewati batas waktu ${formatDate(p.dueDate)} (WIB) selama ${p.overdueWorkingDays} hari kerja dan belum diputuskan.`,
    },
    { kind: 'p', text: `Menunggu keputusan dari: ${joinWords(p.awaiting.map(personLine), 'atau')}.` },
    {
      kind: 'notice',
      text: 'Surel ini disampaikan kepada Bapak/Ibu sebagai eskalasi untuk tindak lanjut. alur tidak pernah menyetujui atau memutuskan usulan secara otomatis.',
    },
    { kind: 'link', intro: 'Buka usulan di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, `Eskalasi ${stageLabels[p.stage]}`, blocks);
}

/** To the secretariat, once per year: deadlines in a year without holiday data count weekends only. */
export function holidayDataMissingMail(p: { recipient: Assignee; year: number; knownYears: number[] }): MailContent {
  const subject = singleLine(`[alur] Data hari libur ${p.year} belum tersedia`);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'notice',
      text: `Batas waktu di alur kini jatuh pada tahun ${p.year}, tetapi data hari libur nasional dan cuti bersama tahun ${p.year} belum dimuat. Sampai data tersebut ditambahkan, hari kerja pada tahun ${p.year} dihitung Senin sampai Jumat saja, sehingga batas waktu dan pengingat dapat jatuh pada hari libur.`,
    },
    {
      kind: 'p',
      text: `Mohon tambahkan data hari libur tahun ${p.year} sesuai Surat Keputusan Bersama (SKB) menteri yang berlaku, lalu jalankan pemuatan data referensi (npm run seed). Program yang sedang berjalan akan memakai data baru tersebut pada perhitungan batas waktu berikutnya, tanpa perlu memperbarui kode alur kerja.`,
    },
    { kind: 'p', text: `Tahun yang datanya sudah tersedia: ${p.knownYears.join(', ') || '-'}.` },
    closing,
  ];
  return mail(subject, `Data hari libur ${p.year} belum tersedia`, blocks);
}
