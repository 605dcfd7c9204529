/**
 * The emails alur sends, in formal Bahasa Indonesia. Each function is pure: it takes the
 * facts and returns a subject, a plain-text part and an HTML part (inline styles only; no
 * images, scripts or external resources). Every interpolated value is escaped in HTML, and
 * subjects are kept to one line whatever the input holds.
 */
import type { Assignee } from '../domain/program.js';
import { decisionLabels, decisionPastLabels, decisionsByStage, endingLabels, stageLabels, type DecisionStage, type Stage } from '../domain/stages.js';
import type { DecisionContext } from './decision-context.js';
import { closing, deadlineText, greeting, mail, subjectFor, type Block, type Fact, type MailContent } from './document.js';
import { kpiSummary } from './program-summary.js';
import { formatDate, formatDateTime, formatPeriod, formatRupiah, joinWords, personLine, quoted, singleLine } from './format.js';

// The email document (mail/document.ts) owns these; they are also read from here.
export { mailFooter, type Fact, type MailContent } from './document.js';

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
  /** The evaluation's facts the proposal gives (mail/program-summary.ts `evaluationFacts`). */
  evaluation?: Fact[];
}

/** The programme's key facts, labelled, in the order people read them. */
export function programFacts(program: ProgramSummary): Fact[] {
  return [
    { label: 'Judul program', value: program.title },
    { label: 'OPD pengusul', value: program.opdName },
    { label: 'Dimensi smart city', value: program.dimensionName },
    { label: 'Quick win', value: program.quickWin ? 'Ya' : 'Tidak' },
    ...(program.evaluation ?? []),
    { label: 'Anggaran', value: formatRupiah(program.budgetIdr) },
    { label: 'Periode pelaksanaan', value: formatPeriod(program.startDate, program.endDate) },
    { label: 'Versi usulan', value: String(program.proposalVersion) },
    { label: 'Ringkasan', value: program.summary },
  ];
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

/** What a decision needs beside the key facts: RPJMD, indicators, changes since the last version, earlier notes. */
function decisionContextBlocks(c: DecisionContext): Block[] {
  return [
    { kind: 'heading', text: 'Program RPJMD yang didukung' },
    { kind: 'p', text: c.rpjmdRef === null ? 'Usulan ini tidak menyebutkan program RPJMD.' : singleLine(c.rpjmdRef) },
    { kind: 'heading', text: 'Indikator kinerja dan target' },
    { kind: 'facts', facts: c.kpis.map((k) => ({ label: singleLine(k.name), value: kpiSummary(k) })) },
    ...(c.changes === null
      ? []
      : ([
          { kind: 'heading', text: `Perubahan dari versi ${c.changes.fromVersion} ke versi ${c.changes.toVersion}` },
          c.changes.lines.length === 0 ? { kind: 'p', text: 'Isi usulan tidak berubah dari versi sebelumnya.' } : { kind: 'list', items: c.changes.lines },
        ] satisfies Block[])),
    ...(c.earlierNotes.length === 0
      ? []
      : [
          { kind: 'heading', text: 'Catatan tahap sebelumnya' } satisfies Block,
          ...c.earlierNotes.map((n): Block => ({ kind: 'quote', label: `${n.what} oleh ${personLine(n.by)}, ${formatDateTime(n.at)}:`, text: n.comment })),
        ]),
  ];
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
  context: DecisionContext;
  /** The work came to this person from someone who left the office or the roster while it was open. */
  handedOver?: boolean;
}): MailContent {
  const { program, stage } = p;
  const version = program.proposalVersion > 1 ? ` (usulan versi ${program.proposalVersion})` : '';
  const subject = subjectFor(`${reminderSubject(p.reminder)}${p.handedOver === true ? 'Pengalihan: ' : ''}Permohonan ${stageLabels[stage]}${version}`, program);
  const choices = joinWords(
    decisionsByStage[stage].map((d) => `“${decisionLabels[d]}”`),
    'atau',
  );
  const review = stage === 'diskominfo_review';
  const asked = review
    ? `Usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} menunggu reviu teknis Diskominfo sebelum diteruskan kepada Sekretaris Daerah untuk persetujuan.`
    : `Usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} telah direviu dan disetujui oleh Diskominfo, dan kini menunggu persetujuan Bapak/Ibu selaku Sekretaris Daerah.`;
  const escalation =
    'Apabila batas waktu terlampaui, permohonan ini akan dieskalasikan kepada pimpinan yang ditetapkan Sekretariat Daerah. Usulan tidak pernah disetujui secara otomatis.';
  const blocks: Block[] = [
    ...greeting(p.recipient),
    ...reminderBlocks(p.reminder, p.dueDate),
    ...(p.handedOver === true
      ? [
          {
            kind: 'p',
            text: 'Permohonan ini dialihkan kepada Bapak/Ibu karena pejabat yang sebelumnya diminta memutuskan tidak lagi memegang tugas ini. Keputusan yang sudah diambil sebelumnya tidak berubah.',
          } satisfies Block,
        ]
      : []),
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
    ...decisionContextBlocks(p.context),
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
    { kind: 'link', intro: 'Rincian lengkap usulan dapat dilihat di alur (masuk terlebih dahulu bila diminta):', url: p.programUrl },
    closing,
  ];
  return mail(subject, `Permohonan ${stageLabels[stage]}`, blocks);
}

/** Opens an email whose work (a revision, a report) came to its reader from someone who left the OPD or the roster while it was open. */
export const opdWorkHandedOverText =
  'Tugas ini dialihkan kepada Bapak/Ibu karena pejabat yang sebelumnya diminta tidak lagi bertugas pada OPD pengusul. Apa yang sudah disampaikan sebelumnya tidak berubah.';

export function changesRequestedMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  by: Assignee;
  result: 'request_changes' | 'return';
  comment: string;
  programUrl: string;
  dueDate: string | null;
  reminder?: Reminder;
  /** The revision came to this person from someone who left the OPD or the roster while it was open. */
  handedOver?: boolean;
}): MailContent {
  const { program, by } = p;
  const returned = p.result === 'return';
  const stage: DecisionStage = returned ? 'sekda_approval' : 'diskominfo_review';
  const subject = subjectFor(
    `${reminderSubject(p.reminder)}${p.handedOver === true ? 'Pengalihan: ' : ''}${returned ? 'Usulan dikembalikan ke OPD' : 'Perbaikan usulan diminta'}`,
    program,
  );
  const what = returned
    ? `${personLine(by)} mengembalikan usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) kepada OPD pada tahap ${stageLabels[stage]}.`
    : `${personLine(by)} meminta perbaikan atas usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) pada tahap ${stageLabels[stage]}.`;
  const blocks: Block[] = [
    ...greeting(p.recipient),
    ...reminderBlocks(p.reminder, p.dueDate),
    ...(p.handedOver === true ? [{ kind: 'p', text: opdWorkHandedOverText } satisfies Block] : []),
    { kind: 'p', text: what },
    { kind: 'quote', label: `Catatan dari ${personLine(by)}:`, text: commentOrNone(p.comment, '(tidak ada catatan)') },
    { kind: 'heading', text: 'Yang perlu dilakukan' },
    {
      kind: 'p',
      text: `Mohon perbaiki usulan sesuai catatan di atas, kemudian ajukan kembali melalui aplikasi alur dengan tombol “Ajukan ulang” pada halaman program. Usulan yang diajukan kembali akan direviu ulang mulai dari tahap ${stageLabels.diskominfo_review}.`,
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
      text: `Mohon tambahkan data hari libur tahun ${p.year} sesuai Surat Keputusan Bersama (SKB) menteri yang berlaku, lalu minta pengelola sistem alur di Diskominfo memuatnya. Program yang sedang berjalan akan memakai data baru tersebut pada perhitungan batas waktu berikutnya.`,
    },
    { kind: 'p', text: `Tahun yang datanya sudah tersedia: ${p.knownYears.join(', ') || '-'}.` },
    closing,
  ];
  return mail(subject, `Data hari libur ${p.year} belum tersedia`, blocks);
}
