/**
 * What a programme looks like to a reader: its summary in a list, and its page (proposal,
 * stages, timeline, signing, reporting), built from one read of the programme's items. The
 * JSON API answers with it; the web application's pages and the emails can show the same.
 */
import { z } from 'zod';
import type { ProgramRecord } from '../domain/program.js';
import { proposalSchema } from '../domain/proposal.js';
import { refusal, type Person } from '../domain/roles.js';
import { decisions, stageLabels, stages } from '../domain/stages.js';
import type { ProgramItems } from '../store/index.js';
import type { AppDeps } from './context.js';
import { loadProgramItems } from './load-program.js';
import { ProblemError } from './problem.js';
import { loadProgressOverview, progressOverviewSchema } from './progress-view.js';
import { rpjmdText } from '../mail/program-summary.js';
import { shownLabels } from './reference.js';
import { loadSigningOverview, signingOverviewSchema } from './signing-view.js';

const assigneeSchema = z.object({ userId: z.string(), name: z.string(), title: z.string() });
export const stageSchema = z.enum(stages).meta({ id: 'Stage' });

/** The path parameter of every route about one programme. */
export const programIdParams = z.object({ id: z.string().describe('the programme (20 hexadecimal characters)') });

/** What `listItem` answers: a programme as a line of a list. */
export const programListItemSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  opdId: z.string(),
  dimension: z.string(),
  subDimension: z.string().nullable(),
  quickWin: z.boolean(),
  quickWinId: z.string().nullable(),
  budgetIdr: z.number().int(),
  stage: stageSchema,
  stageLabel: z.string(),
  awaiting: z.array(assigneeSchema).describe('who must act next; empty when nobody is waited for'),
  dueAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** An audit event as the trail shows it: chained to the one before by hash. */
export const programEventSchema = z.looseObject({
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  actor: z.looseObject({ userId: z.string(), name: z.string(), capacity: z.string() }).nullable(),
  channel: z.enum(['api', 'link', 'web', 'system']),
  fromStage: stageSchema.nullable(),
  toStage: stageSchema,
  stageSeq: z.number().int(),
  decision: z.enum(decisions).nullable(),
  comment: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

/** What `programView` answers: a programme's page. */
export const programPageSchema = programListItemSchema
  .extend({
    workflowId: z.string(),
    stageSeq: z.number().int(),
    stageOpenedAt: z.string(),
    proposal: proposalSchema,
    labels: z
      .strictObject({ subDimension: z.string().nullable(), quickWin: z.string().nullable(), rpjmd: z.string().nullable() })
      .describe('the names people read for what the proposal points at (the ids are in proposal)'),
    proposalVersion: z.number().int(),
    proposer: assigneeSchema,
    next: z
      .strictObject({
        stage: stageSchema,
        awaiting: z.array(assigneeSchema),
        dueAt: z.string().nullable(),
        dueDate: z.string().nullable(),
        overdue: z.boolean(),
      })
      .nullable()
      .describe('who must act next and by when; null when nobody is waited for'),
    stages: z
      .array(
        z.looseObject({
          stageSeq: z.number().int(),
          stage: stageSchema,
          openedAt: z.string(),
          dueAt: z.string().nullable(),
          assignees: z.array(assigneeSchema),
          outcome: z.looseObject({ result: z.string(), by: assigneeSchema, at: z.string(), comment: z.string() }).nullable(),
        }),
      )
      .describe('every occurrence of a waiting stage: who was asked, by when, how it ended'),
    timeline: z.array(programEventSchema).describe('the audit trail, oldest first'),
    signing: signingOverviewSchema,
    progress: progressOverviewSchema,
  })
  .meta({ id: 'Program' });

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

/** A programme's page from its items as `store.programs.readProgram` read them at once. */
export async function programView(deps: ViewDeps, items: ProgramItems) {
  const { program } = items;
  const [progress, signing, labels] = await Promise.all([loadProgressOverview(deps, items), loadSigningOverview(deps, items), shownLabels(deps.store)]);
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
