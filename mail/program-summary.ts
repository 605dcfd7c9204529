/** The facts about a programme that emails and link pages show, with names looked up in the roster. */
import type { ProgramRecord } from '../domain/program.js';
import type { RosterStore } from '../store/roster.js';
import type { ProgramSummary } from './templates.js';

/** `source` is the store (the API) or anything with its roster reads (the worker's reference cache). */
export async function loadProgramSummary(source: { roster: Pick<RosterStore, 'getOpd' | 'listDimensions'> }, program: ProgramRecord): Promise<ProgramSummary> {
  const p = program.proposal;
  const [opd, dimensions] = await Promise.all([source.roster.getOpd(p.opdId), source.roster.listDimensions()]);
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
  };
}
