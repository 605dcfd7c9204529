/**
 * The commitment as an official document: what it says (the content model), and the PDF read
 * back with poppler (text) and a QR decoder, as whoever receives a print would.
 */
import { describe, expect, it } from 'vitest';
import { renderCommitmentPdf } from '../../api/commitment-pdf.js';
import { letterhead } from '../../data/letterhead.js';
import { commitmentDocument, type CommitmentSubject } from '../../domain/commitment-document.js';
import type { Assignee } from '../../domain/program.js';
import { commitmentNotice, type Signature } from '../../domain/signing.js';
import { formatRupiah } from '../../mail/format.js';
import { pdfPageCount, pdfQrCodes, pdfText } from '../support/pdf.js';

const bupati: Assignee = { userId: 'bupati', name: 'H. Rahmat Hidayat', title: 'Bupati Solok Selatan' };
const kadis: Assignee = { userId: 'kadis-kesehatan', name: 'dr. Novi Hendrawati', title: 'Kepala Dinas Kesehatan' };
const sekretaris: Assignee = { userId: 'sekretaris-dinkes', name: 'Ns. Rika Amelia', title: 'Sekretaris Dinas Kesehatan' };
const hash = 'ab'.repeat(32);
const verifyUrl = `https://alur.solselkab.go.id/v1/commitments/${hash}`;

const signatures: Signature[] = [
  { office: 'bupati', official: bupati, signedBy: bupati, capacity: 'self', basis: null, at: '2026-12-08T02:15:00.000Z', channel: 'web' },
  {
    office: 'opd_head',
    official: kadis,
    signedBy: sekretaris,
    capacity: 'plh',
    basis: 'SK Bupati Nomor 800/45/BKPSDM-2026',
    at: '2026-12-09T08:05:00.000Z',
    channel: 'link',
  },
];

const program: CommitmentSubject = {
  kind: 'program',
  title: 'Telemedisin Puskesmas',
  summary: 'Konsultasi jarak jauh puskesmas dan RSUD.',
  opdName: 'Dinas Kesehatan',
  budgetIdr: 750_000_000,
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  proposalVersion: 2,
};

const documentOf = (subject: CommitmentSubject, tte: { provider: string; reference: string; attachedAt: string } | null = null) =>
  commitmentDocument({
    commitment: { hash, signatures, completedAt: '2026-12-09T08:05:00.000Z', tte },
    subject,
    letterhead,
    masterplanTitle: 'Masterplan Smart City Kabupaten Solok Selatan',
    verifyUrl,
  });

describe('the commitment document', () => {
  it('opens with the regency letterhead', () => {
    expect(documentOf(program).letterhead).toEqual({
      government: 'PEMERINTAH KABUPATEN SOLOK SELATAN',
      office: 'SEKRETARIAT DAERAH',
      address: 'Padang Aro, Kabupaten Solok Selatan, Provinsi Sumatera Barat',
    });
  });

  it("states a programme's title, OPD, budget and period", () => {
    const doc = documentOf(program);
    expect(doc.statement).toContain('“Telemedisin Puskesmas”');
    expect(doc.statement).toContain('Dinas Kesehatan (usulan versi 2)');
    expect(doc.statement).toContain(`anggaran ${formatRupiah(750_000_000)}`);
    expect(doc.facts).toContainEqual({ label: 'Periode pelaksanaan', value: 'Jumat, 1 Januari 2027 s.d. Jumat, 31 Desember 2027' });
  });

  it("states the masterplan's title and period", () => {
    const doc = documentOf({ kind: 'masterplan', title: 'Masterplan Smart City Kabupaten Solok Selatan', startYear: 2023, endYear: 2028, round: 1 });
    expect(doc.title).toBe('NASKAH KOMITMEN IMPLEMENTASI SMART CITY');
    expect(doc.subtitle).toBe('Masterplan Smart City Kabupaten Solok Selatan 2023–2028');
    expect(doc.statement).toContain('mengimplementasikan Masterplan Smart City Kabupaten Solok Selatan periode 2023–2028');
  });

  it('names each signer with office, capacity and the time in WIB', () => {
    expect(documentOf(program).signers).toEqual([
      { office: 'Bupati Solok Selatan', name: 'H. Rahmat Hidayat', capacity: 'Pejabat definitif', signedAt: '8 Desember 2026 pukul 09.15 WIB' },
      {
        office: 'Kepala Dinas Kesehatan',
        name: 'Ns. Rika Amelia',
        capacity: 'Plh. Kepala Dinas Kesehatan untuk dr. Novi Hendrawati, dasar: SK Bupati Nomor 800/45/BKPSDM-2026',
        signedAt: '9 Desember 2026 pukul 15.05 WIB',
      },
    ]);
  });

  it('says it is not a TTE until one is attached, then names it', () => {
    expect(documentOf(program).notices).toEqual([commitmentNotice, 'Dokumen ini belum dilengkapi tanda tangan elektronik tersertifikasi (TTE) dari BSrE.']);
    const attached = documentOf(program, { provider: 'BSrE', reference: 'SRIKANDI-2026-0042', attachedAt: '2026-12-10T03:00:00.000Z' });
    expect(attached.notices[1]).toBe('TTE terlampir: BSrE SRIKANDI-2026-0042 (10 Desember 2026 pukul 10.00 WIB).');
  });
});

describe('the commitment PDF', () => {
  it('reads back with the letterhead, the commitment and every signer', async () => {
    const text = (await pdfText(await renderCommitmentPdf(documentOf(program)))).replace(/\s+/g, ' ');
    expect(text).toContain('PEMERINTAH KABUPATEN SOLOK SELATAN');
    expect(text).toContain('NASKAH KOMITMEN PELAKSANAAN PROGRAM SMART CITY');
    expect(text).toContain('Telemedisin Puskesmas');
    expect(text).toContain('Rp 750.000.000');
    expect(text).toContain('Plh. Kepala Dinas Kesehatan untuk dr. Novi Hendrawati, dasar: SK Bupati Nomor 800/45/BKPSDM-2026');
    expect(text).toContain('9 Desember 2026 pukul 15.05 WIB');
    expect(text).toContain('bukan tanda tangan elektronik tersertifikasi (TTE)');
  });

  it('carries a QR code of the verification address', async () => {
    expect(await pdfQrCodes(await renderCommitmentPdf(documentOf(program)))).toEqual([verifyUrl]);
  });

  it('moves to a second page for forty signers without splitting one', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...signatures[0]!, official: { ...kadis, title: `Kepala OPD ${i + 1}` } }));
    const doc = commitmentDocument({
      commitment: { hash, signatures: many, completedAt: '2026-12-09T08:05:00.000Z', tte: null },
      subject: program,
      letterhead,
      masterplanTitle: 'Masterplan Smart City Kabupaten Solok Selatan',
      verifyUrl,
    });
    const pdf = await renderCommitmentPdf(doc);
    expect(await pdfPageCount(pdf)).toBeGreaterThan(1);
    const text = await pdfText(pdf);
    for (let i = 1; i <= 40; i++) expect(text).toContain(`${i}. Kepala OPD ${i}`);
  });
});
