/**
 * Notices that ask nothing of their reader: a receipt, a step taken, a report arrived, a
 * programme completed, an address to correct (formal Bahasa Indonesia, like every email alur
 * sends). Built from the same blocks as the other templates.
 */
import type { Assignee } from '../domain/program.js';
import { stageLabels } from '../domain/stages.js';
import { closing, greeting, mail, subjectFor, type Block, type MailContent } from './document.js';
import { formatDateTime, formatPeriod, personLine, quoted, singleLine } from './format.js';
import { programFacts, type ProgramSummary } from './templates.js';

/**
 * To the secretariat, once per person and address: the mail server refused a person's
 * address for good, so they receive nothing from alur until the roster is corrected. The
 * programme that was mailing them goes on.
 */
export function mailRefusedMail(p: {
  recipient: Assignee;
  refused: { name: string; title: string; address: string };
  programTitle: string | null;
}): MailContent {
  const who = personLine(p.refused);
  const subject = singleLine(`[alur] Alamat surel ${p.refused.name} ditolak`);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'notice',
      text: `Server surel menolak alamat ${singleLine(p.refused.address)} milik ${who}. Selama alamat tersebut belum diperbaiki, yang bersangkutan tidak menerima permintaan tindakan, pengingat, maupun pemberitahuan dari alur.`,
    },
    ...(p.programTitle
      ? [
          {
            kind: 'p' as const,
            text: `Penolakan terjadi saat alur mengirim surel mengenai program ${quoted(p.programTitle)}. Program tersebut tetap berjalan, dan penerima lain pada langkah yang sama telah menerima surelnya.`,
          },
        ]
      : []),
    {
      kind: 'p',
      text: 'Mohon periksa dan perbaiki alamat surel yang bersangkutan pada daftar pegawai alur. Pemberitahuan ini hanya dikirim satu kali untuk alamat tersebut.',
    },
    closing,
  ];
  return mail(subject, 'Alamat surel ditolak', blocks);
}

/** To whoever submitted a proposal (or a revised version): it arrived, and what happens next. */
export function proposalReceiptMail(p: { program: ProgramSummary; recipient: Assignee; at: string; programUrl: string }): MailContent {
  const { program } = p;
  const revised = program.proposalVersion > 1;
  const subject = subjectFor(revised ? 'Tanda terima usulan perbaikan' : 'Tanda terima usulan', program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} (versi ${program.proposalVersion}) telah diterima oleh alur pada ${formatDateTime(p.at)}.`,
    },
    { kind: 'heading', text: 'Tahap berikutnya' },
    {
      kind: 'p',
      text: `Usulan kini menunggu ${stageLabels.diskominfo_review}. Setelah disetujui Diskominfo, usulan diteruskan kepada Sekretaris Daerah untuk persetujuan. Bapak/Ibu akan menerima pemberitahuan melalui surel pada setiap keputusan.`,
    },
    { kind: 'link', intro: 'Pantau perkembangan usulan di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, revised ? 'Usulan perbaikan diterima' : 'Usulan diterima', blocks);
}

/** To the proposing OPD: Diskominfo approved the proposal, which now waits for the Sekda. */
export function reviewApprovedMail(p: { program: ProgramSummary; recipient: Assignee; by: Assignee; at: string; programUrl: string }): MailContent {
  const { program } = p;
  const subject = subjectFor('Disetujui Diskominfo, menunggu persetujuan Sekda', program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa usulan program ${quoted(program.title)} (versi ${program.proposalVersion}) telah direviu dan disetujui oleh ${personLine(p.by)} pada ${formatDateTime(p.at)}.`,
    },
    { kind: 'heading', text: 'Tahap berikutnya' },
    { kind: 'p', text: `Usulan kini menunggu ${stageLabels.sekda_approval}. Bapak/Ibu akan menerima pemberitahuan setelah Sekretaris Daerah memutuskan.` },
    { kind: 'link', intro: 'Pantau perkembangan usulan di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, 'Usulan disetujui Diskominfo', blocks);
}

/** To everyone who took part: the last report arrived and the programme is completed. */
export function programCompletedMail(p: { program: ProgramSummary; recipient: Assignee; at: string; programUrl: string }): MailContent {
  const { program } = p;
  const subject = subjectFor('Program selesai', program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa program ${quoted(program.title)} dari ${singleLine(program.opdName)} telah selesai pada ${formatDateTime(p.at)}: laporan kemajuan periode terakhir telah diterima.`,
    },
    { kind: 'p', text: 'Seluruh keputusan, tanda tangan, dan laporan kemajuan program ini tetap tersimpan dan dapat dilihat di alur.' },
    { kind: 'link', intro: 'Lihat riwayat program di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, 'Program selesai', blocks);
}

/** To the secretariat and Diskominfo: an OPD sent a progress report (or a correction of one). */
export function reportReceivedMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  period: { start: string; end: string } | null;
  periodId: string;
  version: number;
  percentComplete: number;
  by: Assignee;
  at: string;
  programUrl: string;
}): MailContent {
  const { program } = p;
  const correction = p.version > 1;
  const periodText = p.period ? formatPeriod(p.period.start, p.period.end) : p.periodId;
  const subject = subjectFor(correction ? `Perbaikan laporan kemajuan ${periodText}` : `Laporan kemajuan ${periodText} diterima`, program);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa ${personLine(p.by)} telah menyampaikan ${correction ? `perbaikan (versi ${p.version}) atas ` : ''}laporan kemajuan program ${quoted(program.title)} untuk periode ${periodText} pada ${formatDateTime(p.at)}, dengan capaian ${p.percentComplete}%.`,
    },
    { kind: 'link', intro: 'Baca laporan di alur:', url: p.programUrl },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subject, correction ? 'Perbaikan laporan kemajuan' : 'Laporan kemajuan diterima', blocks);
}
