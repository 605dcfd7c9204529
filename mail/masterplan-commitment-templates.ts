/**
 * The emails of the masterplan's commitment (docs/product.md §9): the request to sign (first
 * request, reminder, overdue reminder), the escalation to the secretariat, and the notice that
 * every seat has signed. Same document model and wording rules as the programme's signing
 * emails (mail/signing-templates.ts); the link opens the commitment's page in alur, where the
 * signer signs after signing in.
 */
import { yearSpan } from '../domain/commitment-document.js';
import type { Assignee } from '../domain/program.js';
import { commitmentNotice, type MasterplanCommitmentContent, type SignerRoute } from '../domain/signing.js';
import { closing, greeting, mail, subjectFor, type Block, type MailContent } from './document.js';
import { formatDate, formatDateTime, personLine, singleLine } from './format.js';
import { officeTitle, signingCapacityLabel } from './signing-templates.js';

const titleOf = (c: MasterplanCommitmentContent) => ({ title: `${c.masterplan.title} ${yearSpan(c.masterplan.startYear, c.masterplan.endYear)}` });

const tteNotice: Block = { kind: 'notice', text: commitmentNotice };

export function masterplanSignatureRequestMail(p: {
  content: MasterplanCommitmentContent;
  recipient: Assignee;
  route: SignerRoute;
  pageUrl: string;
  dueDate: string;
  reminder: 'first' | 'reminder' | 'overdue_reminder';
}): MailContent {
  const { route } = p;
  const { title } = titleOf(p.content);
  const what = {
    first: 'Permohonan tanda tangan komitmen implementasi smart city',
    reminder: 'Pengingat tanda tangan komitmen implementasi smart city',
    overdue_reminder: 'Lewat batas waktu: tanda tangan komitmen implementasi smart city',
  }[p.reminder];
  const as =
    route.capacity === 'self'
      ? `selaku ${officeTitle(route)}`
      : `sebagai ${signingCapacityLabel(route)} untuk ${personLine(route.official)}, berdasarkan ${singleLine(route.basis ?? '-')}`;
  const opening: Block[] =
    p.reminder === 'first'
      ? []
      : [
          {
            kind: 'p',
            text:
              p.reminder === 'reminder'
                ? `Kami mengingatkan kembali bahwa komitmen implementasi ${title} untuk jabatan ${officeTitle(route)} belum ditandatangani.`
                : `Batas waktu penandatanganan komitmen implementasi ${title}, yaitu ${formatDate(p.dueDate)}, telah terlampaui, dan tanda tangan untuk jabatan ${officeTitle(route)} belum tercatat.`,
          },
        ];
  const blocks: Block[] = [
    ...greeting(p.recipient),
    ...opening,
    {
      kind: 'p',
      text: `Bapak/Ibu diminta menandatangani Komitmen Implementasi Smart City atas ${title} ${as}. Komitmen ditandatangani secara paralel oleh Bupati, Wakil Bupati, Sekretaris Daerah dan seluruh Kepala Perangkat Daerah.`,
    },
    { kind: 'heading', text: 'Batas waktu' },
    {
      kind: 'p',
      text: `Mohon tanda tangan diberikan paling lambat ${formatDate(p.dueDate)} (WIB). Apabila batas waktu terlampaui, Sekretariat Daerah akan diberi tahu untuk menindaklanjuti. Komitmen tidak pernah ditandatangani secara otomatis.`,
    },
    { kind: 'heading', text: 'Tinjau dan tandatangani' },
    {
      kind: 'action',
      intro:
        'Buka tautan ini dan masuk ke alur bila diminta; membuka halaman tidak mengubah apa pun. Tanda tangan baru tercatat setelah Bapak/Ibu menekan tombol “Tandatangani” pada halaman komitmen.',
      button: 'Tinjau dan tandatangani',
      url: p.pageUrl,
    },
    tteNotice,
    closing,
  ];
  return mail(subjectFor(what, { title }), 'Permohonan tanda tangan komitmen implementasi smart city', blocks);
}

export function masterplanEscalationMail(p: {
  content: MasterplanCommitmentContent;
  recipient: Assignee;
  missing: SignerRoute[];
  dueDate: string;
  overdueWorkingDays: number;
  pageUrl: string;
}): MailContent {
  const { title } = titleOf(p.content);
  const byOffice = new Map<string, SignerRoute[]>();
  for (const r of p.missing) byOffice.set(officeTitle(r), [...(byOffice.get(officeTitle(r)) ?? []), r]);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Batas waktu penandatanganan komitmen implementasi ${title} adalah ${formatDate(p.dueDate)} (WIB). Hingga saat ini, ${p.overdueWorkingDays} hari kerja setelah batas waktu tersebut, ${byOffice.size} jabatan berikut belum menandatangani:`,
    },
    {
      kind: 'facts',
      facts: [...byOffice.entries()].map(([office, routes]) => ({
        label: office,
        value: routes.map((r) => (r.capacity === 'self' ? personLine(r.signer) : `${personLine(r.signer)} sebagai ${signingCapacityLabel(r)}`)).join('\natau '),
      })),
    },
    {
      kind: 'p',
      text: 'Mohon Sekretariat Daerah menindaklanjuti dengan menghubungi pejabat yang bersangkutan. Apabila pejabat berhalangan, Sekretariat dapat mencatat Plt. atau Plh. beserta dasar SK-nya di alur; permintaan tanda tangan dialihkan secara otomatis.',
    },
    { kind: 'link', intro: 'Pantau status penandatanganan di alur:', url: p.pageUrl },
    closing,
  ];
  return mail(
    subjectFor(`Eskalasi: komitmen implementasi smart city belum lengkap (${p.overdueWorkingDays} hari kerja lewat batas waktu)`, { title }),
    'Eskalasi penandatanganan komitmen implementasi smart city',
    blocks,
  );
}

export function masterplanCommitmentSignedMail(p: {
  content: MasterplanCommitmentContent;
  recipient: Assignee;
  signed: number;
  completedAt: string;
  verifyUrl: string;
}): MailContent {
  const { title } = titleOf(p.content);
  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa Komitmen Implementasi Smart City atas ${title} telah ditandatangani oleh seluruh ${p.signed} penandatangan; tanda tangan terakhir tercatat pada ${formatDateTime(p.completedAt)}.`,
    },
    {
      kind: 'link',
      intro: 'Siapa pun dapat memeriksa keaslian komitmen ini, dan mengunduh dokumennya, tanpa perlu masuk ke alur, pada halaman verifikasi:',
      url: p.verifyUrl,
    },
    tteNotice,
    closing,
  ];
  return mail(subjectFor('Komitmen implementasi smart city lengkap', { title }), 'Komitmen implementasi smart city lengkap', blocks);
}
