/**
 * The proposal form (docs/product.md §8): the same form proposes a programme and, prefilled,
 * revises it after "Minta perbaikan". What was typed comes back as typed; the proposal schema
 * of the API (domain/proposal.ts) decides what is valid, and every problem is shown beside its
 * field at once. Indicators are added and removed with submit buttons, so no script is needed.
 */
import type { z } from 'zod';
import type { Proposal } from '../../domain/proposal.js';
import { reportingCadences, type ReportingCadence } from '../../domain/proposal.js';
import type { Opd } from '../../domain/roles.js';
import type { Dimension } from '../../store/index.js';
import { Actions, Button, Choices, DateInput, ErrorSummary, Select, TextInput, Textarea, errorFor, type FieldError } from '../views/components.js';

/** The form as typed: every value a string, so nothing typed is lost when the form comes back. */
export interface ProposalDraft {
  title: string;
  summary: string;
  opdId: string;
  dimension: string;
  quickWin: string;
  rpjmdRef: string;
  budgetIdr: string;
  startDate: string;
  endDate: string;
  reportingCadence: string;
  kpis: { name: string; unit: string; target: string }[];
}

export const emptyKpi = () => ({ name: '', unit: '', target: '' });

export function emptyDraft(opdId: string): ProposalDraft {
  return {
    title: '',
    summary: '',
    opdId,
    dimension: '',
    quickWin: 'tidak',
    rpjmdRef: '',
    budgetIdr: '',
    startDate: '',
    endDate: '',
    reportingCadence: 'monthly',
    kpis: [emptyKpi()],
  };
}

export function draftOf(p: Proposal): ProposalDraft {
  return {
    title: p.title,
    summary: p.summary,
    opdId: p.opdId,
    dimension: p.dimension,
    quickWin: p.quickWin ? 'ya' : 'tidak',
    rpjmdRef: p.rpjmdRef ?? '',
    budgetIdr: String(p.budgetIdr),
    startDate: p.startDate,
    endDate: p.endDate,
    reportingCadence: p.reportingCadence,
    kpis: p.kpis.map((k) => ({ name: k.name, unit: k.unit, target: String(k.target) })),
  };
}

const maxKpis = 50;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Reads the posted form (indicators are `kpi-<i>-name`, `kpi-<i>-unit`, `kpi-<i>-target`). */
export function draftFromForm(form: Record<string, unknown>): ProposalDraft {
  const kpis: ProposalDraft['kpis'] = [];
  for (let i = 0; i < maxKpis && `kpi-${i}-name` in form; i++) {
    kpis.push({ name: text(form[`kpi-${i}-name`]), unit: text(form[`kpi-${i}-unit`]), target: text(form[`kpi-${i}-target`]) });
  }
  return {
    title: text(form['title']),
    summary: text(form['summary']),
    opdId: text(form['opdId']),
    dimension: text(form['dimension']),
    quickWin: text(form['quickWin']),
    rpjmdRef: text(form['rpjmdRef']),
    budgetIdr: text(form['budgetIdr']),
    startDate: text(form['startDate']),
    endDate: text(form['endDate']),
    reportingCadence: text(form['reportingCadence']),
    kpis: kpis.length > 0 ? kpis : [emptyKpi()],
  };
}

/** The inverse of `draftFromForm`: the draft as the form's own fields (how a stored draft is kept). */
export function formFieldsOf(d: ProposalDraft): Record<string, string> {
  const { kpis, ...fields } = d;
  return {
    ...fields,
    ...Object.fromEntries(
      kpis.flatMap((k, i) => [
        [`kpi-${i}-name`, k.name],
        [`kpi-${i}-unit`, k.unit],
        [`kpi-${i}-target`, k.target],
      ]),
    ),
  };
}

/** "1.500.000" or "1500000" as a number; NaN when it is not a whole amount. */
function rupiah(value: string): number {
  const digits = value.replace(/[.\s]/g, '').replace(/^Rp/i, '');
  return /^\d{1,16}$/.test(digits) ? Number(digits) : NaN;
}

/** "12,5" or "12.5" as a number; NaN when it is not one. */
function decimal(value: string): number {
  const v = value.trim().replace(',', '.');
  return v === '' ? NaN : Number(v);
}

/** The draft as the API's proposal body (the schema then decides whether it is valid). */
export function proposalBodyOf(d: ProposalDraft): Record<string, unknown> {
  return {
    title: d.title,
    summary: d.summary,
    opdId: d.opdId,
    dimension: d.dimension,
    quickWin: d.quickWin === 'ya',
    ...(d.rpjmdRef.trim() === '' ? {} : { rpjmdRef: d.rpjmdRef }),
    budgetIdr: rupiah(d.budgetIdr),
    startDate: d.startDate,
    endDate: d.endDate,
    reportingCadence: d.reportingCadence,
    kpis: d.kpis.map((k) => ({ name: k.name, unit: k.unit, target: decimal(k.target) })),
  };
}

/** What to tell a person about each field, in their words (the schema speaks English to machines). */
const fieldMessages: Record<string, string> = {
  title: 'Isi judul program, paling banyak 200 karakter dalam satu baris.',
  summary: 'Isi ringkasan program, paling banyak 5.000 karakter.',
  opdId: 'Pilih OPD pengusul.',
  dimension: 'Pilih dimensi smart city.',
  quickWin: 'Pilih apakah program ini quick win.',
  rpjmdRef: 'Program RPJMD paling banyak 200 karakter dalam satu baris.',
  budgetIdr: 'Isi anggaran dalam rupiah, angka bulat tanpa desimal, misalnya 150000000.',
  startDate: 'Isi tanggal mulai yang benar.',
  endDate: 'Tanggal selesai harus sesudah tanggal mulai.',
  reportingCadence: 'Pilih frekuensi laporan.',
  name: 'Isi nama indikator.',
  unit: 'Isi satuan indikator, misalnya "persen" atau "unit".',
  target: 'Isi target indikator dengan angka, misalnya 80.',
};

/** Every problem of a refused proposal, one per field, in the order of the form. */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };
  for (const issue of issues) {
    const [first, index, sub] = issue.path;
    if (first === 'kpis' && typeof index === 'number' && typeof sub === 'string') add(`kpi-${index}-${sub}`, fieldMessages[sub] ?? 'Periksa isian ini.');
    else if (first === 'kpis') add('kpi-0-name', 'Isi sedikitnya satu indikator.');
    else if (typeof first === 'string') add(first, fieldMessages[first] ?? 'Periksa isian ini.');
  }
  const order = ['title', 'summary', 'opdId', 'dimension', 'quickWin', 'rpjmdRef', 'budgetIdr', 'startDate', 'endDate', 'reportingCadence'];
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length + Number(/kpi-(\d+)/.exec(f)?.[1] ?? 0));
  return errors.sort((a, b) => rank(a.field) - rank(b.field));
}

export const cadenceLabels: Record<ReportingCadence, string> = { monthly: 'Bulanan', quarterly: 'Triwulanan' };

export interface ProposalFormProps {
  action: string;
  draft: ProposalDraft;
  errors: FieldError[];
  opds: Opd[];
  dimensions: Dimension[];
  /** The OPDs this person may propose for (their own). */
  ownOpdId: string | null;
  submitLabel: string;
  hiddenFields: Record<string, string>;
}

export function ProposalForm(p: ProposalFormProps) {
  const { draft, errors } = p;
  const err = (field: string) => errorFor(errors, field);
  const opdOptions = p.opds.filter((o) => p.ownOpdId === null || o.id === p.ownOpdId).map((o) => ({ value: o.id, label: o.name }));
  return (
    <>
      <ErrorSummary errors={errors} />
      <form method="post" action={p.action} novalidate>
        {Object.entries(p.hiddenFields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <TextInput name="title" label="Judul program" value={draft.title} error={err('title')} required />
        <Textarea
          name="summary"
          label="Ringkasan"
          hint="Apa yang dikerjakan, untuk siapa, dan hasil yang diharapkan."
          value={draft.summary}
          error={err('summary')}
          required
        />
        <Select name="opdId" label="OPD" options={opdOptions} value={draft.opdId} error={err('opdId')} required />
        <Select
          name="dimension"
          label="Dimensi"
          placeholder="Pilih dimensi"
          options={p.dimensions.map((d) => ({ value: d.id, label: d.name }))}
          value={draft.dimension}
          error={err('dimension')}
          required
        />
        <Choices
          type="radio"
          name="quickWin"
          label="Quick win"
          items={[
            { value: 'ya', label: 'Ya' },
            { value: 'tidak', label: 'Tidak' },
          ]}
          checked={[draft.quickWin]}
          error={err('quickWin')}
        />
        <TextInput
          name="rpjmdRef"
          label="Program RPJMD"
          hint="Kode dan nama program RPJMD yang didukung, jika ada."
          value={draft.rpjmdRef}
          error={err('rpjmdRef')}
        />
        <TextInput
          name="budgetIdr"
          label="Anggaran (Rp)"
          hint="Angka bulat, misalnya 150000000."
          inputmode="numeric"
          value={draft.budgetIdr}
          error={err('budgetIdr')}
          narrow
          required
        />
        <DateInput name="startDate" label="Tanggal mulai" value={draft.startDate} error={err('startDate')} required />
        <DateInput name="endDate" label="Tanggal selesai" value={draft.endDate} error={err('endDate')} required />
        <Select
          name="reportingCadence"
          label="Frekuensi laporan"
          options={reportingCadences.map((c) => ({ value: c, label: cadenceLabels[c] }))}
          value={draft.reportingCadence}
          error={err('reportingCadence')}
          narrow
        />
        <h2>Indikator kinerja</h2>
        {draft.kpis.map((k, i) => (
          <fieldset class="indicator">
            <legend>Indikator {i + 1}</legend>
            <TextInput name={`kpi-${i}-name`} label="Nama indikator" value={k.name} error={err(`kpi-${i}-name`)} required />
            <TextInput name={`kpi-${i}-unit`} label="Satuan" value={k.unit} error={err(`kpi-${i}-unit`)} narrow required />
            <TextInput name={`kpi-${i}-target`} label="Target" inputmode="decimal" value={k.target} error={err(`kpi-${i}-target`)} narrow required />
            {draft.kpis.length > 1 ? (
              <Button variant="secondary" name="aksi" value={`hapus-indikator-${i}`}>
                Hapus indikator {i + 1}
              </Button>
            ) : null}
          </fieldset>
        ))}
        {draft.kpis.length < maxKpis ? (
          <p>
            <Button variant="secondary" name="aksi" value="tambah-indikator">
              Tambah indikator
            </Button>
          </p>
        ) : null}
        <Actions>
          <Button name="aksi" value="kirim">
            {p.submitLabel}
          </Button>
        </Actions>
      </form>
    </>
  );
}

/** Applies "Tambah indikator" / "Hapus indikator n" to a draft; null when the form was submitted instead. */
export function editedIndicators(draft: ProposalDraft, action: string): ProposalDraft | null {
  if (action === 'tambah-indikator') return { ...draft, kpis: [...draft.kpis, emptyKpi()].slice(0, maxKpis) };
  const removed = /^hapus-indikator-(\d+)$/.exec(action);
  if (removed) {
    const kpis = draft.kpis.filter((_, i) => i !== Number(removed[1]));
    return { ...draft, kpis: kpis.length > 0 ? kpis : [emptyKpi()] };
  }
  return null;
}
