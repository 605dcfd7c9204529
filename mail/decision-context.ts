/**
 * What a reviewer or the Sekda needs beside the programme's key facts to decide well: the
 * indicators and their targets, the RPJMD programme it serves, the notes written at earlier
 * stages, and what changed since the previous version of the proposal. Shown on the decision
 * page and in the decision email alike.
 */
import type { Assignee, ProgramRecord, StageRecord, StageResult } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import { decisionPastLabels, decisions, endingLabels, stageLabels, type Decision } from '../domain/stages.js';
import type { ProposalVersion } from '../store/programs.js';
import { formatDate, formatRupiah, singleLine } from './format.js';
import { kpiSummary, loadReferenceLabels, referenceLabels, rpjmdText, type LabelSource, type ReferenceLabels } from './program-summary.js';

export interface DecisionContext {
  /** The RPJMD programme served, as people read it (code and name, or an older proposal's free text). */
  rpjmdRef: string | null;
  kpis: Proposal['kpis'];
  /** Notes written when earlier stages ended (a decision's reason, a resubmission's explanation), oldest first. */
  earlierNotes: EarlierNote[];
  /** What the current version changed, or null for a first version. */
  changes: VersionChanges | null;
}

export interface EarlierNote {
  /** "Reviu Diskominfo: diminta perbaikan" */
  what: string;
  by: Assignee;
  at: string;
  comment: string;
}

export interface VersionChanges {
  fromVersion: number;
  toVersion: number;
  /** One line per changed field: "Anggaran: Rp 1.000.000 menjadi Rp 1.200.000", or the field alone when it is a list. */
  lines: string[];
}

const fieldLabels: Record<keyof Proposal, string> = {
  title: 'Judul program',
  summary: 'Ringkasan',
  opdId: 'OPD',
  dimension: 'Dimensi smart city',
  subDimension: 'Sub-dimensi',
  rpjmdRef: 'Program RPJMD',
  rpjmdProgram: 'Program RPJMD',
  renstraRef: 'Rujukan Renstra OPD',
  quickWin: 'Quick win',
  quickWinId: 'Quick win yang diwujudkan',
  budgetIdr: 'Anggaran',
  budgetByYear: 'Anggaran per tahun',
  startDate: 'Tanggal mulai',
  endDate: 'Tanggal selesai',
  reportingCadence: 'Frekuensi laporan',
  kpis: 'Indikator kinerja',
};

const cadenceLabels: Record<Proposal['reportingCadence'], string> = { monthly: 'bulanan', quarterly: 'triwulanan' };

const notGiven = '(tidak diisi)';

/** A field's value as people read it; null for fields shown only as "diubah" (long text) or line by line (lists). */
function shown(field: keyof Proposal, p: Proposal, labels: ReferenceLabels): string | null {
  switch (field) {
    case 'title':
      return `“${singleLine(p.title)}”`;
    case 'rpjmdRef':
    case 'renstraRef':
      return p[field] === undefined ? notGiven : `“${singleLine(p[field])}”`;
    case 'rpjmdProgram':
      return p.rpjmdProgram === undefined ? notGiven : `“${singleLine(`${p.rpjmdProgram.code} ${p.rpjmdProgram.name}`)}”`;
    case 'subDimension':
      return p.subDimension === undefined ? notGiven : labels.subDimension(p.subDimension);
    case 'quickWinId':
      return p.quickWinId === undefined ? 'tidak ada' : `“${singleLine(labels.quickWin(p.quickWinId))}”`;
    case 'quickWin':
      return p.quickWin ? 'Ya' : 'Tidak';
    case 'budgetIdr':
      return formatRupiah(p.budgetIdr);
    case 'startDate':
    case 'endDate':
      return formatDate(p[field]);
    case 'reportingCadence':
      return cadenceLabels[p.reportingCadence];
    default:
      return null;
  }
}

/** What changed in the yearly budget, year by year: "Anggaran 2027: Rp 500.000.000 menjadi Rp 400.000.000". */
function budgetLines(before: Proposal, after: Proposal): string[] {
  const amounts = (p: Proposal) => new Map((p.budgetByYear ?? []).map((b) => [b.year, b.amountIdr]));
  const [was, now] = [amounts(before), amounts(after)];
  const years = [...new Set([...was.keys(), ...now.keys()])].sort((a, b) => a - b);
  const text = (amount: number | undefined) => (amount === undefined ? notGiven : formatRupiah(amount));
  return years.filter((y) => was.get(y) !== now.get(y)).map((y) => `Anggaran ${y}: ${text(was.get(y))} menjadi ${text(now.get(y))}`);
}

/** What changed in the indicators, by name: added, removed, or their parts that differ. */
function kpiLines(before: Proposal, after: Proposal): string[] {
  const byName = (p: Proposal) => new Map(p.kpis.map((k) => [k.name, k]));
  const [was, now] = [byName(before), byName(after)];
  const lines: string[] = [];
  for (const name of was.keys()) if (!now.has(name)) lines.push(`Indikator “${singleLine(name)}” dihapus`);
  for (const [name, k] of now) {
    const old = was.get(name);
    if (!old) lines.push(`Indikator “${singleLine(name)}” ditambahkan: ${kpiSummary(k)}`);
    else if (JSON.stringify(old) !== JSON.stringify(k)) lines.push(`Indikator “${singleLine(name)}”: ${kpiSummary(old)} menjadi ${kpiSummary(k)}`);
  }
  return lines;
}

/** What a new version changed, one line per field (lists line by line); names from `labels` (ids as themselves without). */
export function versionChanges(before: ProposalVersion, after: ProposalVersion, labels: ReferenceLabels = referenceLabels([], [])): VersionChanges {
  const fields = (Object.keys(fieldLabels) as (keyof Proposal)[]).filter((k) => JSON.stringify(before.proposal[k]) !== JSON.stringify(after.proposal[k]));
  const lines = fields.flatMap((k) => {
    if (k === 'budgetByYear') return budgetLines(before.proposal, after.proposal);
    if (k === 'kpis') return kpiLines(before.proposal, after.proposal);
    const [was, now] = [shown(k, before.proposal, labels), shown(k, after.proposal, labels)];
    return [was === null || now === null ? `${fieldLabels[k]}: diubah` : `${fieldLabels[k]}: ${was} menjadi ${now}`];
  });
  return { fromVersion: before.version, toVersion: after.version, lines };
}

function resultLabel(result: StageResult): string {
  return (decisions as readonly string[]).includes(result) ? decisionPastLabels[result as Decision] : endingLabels[result as keyof typeof endingLabels];
}

/** The decision context of stage occurrence `stageSeq`, from the programme, its stage occurrences and its proposal versions. */
export function decisionContextOf(
  program: ProgramRecord,
  stageSeq: number,
  stages: readonly StageRecord[],
  versions: readonly ProposalVersion[],
  labels?: ReferenceLabels,
): DecisionContext {
  const earlierNotes = stages
    .filter((s) => s.stageSeq < stageSeq && s.outcome !== null && s.outcome.comment.trim() !== '')
    .sort((a, b) => a.stageSeq - b.stageSeq)
    .map((s) => ({ what: `${stageLabels[s.stage]}: ${resultLabel(s.outcome!.result)}`, by: s.outcome!.by, at: s.outcome!.at, comment: s.outcome!.comment }));
  const current = versions.find((v) => v.version === program.proposalVersion);
  const previous = versions.find((v) => v.version === program.proposalVersion - 1);
  return {
    rpjmdRef: rpjmdText(program.proposal),
    kpis: program.proposal.kpis,
    earlierNotes,
    changes: current && previous ? versionChanges(previous, current, labels) : null,
  };
}

/**
 * Reads what `decisionContextOf` needs from the store (the names of sub-dimensions and quick wins
 * too). Stage occurrences count from 1 (0 is the proposal before any stage opened), so the first
 * has no earlier ones; a first version has nothing to compare with: neither is read then.
 */
export async function loadDecisionContext(
  source: LabelSource & { programs: { listStages(id: string): Promise<StageRecord[]>; listProposalVersions(id: string): Promise<ProposalVersion[]> } },
  program: ProgramRecord,
  stageSeq: number,
): Promise<DecisionContext> {
  const [stages, versions, labels] = await Promise.all([
    stageSeq > 1 ? source.programs.listStages(program.id) : [],
    program.proposalVersion > 1 ? source.programs.listProposalVersions(program.id) : [],
    loadReferenceLabels(source),
  ]);
  return decisionContextOf(program, stageSeq, stages, versions, labels);
}
