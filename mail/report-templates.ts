/**
 * The emails of the implementation stage: the request for a period's progress report
 * (laporan kemajuan), its reminders, and the escalation of an overdue report to Diskominfo
 * and the Sekda. Formal Bahasa Indonesia; pure functions returning a subject, a plain-text
 * part and an HTML part that say the same thing (the document model of mail/document.ts).
 * Every interpolated value is escaped in HTML, and subjects stay on one line whatever the
 * input holds.
 */
import type { Assignee } from '../domain/program.js';
import { notificationPolicies } from '../domain/notifications.js';
import { closing, greeting, mail, subjectFor, type Block, type Fact, type MailContent } from './document.js';
import { capitalised, formatDate, formatPeriod, quoted, singleLine } from './format.js';
import { opdWorkHandedOverText, programFacts, type ProgramSummary } from './templates.js';

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

const workingDaysNote = 'Hari kerja dihitung Senin sampai Jumat (WIB), di luar hari libur nasional dan cuti bersama.';

function periodFacts(period: ReportPeriodFacts, dueDate: string, overdueWorkingDays: number): Fact[] {
  return [
    { label: 'Periode laporan', value: periodLabel(period.id) },
    { label: 'Rentang periode', value: formatPeriod(period.start, period.end) },
    { label: 'Jenis laporan', value: reportKind(period) },
    { label: 'Batas waktu', value: `${formatDate(dueDate)} (WIB)` },
    ...(overdueWorkingDays > 0 ? [{ label: 'Keterlambatan', value: `${overdueWorkingDays} hari kerja` }] : []),
  ];
}

/** "laporan kemajuan periode Januari 2027" or "laporan akhir periode Desember 2027". */
export function reportName(period: Pick<ReportPeriodFacts, 'id' | 'last'>): string {
  return `${period.last ? 'laporan akhir' : 'laporan kemajuan'} periode ${periodLabel(period.id)}`;
}

/** "Laporan akhir" for the last period, "Laporan kemajuan berkala" for the others. */
export function reportKind(period: Pick<ReportPeriodFacts, 'last'>): string {
  return period.last ? 'Laporan akhir' : 'Laporan kemajuan berkala';
}

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
  /** The work came to this person from someone who left the OPD or the roster while it was open. */
  handedOver?: boolean;
}): MailContent {
  const { program, period } = p;
  const overdue = p.kind === 'overdue_reminder';
  const label = periodLabel(period.id);
  const name = reportName(period);
  const late = Math.max(0, Math.floor(p.overdueWorkingDays));
  const escalateAfter = notificationPolicies.report.escalateAfter;

  const subject = overdue
    ? subjectFor(`${capitalised(name)} terlambat${late > 0 ? ` ${late} hari kerja` : ''}`, program)
    : subjectFor(`${p.handedOver === true ? 'Pengalihan: ' : ''}Permintaan ${name}`, program);

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
    ...(p.handedOver === true ? [{ kind: 'p', text: opdWorkHandedOverText } satisfies Block] : []),
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
      text: `Laporan juga dapat disampaikan melalui aplikasi alur. Koreksi atas laporan yang telah dikirim disampaikan melalui alur sebagai versi baru; versi sebelumnya tetap tersimpan.`,
    },
    { kind: 'link', intro: 'Rincian program dan riwayat laporan dapat dilihat di alur (masuk terlebih dahulu bila diminta):', url: p.programUrl },
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
    { kind: 'link', intro: 'Pantau riwayat laporan program ini di alur (masuk terlebih dahulu bila diminta):', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, `Eskalasi: ${name} terlambat`, blocks);
}
