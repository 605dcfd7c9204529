/**
 * The HTML pages behind the links in emails (docs/design.md §6): complete documents in formal
 * Bahasa Indonesia, one <style> block, no scripts and no external resources. Opening a
 * page changes nothing; the one form on the confirmation page POSTs to the URL it is given.
 * Pure functions: facts in, HTML out. Every interpolated value is escaped. The document
 * shell, the stylesheet and the facts table are api/page-shell.ts.
 */
import type { Assignee, StageOutcome, StageResult } from '../domain/program.js';
import { decisionLabels, decisionPastLabels, decisions, endingLabels, isDecisionStage, stageLabels, type Decision, type Stage } from '../domain/stages.js';
import { formatDateTime, joinWords, personLine, quoted, singleLine } from '../mail/format.js';
import { escapeHtml, escapeMultiline, safeUrl } from '../mail/html.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { actingAs, deadlineSentence, documentOf, factsTable, shortFacts, spentLinkNote } from './page-shell.js';

function buttonClass(d: Decision): 'approve' | 'caution' | 'danger' {
  switch (d) {
    case 'approve':
    case 'sign':
      return 'approve';
    case 'reject':
      return 'danger';
    default:
      return 'caution';
  }
}

function pastLabel(result: StageResult): string {
  return (decisions as readonly string[]).includes(result) ? decisionPastLabels[result as Decision] : endingLabels[result as keyof typeof endingLabels];
}

export function confirmationPage(p: {
  program: ProgramSummary;
  stage: Stage;
  stageSeq: number;
  assignee: Assignee;
  allowed: Decision[];
  actionPath: string;
  dueDate: string | null;
  commentRequiredFor: Decision[];
}): string {
  const { program, stage } = p;
  const allowed = [...new Set(p.allowed)];
  const required = allowed.filter((d) => p.commentRequiredFor.includes(d));
  const signing = allowed.length > 0 && allowed.every((d) => d === 'sign');
  const title = quoted(program.title);

  const asked = signing
    ? `Anda diminta menandatangani komitmen program ${title} pada tahap ${stageLabels[stage]}.`
    : isDecisionStage(stage)
      ? `Anda diminta memberikan keputusan atas usulan program ${title} pada tahap ${stageLabels[stage]}.`
      : `Anda diminta mengambil tindakan atas program ${title} pada tahap ${stageLabels[stage]}.`;

  const deadline = deadlineSentence(stage, p.dueDate, 'Tidak ada batas waktu yang ditetapkan untuk tahap ini.');

  const choices = joinWords(
    allowed.map((d) => `“${decisionLabels[d]}”`),
    'atau',
  );
  const commentHint =
    required.length === 0
      ? 'Catatan bersifat opsional.'
      : `Catatan wajib diisi untuk keputusan ${joinWords(
          required.map((d) => `“${decisionLabels[d]}”`),
          'dan',
        )}${required.length < allowed.length ? '; untuk keputusan lainnya catatan bersifat opsional' : ''}.`;

  const buttons = allowed
    .map((d) => `<button type="submit" name="decision" value="${escapeHtml(d)}" class="${buttonClass(d)}">${escapeHtml(decisionLabels[d])}</button>`)
    .join('\n');

  const form =
    allowed.length === 0
      ? '<p class="notice">Tidak ada keputusan yang dapat Anda ambil melalui tautan ini.</p>'
      : [
          `<form method="post" action="${safeUrl(p.actionPath)}">`,
          '<label for="comment">Catatan</label>',
          `<p class="muted" id="comment-hint">${escapeHtml(commentHint)}</p>`,
          '<textarea id="comment" name="comment" rows="6" aria-describedby="comment-hint"></textarea>',
          `<div class="actions">\n${buttons}\n</div>`,
          `<p class="muted">Dengan menekan salah satu tombol, Anda mengambil keputusan sebagai ${escapeHtml(personLine(p.assignee))}. Keputusan bersifat final dan tidak dapat dibatalkan melalui tautan ini.</p>`,
          '</form>',
        ].join('\n');

  const body = [
    `<h1>${escapeHtml(signing ? stageLabels.signing : `Keputusan ${stageLabels[stage]}`)}</h1>`,
    `<p>${escapeHtml(asked)}</p>`,
    actingAs(p.assignee),
    `<p class="notice">Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda menekan salah satu tombol di bawah, dan keputusan tersebut bersifat final.</p>`,
    allowed.length > 0 ? `<p>Keputusan yang dapat Anda ambil: ${escapeHtml(choices)}.</p>` : '',
    `<p>${escapeHtml(deadline)}</p>`,
    '<h2>Data program</h2>',
    factsTable(programFacts(program)),
    `<h2>${escapeHtml(signing ? 'Tanda tangan' : 'Keputusan')}</h2>`,
    form,
    `<p class="muted">Referensi: ${escapeHtml(singleLine(program.id))}, tahap ke-${escapeHtml(p.stageSeq)}.</p>`,
  ]
    .filter((s) => s !== '')
    .join('\n');

  return documentOf(`${stageLabels[stage]}: ${program.title}`, body);
}

export function resultPage(p: { program: ProgramSummary; headline: string; detail: string }): string {
  const body = [
    `<h1>${escapeHtml(singleLine(p.headline))}</h1>`,
    `<p class="ok">${escapeMultiline(p.detail)}</p>`,
    '<h2>Program</h2>',
    factsTable(shortFacts(p.program)),
    spentLinkNote,
  ].join('\n');
  return documentOf(`${p.headline}: ${p.program.title}`, body);
}

export function alreadyDonePage(p: { program: ProgramSummary; stage: Stage; outcome: StageOutcome }): string {
  const { outcome } = p;
  const label = pastLabel(outcome.result);
  // "ditarik oleh OPD" already names an actor; avoid "ditarik oleh OPD oleh X".
  const by = label.includes(' oleh ') ? ', dilakukan oleh' : ' oleh';
  const sentence = `Tahap ini sudah selesai: ${label}${by} ${personLine(outcome.by)} pada ${formatDateTime(outcome.at)}.`;
  const body = [
    '<h1>Tahap ini sudah selesai</h1>',
    `<p>${escapeHtml(sentence)}</p>`,
    outcome.comment.trim() === '' ? '' : `<p class="as">Catatan:</p>\n<blockquote>${escapeMultiline(outcome.comment)}</blockquote>`,
    '<p class="notice">Tautan yang Anda buka tidak dapat digunakan lagi, dan tidak ada tindakan yang diperlukan dari Anda melalui tautan ini.</p>',
    '<h2>Program</h2>',
    factsTable([{ label: 'Tahap', value: stageLabels[p.stage] }, ...shortFacts(p.program)]),
  ]
    .filter((s) => s !== '')
    .join('\n');
  return documentOf(`Tahap ini sudah selesai: ${p.program.title}`, body);
}

export function problemPage(p: { status: number; title: string; detail: string }): string {
  const status = Number.isInteger(p.status) && p.status >= 100 && p.status <= 599 ? p.status : 500;
  const body = [
    `<h1>${escapeHtml(singleLine(p.title))}</h1>`,
    `<p>${escapeMultiline(p.detail)}</p>`,
    '<p>Apabila Anda memerlukan bantuan, silakan hubungi Sekretariat Daerah atau Diskominfo Kabupaten Solok Selatan dan sebutkan kode status di bawah ini.</p>',
    `<p class="muted">Kode status: ${escapeHtml(status)}</p>`,
  ].join('\n');
  return documentOf(p.title, body);
}
