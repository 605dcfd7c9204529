/**
 * The signed commitment as an official document (docs/product.md §9): the regency's
 * letterhead, the title, what is committed to, each signature with office, capacity (Plt./Plh.
 * with its decree) and time in WIB, and where anyone can verify it. One content model for a
 * programme's commitment and the masterplan's; the PDF renderer only lays it out, so what the
 * document says is tested here, without a PDF.
 *
 * A click in alur is an administrative approval, not a certified electronic signature (TTE):
 * the document says so, and names the TTE once one is attached to the record.
 */
import { formatDateTime, formatPeriod, formatRupiah, quoted, singleLine } from '../mail/format.js';
import { officeTitle } from '../mail/signing-templates.js';
import { commitmentNotice, delegationKindLabels, type AnyCommitmentRecord, type Signature } from './signing.js';

/** The letterhead (kop surat) of the issuing office, from reference data. */
export interface Letterhead {
  /** "PEMERINTAH KABUPATEN SOLOK SELATAN" */
  government: string;
  /** "SEKRETARIAT DAERAH" */
  office: string;
  address: string;
}

/** What a commitment commits to, with the names a reader needs (looked up by the caller). */
export type CommitmentSubject =
  | {
      kind: 'program';
      title: string;
      summary: string;
      opdName: string;
      budgetIdr: number;
      startDate: string;
      endDate: string;
      proposalVersion: number;
    }
  | { kind: 'masterplan'; title: string; startYear: number; endYear: number; round: number };

export interface DocumentSigner {
  /** The office signed for: "Bupati Solok Selatan", "Kepala Dinas Kesehatan". */
  office: string;
  /** Who signed. */
  name: string;
  /** "Pejabat definitif", or "Plh. Kepala Dinas Kesehatan untuk dr. X, dasar: SK ...". */
  capacity: string;
  /** "8 Desember 2026 pukul 09.15 WIB" */
  signedAt: string;
}

export interface CommitmentDocument {
  letterhead: Letterhead;
  title: string;
  subtitle: string;
  statement: string;
  facts: { label: string; value: string }[];
  signers: DocumentSigner[];
  completedAt: string;
  verification: { url: string; hash: string; instruction: string };
  /** Says the document is not a TTE, and which TTE is attached, if one is. */
  notices: string[];
}

/** "menyatakan komitmen untuk mendukung dan melaksanakan program ..." : the clause every programme commitment states. */
export function programCommitmentClause(p: Extract<CommitmentSubject, { kind: 'program' }>, masterplanTitle: string): string {
  return (
    `menyatakan komitmen untuk mendukung dan melaksanakan program ${quoted(p.title)} ` +
    `yang diusulkan oleh ${singleLine(p.opdName)} (usulan versi ${p.proposalVersion}), dengan anggaran ${formatRupiah(p.budgetIdr)} ` +
    `dan periode pelaksanaan ${formatPeriod(p.startDate, p.endDate)}, sesuai usulan yang telah direviu Diskominfo dan disetujui Sekretaris Daerah, ` +
    `sebagai bagian dari pelaksanaan ${masterplanTitle}.`
  );
}

/** "2023–2028" */
export const yearSpan = (startYear: number, endYear: number) => `${startYear}–${endYear}`;

function capacityOf(s: Signature): string {
  if (s.capacity === 'self') return 'Pejabat definitif';
  return `${delegationKindLabels[s.capacity]} ${officeTitle(s)} untuk ${singleLine(s.official.name)}, dasar: ${singleLine(s.basis ?? '-')}`;
}

export function commitmentDocument(i: {
  commitment: Pick<AnyCommitmentRecord, 'hash' | 'signatures' | 'completedAt' | 'tte'>;
  subject: CommitmentSubject;
  letterhead: Letterhead;
  /** The regency's masterplan, as a programme commitment names it. */
  masterplanTitle: string;
  verifyUrl: string;
}): CommitmentDocument {
  const { commitment: c, subject } = i;
  const heading =
    subject.kind === 'program'
      ? {
          title: 'NASKAH KOMITMEN PELAKSANAAN PROGRAM SMART CITY',
          subtitle: subject.title,
          statement: `Kami yang bertanda tangan di bawah ini ${programCommitmentClause(subject, i.masterplanTitle)}`,
          facts: [
            { label: 'Program', value: subject.title },
            { label: 'Ringkasan', value: subject.summary },
            { label: 'OPD pengusul', value: subject.opdName },
            { label: 'Anggaran', value: formatRupiah(subject.budgetIdr) },
            { label: 'Periode pelaksanaan', value: formatPeriod(subject.startDate, subject.endDate) },
            { label: 'Versi usulan', value: String(subject.proposalVersion) },
          ],
        }
      : {
          title: 'NASKAH KOMITMEN IMPLEMENTASI SMART CITY',
          subtitle: `${subject.title} ${yearSpan(subject.startYear, subject.endYear)}`,
          statement:
            `Kami yang bertanda tangan di bawah ini, Bupati, Wakil Bupati, Sekretaris Daerah dan para Kepala Perangkat Daerah, ` +
            `menyatakan komitmen untuk mengimplementasikan ${subject.title} periode ${yearSpan(subject.startYear, subject.endYear)} ` +
            `sesuai tugas dan kewenangan masing-masing, serta melaporkan kemajuannya secara berkala.`,
          facts: [
            { label: 'Masterplan', value: subject.title },
            { label: 'Periode', value: yearSpan(subject.startYear, subject.endYear) },
            { label: 'Penandatanganan ke-', value: String(subject.round) },
          ],
        };
  return {
    letterhead: i.letterhead,
    ...heading,
    facts: [...heading.facts, { label: 'Jumlah penandatangan', value: String(c.signatures.length) }],
    signers: c.signatures.map((s) => ({
      office: officeTitle(s),
      name: singleLine(s.signedBy.name),
      capacity: capacityOf(s),
      signedAt: formatDateTime(s.at),
    })),
    completedAt: formatDateTime(c.completedAt),
    verification: {
      url: i.verifyUrl,
      hash: c.hash,
      instruction: 'Pindai kode QR atau buka alamat di bawah ini untuk memeriksa keaslian catatan komitmen ini pada sistem alur.',
    },
    notices: [
      commitmentNotice,
      c.tte
        ? `TTE terlampir: ${singleLine(c.tte.provider)} ${singleLine(c.tte.reference)} (${formatDateTime(c.tte.attachedAt)}).`
        : 'Dokumen ini belum dilengkapi tanda tangan elektronik tersertifikasi (TTE) dari BSrE.',
    ],
  };
}
