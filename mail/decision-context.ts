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

export interface DecisionContext {
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
  subDimension: 'Subdimensi',
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

/** A field's value as people read it; null for fields shown only as "diubah" (long text, lists). */
function shown(field: keyof Proposal, p: Proposal): string | null {
  switch (field) {
    case 'title':
      return `“${singleLine(p.title)}”`;
    case 'rpjmdRef':
    case 'renstraRef':
      return p[field] === undefined ? '(tidak diisi)' : `“${singleLine(p[field])}”`;
    case 'rpjmdProgram':
      return p.rpjmdProgram === undefined ? '(tidak diisi)' : `“${singleLine(`${p.rpjmdProgram.code} ${p.rpjmdProgram.name}`)}”`;
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

export function versionChanges(before: ProposalVersion, after: ProposalVersion): VersionChanges {
  const fields = (Object.keys(fieldLabels) as (keyof Proposal)[]).filter((k) => JSON.stringify(before.proposal[k]) !== JSON.stringify(after.proposal[k]));
  const lines = fields.map((k) => {
    const [was, now] = [shown(k, before.proposal), shown(k, after.proposal)];
    return was === null || now === null ? `${fieldLabels[k]}: diubah` : `${fieldLabels[k]}: ${was} menjadi ${now}`;
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
): DecisionContext {
  const earlierNotes = stages
    .filter((s) => s.stageSeq < stageSeq && s.outcome !== null && s.outcome.comment.trim() !== '')
    .sort((a, b) => a.stageSeq - b.stageSeq)
    .map((s) => ({ what: `${stageLabels[s.stage]}: ${resultLabel(s.outcome!.result)}`, by: s.outcome!.by, at: s.outcome!.at, comment: s.outcome!.comment }));
  const current = versions.find((v) => v.version === program.proposalVersion);
  const previous = versions.find((v) => v.version === program.proposalVersion - 1);
  return {
    rpjmdRef: program.proposal.rpjmdRef ?? null,
    kpis: program.proposal.kpis,
    earlierNotes,
    changes: current && previous ? versionChanges(previous, current) : null,
  };
}

/** Reads what `decisionContextOf` needs from the store. */
export async function loadDecisionContext(
  programs: { listStages(id: string): Promise<StageRecord[]>; listProposalVersions(id: string): Promise<ProposalVersion[]> },
  program: ProgramRecord,
  stageSeq: number,
): Promise<DecisionContext> {
  const [stages, versions] = await Promise.all([programs.listStages(program.id), programs.listProposalVersions(program.id)]);
  return decisionContextOf(program, stageSeq, stages, versions);
}
