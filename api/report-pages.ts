/**
 * The pages behind a report link (laporan kemajuan): the form, "already received", and
 * "the programme has ended". Same look and rules as api/pages.ts: complete documents in
 * formal Bahasa Indonesia, one <style> block, no scripts, no external resources, every
 * interpolated value escaped. Opening a page changes nothing; the one form POSTs back.
 * (The document shell and style are copied from api/pages.ts, which does not export them.)
 */
import type { Assignee } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import { reportDueWorkingDays, type ProgressReport } from '../domain/reports.js';
import { stageLabels, type Stage } from '../domain/stages.js';
import { formatDate, formatDateTime, formatPeriod, singleLine } from '../mail/format.js';
import { escapeHtml, escapeMultiline, safeUrl } from '../mail/html.js';
import { periodLabel, type ReportPeriodFacts } from '../mail/report-templates.js';
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
.field{margin:0 0 18px}
label{display:block;font-weight:600;margin:0 0 6px}
.hint{display:block;font-weight:400;color:#52606d;font-size:.9rem;margin:0 0 6px}
textarea,input{display:block;width:100%;padding:10px;font:inherit;border:1px solid #9aa5b1;border-radius:6px;background:#fff;color:inherit}
textarea{min-height:8em;resize:vertical}
input.num{max-width:14em}
textarea:focus,input:focus,button:focus{outline:3px solid #2680c2;outline-offset:2px}
fieldset{margin:0 0 18px;padding:12px 14px 0;border:1px solid #d9dde3;border-radius:6px}
legend{font-weight:600;padding:0 6px}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0 12px}
button{font:inherit;font-weight:600;padding:10px 20px;border-radius:6px;cursor:pointer;border:2px solid transparent}
button.approve{background:#0b6e4f;border-color:#0b6e4f;color:#fff}
button.approve:hover{background:#085a40}
ul.links{margin:0 0 12px;padding-left:1.2em;overflow-wrap:anywhere}
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

function shortFacts(program: ProgramSummary): Fact[] {
  const keep = new Set(['Judul program', 'OPD pengusul', 'Kode program']);
  return programFacts(program).filter((f) => keep.has(f.label));
}

function personOf(p: Assignee): string {
  const title = singleLine(p.title);
  return title ? `${singleLine(p.name)} (${title})` : singleLine(p.name);
}

const quoted = (s: string) => `“${singleLine(s)}”`;

const numberFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
/** 12.5 → "12,5"; what people in Solok Selatan write. */
export const formatNumber = (n: number) => numberFormat.format(n);

const reportName = (period: Pick<ReportPeriodFacts, 'id' | 'last'>) =>
  `${period.last ? 'Laporan akhir' : 'Laporan kemajuan'} periode ${periodLabel(period.id)}`;

const channelLabels: Record<ProgressReport['channel'], string> = { api: 'aplikasi alur', link: 'tautan surel', system: 'sistem' };

/** The emailed link's form for one period's report. Field names are the form contract of api/links/report-link.ts. */
export function reportFormPage(p: {
  program: ProgramSummary;
  assignee: Assignee;
  period: ReportPeriodFacts;
  /** Null when the period has not been recorded as closed yet. */
  dueDate: string | null;
  kpis: Proposal['kpis'];
  actionPath: string;
}): string {
  const { program, period } = p;
  const name = reportName(period);
  const deadline =
    p.dueDate === null
      ? `Batas waktu: hari kerja ke-${reportDueWorkingDays} setelah periode berakhir.`
      : `Batas waktu: paling lambat ${formatDate(p.dueDate)} (WIB).`;

  const kpiFields = p.kpis
    .map((k, i) => {
      const id = `kpi-${i}`;
      const hint = `Satuan: ${singleLine(k.unit)}; target: ${formatNumber(k.target)} ${singleLine(k.unit)}.`;
      return [
        '<div class="field">',
        `<label for="${id}">${escapeHtml(singleLine(k.name))}</label>`,
        `<span class="hint" id="${id}-hint">${escapeHtml(hint)}</span>`,
        `<input class="num" type="number" id="${id}" name="kpi.${i}" step="any" inputmode="decimal" aria-describedby="${id}-hint">`,
        '</div>',
      ].join('\n');
    })
    .join('\n');

  const form = [
    `<form method="post" action="${safeUrl(p.actionPath)}">`,
    '<div class="field">',
    '<label for="percentComplete">Persentase kemajuan pelaksanaan (%)</label>',
    '<span class="hint" id="percentComplete-hint">Angka 0 sampai 100; desimal memakai titik atau koma.</span>',
    '<input class="num" type="number" id="percentComplete" name="percentComplete" min="0" max="100" step="any" inputmode="decimal" required aria-describedby="percentComplete-hint">',
    '</div>',
    '<div class="field">',
    '<label for="narrative">Uraian kemajuan</label>',
    '<span class="hint" id="narrative-hint">Kegiatan yang telah dilaksanakan pada periode ini, kendala yang dihadapi, dan rencana periode berikutnya (paling banyak 5.000 karakter).</span>',
    '<textarea id="narrative" name="narrative" rows="8" maxlength="5000" required aria-describedby="narrative-hint"></textarea>',
    '</div>',
    p.kpis.length === 0
      ? ''
      : [
          '<fieldset>',
          '<legend>Capaian indikator kinerja (KPI)</legend>',
          '<p class="muted">Isi nilai capaian setiap indikator sampai dengan akhir periode ini. Kosongkan indikator yang belum dapat diukur pada periode ini.</p>',
          kpiFields,
          '</fieldset>',
        ].join('\n'),
    '<div class="field">',
    '<label for="evidenceLinks">Tautan bukti pendukung (opsional)</label>',
    '<span class="hint" id="evidenceLinks-hint">Satu tautan per baris, diawali http:// atau https://, paling banyak 20 tautan (misalnya dokumen, foto kegiatan, atau berita).</span>',
    '<textarea id="evidenceLinks" name="evidenceLinks" rows="4" aria-describedby="evidenceLinks-hint"></textarea>',
    '</div>',
    '<div class="actions">',
    `<button type="submit" class="approve">${escapeHtml(period.last ? 'Kirim laporan akhir' : 'Kirim laporan')}</button>`,
    '</div>',
    `<p class="muted">Dengan menekan tombol kirim, Anda menyampaikan laporan ini sebagai ${escapeHtml(personOf(p.assignee))}. Tautan ini hanya dapat digunakan satu kali; koreksi setelahnya disampaikan melalui aplikasi alur sebagai versi baru, dan versi sebelumnya tetap tersimpan.</p>`,
    '</form>',
  ]
    .filter((s) => s !== '')
    .join('\n');

  const body = [
    `<h1>${escapeHtml(name)}</h1>`,
    `<p>${escapeHtml(`Anda diminta menyampaikan ${name.charAt(0).toLowerCase()}${name.slice(1)} (${formatPeriod(period.start, period.end)}) untuk program ${quoted(program.title)}.`)}</p>`,
    `<p class="as">Anda bertindak sebagai ${escapeHtml(singleLine(p.assignee.name))}, ${escapeHtml(singleLine(p.assignee.title))}.</p>`,
    '<p class="notice">Membuka halaman ini tidak mengubah apa pun. Laporan baru tercatat setelah Anda menekan tombol kirim di bawah.</p>',
    period.last
      ? `<p class="notice">${escapeHtml(`Periode ${periodLabel(period.id)} adalah periode pelaporan terakhir. Laporan ini merupakan laporan akhir: setelah diterima, program dinyatakan selesai dan tahap pelaksanaan ditutup.`)}</p>`
      : '',
    `<p>${escapeHtml(deadline)} Hari kerja dihitung Senin sampai Jumat (WIB), di luar hari libur nasional dan cuti bersama.</p>`,
    '<h2>Laporan</h2>',
    form,
    '<h2>Data program</h2>',
    factsTable(programFacts(program)),
    `<p class="muted">Referensi: ${escapeHtml(singleLine(program.id))}, periode ${escapeHtml(period.id)}.</p>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
  return documentOf(`${name}: ${program.title}`, body);
}

/** An old or spent link whose period is already reported: what was received, from whom, when. */
export function reportReceivedPage(p: { program: ProgramSummary; period: Pick<ReportPeriodFacts, 'id' | 'last'>; report: ProgressReport }): string {
  const { report } = p;
  const label = periodLabel(p.period.id);
  const sentence = `Laporan periode ${label} sudah diterima (versi ${report.version}) dari ${personOf(report.submittedBy)} pada ${formatDateTime(report.at)}, melalui ${channelLabels[report.channel]}.`;
  const facts: Fact[] = [
    { label: 'Periode', value: label },
    { label: 'Jenis laporan', value: p.period.last ? 'Laporan akhir' : 'Laporan kemajuan berkala' },
    { label: 'Versi', value: String(report.version) },
    { label: 'Kemajuan', value: `${formatNumber(report.percentComplete)}%` },
    ...report.kpiValues.map((k) => ({ label: `KPI: ${k.name}`, value: formatNumber(k.value) })),
  ];
  const body = [
    `<h1>${escapeHtml(`Laporan periode ${label} sudah diterima`)}</h1>`,
    `<p class="ok">${escapeHtml(sentence)}</p>`,
    factsTable(facts),
    '<p class="as">Uraian kemajuan:</p>',
    `<blockquote>${escapeMultiline(report.narrative)}</blockquote>`,
    report.evidenceLinks.length === 0
      ? ''
      : `<p class="as">Tautan bukti pendukung:</p>\n<ul class="links">${report.evidenceLinks.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    '<p class="notice">Tautan yang Anda buka tidak dapat digunakan lagi, dan tidak ada tindakan yang diperlukan dari Anda melalui tautan ini. Koreksi atas laporan disampaikan melalui aplikasi alur sebagai versi baru.</p>',
    '<h2>Program</h2>',
    factsTable(shortFacts(p.program)),
  ]
    .filter((s) => s !== '')
    .join('\n');
  return documentOf(`Laporan periode ${label} sudah diterima: ${p.program.title}`, body);
}

/** A report link of a programme that has ended (completed, or cancelled by the secretariat). */
export function programEndedPage(p: { program: ProgramSummary; stage: Stage; periodId: string }): string {
  const sentence =
    p.stage === 'completed'
      ? `Program ${quoted(p.program.title)} sudah selesai: laporan akhirnya telah diterima dan tahap pelaksanaan telah ditutup.`
      : `Program ${quoted(p.program.title)} sudah berakhir (${stageLabels[p.stage]}).`;
  const body = [
    '<h1>Program ini sudah berakhir</h1>',
    `<p>${escapeHtml(sentence)}</p>`,
    `<p class="notice">${escapeHtml(`Laporan periode ${periodLabel(p.periodId)} tidak lagi diperlukan, dan tautan ini tidak dapat digunakan lagi.`)}</p>`,
    '<h2>Program</h2>',
    factsTable([{ label: 'Tahap', value: stageLabels[p.stage] }, ...shortFacts(p.program)]),
  ].join('\n');
  return documentOf(`Program ini sudah berakhir: ${p.program.title}`, body);
}
