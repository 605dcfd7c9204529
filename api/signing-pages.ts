/**
 * The HTML pages of the signing stage (docs/design.md §6), in the shell of api/page-shell.ts: complete
 * documents in formal Bahasa Indonesia, one <style> block, no scripts, no external resources.
 * Opening a page changes nothing; the one form on the signature page POSTs to the URL it is
 * given. Pure functions: facts in, HTML out. Every interpolated value is escaped.
 */
import type { Assignee } from '../domain/program.js';
import { commitmentNotice, delegationKindLabels, type CommitmentRecord, type Signature, type SignerOffice, type SignerRoute } from '../domain/signing.js';
import { stageLabels } from '../domain/stages.js';
import { capitalised, formatDateTime, formatPeriod, formatRupiah, quoted, singleLine } from '../mail/format.js';
import { escapeHtml, safeUrl } from '../mail/html.js';
import { officeTitle, signatureFacts, signatureLine, signatureRecordPreview, signingAsSentence, signingCapacityLabel } from '../mail/signing-templates.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { deadlineSentence, documentOf, factsTable, shortFacts, spentLinkNote } from './page-shell.js';

// The rules only these pages need, on top of the shared stylesheet.
const signingCss = `.bad{padding:12px 14px;border:1px solid #ba2525;background:#fff5f5;border-radius:6px}
.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;overflow-wrap:anywhere}
a:focus{outline:3px solid #2680c2;outline-offset:2px}
`;

/** "sudah ditandatangani oleh X (Bupati) pada ..." / "... oleh X sebagai Plh. Sekretaris Daerah (Y) pada ..., dasar: SK ..." */
function signedSentence(s: Signature): string {
  const when = formatDateTime(s.at);
  if (s.capacity === 'self') return `sudah ditandatangani oleh ${singleLine(s.signedBy.name)} (${singleLine(s.signedBy.title)}) pada ${when}`;
  return `sudah ditandatangani oleh ${singleLine(s.signedBy.name)} sebagai ${delegationKindLabels[s.capacity]} ${singleLine(s.official.title)} (${singleLine(s.official.name)}) pada ${when}, dasar: ${singleLine(s.basis ?? '-')}`;
}

/** What the signer commits to, in the words of a komitmen. */
export function commitmentStatement(program: ProgramSummary, route: Pick<SignerRoute, 'office' | 'official' | 'capacity'>): string {
  return (
    `Dengan ini ${signingCapacityLabel(route)} Kabupaten Solok Selatan menyatakan komitmen untuk mendukung dan melaksanakan program ${quoted(program.title)} ` +
    `yang diusulkan oleh ${singleLine(program.opdName)} (usulan versi ${program.proposalVersion}), dengan anggaran ${formatRupiah(program.budgetIdr)} ` +
    `dan periode pelaksanaan ${formatPeriod(program.startDate, program.endDate)}, sesuai usulan yang telah direviu Diskominfo dan disetujui Sekretaris Daerah, ` +
    'sebagai bagian dari pelaksanaan Masterplan Smart City Kabupaten Solok Selatan.'
  );
}

export interface CommitmentPreview {
  /** SHA-256 of the canonical content the commitment will cover (the same hash the record gets). */
  contentHash: string;
  stageSeq: number;
  dueDate: string | null;
  /** Signatures already given in this signing. */
  signatures: Signature[];
}

/** The page of an open signing link: what is signed, as whom, and one button. Changes nothing. */
export function signaturePage(p: { program: ProgramSummary; route: SignerRoute; actionPath: string; commitmentPreview: CommitmentPreview }): string {
  const { program, route, commitmentPreview: preview } = p;
  const deadline = deadlineSentence('signing', preview.dueDate, 'Tidak ada batas waktu yang ditetapkan untuk penandatanganan ini.');
  const signatures = preview.signatures;

  const body = [
    `<h1>${escapeHtml(stageLabels.signing)}</h1>`,
    `<p>${escapeHtml(`Anda diminta menandatangani komitmen program ${quoted(program.title)} untuk jabatan ${officeTitle(route)}.`)}</p>`,
    `<p class="as">${escapeHtml(signingAsSentence(route, 'Anda'))}</p>`,
    '<p class="notice">Membuka halaman ini tidak mengubah apa pun. Tanda tangan baru tercatat setelah Anda menekan tombol di bawah, dan tanda tangan tersebut bersifat final.</p>',
    `<p>${escapeHtml(deadline)}</p>`,
    '<h2>Isi komitmen</h2>',
    `<blockquote>${escapeHtml(commitmentStatement(program, route))}</blockquote>`,
    factsTable(programFacts(program)),
    `<p class="muted">Sidik jari isi usulan yang ditandatangani (SHA-256): <span class="hash">${escapeHtml(preview.contentHash)}</span></p>`,
    '<h2>Tanda tangan yang sudah tercatat</h2>',
    signatures.length === 0 ? '<p>Belum ada tanda tangan yang tercatat.</p>' : factsTable(signatureFacts(signatures)),
    '<h2>Tanda tangan</h2>',
    `<form method="post" action="${safeUrl(p.actionPath)}">`,
    `<div class="actions">\n<button type="submit" name="decision" value="sign" class="approve">Tandatangani komitmen</button>\n</div>`,
    `<p class="muted">${escapeHtml(`Dengan menekan tombol ini, tanda tangan Anda tercatat sebagai: ${quoted(capitalised(signatureRecordPreview(route)))}. Tanda tangan ini merupakan persetujuan administratif, bukan tanda tangan elektronik tersertifikasi (TTE), dan tidak dapat dibatalkan melalui tautan ini.`)}</p>`,
    '</form>',
    `<p class="muted">Referensi: ${escapeHtml(singleLine(program.id))}, tahap ke-${escapeHtml(preview.stageSeq)}.</p>`,
  ].join('\n');
  return documentOf(`${stageLabels.signing}: ${program.title}`, body, signingCss);
}

/** An old or superfluous link: the office it was for is signed already. */
export function signatureDonePage(p: { program: ProgramSummary; office: SignerOffice; signature: Signature; recipient: Assignee }): string {
  const s = p.signature;
  const office = officeTitle({ office: p.office, official: s.official });
  const mine = s.signedBy.userId === p.recipient.userId;
  const body = [
    '<h1>Komitmen sudah ditandatangani</h1>',
    `<p>${escapeHtml(`Komitmen untuk jabatan ${office} ${signedSentence(s)}.`)}</p>`,
    `<p class="notice">${escapeHtml(
      mine
        ? 'Tanda tangan Anda sudah tercatat. Tautan ini tidak dapat digunakan lagi, dan tidak ada tindakan lain yang diperlukan dari Anda.'
        : 'Tanda tangan untuk jabatan ini sudah diberikan oleh pejabat lain yang berwenang. Tautan ini tidak dapat digunakan lagi, dan tidak ada tindakan yang diperlukan dari Anda.',
    )}</p>`,
    '<h2>Program</h2>',
    factsTable([{ label: 'Tahap', value: stageLabels.signing }, ...shortFacts(p.program)]),
  ].join('\n');
  return documentOf(`Komitmen sudah ditandatangani: ${p.program.title}`, body, signingCss);
}

/** After a signature through a link: k of N, or the complete commitment with where to verify it. */
export function signatureResultPage(p: {
  program: ProgramSummary;
  signature: Signature;
  signed: number;
  required: number;
  complete: boolean;
  commitmentHash: string | null;
  verifyUrl: string | null;
}): string {
  const recorded = `Tanda tangan Anda telah tercatat: ${capitalised(signatureLine(p.signature))}.`;
  const parts = p.complete
    ? [
        '<h1>Komitmen lengkap</h1>',
        `<p class="ok">${escapeHtml(`${recorded} Dengan tanda tangan ini, seluruh ${p.required} tanda tangan komitmen telah lengkap dan program memasuki tahap ${stageLabels.implementation}.`)}</p>`,
        ...(p.commitmentHash ? [`<p>Sidik jari isi komitmen (SHA-256): <span class="hash">${escapeHtml(p.commitmentHash)}</span></p>`] : []),
        ...(p.verifyUrl
          ? [`<p>Siapa pun dapat memeriksa catatan komitmen ini di:<br><a href="${safeUrl(p.verifyUrl)}">${escapeHtml(p.verifyUrl)}</a></p>`]
          : []),
      ]
    : [
        '<h1>Tanda tangan tercatat</h1>',
        `<p class="ok">${escapeHtml(`${recorded} Saat ini ${p.signed} dari ${p.required} tanda tangan telah tercatat; komitmen lengkap setelah seluruh penandatangan menandatangani.`)}</p>`,
      ];
  const notice = `<p class="muted">${escapeHtml(commitmentNotice)}</p>`;
  const body = [...parts, notice, '<h2>Program</h2>', factsTable(shortFacts(p.program)), spentLinkNote].join('\n');
  return documentOf(`${p.complete ? 'Komitmen lengkap' : 'Tanda tangan tercatat'}: ${p.program.title}`, body, signingCss);
}

/** The public verification page of a commitment (GET /v1/commitments/:hash with Accept: text/html). */
export function commitmentPage(p: { commitment: CommitmentRecord; title: string; verified: boolean }): string {
  const c = p.commitment;
  const body = [
    '<h1>Verifikasi komitmen</h1>',
    p.verified
      ? `<p class="ok">${escapeHtml('Isi komitmen yang tersimpan cocok dengan sidik jarinya (SHA-256 dihitung ulang saat halaman ini dibuka).')}</p>`
      : `<p class="bad">${escapeHtml('Peringatan: isi komitmen yang tersimpan TIDAK cocok dengan sidik jarinya. Hubungi Diskominfo Kabupaten Solok Selatan.')}</p>`,
    factsTable([
      { label: 'Program', value: p.title },
      { label: 'Kode program', value: c.programId },
      { label: 'Versi usulan', value: String(c.content.proposalVersion) },
      { label: 'Lengkap pada', value: formatDateTime(c.completedAt) },
      { label: 'Sidik jari (SHA-256)', value: c.hash },
      { label: 'TTE', value: c.tte ? `${c.tte.provider} ${c.tte.reference} (${formatDateTime(c.tte.attachedAt)})` : 'Belum ada TTE yang dilampirkan' },
    ]),
    '<h2>Tanda tangan</h2>',
    factsTable(signatureFacts(c.signatures)),
    `<p class="notice">${escapeHtml(commitmentNotice)}</p>`,
  ].join('\n');
  return documentOf(`Verifikasi komitmen: ${p.title}`, body, signingCss);
}
