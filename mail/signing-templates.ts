/**
 * The emails of the signing stage, in formal Bahasa Indonesia: the request to sign the
 * commitment (first request, reminder, overdue reminder), the escalation to the secretariat,
 * and the notice that the commitment is signed in full. Pure functions in the style of
 * mail/templates.ts: a subject on one line starting with `[alur]`, a plain-text part and an
 * HTML part that say the same thing (the document model of mail/document.ts); every
 * interpolated value is escaped in HTML.
 *
 * A click in alur is an administrative approval, not a certified electronic signature (TTE);
 * every one of these emails says so.
 */
import type { Assignee, Channel } from '../domain/program.js';
import {
  commitmentNotice,
  delegationKindLabels,
  describeSignature,
  signerOfficeLabels,
  type CommitmentRecord,
  type Signature,
  type SignerOffice,
  type SignerRoute,
} from '../domain/signing.js';
import { stageLabels } from '../domain/stages.js';
import { closing, deadlineText, greeting, mail, subjectFor, type Block, type Fact, type MailContent } from './document.js';
import { capitalised, formatDate, formatDateTime, personLine, quoted, singleLine } from './format.js';
import { programFacts, type ProgramSummary } from './templates.js';

// ---------------------------------------------------------------------------------------
// Shared wording, also used by the link pages (api/signing-pages.ts).

/** The office as it reads in a sentence: the official's own title, or the office's label. */
export function officeTitle(route: Pick<SignerRoute, 'office' | 'official'>): string {
  return singleLine(route.official.title) || signerOfficeLabels[route.office];
}

/** "Plh. Sekretaris Daerah" for an acting official; the office title for the official. */
export function signingCapacityLabel(route: Pick<SignerRoute, 'office' | 'official' | 'capacity'>): string {
  return route.capacity === 'self' ? officeTitle(route) : `${delegationKindLabels[route.capacity]} ${officeTitle(route)}`;
}

/** The sentence saying as whom a route's signer signs. */
export function signingAsSentence(route: SignerRoute, you: 'Anda' | 'Bapak/Ibu'): string {
  if (route.capacity === 'self') return `${you} menandatangani selaku ${officeTitle(route)}.`;
  return `${you} menandatangani sebagai ${signingCapacityLabel(route)} untuk ${singleLine(route.official.name)}, dasar ${singleLine(route.basis ?? '-')}.`;
}

/** The words the signature will be recorded with, before it is given. */
export function signatureRecordPreview(route: SignerRoute): string {
  return describeSignature({
    office: route.office,
    official: route.official,
    signedBy: route.signer,
    capacity: route.capacity,
    basis: route.basis,
    at: '',
    channel: 'link',
  });
}

export const channelLabels: Record<Channel, string> = {
  link: 'tautan surel',
  api: 'aplikasi alur',
  web: 'aplikasi web alur',
  system: 'sistem',
};

/** One line per signature: "Ditandatangani oleh X sebagai Plh. Y (Z), dasar: ...; 7 Desember 2026 pukul 09.12 WIB, melalui tautan surel". */
export function signatureLine(s: Signature): string {
  return `${capitalised(describeSignature(s))}; ${formatDateTime(s.at)}, melalui ${channelLabels[s.channel]}`;
}

/** The order offices are listed in: the leadership first, then the heads of agencies. */
const signerOfficeOrder: readonly SignerOffice[] = ['bupati', 'wakil_bupati', 'sekda', 'diskominfo_head', 'opd_head'];
export const officeOrder = (a: SignerOffice, b: SignerOffice) => signerOfficeOrder.indexOf(a) - signerOfficeOrder.indexOf(b);

/** One fact per signature, in office order: the office, and who signed it how and when. */
export function signatureFacts(signatures: readonly Signature[]): Fact[] {
  return [...signatures].sort((a, b) => officeOrder(a.office, b.office)).map((s) => ({ label: officeTitle(s), value: signatureLine(s) }));
}

const personalLinkNotice: Block = {
  kind: 'notice',
  text: 'Tautan ini bersifat pribadi dan hanya berlaku untuk Bapak/Ibu. Mohon tidak meneruskan surel ini kepada pihak lain. Tautan hanya dapat digunakan satu kali, memiliki masa berlaku, dan tidak berlaku lagi setelah komitmen untuk jabatan ini ditandatangani atau tahap penandatanganan berakhir.',
};

const tteNotice = (extra: string): Block => ({ kind: 'notice', text: `${commitmentNotice} ${extra}`.trim() });

// ---------------------------------------------------------------------------------------
// The emails.

export function signatureRequestMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  route: SignerRoute;
  actionUrl: string;
  dueDate: string | null;
  programUrl: string;
  reminder: 'first' | 'reminder' | 'overdue_reminder';
}): MailContent {
  const { program, route } = p;
  const acting = route.capacity !== 'self';
  const as = acting ? ` (${signingCapacityLabel(route)})` : '';
  const what = {
    first: `Permohonan tanda tangan komitmen${as}`,
    reminder: `Pengingat tanda tangan komitmen${as}`,
    overdue_reminder: `Lewat batas waktu: tanda tangan komitmen${as}`,
  }[p.reminder];

  const opening: Block[] =
    p.reminder === 'reminder'
      ? [
          {
            kind: 'p',
            text: `Kami mengingatkan kembali bahwa komitmen program ${quoted(program.title)} untuk jabatan ${officeTitle(route)} belum ditandatangani.`,
          },
        ]
      : p.reminder === 'overdue_reminder'
        ? [
            {
              kind: 'p',
              text: `Batas waktu penandatanganan komitmen program ${quoted(program.title)}${p.dueDate ? `, yaitu ${formatDate(p.dueDate)},` : ''} telah terlampaui, dan tanda tangan untuk jabatan ${officeTitle(route)} belum tercatat.`,
            },
          ]
        : [];

  const asked = acting
    ? `Usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} telah disetujui Sekretaris Daerah. Bapak/Ibu diminta menandatangani komitmen program tersebut sebagai ${signingCapacityLabel(route)} untuk ${personLine(route.official)}, berdasarkan ${singleLine(route.basis ?? '-')}.`
    : `Usulan program ${quoted(program.title)} dari ${singleLine(program.opdName)} telah disetujui Sekretaris Daerah. Bapak/Ibu diminta menandatangani komitmen program tersebut selaku ${officeTitle(route)}.`;

  const deadline = deadlineText('signing', p.dueDate, 'penandatanganan', 'Tidak ada batas waktu yang ditetapkan untuk penandatanganan ini.');

  const blocks: Block[] = [
    ...greeting(p.recipient),
    ...opening,
    { kind: 'p', text: asked },
    { kind: 'p', text: `Tanda tangan Bapak/Ibu akan tercatat sebagai: ${quoted(capitalised(signatureRecordPreview(route)))}.` },
    {
      kind: 'p',
      text: `Komitmen ditandatangani secara paralel oleh seluruh penandatangan yang ditetapkan. Tahap ${stageLabels.implementation} dimulai setelah semua tanda tangan tercatat. Komitmen untuk setiap jabatan cukup ditandatangani satu kali; apabila jabatan ini sudah ditandatangani oleh pejabat lain yang berwenang, tautan ini tidak berlaku lagi.`,
    },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    { kind: 'heading', text: 'Batas waktu' },
    { kind: 'p', text: deadline },
    {
      kind: 'p',
      text: 'Apabila batas waktu terlampaui, Sekretariat Daerah akan diberi tahu untuk menindaklanjuti. Komitmen tidak pernah ditandatangani secara otomatis.',
    },
    { kind: 'heading', text: 'Tinjau dan tandatangani' },
    {
      kind: 'action',
      intro:
        'Buka tautan ini untuk meninjau komitmen; membuka tautan tidak mengubah apa pun. Tanda tangan baru tercatat setelah Bapak/Ibu menekan tombol “Tandatangani komitmen” pada halaman yang terbuka.',
      button: 'Tinjau dan tandatangani',
      url: p.actionUrl,
    },
    personalLinkNotice,
    tteNotice('Menekan tombol tanda tangan merupakan persetujuan administratif atas komitmen ini.'),
    { kind: 'link', intro: 'Rincian lengkap program dapat dilihat di alur (masuk terlebih dahulu bila diminta):', url: p.programUrl },
    closing,
  ];
  return mail(
    subjectFor(what, program),
    acting ? `Permohonan tanda tangan komitmen sebagai ${signingCapacityLabel(route)}` : 'Permohonan tanda tangan komitmen',
    blocks,
  );
}

export function signingEscalationMail(p: {
  program: ProgramSummary;
  recipient: Assignee;
  missing: SignerRoute[];
  dueDate: string;
  overdueWorkingDays: number;
  programUrl: string;
}): MailContent {
  const { program } = p;
  // One line per office; an office may be signed by its official or by an acting official.
  const byOffice = new Map<SignerOffice, SignerRoute[]>();
  for (const r of p.missing) byOffice.set(r.office, [...(byOffice.get(r.office) ?? []), r]);
  const offices = [...byOffice.keys()].sort(officeOrder);
  const missingFacts: Fact[] = offices.map((office) => {
    const routes = byOffice.get(office) ?? [];
    const who = routes.map((r) =>
      r.capacity === 'self'
        ? personLine(r.signer)
        : `${personLine(r.signer)} sebagai ${signingCapacityLabel(r)} untuk ${singleLine(r.official.name)}, dasar ${singleLine(r.basis ?? '-')}`,
    );
    return { label: routes[0] ? officeTitle(routes[0]) : signerOfficeLabels[office], value: who.join('\natau ') };
  });
  const days = p.overdueWorkingDays;

  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Batas waktu penandatanganan komitmen program ${quoted(program.title)} dari ${singleLine(program.opdName)} adalah ${formatDate(p.dueDate)} (WIB). Hingga saat ini, ${days} hari kerja setelah batas waktu tersebut, komitmen untuk ${offices.length} jabatan berikut belum ditandatangani:`,
    },
    { kind: 'facts', facts: missingFacts },
    {
      kind: 'p',
      text: `Penandatanganan terlambat sejak hari kerja pertama setelah ${formatDate(p.dueDate)}. Mohon Sekretariat Daerah menindaklanjuti dengan menghubungi pejabat yang bersangkutan. Apabila pejabat berhalangan, Sekretariat dapat mencatat Pelaksana Tugas (Plt.) atau Pelaksana Harian (Plh.) beserta dasar SK-nya di alur; permintaan tanda tangan yang tertunda akan dialihkan kepada pejabat tersebut secara otomatis.`,
    },
    {
      kind: 'notice',
      text: 'Komitmen tidak pernah ditandatangani secara otomatis. alur tidak menandatangani atas nama siapa pun; setiap tanda tangan harus diberikan oleh pejabat yang berwenang.',
    },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    { kind: 'link', intro: 'Pantau status penandatanganan di alur (masuk terlebih dahulu bila diminta):', url: p.programUrl },
    closing,
  ];
  return mail(
    subjectFor(`Eskalasi: tanda tangan komitmen belum lengkap (${days} hari kerja lewat batas waktu)`, program),
    'Eskalasi penandatanganan komitmen',
    blocks,
  );
}

export function commitmentSignedMail(p: { program: ProgramSummary; recipient: Assignee; commitment: CommitmentRecord; verifyUrl: string }): MailContent {
  const { program, commitment: c } = p;
  const tte = c.tte
    ? `Referensi TTE yang dilampirkan: ${singleLine(c.tte.provider)} ${singleLine(c.tte.reference)} (${formatDateTime(c.tte.attachedAt)}).`
    : 'Dokumen bertanda tangan elektronik tersertifikasi (TTE) dari BSrE melalui SRIKANDI dapat dilampirkan kemudian pada catatan komitmen ini.';

  const blocks: Block[] = [
    ...greeting(p.recipient),
    {
      kind: 'p',
      text: `Dengan ini kami sampaikan bahwa komitmen program ${quoted(program.title)} (usulan versi ${c.content.proposalVersion}) telah ditandatangani oleh seluruh ${c.signatures.length} penandatangan; tanda tangan terakhir tercatat pada ${formatDateTime(c.completedAt)}.`,
    },
    { kind: 'heading', text: 'Tanda tangan' },
    { kind: 'facts', facts: signatureFacts(c.signatures) },
    { kind: 'heading', text: 'Verifikasi' },
    {
      kind: 'link',
      intro: 'Siapa pun dapat memeriksa keaslian komitmen ini dan siapa yang menandatanganinya, tanpa perlu masuk ke alur, pada halaman verifikasi:',
      url: p.verifyUrl,
    },
    tteNotice(tte),
    { kind: 'heading', text: 'Tahap berikutnya' },
    {
      kind: 'p',
      text: `Program kini memasuki tahap ${stageLabels.implementation}. Selama pelaksanaan, ${singleLine(program.opdName)} akan diminta menyampaikan laporan kemajuan secara berkala melalui alur.`,
    },
    { kind: 'heading', text: 'Data program' },
    { kind: 'facts', facts: programFacts(program) },
    closing,
  ];
  return mail(subjectFor('Komitmen telah ditandatangani lengkap', program), 'Komitmen telah ditandatangani lengkap', blocks);
}
