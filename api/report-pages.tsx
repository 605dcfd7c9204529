/**
 * The pages behind a report link (laporan kemajuan), on the one layout of api/views: the
 * form, "already received", and "the programme has ended". Opening a page changes nothing;
 * the one form POSTs back. Field names are the form contract of api/links/report-link.ts.
 */
import type { Assignee } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import { reportDueWorkingDays, type ProgressReport } from '../domain/reports.js';
import { stageLabels, type Stage } from '../domain/stages.js';
import type { Fact } from '../mail/document.js';
import { capitalised, formatDate, formatDateTime, formatNumber, formatPeriod, formatRupiah, personLine, quoted, singleLine } from '../mail/format.js';
import { periodLabel, reportKind, reportName, type ReportPeriodFacts } from '../mail/report-templates.js';
import { channelLabels } from '../mail/signing-templates.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { ActingAs, Facts, linkDocument, shortFacts } from './page-shell.js';
import type { RefusedForm } from './links/link-handler.js';
import { Actions, Button, ErrorSummary, MultilineText, Notice, Panel, TextInput, Textarea, errorFor, type FieldError } from './views/components.js';
import { checkedUrl } from './views/urls.js';

/** The emailed link's form for one period's report. */
export function reportFormPage(p: {
  program: ProgramSummary;
  assignee: Assignee;
  period: ReportPeriodFacts;
  /** Null when the period has not been recorded as closed yet. */
  dueDate: string | null;
  kpis: Proposal['kpis'];
  actionPath: string;
  refused?: RefusedForm;
}): string {
  const { program, period } = p;
  const errors = p.refused?.errors ?? [];
  const typed = (name: string) => p.refused?.values[name];
  const name = reportName(period);
  const title = capitalised(name);
  const deadline =
    p.dueDate === null
      ? `Batas waktu: hari kerja ke-${reportDueWorkingDays} setelah periode berakhir.`
      : `Batas waktu: paling lambat ${formatDate(p.dueDate)} (WIB).`;

  const body = (
    <>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p class="lead">
        Anda diminta menyampaikan {name} ({formatPeriod(period.start, period.end)}) untuk program {quoted(program.title)}.
      </p>
      <ActingAs assignee={p.assignee} />
      <Notice kind="info">
        <p>Membuka halaman ini tidak mengubah apa pun. Laporan baru tercatat setelah Anda menekan tombol kirim di bawah.</p>
      </Notice>
      {period.last ? (
        <Notice kind="warning" title="Laporan akhir">
          <p>
            Periode {periodLabel(period.id)} adalah periode pelaporan terakhir. Setelah laporan ini diterima, program dinyatakan selesai dan tahap pelaksanaan
            ditutup.
          </p>
        </Notice>
      ) : null}
      <p>{deadline} Hari kerja dihitung Senin sampai Jumat (WIB), di luar hari libur nasional dan cuti bersama.</p>
      <h2>Laporan</h2>
      <form method="post" action={checkedUrl(p.actionPath)}>
        <ReportFields kpis={p.kpis} typed={typed} errors={errors} />
        <Actions>
          <Button>{period.last ? 'Kirim laporan akhir' : 'Kirim laporan'}</Button>
        </Actions>
        <p class="muted">
          Dengan menekan tombol kirim, Anda menyampaikan laporan ini sebagai {personLine(p.assignee)}. Tautan ini hanya dapat digunakan satu kali; koreksi
          setelahnya disampaikan melalui aplikasi alur sebagai versi baru, dan versi sebelumnya tetap tersimpan.
        </p>
      </form>
      <h2>Data program</h2>
      <Facts facts={programFacts(program)} />
    </>
  );
  return linkDocument(`${title}: ${program.title}`, body, errors.length > 0);
}

/**
 * The fields of a progress report, as the emailed link's form and the programme page's report
 * and correction forms all ask them (api/links/report-link.ts `reportContentFromForm` reads
 * them back).
 */
export function ReportFields(p: {
  kpis: Proposal['kpis'];
  typed: (name: string) => string | undefined;
  /** Keyed by field id without `idPrefix`. */
  errors: readonly FieldError[];
  /** Sets this form's ids apart from another report form's on the same page. */
  idPrefix?: string;
}) {
  const id = (field: string) => `${p.idPrefix ?? ''}${field}`;
  return (
    <>
      <TextInput
        id={id('percentComplete')}
        name="percentComplete"
        label="Persentase kemajuan pelaksanaan (%)"
        hint="Angka 0 sampai 100; desimal memakai koma atau titik."
        inputmode="decimal"
        narrow
        required
        value={p.typed('percentComplete')}
        error={errorFor(p.errors, 'percentComplete')}
      />
      <Textarea
        id={id('narrative')}
        name="narrative"
        label="Uraian kemajuan"
        hint="Kegiatan yang telah dilaksanakan pada periode ini dan rencana periode berikutnya (paling banyak 5.000 karakter)."
        rows={8}
        required
        value={p.typed('narrative')}
        error={errorFor(p.errors, 'narrative')}
      />
      {p.kpis.length === 0 ? null : (
        <fieldset class="field">
          <legend>Capaian indikator kinerja</legend>
          <p class="hint">Isi nilai capaian setiap indikator sampai dengan akhir periode ini. Kosongkan indikator yang belum dapat diukur pada periode ini.</p>
          {p.kpis.map((k, i) => (
            <TextInput
              id={id(`kpi-${i}`)}
              name={`kpi.${i}`}
              label={singleLine(k.name)}
              hint={`Satuan: ${singleLine(k.unit)}; target: ${formatNumber(k.target)} ${singleLine(k.unit)}.`}
              inputmode="decimal"
              narrow
              value={p.typed(`kpi.${i}`)}
              error={errorFor(p.errors, `kpi-${i}`)}
            />
          ))}
        </fieldset>
      )}
      <TextInput
        id={id('budgetRealisedIdr')}
        name="budgetRealisedIdr"
        label="Realisasi anggaran periode ini (Rp)"
        hint="Angka bulat, misalnya 125000000. Boleh dikosongkan bila belum ada belanja."
        inputmode="numeric"
        narrow
        value={p.typed('budgetRealisedIdr')}
        error={errorFor(p.errors, 'budgetRealisedIdr')}
      />
      <Textarea
        id={id('obstacles')}
        name="obstacles"
        label="Kendala (boleh dikosongkan)"
        hint="Hambatan yang dihadapi pada periode ini."
        rows={4}
        value={p.typed('obstacles')}
        error={errorFor(p.errors, 'obstacles')}
      />
      <Textarea
        id={id('followUp')}
        name="followUp"
        label="Tindak lanjut (boleh dikosongkan)"
        hint="Langkah yang akan diambil untuk mengatasi kendala."
        rows={4}
        value={p.typed('followUp')}
        error={errorFor(p.errors, 'followUp')}
      />
      <Textarea
        id={id('evidenceLinks')}
        name="evidenceLinks"
        label="Tautan bukti pendukung (boleh dikosongkan)"
        hint="Satu tautan per baris, diawali http:// atau https://, paling banyak 20 tautan (misalnya dokumen, foto kegiatan, atau berita)."
        rows={4}
        value={p.typed('evidenceLinks')}
        error={errorFor(p.errors, 'evidenceLinks')}
      />
    </>
  );
}

/** Budget realised, obstacles and follow-up, as far as the report gives them. */
export function reportExtraFacts(r: Pick<ProgressReport, 'budgetRealisedIdr' | 'obstacles' | 'followUp'>): Fact[] {
  return [
    r.budgetRealisedIdr === undefined ? null : { label: 'Realisasi anggaran', value: formatRupiah(r.budgetRealisedIdr) },
    r.obstacles === undefined ? null : { label: 'Kendala', value: r.obstacles },
    r.followUp === undefined ? null : { label: 'Tindak lanjut', value: r.followUp },
  ].filter((f) => f !== null);
}

/** An old or spent link whose period is already reported: what was received, from whom, when. */
export function reportReceivedPage(p: { program: ProgramSummary; period: Pick<ReportPeriodFacts, 'id' | 'last'>; report: ProgressReport }): string {
  const { report } = p;
  const label = periodLabel(p.period.id);
  const facts: Fact[] = [
    { label: 'Periode', value: label },
    { label: 'Jenis laporan', value: reportKind(p.period) },
    { label: 'Versi', value: String(report.version) },
    { label: 'Kemajuan', value: `${formatNumber(report.percentComplete)}%` },
    ...report.kpiValues.map((k) => ({ label: `Indikator: ${k.name}`, value: formatNumber(k.value) })),
    ...reportExtraFacts(report),
  ];
  const body = (
    <>
      <Panel title="Laporan sudah diterima">
        <p>
          {`Laporan periode ${label} sudah diterima (versi ${report.version}) dari ${personLine(report.submittedBy)} pada ${formatDateTime(report.at)}, melalui ${channelLabels[report.channel]}.`}
        </p>
      </Panel>
      <Facts facts={facts} />
      <h2>Uraian kemajuan</h2>
      <blockquote>
        <MultilineText text={report.narrative} />
      </blockquote>
      {report.evidenceLinks.length === 0 ? null : (
        <>
          <h2>Tautan bukti pendukung</h2>
          <ul>
            {report.evidenceLinks.map((l) => (
              <li>{l}</li>
            ))}
          </ul>
        </>
      )}
      <Notice kind="info">
        <p>
          Tautan yang Anda buka tidak dapat digunakan lagi, dan tidak ada tindakan yang diperlukan dari Anda melalui tautan ini. Koreksi atas laporan
          disampaikan melalui aplikasi alur sebagai versi baru.
        </p>
      </Notice>
      <h2>Program</h2>
      <Facts facts={shortFacts(p.program)} />
    </>
  );
  return linkDocument(`Laporan periode ${label} sudah diterima: ${p.program.title}`, body);
}

/** A report link of a programme that has ended (completed, or cancelled by the secretariat). */
export function programEndedPage(p: { program: ProgramSummary; stage: Stage; periodId: string }): string {
  const body = (
    <>
      <h1>Program ini sudah berakhir</h1>
      <p class="lead">
        {p.stage === 'completed'
          ? `Program ${quoted(p.program.title)} sudah selesai: laporan akhirnya telah diterima dan tahap pelaksanaan telah ditutup.`
          : `Program ${quoted(p.program.title)} sudah berakhir (${stageLabels[p.stage]}).`}
      </p>
      <Notice kind="info">
        <p>Laporan periode {periodLabel(p.periodId)} tidak lagi diperlukan, dan tautan ini tidak dapat digunakan lagi.</p>
      </Notice>
      <h2>Program</h2>
      <Facts facts={[{ label: 'Tahap', value: stageLabels[p.stage] }, ...shortFacts(p.program)]} />
    </>
  );
  return linkDocument(`Program ini sudah berakhir: ${p.program.title}`, body);
}
