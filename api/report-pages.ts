/**
 * The pages behind a report link (laporan kemajuan): the form, "already received", and
 * "the programme has ended". Same look and rules as api/pages.ts: complete documents in
 * formal Bahasa Indonesia, one <style> block, no scripts, no external resources, every
 * interpolated value escaped. Opening a page changes nothing; the one form POSTs back.
 * The document shell, the stylesheet and the facts table are api/page-shell.ts.
 */
import type { Assignee } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import { reportDueWorkingDays, type ProgressReport } from '../domain/reports.js';
import { stageLabels, type Stage } from '../domain/stages.js';
import type { Fact } from '../mail/document.js';
import { capitalised, formatDate, formatDateTime, formatPeriod, personLine, quoted, singleLine } from '../mail/format.js';
import { escapeHtml, escapeMultiline, safeUrl } from '../mail/html.js';
import { periodLabel, reportKind, reportName, type ReportPeriodFacts } from '../mail/report-templates.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { actingAs, documentOf, factsTable, shortFacts } from './page-shell.js';

// The rules only the report form needs, on top of the shared stylesheet.
const reportCss = `.field{margin:0 0 18px}
.hint{display:block;font-weight:400;color:#52606d;font-size:.9rem;margin:0 0 6px}
input{display:block;width:100%;padding:10px;font:inherit;border:1px solid #9aa5b1;border-radius:6px}
input.num{max-width:14em}
input:focus{outline:3px solid #2680c2;outline-offset:2px}
fieldset{margin:0 0 18px;padding:12px 14px 0;border:1px solid #d9dde3;border-radius:6px}
legend{font-weight:600;padding:0 6px}
ul.links{margin:0 0 12px;padding-left:1.2em;overflow-wrap:anywhere}
`;

const numberFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
/** 12.5 → "12,5"; what people in Solok Selatan write. */
export const formatNumber = (n: number) => numberFormat.format(n);

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
  const title = capitalised(name);
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
    `<p class="muted">Dengan menekan tombol kirim, Anda menyampaikan laporan ini sebagai ${escapeHtml(personLine(p.assignee))}. Tautan ini hanya dapat digunakan satu kali; koreksi setelahnya disampaikan melalui aplikasi alur sebagai versi baru, dan versi sebelumnya tetap tersimpan.</p>`,
    '</form>',
  ]
    .filter((s) => s !== '')
    .join('\n');

  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(`Anda diminta menyampaikan ${name} (${formatPeriod(period.start, period.end)}) untuk program ${quoted(program.title)}.`)}</p>`,
    actingAs(p.assignee),
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
  return documentOf(`${title}: ${program.title}`, body, reportCss);
}

/** An old or spent link whose period is already reported: what was received, from whom, when. */
export function reportReceivedPage(p: { program: ProgramSummary; period: Pick<ReportPeriodFacts, 'id' | 'last'>; report: ProgressReport }): string {
  const { report } = p;
  const label = periodLabel(p.period.id);
  const sentence = `Laporan periode ${label} sudah diterima (versi ${report.version}) dari ${personLine(report.submittedBy)} pada ${formatDateTime(report.at)}, melalui ${channelLabels[report.channel]}.`;
  const facts: Fact[] = [
    { label: 'Periode', value: label },
    { label: 'Jenis laporan', value: reportKind(p.period) },
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
  return documentOf(`Laporan periode ${label} sudah diterima: ${p.program.title}`, body, reportCss);
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
  return documentOf(`Program ini sudah berakhir: ${p.program.title}`, body, reportCss);
}
