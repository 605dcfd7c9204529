/**
 * The HTML pages behind the links in emails (DESIGN.md §6): complete documents in formal
 * Bahasa Indonesia, one <style> block, no scripts and no external resources. Opening a
 * page changes nothing; the one form on the confirmation page POSTs to the URL it is given.
 * Pure functions: facts in, HTML out. Every interpolated value is escaped.
 */
import type { Assignee, StageOutcome, StageResult } from '../domain/program.js';
import {
  decisionLabels,
  decisionPastLabels,
  decisions,
  endingLabels,
  isDecisionStage,
  stageLabels,
  stageSlaWorkingDays,
  type Decision,
  type Stage,
} from '../domain/stages.js';
import { formatDate, formatDateTime, joinWords, singleLine } from '../mail/format.js';
import { escapeHtml, escapeMultiline, safeUrl } from '../mail/html.js';
import { programFacts, type Fact, type ProgramSummary } from '../mail/templates.js';

const css = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2933;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.wrap{max-width:720px;margin:0 auto;padding:20px 14px 40px}
.brand{margin:0 0 12px;font-size:14px;color:#52606d}
.card{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:24px}
h1{margin:0 0 16px;font-size:1.45rem;line-height:1.3;color:#102a43}
h2{margin:28px 0 10px;font-size:1.1rem;color:#102a43}
p{margin:0 0 12px}
.as{font-weight:600}
.notice{padding:12px 14px;border:1px solid #f0b429;background:#fffbea;border-radius:6px}
.ok{padding:12px 14px;border:1px solid #3ebd93;background:#effcf6;border-radius:6px}
.muted{color:#52606d;font-size:.9rem}
table.facts{border-collapse:collapse;width:100%;font-size:.95rem}
table.facts th{text-align:left;vertical-align:top;font-weight:400;color:#52606d;padding:7px 14px 7px 0;border-bottom:1px solid #eef0f3;width:34%}
table.facts td{vertical-align:top;padding:7px 0;border-bottom:1px solid #eef0f3;overflow-wrap:anywhere}
blockquote{margin:0 0 12px;padding:10px 14px;border-left:4px solid #9aa5b1;background:#f5f7fa;overflow-wrap:anywhere}
form{margin:0}
label{display:block;font-weight:600;margin:0 0 6px}
textarea{display:block;width:100%;min-height:8em;padding:10px;font:inherit;border:1px solid #9aa5b1;border-radius:6px;resize:vertical}
textarea:focus,button:focus{outline:3px solid #2680c2;outline-offset:2px}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0 12px}
button{font:inherit;font-weight:600;padding:10px 20px;border-radius:6px;cursor:pointer;border:2px solid transparent}
button.approve{background:#0b6e4f;border-color:#0b6e4f;color:#fff}
button.approve:hover{background:#085a40}
button.caution{background:#fff;border-color:#b44d12;color:#8d3a0c}
button.caution:hover{background:#fff8f1}
button.danger{background:#fff;border-color:#ba2525;color:#a61b1b}
button.danger:hover{background:#fff5f5}
.footer{margin:16px 0 0;font-size:.8rem;color:#616e7c}
`;

const tteNote = 'Persetujuan melalui alur merupakan keputusan administratif, bukan tanda tangan elektronik tersertifikasi (TTE).';

function documentOf(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="id">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(singleLine(title))} · alur</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<div class="wrap">',
    '<p class="brand">alur &middot; Pemerintah Kabupaten Solok Selatan</p>',
    '<main class="card">',
    body,
    '</main>',
    `<p class="footer">Halaman ini disediakan oleh alur, sistem alur kerja dan persetujuan Program Smart City Pemerintah Kabupaten Solok Selatan. ${escapeHtml(tteNote)}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function factsTable(facts: Fact[]): string {
  return (
    '<table class="facts">' + facts.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeMultiline(f.value)}</td></tr>`).join('') + '</table>'
  );
}

/** Title, OPD, version and code: enough to recognise the programme after an action. */
function shortFacts(program: ProgramSummary): Fact[] {
  const keep = new Set(['Judul program', 'OPD pengusul', 'Versi usulan', 'Kode program']);
  return programFacts(program).filter((f) => keep.has(f.label));
}

function person(p: Assignee): string {
  const title = singleLine(p.title);
  return title ? `${singleLine(p.name)} (${title})` : singleLine(p.name);
}

function quoted(s: string): string {
  return `“${singleLine(s)}”`;
}

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

  const sla = stageSlaWorkingDays[stage];
  const deadline =
    p.dueDate === null
      ? 'Tidak ada batas waktu yang ditetapkan untuk tahap ini.'
      : `Batas waktu: paling lambat ${formatDate(p.dueDate)} (WIB)${sla === undefined ? '' : `, yaitu ${sla} hari kerja sejak tahap ini dimulai`}.`;

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
          `<p class="muted">Dengan menekan salah satu tombol, Anda mengambil keputusan sebagai ${escapeHtml(person(p.assignee))}. Keputusan bersifat final dan tidak dapat dibatalkan melalui tautan ini.</p>`,
          '</form>',
        ].join('\n');

  const body = [
    `<h1>${escapeHtml(signing ? stageLabels.signing : `Keputusan ${stageLabels[stage]}`)}</h1>`,
    `<p>${escapeHtml(asked)}</p>`,
    `<p class="as">Anda bertindak sebagai ${escapeHtml(singleLine(p.assignee.name))}, ${escapeHtml(singleLine(p.assignee.title))}.</p>`,
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
    '<p class="muted">Anda dapat menutup halaman ini. Tautan yang telah digunakan tidak dapat digunakan kembali.</p>',
  ].join('\n');
  return documentOf(`${p.headline}: ${p.program.title}`, body);
}

export function alreadyDonePage(p: { program: ProgramSummary; stage: Stage; outcome: StageOutcome }): string {
  const { outcome } = p;
  const label = pastLabel(outcome.result);
  // "ditarik oleh OPD" already names an actor; avoid "ditarik oleh OPD oleh X".
  const by = label.includes(' oleh ') ? ', dilakukan oleh' : ' oleh';
  const sentence = `Tahap ini sudah selesai: ${label}${by} ${person(outcome.by)} pada ${formatDateTime(outcome.at)}.`;
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
