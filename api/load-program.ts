/** The programme a route's `:id` names: stray ids are 404s before they reach the store. */
import { programScopeOf } from '../domain/opds.js';
import type { ProgramRecord } from '../domain/program.js';
import type { ProgramScope } from '../domain/roles.js';
import type { ProgramItems, Store } from '../store/index.js';
import { ProblemError } from './problem.js';

const programIdPattern = /^[a-f0-9]{20}$/;

const notFound = () => new ProblemError(404, 'Not found', 'no such programme');

/** The programme item alone (what checks before an action need). */
export async function loadProgram(store: Pick<Store, 'programs'>, id: string): Promise<ProgramRecord> {
  const program = programIdPattern.test(id) ? await store.programs.getProgram(id) : null;
  if (!program) throw notFound();
  return program;
}

/** The programme and everything stored under it, in one Query (what its page is built from). */
export async function loadProgramItems(store: Pick<Store, 'programs'>, id: string): Promise<ProgramItems> {
  const items = programIdPattern.test(id) ? await store.programs.readProgram(id) : null;
  if (!items) throw notFound();
  return items;
}

/** The programme's scope for a rule, with the OPD that acts for it today (after a merge, the OPD it was merged into). */
export async function loadProgramScope(store: Pick<Store, 'roster'>, program: Pick<ProgramRecord, 'proposal' | 'stage'>): Promise<ProgramScope> {
  return programScopeOf(program, await store.roster.listOpds());
}
