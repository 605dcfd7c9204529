/**
 * What the staff application's pages read about programmes, in one module: a person's tasks,
 * the list, and one programme with everything under it. Reads go through the store (one Query
 * per programme, plus the workflow's view for a signing opened before its routing was stored),
 * exactly as the API's `GET /v1/programs/:id` builds them.
 */
import { wibDate, type WorkingCalendar } from '../../domain/calendar.js';
import type { ProgramRecord } from '../../domain/program.js';
import { refusal, type Person } from '../../domain/roles.js';
import { delegationActive } from '../../domain/signing.js';
import { isEnded, stages, type Stage } from '../../domain/stages.js';
import type { ProgramFilter, ProgramItems } from '../../store/index.js';
import { officialsActedFor } from '../acting-officials.js';
import type { AppDeps } from '../context.js';
import { loadProgramItems } from '../load-program.js';
import { loadProgressOverview, overdueWorkingDays, workingCalendar } from '../progress-view.js';
import { loadSigningOverview } from '../signing-view.js';

type Deps = Pick<AppDeps, 'store' | 'temporal' | 'publicBaseUrl'>;

export type TaskKind = 'decide' | 'sign' | 'report' | 'revise';

const taskKindOfStage: Partial<Record<Stage, TaskKind>> = {
  diskominfo_review: 'decide',
  sekda_approval: 'decide',
  signing: 'sign',
  implementation: 'report',
  revision: 'revise',
};

export interface Task {
  kind: TaskKind;
  program: ProgramRecord;
  /** Set when the task is the official's and this person acts for them (Plt./Plh.). */
  actingFor: { name: string; title: string; kind: string } | null;
  dueDate: string | null;
  overdue: boolean;
  /** Working days past the due day (when overdue) or left until it (when not). */
  workingDays: number;
}

const openStages = stages.filter((s) => !isEnded(s));

/** Every programme of the stages given, page by page. */
async function programsIn(deps: Deps, filter: Omit<ProgramFilter, 'stage'>, stagesWanted: readonly Stage[]): Promise<ProgramRecord[]> {
  const found: ProgramRecord[] = [];
  for (const stage of stagesWanted) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.programs.listPrograms({ ...filter, stage }, { limit: 100, cursor });
      found.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return found;
}

function dueFacts(calendar: WorkingCalendar, program: ProgramRecord, now: Date): Pick<Task, 'dueDate' | 'overdue' | 'workingDays'> {
  if (!program.dueDate || !program.dueAt) return { dueDate: null, overdue: false, workingDays: 0 };
  const overdue = program.dueAt < now.toISOString();
  const today = wibDate(now);
  const workingDays = overdue ? overdueWorkingDays(calendar, program.dueDate, now) : calendar.workingDaysBetween(today, program.dueDate);
  return { dueDate: program.dueDate, overdue, workingDays };
}

/**
 * "Tugas saya": everything that waits for this person, or for an official they act for today
 * (Plt./Plh.), overdue first, then soonest due.
 */
export async function tasksOf(deps: Deps, person: Person, now = new Date()): Promise<Task[]> {
  const today = wibDate(now);
  const delegations = (await deps.store.signing.listDelegations()).filter((d) => d.delegateId === person.id && delegationActive(d, today));
  const officials = new Map<string, { name: string; title: string; kind: string }>();
  for (const d of delegations) {
    const official = await deps.store.roster.getPerson(d.officialId);
    if (official) officials.set(official.id, { name: official.name, title: official.title, kind: d.kind === 'plt' ? 'Plt.' : 'Plh.' });
  }
  const [programs, calendar] = await Promise.all([programsIn(deps, {}, openStages), workingCalendar(deps.store)]);
  const tasks: Task[] = [];
  for (const program of programs) {
    const kind = taskKindOfStage[program.stage];
    if (!kind) continue;
    const mine = program.awaiting.some((a) => a.userId === person.id);
    const forOfficial = program.awaiting.map((a) => officials.get(a.userId)).find((o) => o !== undefined);
    if (!mine && !forOfficial) continue;
    tasks.push({ kind, program, actingFor: mine ? null : forOfficial!, ...dueFacts(calendar, program, now) });
  }
  const dueKey = (t: Task) => t.program.dueAt ?? '9999';
  return tasks.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (dueKey(a) < dueKey(b) ? -1 : dueKey(a) > dueKey(b) ? 1 : 0));
}

/**
 * Whether this person submits proposals, or only prepares drafts for their Kepala OPD
 * (domain/roles.ts: the Kepala OPD submits, and so does whoever acts for one today).
 */
export async function submitsProposals(deps: Deps, person: Person, now = new Date()): Promise<boolean> {
  const scope = { opdId: person.opdId ?? '', stage: 'diskominfo_review' as const };
  return refusal(person, 'propose', scope, await officialsActedFor(deps.store, person, now)) === null;
}

export interface ListQuery {
  opdId?: string;
  stage?: Stage;
  dimension?: string;
  quickWin?: boolean;
  overdue?: boolean;
  search?: string;
  cursor?: string;
}

export const listPageSize = 20;

/**
 * One page of the programme list. Searching by title reads the filtered list whole and pages
 * it here (a Kabupaten has hundreds of programmes, not millions); without a search, the
 * store's own cursor pages.
 */
export async function listPage(deps: Deps, q: ListQuery, now = new Date()): Promise<{ items: ProgramRecord[]; nextCursor: string | null }> {
  const filter: ProgramFilter = { opdId: q.opdId, dimension: q.dimension, quickWin: q.quickWin, overdueAt: q.overdue ? now.toISOString() : undefined };
  if (!q.search) return deps.store.programs.listPrograms({ ...filter, stage: q.stage }, { limit: listPageSize, cursor: q.cursor });
  const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
  const all = await programsIn(deps, filter, q.stage ? [q.stage] : stages);
  const matching = all
    .filter((p) => words.every((w) => p.proposal.title.toLowerCase().includes(w)))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const start = Number(q.cursor ?? '0') || 0;
  const end = start + listPageSize;
  return { items: matching.slice(start, end), nextCursor: end < matching.length ? String(end) : null };
}

export type ProgramPageData = ProgramItems & {
  signing: Awaited<ReturnType<typeof loadSigningOverview>>;
  progress: Awaited<ReturnType<typeof loadProgressOverview>>;
};

/** One programme: its stored items, who signed and who must, and its reporting periods. */
export async function programPageData(deps: Deps, id: string): Promise<ProgramPageData> {
  const items = await loadProgramItems(deps.store, id);
  const [signing, progress] = await Promise.all([loadSigningOverview(deps, items), loadProgressOverview(deps, items)]);
  return { ...items, signing, progress };
}
