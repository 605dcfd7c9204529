/**
 * The facts about a programme that emails and pages show, with names looked up in the roster
 * and the masterplan: the key facts, and the evaluation's (sub-dimension, quick win, RPJMD and
 * Renstra references, budget per year, each indicator's type, baseline and yearly targets).
 */
import type { QuickWin } from '../domain/masterplan.js';
import type { ProgramRecord } from '../domain/program.js';
import { indicatorTypeLabels, subDimensionId, type Proposal } from '../domain/proposal.js';
import type { MasterplanStore } from '../store/masterplan.js';
import type { Dimension, RosterStore } from '../store/roster.js';
import type { Fact } from './document.js';
import { formatNumber, formatRupiah, singleLine } from './format.js';
import type { ProgramSummary } from './templates.js';

/** The names people read for the ids a proposal points at. */
export interface ReferenceLabels {
  subDimension(id: string): string;
  quickWin(id: string): string;
}

/** Names from the stored dimensions and quick wins; an id not (or no longer) there is shown as itself. */
export function referenceLabels(dimensions: readonly Dimension[], quickWins: readonly QuickWin[]): ReferenceLabels {
  const subNames = new Map(dimensions.flatMap((d) => d.sub.map((name) => [subDimensionId(d.id, name), name] as const)));
  const quickWinNames = new Map(quickWins.map((q) => [q.id, q.name]));
  return { subDimension: (id) => subNames.get(id) ?? id, quickWin: (id) => quickWinNames.get(id) ?? id };
}

/** Where the names are read from: the store (the API) or the worker's reference cache with the masterplan store. */
export interface LabelSource {
  roster: Pick<RosterStore, 'listDimensions'>;
  masterplan: Pick<MasterplanStore, 'current'>;
}

export async function loadReferenceLabels(source: LabelSource): Promise<ReferenceLabels> {
  const [dimensions, current] = await Promise.all([source.roster.listDimensions(), source.masterplan.current()]);
  return referenceLabels(dimensions, current?.masterplan.quickWins ?? []);
}

/** "1.02.02 Program Pelayanan Kesehatan", or the free text of an older proposal; null when neither is given. */
export function rpjmdText(p: Pick<Proposal, 'rpjmdProgram' | 'rpjmdRef'>): string | null {
  if (p.rpjmdProgram) return singleLine(`${p.rpjmdProgram.code} ${p.rpjmdProgram.name}`);
  return p.rpjmdRef === undefined ? null : singleLine(p.rpjmdRef);
}

/** "2027: Rp 500.000.000; 2028: Rp 250.000.000" */
export const budgetByYearText = (rows: NonNullable<Proposal['budgetByYear']>) => rows.map((b) => `${b.year}: ${formatRupiah(b.amountIdr)}`).join('; ');

/** "2027: 8; 2028: 12" */
export const targetsByYearText = (rows: NonNullable<Proposal['kpis'][number]['targetsByYear']>) =>
  rows.map((t) => `${t.year}: ${formatNumber(t.target)}`).join('; ');

/** "4 puskesmas (2026)" */
export const baselineText = (k: Pick<Proposal['kpis'][number], 'baseline' | 'unit'>) =>
  k.baseline ? `${formatNumber(k.baseline.value)} ${singleLine(k.unit)} (${k.baseline.year})` : null;

/** One indicator on one line: "12 puskesmas; Keluaran (output); baseline 4 puskesmas (2026); per tahun 2027: 8; 2028: 12". */
export function kpiSummary(k: Proposal['kpis'][number]): string {
  const baseline = baselineText(k);
  return [
    `${formatNumber(k.target)} ${singleLine(k.unit)}`,
    k.type ? indicatorTypeLabels[k.type] : null,
    baseline ? `baseline ${baseline}` : null,
    k.targetsByYear && k.targetsByYear.length > 0 ? `per tahun ${targetsByYearText(k.targetsByYear)}` : null,
  ]
    .filter((s) => s !== null)
    .join('; ');
}

/** The evaluation's facts a proposal gives, labelled (none for a proposal made before they were asked). */
export function evaluationFacts(p: Proposal, labels: ReferenceLabels): Fact[] {
  const rpjmd = rpjmdText(p);
  return [
    p.subDimension === undefined ? null : { label: 'Sub-dimensi', value: labels.subDimension(p.subDimension) },
    p.quickWinId === undefined ? null : { label: 'Quick win yang diwujudkan', value: labels.quickWin(p.quickWinId) },
    rpjmd === null ? null : { label: 'Program RPJMD', value: rpjmd },
    p.renstraRef === undefined ? null : { label: 'Rujukan Renstra OPD', value: singleLine(p.renstraRef) },
    p.budgetByYear === undefined || p.budgetByYear.length === 0 ? null : { label: 'Anggaran per tahun', value: budgetByYearText(p.budgetByYear) },
  ].filter((f) => f !== null);
}

/** `source` is the store (the API) or anything with its roster reads (the worker's reference cache) and the masterplan. */
export async function loadProgramSummary(
  source: { roster: Pick<RosterStore, 'getOpd' | 'listDimensions'>; masterplan: Pick<MasterplanStore, 'current'> },
  program: ProgramRecord,
): Promise<ProgramSummary> {
  const p = program.proposal;
  const [opd, dimensions, current] = await Promise.all([source.roster.getOpd(p.opdId), source.roster.listDimensions(), source.masterplan.current()]);
  return {
    id: program.id,
    title: p.title,
    summary: p.summary,
    opdName: opd?.name ?? p.opdId,
    dimensionName: dimensions.find((d) => d.id === p.dimension)?.name ?? p.dimension,
    quickWin: p.quickWin,
    budgetIdr: p.budgetIdr,
    startDate: p.startDate,
    endDate: p.endDate,
    proposalVersion: program.proposalVersion,
    evaluation: evaluationFacts(p, referenceLabels(dimensions, current?.masterplan.quickWins ?? [])),
  };
}
