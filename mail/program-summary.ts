/** The facts about a programme that emails and link pages show, with names looked up in the roster. */
import type { ProgramRecord } from '../domain/program.js';
import type { Store } from '../store/index.js';
import type { ProgramSummary } from './templates.js';

export async function loadProgramSummary(store: Store, program: ProgramRecord): Promise<ProgramSummary> {
  const p = program.proposal;
  const [opd, dimensions] = await Promise.all([store.roster.getOpd(p.opdId), store.roster.listDimensions()]);
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
