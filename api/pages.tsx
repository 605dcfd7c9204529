/**
 * The pages behind decision links (docs/product.md §6), on the one layout of api/views.
 * Opening a page changes nothing; the one form on the confirmation page POSTs to the URL it
 * is given. A refused form comes back with an error summary, the message beside the field,
 * and the note as it was typed. Pure functions: facts in, an HTML document out.
 */
import type { Assignee, StageOutcome, StageResult } from '../domain/program.js';
import { decisionLabels, decisionPastLabels, decisions, endingLabels, stageLabels, type Decision, type Stage } from '../domain/stages.js';
import type { DecisionContext } from '../mail/decision-context.js';
import { formatDateTime, joinWords, personLine, quoted, singleLine } from '../mail/format.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { ActingAs, DecisionContextSections, Facts, deadlineSentence, linkDocument, shortFacts, SpentLinkNote } from './page-shell.js';
import { Actions, Button, ErrorSummary, MultilineText, Notice, Panel, Textarea, errorFor, type ButtonVariant, type FieldError } from './views/components.js';
import { checkedUrl } from './views/urls.js';

function buttonVariant(d: Decision): ButtonVariant {
  switch (d) {
    case 'approve':
      return 'primary';
    case 'reject':
      return 'warning';
    default:
      return 'secondary';
  }
}

function pastLabel(result: StageResult): string {
  return (decisions as readonly string[]).includes(result) ? decisionPastLabels[result as Decision] : endingLabels[result as keyof typeof endingLabels];
}

const choiceList = (ds: readonly Decision[], conjunction: 'atau' | 'dan') =>
  joinWords(
    ds.map((d) => `“${decisionLabels[d]}”`),
    conjunction,
  );

/** "Tuliskan alasan keputusan “Tolak” pada kolom Catatan." when a decision that must say why came without a note. */
export function missingReasonMessage(decision: Decision): string {
  return `Tuliskan alasan keputusan “${decisionLabels[decision]}” pada kolom Catatan.`;
}

/** A decision form sent back: what was wrong and what was typed. */
export interface RefusedDecision {
  errors: FieldError[];
  comment: string;
}

export function confirmationPage(p: {
  program: ProgramSummary;
  stage: Stage;
  assignee: Assignee;
  allowed: Decision[];
  actionPath: string;
  dueDate: string | null;
  commentRequiredFor: readonly Decision[];
  context: DecisionContext | null;
  refused?: RefusedDecision;
}): string {
  const { program, stage } = p;
  const allowed = [...new Set(p.allowed)];
  const required = allowed.filter((d) => p.commentRequiredFor.includes(d));
  const optional = allowed.filter((d) => !p.commentRequiredFor.includes(d));
  const errors = p.refused?.errors ?? [];

  const asked = `Anda diminta memberikan keputusan atas usulan program ${quoted(program.title)} pada tahap ${stageLabels[stage]}.`;

  // Whether the note is required depends on the button pressed: the label says for which, the hint says why.
  const commentLabel = required.length === 0 ? 'Catatan (boleh dikosongkan)' : `Catatan (wajib untuk ${choiceList(required, 'dan')})`;
  const commentHint =
    required.length === 0
      ? undefined
      : `Wajib diisi jika Anda memilih ${choiceList(required, 'atau')}: tuliskan alasannya agar dapat ditindaklanjuti.` +
        (optional.length === 0 ? '' : ` Untuk ${choiceList(optional, 'atau')}, catatan boleh dikosongkan.`);

  const body = (
    <>
      <ErrorSummary errors={errors} />
      <h1>Keputusan {stageLabels[stage]}</h1>
      <p class="lead">{asked}</p>
      <ActingAs assignee={p.assignee} />
      <Notice kind="info">
        <p>
          Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda menekan salah satu tombol di bawah, dan keputusan tersebut bersifat
          final.
        </p>
      </Notice>
      <p>{deadlineSentence(stage, p.dueDate, 'Tidak ada batas waktu yang ditetapkan untuk tahap ini.')}</p>
      <h2>Data program</h2>
      <Facts facts={programFacts(program)} />
      {p.context === null ? null : <DecisionContextSections context={p.context} />}
      <h2>Keputusan Anda</h2>
      {allowed.length === 0 ? (
        <Notice kind="warning">
          <p>Tidak ada keputusan yang dapat Anda ambil melalui tautan ini.</p>
        </Notice>
      ) : (
        <form method="post" action={checkedUrl(p.actionPath)}>
          <p>Keputusan yang dapat Anda ambil: {choiceList(allowed, 'atau')}.</p>
          <Textarea name="comment" label={commentLabel} hint={commentHint} rows={6} value={p.refused?.comment} error={errorFor(errors, 'comment')} />
          <Actions>
            {allowed.map((d) => (
              <Button name="decision" value={d} variant={buttonVariant(d)}>
                {decisionLabels[d]}
              </Button>
            ))}
          </Actions>
          <p class="muted">
            Dengan menekan salah satu tombol, Anda mengambil keputusan sebagai {personLine(p.assignee)}. Keputusan bersifat final dan tidak dapat dibatalkan
            melalui tautan ini.
          </p>
        </form>
      )}
    </>
  );
  return linkDocument(`${stageLabels[stage]}: ${program.title}`, body, errors.length > 0);
}

export function resultPage(p: { program: ProgramSummary; headline: string; detail: string }): string {
  const body = (
    <>
      <Panel title={singleLine(p.headline)}>
        <p>
          <MultilineText text={p.detail} />
        </p>
      </Panel>
      <h2>Program</h2>
      <Facts facts={shortFacts(p.program)} />
      <SpentLinkNote />
    </>
  );
  return linkDocument(`${p.headline}: ${p.program.title}`, body);
}

export function alreadyDonePage(p: { program: ProgramSummary; stage: Stage; outcome: StageOutcome }): string {
  const { outcome } = p;
  const label = pastLabel(outcome.result);
  // "ditarik oleh OPD" already names an actor; avoid "ditarik oleh OPD oleh X".
  const by = label.includes(' oleh ') ? ', dilakukan oleh' : ' oleh';
  const body = (
    <>
      <h1>Tahap ini sudah selesai</h1>
      <p class="lead">
        Tahap ini sudah selesai: {label}
        {by} {personLine(outcome.by)} pada {formatDateTime(outcome.at)}.
      </p>
      {outcome.comment.trim() === '' ? null : (
        <>
          <p>
            <strong>Catatan:</strong>
          </p>
          <blockquote>
            <MultilineText text={outcome.comment} />
          </blockquote>
        </>
      )}
      <Notice kind="info">
        <p>Tautan yang Anda buka tidak dapat digunakan lagi, dan tidak ada tindakan yang diperlukan dari Anda melalui tautan ini.</p>
      </Notice>
      <h2>Program</h2>
      <Facts facts={[{ label: 'Tahap', value: stageLabels[p.stage] }, ...shortFacts(p.program)]} />
    </>
  );
  return linkDocument(`Tahap ini sudah selesai: ${p.program.title}`, body);
}

export function problemPage(p: { title: string; detail: string }): string {
  const body = (
    <>
      <h1>{singleLine(p.title)}</h1>
      <p class="lead">
        <MultilineText text={p.detail} />
      </p>
      <p>Apabila Anda memerlukan bantuan, silakan hubungi Sekretariat Daerah atau Diskominfo Kabupaten Solok Selatan.</p>
    </>
  );
  return linkDocument(p.title, body);
}
