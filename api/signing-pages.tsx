/**
 * The pages of the signing stage (docs/product.md §6), on the one layout of api/views: the
 * page of an open signing link, "already signed", the result after signing, and the public
 * verification page of a commitment. Opening a page changes nothing; the one form on the
 * signature page POSTs to the URL it is given. Pure functions: facts in, an HTML document out.
 */
import type { Assignee } from '../domain/program.js';
import { commitmentNotice, delegationKindLabels, type AnyCommitmentRecord, type Signature, type SignerOffice, type SignerRoute } from '../domain/signing.js';
import { stageLabels } from '../domain/stages.js';
import { programCommitmentClause, type CommitmentSubject } from '../domain/commitment-document.js';
import { capitalised, formatDateTime, quoted, singleLine } from '../mail/format.js';
import { officeTitle, signatureFacts, signatureLine, signatureRecordPreview, signingAsSentence, signingCapacityLabel } from '../mail/signing-templates.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { Facts, deadlineSentence, linkDocument, shortFacts, SpentLinkNote } from './page-shell.js';
import { Actions, Button, Notice, Panel } from './views/components.js';
import { checkedUrl } from './views/urls.js';
import { regency } from './views/layout.js';

/** "sudah ditandatangani oleh X (Bupati) pada ..." / "... oleh X sebagai Plh. Sekretaris Daerah (Y) pada ..., dasar: SK ..." */
function signedSentence(s: Signature): string {
  const when = formatDateTime(s.at);
  if (s.capacity === 'self') return `sudah ditandatangani oleh ${singleLine(s.signedBy.name)} (${singleLine(s.signedBy.title)}) pada ${when}`;
  return `sudah ditandatangani oleh ${singleLine(s.signedBy.name)} sebagai ${delegationKindLabels[s.capacity]} ${singleLine(s.official.title)} (${singleLine(s.official.name)}) pada ${when}, dasar: ${singleLine(s.basis ?? '-')}`;
}

/** "Bupati Kabupaten Solok Selatan", but an official whose title already names the regency keeps it as it is. */
function withRegency(title: string): string {
  return /solok selatan/i.test(title) ? title : `${title} Kabupaten Solok Selatan`;
}

/** The masterplan every programme commitment serves, as the commitment names it. */
export const masterplanTitle = `Masterplan Smart City ${regency.replace(/^Pemerintah /, '')}`;

/** What the signer commits to, in the words of a komitmen. */
export function commitmentStatement(program: ProgramSummary, route: Pick<SignerRoute, 'office' | 'official' | 'capacity'>): string {
  return `Dengan ini ${withRegency(signingCapacityLabel(route))} ${programCommitmentClause({ kind: 'program', ...program }, masterplanTitle)}`;
}

export interface CommitmentPreview {
  /** The fingerprint of the content the commitment will cover (the same one the record gets); kept for the JSON answer. */
  contentHash: string;
  dueDate: string | null;
  /** Signatures already given in this signing. */
  signatures: Signature[];
}

/** The page of an open signing link: what is signed, as whom, and one button. Changes nothing. */
export function signaturePage(p: { program: ProgramSummary; route: SignerRoute; actionPath: string; commitmentPreview: CommitmentPreview }): string {
  const { program, route, commitmentPreview: preview } = p;
  const body = (
    <>
      <h1>{stageLabels.signing}</h1>
      <p class="lead">
        Anda diminta menandatangani komitmen program {quoted(program.title)} untuk jabatan {officeTitle(route)}.
      </p>
      <p>
        <strong>{signingAsSentence(route, 'Anda')}</strong>
      </p>
      <Notice kind="info">
        <p>
          Membuka halaman ini tidak mengubah apa pun. Tanda tangan baru tercatat setelah Anda menekan tombol di bawah, dan tanda tangan tersebut bersifat final.
        </p>
      </Notice>
      <p>{deadlineSentence('signing', preview.dueDate, 'Tidak ada batas waktu yang ditetapkan untuk penandatanganan ini.')}</p>
      <h2>Isi komitmen</h2>
      <blockquote>{commitmentStatement(program, route)}</blockquote>
      <Facts facts={programFacts(program)} />
      <h2>Tanda tangan yang sudah tercatat</h2>
      {preview.signatures.length === 0 ? <p>Belum ada tanda tangan yang tercatat.</p> : <Facts facts={signatureFacts(preview.signatures)} />}
      <h2>Tanda tangan Anda</h2>
      <form method="post" action={checkedUrl(p.actionPath)}>
        <p>Tanda tangan Anda akan tercatat sebagai: {quoted(capitalised(signatureRecordPreview(route)))}.</p>
        <Actions>
          <Button name="decision" value="sign">
            Tandatangani komitmen
          </Button>
        </Actions>
        <p class="muted">
          Tanda tangan ini merupakan persetujuan administratif, bukan tanda tangan elektronik tersertifikasi (TTE), dan tidak dapat dibatalkan melalui tautan
          ini.
        </p>
      </form>
    </>
  );
  return linkDocument(`${stageLabels.signing}: ${program.title}`, body);
}

/** An old or superfluous link: the office it was for is signed already. */
export function signatureDonePage(p: { program: ProgramSummary; office: SignerOffice; signature: Signature; recipient: Assignee }): string {
  const s = p.signature;
  const office = officeTitle({ office: p.office, official: s.official });
  const mine = s.signedBy.userId === p.recipient.userId;
  const body = (
    <>
      <h1>Komitmen sudah ditandatangani</h1>
      <p class="lead">
        Komitmen untuk jabatan {office} {signedSentence(s)}.
      </p>
      <Notice kind="info">
        <p>
          {mine
            ? 'Tanda tangan Anda sudah tercatat. Tautan ini tidak dapat digunakan lagi, dan tidak ada tindakan lain yang diperlukan dari Anda.'
            : 'Tanda tangan untuk jabatan ini sudah diberikan oleh pejabat lain yang berwenang. Tautan ini tidak dapat digunakan lagi, dan tidak ada tindakan yang diperlukan dari Anda.'}
        </p>
      </Notice>
      <h2>Program</h2>
      <Facts facts={[{ label: 'Tahap', value: stageLabels.signing }, ...shortFacts(p.program)]} />
    </>
  );
  return linkDocument(`Komitmen sudah ditandatangani: ${p.program.title}`, body);
}

/** After a signature through a link: k of N, or the complete commitment with where to verify it. */
export function signatureResultPage(p: {
  program: ProgramSummary;
  signature: Signature;
  signed: number;
  required: number;
  complete: boolean;
  verifyUrl: string | null;
}): string {
  const recorded = `Tanda tangan Anda telah tercatat: ${capitalised(signatureLine(p.signature))}.`;
  const body = (
    <>
      {p.complete ? (
        <Panel title="Komitmen lengkap">
          <p>
            Seluruh {p.required} tanda tangan komitmen telah lengkap; program memasuki tahap {stageLabels.implementation}.
          </p>
        </Panel>
      ) : (
        <Panel title="Tanda tangan tercatat">
          <p>
            {p.signed} dari {p.required} tanda tangan telah tercatat.
          </p>
        </Panel>
      )}
      <p>{recorded}</p>
      {p.complete ? null : <p>Komitmen lengkap setelah seluruh penandatangan menandatangani.</p>}
      {p.verifyUrl === null ? null : (
        <p>
          Siapa pun dapat memeriksa keaslian catatan komitmen ini di halaman verifikasi: <a href={checkedUrl(p.verifyUrl)}>Verifikasi komitmen</a>.
        </p>
      )}
      <p class="muted">{commitmentNotice}</p>
      <h2>Program</h2>
      <Facts facts={shortFacts(p.program)} />
      <SpentLinkNote />
    </>
  );
  return linkDocument(`${p.complete ? 'Komitmen lengkap' : 'Tanda tangan tercatat'}: ${p.program.title}`, body);
}

/** Where a commitment's document is downloaded, next to its verification page. */
export const commitmentPdfPath = (hash: string) => `/v1/commitments/${hash}.pdf`;

/** The public verification page of a commitment (GET /v1/commitments/:hash with Accept: text/html): a programme's or the masterplan's. */
export function commitmentPage(p: { commitment: AnyCommitmentRecord; subject: CommitmentSubject; title: string; verified: boolean; pdfUrl: string }): string {
  const c = p.commitment;
  const what =
    p.subject.kind === 'program'
      ? [
          { label: 'Program', value: p.title },
          { label: 'Versi usulan', value: String(p.subject.proposalVersion) },
        ]
      : [
          { label: 'Masterplan', value: p.title },
          { label: 'Penandatanganan ke-', value: String(p.subject.round) },
        ];
  const body = (
    <>
      <h1>Verifikasi komitmen</h1>
      {p.verified ? (
        <Notice kind="success" title="Cocok">
          <p>Isi komitmen yang tersimpan cocok dengan sidik jarinya (diperiksa ulang saat halaman ini dibuka).</p>
        </Notice>
      ) : (
        <Notice kind="warning" title="Peringatan">
          <p>Isi komitmen yang tersimpan TIDAK cocok dengan sidik jarinya. Hubungi Diskominfo Kabupaten Solok Selatan.</p>
        </Notice>
      )}
      <Facts
        facts={[
          ...what,
          { label: 'Lengkap pada', value: formatDateTime(c.completedAt) },
          { label: 'Sidik jari komitmen', value: c.hash },
          { label: 'TTE', value: c.tte ? `${c.tte.provider} ${c.tte.reference} (${formatDateTime(c.tte.attachedAt)})` : 'Belum ada TTE yang dilampirkan' },
        ]}
      />
      <p>
        <a href={checkedUrl(p.pdfUrl)}>Unduh dokumen (PDF)</a>
      </p>
      <h2>Tanda tangan</h2>
      <Facts facts={signatureFacts(c.signatures)} />
      <Notice kind="info">
        <p>{commitmentNotice}</p>
      </Notice>
    </>
  );
  return linkDocument(`Verifikasi komitmen: ${p.title}`, body);
}
