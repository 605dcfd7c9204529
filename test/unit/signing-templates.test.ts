import { describe, expect, it } from 'vitest';
import { signatureDonePage, signaturePage, signatureResultPage, commitmentPage } from '../../api/signing-pages.js';
import type { Assignee } from '../../domain/program.js';
import { commitmentNotice, type CommitmentRecord, type Signature, type SignerRoute } from '../../domain/signing.js';
import { commitmentSignedMail, signatureRequestMail, signingEscalationMail } from '../../mail/signing-templates.js';
import type { MailContent, ProgramSummary } from '../../mail/templates.js';
import { commitmentHashOf } from '../../store/signing.js';
import { evil, hostileProgram, sampleProgram } from '../support/mail-fixtures.js';

const program = sampleProgram({ id: 'a1b2c3d4e5f6a7b8c9d0' });
const hostile = hostileProgram(program);

const bupati: Assignee = { userId: 'bupati', name: 'H. Rahmat Hidayat', title: 'Bupati Solok Selatan' };
const sekda: Assignee = { userId: 'sekda', name: 'Dr. Syafrizal Malin Marajo, M.Si.', title: 'Sekretaris Daerah' };
const asisten: Assignee = { userId: 'asisten-1', name: 'Ir. Yuliandri', title: 'Asisten Pemerintahan dan Kesra' };
const secretariat: Assignee = { userId: 'sekretariat-1', name: 'Nurhayati, S.Sos.', title: 'Kepala Bagian Perencanaan dan Keuangan Setda' };
const kadis: Assignee = { userId: 'kadis-kesehatan', name: 'dr. Novi Hendrawati', title: 'Kepala Dinas Kesehatan' };

const selfRoute: SignerRoute = { office: 'bupati', official: bupati, signer: bupati, capacity: 'self', basis: null };
const plhRoute: SignerRoute = { office: 'sekda', official: sekda, signer: asisten, capacity: 'plh', basis: 'SK Bupati Nomor 800/123/BKPSDM-2026' };
const hostileRoute: SignerRoute = { ...plhRoute, signer: { ...asisten, name: `Ir. ${evil}` }, basis: `SK ${evil}\r\nX-Injected: yes` };

const urls = { actionUrl: 'https://alur.example.go.id/act/tok', programUrl: 'https://alur.example.go.id/v1/programs/a1b2c3d4e5f6a7b8c9d0' };

const signatures: Signature[] = [
  { office: 'bupati', official: bupati, signedBy: bupati, capacity: 'self', basis: null, at: '2026-12-08T02:15:00.000Z', channel: 'link' },
  { office: 'sekda', official: sekda, signedBy: asisten, capacity: 'plh', basis: plhRoute.basis, at: '2026-12-08T03:00:00.000Z', channel: 'api' },
  { office: 'opd_head', official: kadis, signedBy: kadis, capacity: 'self', basis: null, at: '2026-12-09T01:00:00.000Z', channel: 'link' },
];
const content = { programId: program.id, proposalVersion: 2, proposal: { title: program.title, budgetIdr: program.budgetIdr } };
const commitment: CommitmentRecord = {
  hash: commitmentHashOf(content),
  programId: program.id,
  content,
  signatures,
  completedAt: '2026-12-09T01:00:00.000Z',
  tte: null,
};
const verifyUrl = `https://alur.example.go.id/v1/commitments/${commitment.hash}`;

function allMails(p: ProgramSummary, route: SignerRoute): MailContent[] {
  return [
    ...(['first', 'reminder', 'overdue_reminder'] as const).map((reminder) =>
      signatureRequestMail({ program: p, recipient: route.signer, route, dueDate: '2026-12-14', reminder, ...urls }),
    ),
    signingEscalationMail({
      program: p,
      recipient: secretariat,
      missing: [route, selfRoute],
      dueDate: '2026-12-14',
      overdueWorkingDays: 2,
      programUrl: urls.programUrl,
    }),
    commitmentSignedMail({
      program: p,
      recipient: kadis,
      commitment: { ...commitment, signatures: [...signatures, { ...signatures[1]!, signedBy: route.signer, basis: route.basis }] },
      verifyUrl,
    }),
  ];
}

describe('signing emails', () => {
  it('keep every subject on one line, starting with [alur], whatever the input holds', () => {
    for (const m of [...allMails(program, plhRoute), ...allMails(hostile, hostileRoute)]) {
      expect(m.subject).not.toMatch(/[\r\n]/);
      expect(m.subject.startsWith('[alur] ')).toBe(true);
    }
  });

  it('escape every interpolated value in HTML', () => {
    for (const m of allMails(hostile, hostileRoute)) {
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&lt;script&gt;');
    }
  });

  it('state that a click is an administrative approval, not a TTE', () => {
    for (const m of allMails(program, plhRoute)) {
      expect(m.text).toContain('bukan tanda tangan elektronik tersertifikasi (TTE)');
      expect(m.html).toContain('bukan tanda tangan elektronik tersertifikasi (TTE)');
    }
  });

  it('ask an acting official to sign "sebagai Plh." for the official, naming the decree', () => {
    const m = signatureRequestMail({ program, recipient: asisten, route: plhRoute, dueDate: '2026-12-14', reminder: 'first', ...urls });
    expect(m.subject).toBe(`[alur] Permohonan tanda tangan komitmen (Plh. Sekretaris Daerah): ${program.title}`);
    expect(m.text).toContain(
      'sebagai Plh. Sekretaris Daerah untuk Dr. Syafrizal Malin Marajo, M.Si. (Sekretaris Daerah), berdasarkan SK Bupati Nomor 800/123/BKPSDM-2026',
    );
    // The words the record will carry, before it is given.
    expect(m.text).toContain(
      'Ditandatangani oleh Ir. Yuliandri sebagai Plh. Sekretaris Daerah (Dr. Syafrizal Malin Marajo, M.Si.), dasar: SK Bupati Nomor 800/123/BKPSDM-2026',
    );
    expect(m.text).toContain(urls.actionUrl);
    expect(m.text).toContain('membuka tautan tidak mengubah apa pun');
    expect(m.html).toContain(`href="${urls.actionUrl}"`);
  });

  it('ask the official to sign in their own office without any acting wording', () => {
    const m = signatureRequestMail({ program, recipient: bupati, route: selfRoute, dueDate: '2026-12-14', reminder: 'first', ...urls });
    expect(m.subject).toBe(`[alur] Permohonan tanda tangan komitmen: ${program.title}`);
    expect(m.text).toContain('selaku Bupati Solok Selatan');
    expect(m.text).not.toMatch(/Pl[th]\./);
    expect(m.text).toContain('Senin, 14 Desember 2026');
  });

  it('word reminders and overdue reminders as such', () => {
    const reminder = signatureRequestMail({ program, recipient: bupati, route: selfRoute, dueDate: '2026-12-14', reminder: 'reminder', ...urls });
    const overdue = signatureRequestMail({ program, recipient: bupati, route: selfRoute, dueDate: '2026-12-14', reminder: 'overdue_reminder', ...urls });
    expect(reminder.subject).toMatch(/^\[alur\] Pengingat tanda tangan komitmen: /);
    expect(reminder.text).toContain('Kami mengingatkan kembali');
    expect(overdue.subject).toMatch(/^\[alur\] Lewat batas waktu: tanda tangan komitmen: /);
    expect(overdue.text).toContain('telah terlampaui');
  });

  it('tell the secretariat who has not signed, since when, and that nothing is signed for them', () => {
    const m = signingEscalationMail({
      program,
      recipient: secretariat,
      missing: [plhRoute, { ...plhRoute, signer: sekda, capacity: 'self', basis: null }, selfRoute],
      dueDate: '2026-12-14',
      overdueWorkingDays: 2,
      programUrl: urls.programUrl,
    });
    expect(m.subject).toMatch(/^\[alur\] Eskalasi: tanda tangan komitmen belum lengkap/);
    expect(m.text).toContain('2 hari kerja setelah batas waktu');
    expect(m.text).toContain('Senin, 14 Desember 2026');
    expect(m.text).toContain('komitmen untuk 2 jabatan');
    // Bupati first, then the Sekda office with both people who may sign it.
    expect(m.text).toMatch(
      /Bupati Solok Selatan: H\. Rahmat Hidayat[\s\S]*Sekretaris Daerah: Ir\. Yuliandri .* sebagai Plh\. Sekretaris Daerah[\s\S]*atau Dr\. Syafrizal/,
    );
    expect(m.text).toContain('tidak pernah ditandatangani secara otomatis');
  });

  it('list every signature, the content hash and the public verify URL when the commitment is complete', () => {
    const m = commitmentSignedMail({ program, recipient: kadis, commitment, verifyUrl });
    expect(m.subject).toBe(`[alur] Komitmen telah ditandatangani lengkap: ${program.title}`);
    expect(commitment.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.text).toContain(commitment.hash);
    expect(m.html).toContain(commitment.hash);
    expect(m.text).toContain(verifyUrl);
    expect(m.html).toContain(`href="${verifyUrl}"`);
    expect(m.text).toContain('Ditandatangani oleh H. Rahmat Hidayat (Bupati Solok Selatan)');
    expect(m.text).toContain(
      'Ditandatangani oleh Ir. Yuliandri sebagai Plh. Sekretaris Daerah (Dr. Syafrizal Malin Marajo, M.Si.), dasar: SK Bupati Nomor 800/123/BKPSDM-2026',
    );
    expect(m.text).toContain('melalui aplikasi alur');
    expect(m.text).not.toContain('API');
    expect(m.text).toContain(commitmentNotice);
  });
});

describe('signing pages', () => {
  const preview = { contentHash: commitment.hash, dueDate: '2026-12-14', signatures: signatures.slice(0, 1) };

  it('show one form with a single sign button, no scripts, and as whom the person signs', () => {
    const html = signaturePage({ program, route: plhRoute, actionPath: '/act/tok', commitmentPreview: preview });
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html.match(/<button /g)).toHaveLength(1);
    expect(html).toMatch(/<button type="submit" class="[^"]*" name="decision" value="sign"/);
    expect(html).toContain('action="/act/tok"');
    expect(html).toContain('method="post"');
    expect(html).not.toContain('<script');
    expect(html).toContain(
      'Anda menandatangani sebagai Plh. Sekretaris Daerah untuk Dr. Syafrizal Malin Marajo, M.Si., dasar SK Bupati Nomor 800/123/BKPSDM-2026.',
    );
    // The fingerprint is for the verification page and the API, not for the official reading the commitment.
    expect(html).not.toContain(commitment.hash);
    expect(html).toContain('Membuka halaman ini tidak mengubah apa pun');
  });

  it('escape hostile values on the page', () => {
    const html = signaturePage({ program: hostile, route: hostileRoute, actionPath: '/act/tok', commitmentPreview: preview });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuse a javascript: action URL', () => {
    expect(() => signaturePage({ program, route: selfRoute, actionPath: 'javascript:alert(1)', commitmentPreview: preview })).toThrow(RangeError);
  });

  it('say who signed an office already and when', () => {
    const html = signatureDonePage({ program, office: 'sekda', signature: signatures[1]!, recipient: sekda });
    expect(html).toContain(
      'Komitmen untuk jabatan Sekretaris Daerah sudah ditandatangani oleh Ir. Yuliandri sebagai Plh. Sekretaris Daerah (Dr. Syafrizal Malin Marajo, M.Si.) pada 8 Desember 2026 pukul 10.00 WIB, dasar: SK Bupati Nomor 800/123/BKPSDM-2026.',
    );
    expect(html).toContain('pejabat lain yang berwenang');
    expect(html).not.toContain('<form');
  });

  it('show k of N after a signature, and the verify link once complete', () => {
    const partial = signatureResultPage({ program, signature: signatures[0]!, signed: 1, required: 4, complete: false, verifyUrl: null });
    expect(partial).toContain('1 dari 4 tanda tangan');
    const done = signatureResultPage({
      program,
      signature: signatures[2]!,
      signed: 4,
      required: 4,
      complete: true,
      verifyUrl,
    });
    expect(done).toContain('Komitmen lengkap');
    expect(done).toContain(`href="${verifyUrl}"`);
  });

  it('verify page warns when the content does not match the hash', () => {
    const page = (title: string, verified: boolean) =>
      commitmentPage({ commitment, subject: { kind: 'program', ...program }, title, verified, pdfUrl: `/v1/commitments/${commitment.hash}.pdf` });
    expect(page(program.title, true)).toContain('cocok dengan sidik jarinya');
    expect(page(evil, false)).toMatch(/TIDAK cocok[\s\S]*&lt;script&gt;/);
  });

  it('verify page links the commitment document', () => {
    const html = commitmentPage({
      commitment,
      subject: { kind: 'program', ...program },
      title: program.title,
      verified: true,
      pdfUrl: `/v1/commitments/${commitment.hash}.pdf`,
    });
    expect(html).toMatch(new RegExp(`<a href="/v1/commitments/${commitment.hash}\\.pdf">Unduh dokumen \\(PDF\\)</a>`));
  });
});
