/**
 * The shell every HTML page behind an email link shares (docs/design.md §6): a complete document
 * in formal Bahasa Indonesia with one <style> block, no scripts and no external resources,
 * the brand line, the footer, and the facts table. Every interpolated value is escaped.
 */
import type { Assignee } from '../domain/program.js';
import { stageSlaWorkingDays, type Stage } from '../domain/stages.js';
import { tteNote, type Fact } from '../mail/document.js';
import { formatDate, singleLine } from '../mail/format.js';
import { escapeHtml, escapeMultiline } from '../mail/html.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';

/** The stylesheet of every page; a page adds the rules only it needs with `documentOf`'s `extraCss`. */
export const css = `
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

/** The complete page: `title` (escaped, on one line) in the tab, `body` (HTML) in the card. `extraCss` ends with a newline. */
export function documentOf(title: string, body: string, extraCss = ''): string {
  return [
    '<!doctype html>',
    '<html lang="id">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(singleLine(title))} · alur</title>`,
    `<style>${css}${extraCss}</style>`,
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

export function factsTable(facts: Fact[]): string {
  return (
    '<table class="facts">' + facts.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeMultiline(f.value)}</td></tr>`).join('') + '</table>'
  );
}

/** Title, OPD, version and code: enough to recognise the programme after an action. */
export function shortFacts(program: ProgramSummary): Fact[] {
  const keep = new Set(['Judul program', 'OPD pengusul', 'Versi usulan', 'Kode program']);
  return programFacts(program).filter((f) => keep.has(f.label));
}

/** "Anda bertindak sebagai <name>, <title>." for the person a link was sent to. */
export function actingAs(assignee: Assignee): string {
  return `<p class="as">Anda bertindak sebagai ${escapeHtml(singleLine(assignee.name))}, ${escapeHtml(singleLine(assignee.title))}.</p>`;
}

/** Said on a page after its link was used. */
export const spentLinkNote = '<p class="muted">Anda dapat menutup halaman ini. Tautan yang telah digunakan tidak dapat digunakan kembali.</p>';

/** "Batas waktu: paling lambat <date> (WIB), yaitu <n> hari kerja sejak tahap ini dimulai." or `none` without a deadline. */
export function deadlineSentence(stage: Stage, dueDate: string | null, none: string): string {
  if (dueDate === null) return none;
  const sla = stageSlaWorkingDays[stage];
  return `Batas waktu: paling lambat ${formatDate(dueDate)} (WIB)${sla === undefined ? '' : `, yaitu ${sla} hari kerja sejak tahap ini dimulai`}.`;
}
