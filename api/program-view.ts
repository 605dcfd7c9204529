/**
 * What a programme looks like to a reader: its summary in a list, and its page (proposal,
 * stages, timeline, signing, reporting), built from one read of the programme's items. The
 * JSON API answers with it; the web application's pages and the emails can show the same.
 */
import type { ProgramRecord } from '../domain/program.js';
import { refusal, type Person } from '../domain/roles.js';
import { stageLabels } from '../domain/stages.js';
import type { ProgramItems, Store } from '../store/index.js';
import type { AppDeps } from './context.js';
import { loadProgramItems } from './load-program.js';
import { ProblemError } from './problem.js';
import { loadProgressOverview } from './progress-view.js';
import { loadReferenceLabels, rpjmdText, type ReferenceLabels } from '../mail/program-summary.js';
import { createTtlCache } from '../store/ttl-cache.js';
import { loadSigningOverview } from './signing-view.js';

export function isOverdue(p: Pick<ProgramRecord, 'dueAt'>, now: Date): boolean {
  return p.dueAt !== null && p.dueAt < now.toISOString();
}

/** A programme as a line of a list. */
export function listItem(p: ProgramRecord, now: Date) {
  return {
    id: p.id,
    title: p.proposal.title,
    opdId: p.proposal.opdId,
    dimension: p.proposal.dimension,
    subDimension: p.proposal.subDimension ?? null,
    quickWin: p.proposal.quickWin,
    quickWinId: p.proposal.quickWinId ?? null,
    budgetIdr: p.proposal.budgetIdr,
    stage: p.stage,
    stageLabel: stageLabels[p.stage],
    awaiting: p.awaiting,
    dueAt: p.dueAt,
    dueDate: p.dueDate,
    overdue: isOverdue(p, now),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

type ViewDeps = Pick<AppDeps, 'store' | 'temporal' | 'publicBaseUrl'>;

/**
 * The names of sub-dimensions and quick wins change only when the secretariat edits the
 * masterplan or the reference data, yet every programme page needs them: read once a minute per
 * store instead of two more reads per page. A renamed quick win shows on pages within a minute.
 */
const labelsOf = new WeakMap<Store, ReturnType<typeof createTtlCache<'labels', ReferenceLabels>>>();

function referenceLabelsOf(store: Store): Promise<ReferenceLabels> {
  let cache = labelsOf.get(store);
  if (!cache) labelsOf.set(store, (cache = createTtlCache<'labels', ReferenceLabels>({ ttlMs: 60_000, maxEntries: 1 })));
  return cache.get('labels', () => loadReferenceLabels(store));
}

/** A programme's page from its items as `store.programs.readProgram` read them at once. */
export async function programView(deps: ViewDeps, items: ProgramItems) {
  const { program } = items;
  const [progress, signing, labels] = await Promise.all([loadProgressOverview(deps, items), loadSigningOverview(deps, items), referenceLabelsOf(deps.store)]);
  const p = program.proposal;
  const now = new Date();
  return {
    ...listItem(program, now),
    workflowId: program.workflowId,
    stageSeq: program.stageSeq,
    stageOpenedAt: program.stageOpenedAt,
    proposal: program.proposal,
    /** The names people read for what the proposal points at (the ids are in `proposal`). */
    labels: {
      subDimension: p.subDimension === undefined ? null : labels.subDimension(p.subDimension),
      quickWin: p.quickWinId === undefined ? null : labels.quickWin(p.quickWinId),
      rpjmd: rpjmdText(p),
    },
    proposalVersion: program.proposalVersion,
    proposer: program.proposer,
    next:
      program.awaiting.length > 0
        ? { stage: program.stage, awaiting: program.awaiting, dueAt: program.dueAt, dueDate: program.dueDate, overdue: isOverdue(program, now) }
        : null,
    stages: items.stages,
    timeline: items.events,
    signing,
    progress,
  };
}

export type ProgramPage = Awaited<ReturnType<typeof programView>>;

/**
 * The page of programme `id` as `person` may see it: 404 (ProblemError) for no such programme,
 * 403 when the person may not view it.
 */
export async function loadProgramView(deps: ViewDeps, id: string, person: Person): Promise<ProgramPage> {
  const items = await loadProgramItems(deps.store, id);
  const why = refusal(person, 'view', { opdId: items.program.proposal.opdId, stage: items.program.stage });
  if (why) throw new ProblemError(403, 'Not allowed', why);
  return programView(deps, items);
}
