/**
 * The proposal form (docs/product.md §8): the same form proposes a programme and, prefilled,
 * revises it after "Minta perbaikan". What was typed comes back as typed; the proposal schema
 * of the API (domain/proposal.ts) decides what is valid, and every problem is shown beside its
 * field at once. Indicators, yearly budgets and yearly targets are rows added and removed with
 * submit buttons, so no script is needed. A new proposal from the form must give the
 * evaluation's fields the API leaves optional (`evaluationRequired` in domain/proposal.ts):
 * sub-dimension, and each indicator's type and baseline.
 */
import type { z } from 'zod';
import type { QuickWin } from '../../domain/masterplan.js';
import { indicatorTypeLabels, indicatorTypes, reportingCadences, subDimensionId, type Proposal, type ReportingCadence } from '../../domain/proposal.js';
import type { Opd } from '../../domain/roles.js';
import type { Dimension } from '../../store/index.js';
import { Actions, Button, DateInput, ErrorSummary, Select, TextInput, Textarea, errorFor, type FieldError, formText } from '../views/components.js';

/** A year and a value as typed (a yearly budget, a yearly target). */
export interface YearRow {
  year: string;
  value: string;
}

export interface KpiDraft {
  name: string;
  unit: string;
  target: string;
  type: string;
  baselineValue: string;
  baselineYear: string;
  targetsByYear: YearRow[];
}

/** The form as typed: every value a string, so nothing typed is lost when the form comes back. */
export interface ProposalDraft {
  title: string;
  summary: string;
  opdId: string;
  dimension: string;
  subDimension: string;
  /** 'tidak', a quick win's id, or 'ya' (a quick win proposed before the masterplan listed them). */
  quickWin: string;
  /** The free-text RPJMD reference of proposals made before code and name were asked for. */
  rpjmdRef: string;
  rpjmdCode: string;
  rpjmdName: string;
  renstraRef: string;
  budgetIdr: string;
  budgetByYear: YearRow[];
  startDate: string;
  endDate: string;
  reportingCadence: string;
  kpis: KpiDraft[];
}

const emptyRow = (): YearRow => ({ year: '', value: '' });
export const emptyKpi = (): KpiDraft => ({ name: '', unit: '', target: '', type: '', baselineValue: '', baselineYear: '', targetsByYear: [emptyRow()] });

export function emptyDraft(opdId: string): ProposalDraft {
  return {
    title: '',
    summary: '',
    opdId,
    dimension: '',
    subDimension: '',
    quickWin: 'tidak',
    rpjmdRef: '',
    rpjmdCode: '',
    rpjmdName: '',
    renstraRef: '',
    budgetIdr: '',
    budgetByYear: [emptyRow()],
    startDate: '',
    endDate: '',
    reportingCadence: 'monthly',
    kpis: [emptyKpi()],
  };
}

const rowsOr = (rows: YearRow[]) => (rows.length > 0 ? rows : [emptyRow()]);

export function draftOf(p: Proposal): ProposalDraft {
  return {
    title: p.title,
    summary: p.summary,
    opdId: p.opdId,
    dimension: p.dimension,
    subDimension: p.subDimension ?? '',
    quickWin: p.quickWinId ?? (p.quickWin ? 'ya' : 'tidak'),
    rpjmdRef: p.rpjmdRef ?? '',
    rpjmdCode: p.rpjmdProgram?.code ?? '',
    rpjmdName: p.rpjmdProgram?.name ?? '',
    renstraRef: p.renstraRef ?? '',
    budgetIdr: String(p.budgetIdr),
    budgetByYear: rowsOr((p.budgetByYear ?? []).map((b) => ({ year: String(b.year), value: String(b.amountIdr) }))),
    startDate: p.startDate,
    endDate: p.endDate,
    reportingCadence: p.reportingCadence,
    kpis: p.kpis.map((k) => ({
      name: k.name,
      unit: k.unit,
      target: String(k.target),
      type: k.type ?? '',
      baselineValue: k.baseline ? String(k.baseline.value) : '',
      baselineYear: k.baseline ? String(k.baseline.year) : '',
      targetsByYear: rowsOr((k.targetsByYear ?? []).map((t) => ({ year: String(t.year), value: String(t.target) }))),
    })),
  };
}

const maxKpis = 50;
/** Rows of yearly budgets or targets: a programme spans at most eleven calendar years. */
const maxYearRows = 11;

/** The field names of the form: indicators are `kpi-<i>-…`, yearly rows `…-tahun-<j>` and their values. */
const fieldNames = {
  budgetYear: (j: number) => `anggaran-${j}-tahun`,
  budgetAmount: (j: number) => `anggaran-${j}-jumlah`,
  kpi: (i: number, field: 'name' | 'unit' | 'target' | 'type' | 'baseline-value' | 'baseline-year') => `kpi-${i}-${field}`,
  kpiYear: (i: number, j: number) => `kpi-${i}-tahun-${j}`,
  kpiYearTarget: (i: number, j: number) => `kpi-${i}-target-${j}`,
};

/** Rows named `year(j)` / `value(j)` from j = 0 while they are in the form. */
function rowsFromForm(form: Record<string, unknown>, year: (j: number) => string, value: (j: number) => string): YearRow[] {
  const rows: YearRow[] = [];
  for (let j = 0; j < maxYearRows && year(j) in form; j++) rows.push({ year: formText(form[year(j)]), value: formText(form[value(j)]) });
  return rowsOr(rows);
}

/** Reads the posted form (or a stored draft's fields, which are the form's own). */
export function draftFromForm(form: Record<string, unknown>): ProposalDraft {
  const kpis: KpiDraft[] = [];
  for (let i = 0; i < maxKpis && fieldNames.kpi(i, 'name') in form; i++) {
    const field = (f: Parameters<typeof fieldNames.kpi>[1]) => formText(form[fieldNames.kpi(i, f)]);
    kpis.push({
      name: field('name'),
      unit: field('unit'),
      target: field('target'),
      type: field('type'),
      baselineValue: field('baseline-value'),
      baselineYear: field('baseline-year'),
      targetsByYear: rowsFromForm(
        form,
        (j) => fieldNames.kpiYear(i, j),
        (j) => fieldNames.kpiYearTarget(i, j),
      ),
    });
  }
  return {
    title: formText(form['title']),
    summary: formText(form['summary']),
    opdId: formText(form['opdId']),
    dimension: formText(form['dimension']),
    subDimension: formText(form['subDimension']),
    quickWin: formText(form['quickWin']),
    rpjmdRef: formText(form['rpjmdRef']),
    rpjmdCode: formText(form['rpjmdCode']),
    rpjmdName: formText(form['rpjmdName']),
    renstraRef: formText(form['renstraRef']),
    budgetIdr: formText(form['budgetIdr']),
    budgetByYear: rowsFromForm(form, fieldNames.budgetYear, fieldNames.budgetAmount),
    startDate: formText(form['startDate']),
    endDate: formText(form['endDate']),
    reportingCadence: formText(form['reportingCadence']),
    kpis: kpis.length > 0 ? kpis : [emptyKpi()],
  };
}

/** The inverse of `draftFromForm`: the draft as the form's own fields (how a stored draft is kept). */
export function formFieldsOf(d: ProposalDraft): Record<string, string> {
  const { kpis, budgetByYear, ...fields } = d;
  const rows = (list: YearRow[], year: (j: number) => string, value: (j: number) => string): [string, string][] =>
    list.flatMap((r, j): [string, string][] => [
      [year(j), r.year],
      [value(j), r.value],
    ]);
  return {
    ...fields,
    ...Object.fromEntries(rows(budgetByYear, fieldNames.budgetYear, fieldNames.budgetAmount)),
    ...Object.fromEntries(
      kpis.flatMap((k, i): [string, string][] => [
        [fieldNames.kpi(i, 'name'), k.name],
        [fieldNames.kpi(i, 'unit'), k.unit],
        [fieldNames.kpi(i, 'target'), k.target],
        [fieldNames.kpi(i, 'type'), k.type],
        [fieldNames.kpi(i, 'baseline-value'), k.baselineValue],
        [fieldNames.kpi(i, 'baseline-year'), k.baselineYear],
        ...rows(
          k.targetsByYear,
          (j) => fieldNames.kpiYear(i, j),
          (j) => fieldNames.kpiYearTarget(i, j),
        ),
      ]),
    ),
  };
}

/** "1.500.000", "Rp 1500000" or "1500000" as a number; NaN when it is not a whole amount. */
export function parseRupiah(value: string): number {
  const digits = value.replace(/[.\s]/g, '').replace(/^Rp/i, '');
  return /^\d{1,16}$/.test(digits) ? Number(digits) : NaN;
}

/** "12,5" or "12.5" as a number; NaN when it is not one. */
function decimal(value: string): number {
  const v = value.trim().replace(',', '.');
  return v === '' ? NaN : Number(v);
}

/** "2027" as a number; NaN when it is not a year of four digits. */
const yearOf = (value: string) => (/^\d{4}$/.test(value.trim()) ? Number(value.trim()) : NaN);

const blank = (s: string) => s.trim() === '';
/** The rows a person filled (a row left empty is not meant). */
const filled = (rows: YearRow[]) => rows.filter((r) => !blank(r.year) || !blank(r.value));

/** The draft as the API's proposal body (the schema then decides whether it is valid). */
export function proposalBodyOf(d: ProposalDraft): Record<string, unknown> {
  const budgets = filled(d.budgetByYear);
  const quickWin = d.quickWin !== 'tidak' && d.quickWin !== '';
  return {
    title: d.title,
    summary: d.summary,
    opdId: d.opdId,
    dimension: d.dimension,
    ...(blank(d.subDimension) ? {} : { subDimension: d.subDimension }),
    quickWin,
    ...(quickWin && d.quickWin !== 'ya' ? { quickWinId: d.quickWin } : {}),
    ...(blank(d.rpjmdRef) ? {} : { rpjmdRef: d.rpjmdRef }),
    ...(blank(d.rpjmdCode) && blank(d.rpjmdName) ? {} : { rpjmdProgram: { code: d.rpjmdCode, name: d.rpjmdName } }),
    ...(blank(d.renstraRef) ? {} : { renstraRef: d.renstraRef }),
    budgetIdr: parseRupiah(d.budgetIdr),
    ...(budgets.length === 0 ? {} : { budgetByYear: budgets.map((b) => ({ year: yearOf(b.year), amountIdr: parseRupiah(b.value) })) }),
    startDate: d.startDate,
    endDate: d.endDate,
    reportingCadence: d.reportingCadence,
    kpis: d.kpis.map((k) => {
      const targets = filled(k.targetsByYear);
      return {
        name: k.name,
        unit: k.unit,
        target: decimal(k.target),
        ...(blank(k.type) ? {} : { type: k.type }),
        ...(blank(k.baselineValue) && blank(k.baselineYear) ? {} : { baseline: { value: decimal(k.baselineValue), year: yearOf(k.baselineYear) } }),
        ...(targets.length === 0 ? {} : { targetsByYear: targets.map((t) => ({ year: yearOf(t.year), target: decimal(t.value) })) }),
      };
    }),
  };
}

/** What to tell a person about each field, in their words (the schema speaks English to machines). */
const fieldMessages = {
  title: 'Isi judul program, paling banyak 200 karakter dalam satu baris.',
  summary: 'Isi ringkasan program, paling banyak 5.000 karakter.',
  opdId: 'Pilih OPD pengusul.',
  dimension: 'Pilih dimensi smart city.',
  subDimension: 'Pilih sub-dimensi (bidang) yang termasuk dimensi yang dipilih.',
  quickWin: 'Pilih quick win masterplan yang diwujudkan program ini, atau "Bukan quick win".',
  rpjmdRef: 'Program RPJMD paling banyak 200 karakter dalam satu baris.',
  rpjmdCode: 'Isi kode program RPJMD bersama namanya, paling banyak 50 karakter.',
  rpjmdName: 'Isi nama program RPJMD bersama kodenya, paling banyak 300 karakter.',
  renstraRef: 'Rujukan Renstra OPD paling banyak 300 karakter dalam satu baris.',
  budgetIdr: 'Isi anggaran dalam rupiah, angka bulat tanpa desimal, misalnya 150000000.',
  budgetSum: 'Jumlah anggaran per tahun harus sama dengan anggaran total.',
  budgetYear: 'Isi tahun anggaran (empat angka) di dalam masa program; setiap tahun cukup satu baris.',
  budgetAmount: 'Isi anggaran tahun ini dalam rupiah, angka bulat.',
  startDate: 'Isi tanggal mulai yang benar.',
  endDate: 'Tanggal selesai harus sesudah tanggal mulai.',
  reportingCadence: 'Pilih frekuensi laporan.',
  name: 'Isi nama indikator.',
  unit: 'Isi satuan indikator, misalnya "persen" atau "unit".',
  target: 'Isi target indikator dengan angka, misalnya 80.',
  type: 'Pilih jenis indikator.',
  baseline: 'Isi nilai dan tahun baseline.',
  'baseline-value': 'Isi nilai baseline dengan angka.',
  'baseline-year': 'Isi tahun kondisi awal (empat angka), paling lambat tahun mulai program.',
  targetYear: 'Isi tahun target (empat angka) di dalam masa program; setiap tahun cukup satu baris.',
  targetValue: 'Isi target tahun ini dengan angka.',
} as const;
const unknownProblem = 'Periksa isian ini.';

/** The form field a schema issue is about, and what to say there. */
function fieldOfIssue(path: readonly PropertyKey[]): { field: string; message: string } {
  const [first, second, third, fourth, fifth] = path;
  const i = typeof second === 'number' ? second : 0;
  if (first === 'kpis') {
    if (typeof second !== 'number') return { field: fieldNames.kpi(0, 'name'), message: 'Isi sedikitnya satu indikator.' };
    if (third === 'baseline') {
      if (fourth === 'year') return { field: fieldNames.kpi(i, 'baseline-year'), message: fieldMessages['baseline-year'] };
      return { field: fieldNames.kpi(i, 'baseline-value'), message: fieldMessages[fourth === 'value' ? 'baseline-value' : 'baseline'] };
    }
    if (third === 'targetsByYear') {
      const j = typeof fourth === 'number' ? fourth : 0;
      return fifth === 'target'
        ? { field: fieldNames.kpiYearTarget(i, j), message: fieldMessages.targetValue }
        : { field: fieldNames.kpiYear(i, j), message: fieldMessages.targetYear };
    }
    if (third === 'name' || third === 'unit' || third === 'target' || third === 'type')
      return { field: fieldNames.kpi(i, third), message: fieldMessages[third] };
    return { field: fieldNames.kpi(i, 'name'), message: unknownProblem };
  }
  if (first === 'budgetByYear') {
    if (typeof second !== 'number') return { field: fieldNames.budgetAmount(0), message: fieldMessages.budgetSum };
    return third === 'amountIdr'
      ? { field: fieldNames.budgetAmount(i), message: fieldMessages.budgetAmount }
      : { field: fieldNames.budgetYear(i), message: fieldMessages.budgetYear };
  }
  if (first === 'rpjmdProgram')
    return second === 'name' ? { field: 'rpjmdName', message: fieldMessages.rpjmdName } : { field: 'rpjmdCode', message: fieldMessages.rpjmdCode };
  if (first === 'quickWinId') return { field: 'quickWin', message: fieldMessages.quickWin };
  if (typeof first === 'string' && first in fieldMessages) return { field: first, message: fieldMessages[first as keyof typeof fieldMessages] };
  return { field: typeof first === 'string' ? first : 'title', message: unknownProblem };
}

/** The fields in the order the form shows them; yearly budget rows follow the total, an indicator's parts follow it. */
const formOrder = ['title', 'summary', 'opdId', 'dimension', 'subDimension', 'quickWin', 'rpjmdRef', 'rpjmdCode', 'rpjmdName', 'renstraRef', 'budgetIdr'];
const afterBudget = ['startDate', 'endDate', 'reportingCadence'];
const kpiPartOrder = ['name', 'type', 'unit', 'baseline-value', 'baseline-year', 'target'];

/** Where a field comes in the form, as numbers to compare in turn. */
function placeOf(field: string): number[] {
  if (formOrder.includes(field)) return [formOrder.indexOf(field)];
  const budget = /^anggaran-(\d+)-(tahun|jumlah)$/.exec(field);
  if (budget) return [formOrder.length, Number(budget[1]), budget[2] === 'tahun' ? 0 : 1];
  if (afterBudget.includes(field)) return [formOrder.length + 1 + afterBudget.indexOf(field)];
  const yearly = /^kpi-(\d+)-(tahun|target)-(\d+)$/.exec(field);
  if (yearly) return [100, Number(yearly[1]), kpiPartOrder.length + 2 * Number(yearly[3]) + (yearly[2] === 'tahun' ? 0 : 1)];
  const kpi = /^kpi-(\d+)-(.+)$/.exec(field);
  if (kpi) return [100, Number(kpi[1]), kpiPartOrder.indexOf(kpi[2] ?? '')];
  return [1000];
}

function byPlace(a: number[], b: number[]): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Every problem of a refused proposal, one per field, in the order of the form. */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const e = fieldOfIssue(issue.path);
    if (!errors.some((x) => x.field === e.field)) errors.push(e);
  }
  return errors.sort((a, b) => byPlace(placeOf(a.field), placeOf(b.field)));
}

export const cadenceLabels: Record<ReportingCadence, string> = { monthly: 'Bulanan', quarterly: 'Triwulanan' };

export interface ProposalFormProps {
  action: string;
  draft: ProposalDraft;
  errors: FieldError[];
  opds: Opd[];
  dimensions: Dimension[];
  quickWins: QuickWin[];
  /** The OPDs this person may propose for (their own). */
  ownOpdId: string | null;
  submitLabel: string;
  hiddenFields: Record<string, string>;
}

/** Rows of a year and a value, each removable, and a button to add one. */
function YearRows(p: {
  legend: string;
  hint: string;
  rows: YearRow[];
  yearName: (j: number) => string;
  valueName: (j: number) => string;
  valueLabel: string;
  inputmode: 'numeric' | 'decimal';
  addAction: string;
  addLabel: string;
  removeAction: (j: number) => string;
  errors: FieldError[];
}) {
  return (
    <fieldset class="subfields">
      <legend>{p.legend}</legend>
      <p class="hint">{p.hint}</p>
      {p.rows.map((r, j) => (
        <div class="row">
          <TextInput
            name={p.yearName(j)}
            label={`Tahun (baris ${j + 1})`}
            inputmode="numeric"
            value={r.year}
            error={errorFor(p.errors, p.yearName(j))}
            narrow
          />
          <TextInput
            name={p.valueName(j)}
            label={`${p.valueLabel} (baris ${j + 1})`}
            inputmode={p.inputmode}
            value={r.value}
            error={errorFor(p.errors, p.valueName(j))}
            narrow
          />
          {p.rows.length > 1 ? (
            <div class="field">
              <Button variant="secondary" name="aksi" value={p.removeAction(j)}>
                Hapus baris {j + 1}
              </Button>
            </div>
          ) : null}
        </div>
      ))}
      {p.rows.length < maxYearRows ? (
        <p>
          <Button variant="secondary" name="aksi" value={p.addAction}>
            {p.addLabel}
          </Button>
        </p>
      ) : null}
    </fieldset>
  );
}

export function ProposalForm(p: ProposalFormProps) {
  const { draft, errors } = p;
  const err = (field: string) => errorFor(errors, field);
  const opdOptions = p.opds.filter((o) => p.ownOpdId === null || o.id === p.ownOpdId).map((o) => ({ value: o.id, label: o.name }));
  const quickWinOptions = [
    { value: 'tidak', label: 'Bukan quick win' },
    ...p.quickWins.map((q) => ({ value: q.id, label: q.name })),
    // A programme proposed as a quick win before the masterplan listed them keeps its answer until one is chosen.
    ...(draft.quickWin === 'ya' ? [{ value: 'ya', label: 'Quick win (belum dipilih dari masterplan)' }] : []),
  ];
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
        <Select
          name="subDimension"
          label="Sub-dimensi"
          hint="Bidang di bawah dimensi yang dipilih."
          placeholder="Pilih sub-dimensi"
          options={[]}
          groups={p.dimensions.map((d) => ({ label: d.name, options: d.sub.map((name) => ({ value: subDimensionId(d.id, name), label: name })) }))}
          value={draft.subDimension}
          error={err('subDimension')}
          required
        />
        <Select
          name="quickWin"
          label="Quick win"
          hint={p.quickWins.length > 0 ? 'Quick win masterplan yang diwujudkan program ini.' : 'Masterplan belum mencatat quick win.'}
          options={quickWinOptions}
          value={draft.quickWin}
          error={err('quickWin')}
        />
        {draft.rpjmdRef === '' ? null : (
          <TextInput
            name="rpjmdRef"
            label="Rujukan RPJMD lama"
            hint="Rujukan seperti diisi sebelum kode dan nama diminta terpisah. Kosongkan bila sudah diisi di bawah."
            value={draft.rpjmdRef}
            error={err('rpjmdRef')}
          />
        )}
        <div class="row">
          <TextInput name="rpjmdCode" label="Kode RPJMD" hint="Jika ada, misalnya 1.02.02." value={draft.rpjmdCode} error={err('rpjmdCode')} narrow />
          <TextInput
            name="rpjmdName"
            label="Program RPJMD"
            hint="Nama program RPJMD yang didukung, jika ada."
            value={draft.rpjmdName}
            error={err('rpjmdName')}
          />
        </div>
        <TextInput
          name="renstraRef"
          label="Rujukan Renstra OPD"
          hint="Kode dan nama program atau kegiatan dalam Renstra OPD, jika ada."
          value={draft.renstraRef}
          error={err('renstraRef')}
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
        <YearRows
          legend="Anggaran per tahun"
          hint="Jika diisi, jumlahnya harus sama dengan anggaran total. Baris yang dibiarkan kosong diabaikan."
          rows={draft.budgetByYear}
          yearName={fieldNames.budgetYear}
          valueName={fieldNames.budgetAmount}
          valueLabel="Jumlah (Rp)"
          inputmode="numeric"
          addAction="tambah-anggaran"
          addLabel="Tambah tahun anggaran"
          removeAction={(j) => `hapus-anggaran-${j}`}
          errors={errors}
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
            <TextInput name={fieldNames.kpi(i, 'name')} label="Nama indikator" value={k.name} error={err(fieldNames.kpi(i, 'name'))} required />
            <Select
              name={fieldNames.kpi(i, 'type')}
              label="Jenis indikator"
              placeholder="Pilih jenis"
              options={indicatorTypes.map((t) => ({ value: t, label: indicatorTypeLabels[t] }))}
              value={k.type}
              error={err(fieldNames.kpi(i, 'type'))}
              narrow
              required
            />
            <TextInput name={fieldNames.kpi(i, 'unit')} label="Satuan" value={k.unit} error={err(fieldNames.kpi(i, 'unit'))} narrow required />
            <div class="row">
              <TextInput
                name={fieldNames.kpi(i, 'baseline-value')}
                label="Baseline"
                hint="Nilai kondisi awal sebelum program."
                inputmode="decimal"
                value={k.baselineValue}
                error={err(fieldNames.kpi(i, 'baseline-value'))}
                narrow
                required
              />
              <TextInput
                name={fieldNames.kpi(i, 'baseline-year')}
                label="Tahun kondisi awal"
                hint="Paling lambat tahun mulai program."
                inputmode="numeric"
                value={k.baselineYear}
                error={err(fieldNames.kpi(i, 'baseline-year'))}
                narrow
                required
              />
            </div>
            <TextInput
              name={fieldNames.kpi(i, 'target')}
              label="Target"
              hint="Nilai pada akhir program."
              inputmode="decimal"
              value={k.target}
              error={err(fieldNames.kpi(i, 'target'))}
              narrow
              required
            />
            <YearRows
              legend={`Target per tahun, indikator ${i + 1}`}
              hint="Target pada akhir setiap tahun program. Baris yang dibiarkan kosong diabaikan."
              rows={k.targetsByYear}
              yearName={(j) => fieldNames.kpiYear(i, j)}
              valueName={(j) => fieldNames.kpiYearTarget(i, j)}
              valueLabel="Nilai"
              inputmode="decimal"
              addAction={`tambah-target-${i}`}
              addLabel={`Tambah tahun target indikator ${i + 1}`}
              removeAction={(j) => `hapus-target-${i}-${j}`}
              errors={errors}
            />
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

const withRow = (rows: YearRow[]) => [...rows, emptyRow()].slice(0, maxYearRows);
const withoutRow = (rows: YearRow[], j: number) => rowsOr(rows.filter((_, k) => k !== j));

/**
 * Applies a row button ("Tambah indikator", "Hapus indikator n", "Tambah tahun anggaran",
 * a yearly target row added or removed) to a draft; null when the form was submitted instead.
 */
export function editedRows(draft: ProposalDraft, action: string): ProposalDraft | null {
  if (action === 'tambah-indikator') return { ...draft, kpis: [...draft.kpis, emptyKpi()].slice(0, maxKpis) };
  if (action === 'tambah-anggaran') return { ...draft, budgetByYear: withRow(draft.budgetByYear) };
  const match = (pattern: RegExp) => pattern.exec(action)?.slice(1).map(Number) ?? null;
  const removedKpi = match(/^hapus-indikator-(\d+)$/);
  if (removedKpi) {
    const kpis = draft.kpis.filter((_, i) => i !== removedKpi[0]);
    return { ...draft, kpis: kpis.length > 0 ? kpis : [emptyKpi()] };
  }
  const removedBudget = match(/^hapus-anggaran-(\d+)$/);
  if (removedBudget) return { ...draft, budgetByYear: withoutRow(draft.budgetByYear, removedBudget[0] ?? -1) };
  const editKpi = (i: number | undefined, change: (k: KpiDraft) => KpiDraft) => ({ ...draft, kpis: draft.kpis.map((k, n) => (n === i ? change(k) : k)) });
  const addedTarget = match(/^tambah-target-(\d+)$/);
  if (addedTarget) return editKpi(addedTarget[0], (k) => ({ ...k, targetsByYear: withRow(k.targetsByYear) }));
  const removedTarget = match(/^hapus-target-(\d+)-(\d+)$/);
  if (removedTarget) return editKpi(removedTarget[0], (k) => ({ ...k, targetsByYear: withoutRow(k.targetsByYear, removedTarget[1] ?? -1) }));
  return null;
}
