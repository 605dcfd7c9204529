/**
 * Notices to the secretariat about the system's own upkeep (formal Bahasa Indonesia, like
 * every email alur sends). Built from the same blocks as the other templates.
 */
import type { Assignee } from '../domain/program.js';
import { closing, greeting, mail, type Block, type MailContent } from './document.js';
import { personLine, quoted, singleLine } from './format.js';

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
