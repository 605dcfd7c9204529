/**
 * /v1/programs: propose, read, list, and act on programmes as a signed-in member of staff.
 * Reads come from DynamoDB; every change goes through the programme's workflow as an Update,
 * so the caller gets a real answer: done, or why not.
 */
import { createHash, randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Hono } from 'hono';
import { z } from 'zod';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { ProgramRecord } from '../../domain/program.js';
import { commentSchema, programmeDate, proposalSchemaFor, revisionSchemaFor, type ProposalReferences } from '../../domain/proposal.js';
import { actorOf, refusal, type Action, type Person } from '../../domain/roles.js';
import { decisions, isDecisionStage, isEnded, stageLabels, stages } from '../../domain/stages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';
import { verifyAnchoredTrail, verifyEventChain, type ChainVerdict, type ProgramItems } from '../../store/index.js';
import {
  auditAnchor,
  cancel,
  decide,
  extendDeadline,
  proposalRecorded,
  resubmit,
  withdraw,
  workflowIdOf,
  type DecisionInput,
} from '../../workflows/messages.js';
import type { AppDeps, AppEnv } from '../context.js';
import { loadProgram as loadProgramOf, loadProgramItems, loadProgramScope } from '../load-program.js';
import type { ActingFor } from '../../domain/offices.js';
import { actingForAwaited, officialsActedFor } from '../acting-officials.js';
import { ProblemError, toProblem } from '../problem.js';
import { answeredBefore, isConflict, parsedIdempotencyKey, requestIdOf, updateProgram, withinUpdateDeadline } from '../updates.js';
import { requireJson, validated, validatedWith } from '../validation.js';
import { loadProposalReferences, revisionReferences } from '../proposal-references.js';
import { isOverdue, listItem, loadProgramView, programView } from '../program-view.js';
import { overdueWorkingDays, workingCalendar } from '../progress-view.js';

const listQuery = z.strictObject({
  opdId: z.string().max(64).optional(),
  stage: z.enum(stages).optional(),
  dimension: z.string().max(64).optional(),
  quickWin: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});

const decisionBody = z.strictObject({
  decision: z.enum(decisions),
  comment: commentSchema.default(''),
  /** The stage occurrence the decision is meant for; defaults to the current one. */
  stageSeq: z.number().int().min(1).optional(),
});

const reasonBody = z.strictObject({ reason: commentSchema.pipe(z.string().min(1, 'say why')) });

const deadlineBody = z.strictObject({
  dueDate: programmeDate,
  reason: commentSchema.pipe(z.string().min(1, 'say why')),
  /** The stage occurrence meant; defaults to the current one. */
  stageSeq: z.number().int().min(1).optional(),
});

export const requestHashOf = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

/** A fresh id, or with an Idempotency-Key the same id for the same person and key. */
export function programIdFor(person: Person, key: string | undefined): string {
  const bytes = key ? createHash('sha256').update(`${person.id}\n${key}`).digest() : randomBytes(10);
  return bytes.subarray(0, 10).toString('hex');
}

/** A reader of the audit trail waits this long for the workflow's count before the answer goes without it. */
const anchorDeadlineMs = 5_000;

export function programRoutes(deps: AppDeps) {
  const { store, temporal } = deps;
  const handleOf = (programId: string) => temporal.workflow.getHandle(workflowIdOf(programId));

  const loadProgram = (id: string) => loadProgramOf(store, id);
  const loadItems = (id: string) => loadProgramItems(store, id);

  const detail = (items: ProgramItems) => programView(deps, items);

  async function check(person: Person, action: Action, program: ProgramRecord): Promise<void> {
    const why = refusal(person, action, await loadProgramScope(store, program));
    if (why) throw new ProblemError(403, 'Not allowed', why);
  }

  /**
   * Whether this person may decide now: the stage awaits them (as the workflow's validator
   * checks). Someone who was asked to decide the stage that just ended (or the occurrence named
   * by stageSeq) gets 409 with who decided; anyone else 403.
   */
  async function checkDecider(person: Person, program: ProgramRecord, stageSeq: number | undefined, actingFor: ActingFor | null): Promise<void> {
    if (!isDecisionStage(program.stage)) {
      throw new ProblemError(409, 'Not possible in this stage', `programme is in stage ${program.stage}; there is nothing to decide`);
    }
    const asked = stageSeq ?? program.stageSeq;
    // A Plt./Plh. in force for an awaited official decides for them.
    const awaited = program.awaiting.some((a) => a.userId === person.id) || actingFor !== null;
    if (awaited && asked === program.stageSeq) return;
    // Without a stageSeq the person most likely meant the stage that just ended.
    const earlier = stageSeq === undefined ? program.stageSeq - 1 : asked;
    const ended = earlier >= 1 && earlier < program.stageSeq ? await store.programs.getStage(program.id, earlier) : null;
    if (ended?.outcome && ended.assignees.some((a) => a.userId === person.id)) {
      const o = ended.outcome;
      throw new ProblemError(409, 'Already decided', `${stageLabels[ended.stage]} was already decided (${o.result}) by ${o.by.name} at ${o.at}`);
    }
    if (awaited) throw new ProblemError(409, 'Not possible in this stage', `stage occurrence ${asked} is not the open one (${program.stageSeq})`);
    throw new ProblemError(403, 'Not allowed', refusal(person, 'decide', await loadProgramScope(store, program)) ?? 'this decision is not yours to take');
  }

  /** The OPDs, dimensions, sub-dimensions and quick wins a proposal may name, as they are stored now. */
  const proposalReferences = async (): Promise<ProposalReferences> => (await loadProposalReferences(store)).refs;

  /** Another instance may have stored the programme a moment ago: wait until the workflow says it is recorded. */
  async function recorded(programId: string): Promise<ProgramItems> {
    await withinUpdateDeadline(temporal, () => handleOf(programId).executeUpdate(proposalRecorded));
    const items = await store.programs.readProgram(programId);
    if (!items) throw new Error(`programme ${programId} recorded but not in the store`);
    return items;
  }

  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      c.set('person', await deps.auth.personOf(c.req.header('authorization')));
      if (c.req.method === 'POST') requireJson(c.req.header('content-type'));
      await next();
    })

    .post(
      '/',
      validatedWith('json', async () => proposalSchemaFor(await proposalReferences())),
      async (c) => {
        const person = c.get('person');
        const proposal = c.req.valid('json');
        const why = refusal(person, 'propose', { opdId: proposal.opdId, stage: 'diskominfo_review' }, await officialsActedFor(deps.store, person));
        if (why) throw new ProblemError(403, 'Not allowed', why);

        const keyHeader = c.req.header('idempotency-key');
        if (keyHeader !== undefined) parsedIdempotencyKey(keyHeader);
        const programId = programIdFor(person, keyHeader);
        const requestHash = requestHashOf(proposal);
        try {
          await temporal.workflow.start<typeof programWorkflow>('programWorkflow', {
            workflowId: workflowIdOf(programId),
            taskQueue: deps.taskQueue,
            args: [{ programId, proposal, proposer: actorOf(person), requestHash }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (e) {
          if (!(e instanceof WorkflowExecutionAlreadyStartedError) || keyHeader === undefined) throw e;
          const existing = await recorded(programId);
          // The id is derived from the person and key, so only the proposer can name it; checked all the same.
          if (existing.program.proposer.userId !== person.id || existing.program.requestHash !== requestHash) {
            throw new ProblemError(422, 'Idempotency-Key reused', 'this Idempotency-Key was already used with a different proposal');
          }
          c.header('Idempotent-Replayed', 'true');
          c.header('Location', `/v1/programs/${programId}`);
          return c.json(await detail(existing), 200);
        }
        const location = `/v1/programs/${programId}`;
        c.header('Location', location);
        let program: ProgramItems;
        try {
          program = await recorded(programId);
        } catch (e) {
          if (toProblem(e).status !== 503) throw e; // not "Temporal did not answer in time (or at all)"
          // The workflow started, so the programme exists and will be recorded: say where, rather
          // than fail and have a client without an Idempotency-Key propose it a second time.
          c.header('Retry-After', '2');
          return c.json(
            { id: programId, status: 'pending' as const, location, detail: 'the programme was created and is being recorded; GET its location shortly' },
            202,
          );
        }
        return c.json(await detail(program), 201);
      },
    )

    .get('/', validated('query', listQuery), async (c) => {
      const why = refusal(c.get('person'), 'view');
      if (why) throw new ProblemError(403, 'Not allowed', why);
      const q = c.req.valid('query');
      const now = new Date();
      const page = await store.programs.listPrograms(
        { opdId: q.opdId, stage: q.stage, dimension: q.dimension, quickWin: q.quickWin, overdueAt: q.overdue ? now.toISOString() : undefined },
        { limit: q.limit, cursor: q.cursor },
      );
      // overdue=false means "not overdue": the store filters the other way only.
      const calendar = await workingCalendar(store);
      const items = page.items
        .map((p) => ({ ...listItem(p, now), overdueWorkingDays: isOverdue(p, now) && p.dueDate ? overdueWorkingDays(calendar, p.dueDate, now) : 0 }))
        .filter((p) => q.overdue !== false || !p.overdue);
      return c.json({ items, nextCursor: page.nextCursor });
    })

    .get('/:id', async (c) => c.json(await loadProgramView(deps, c.req.param('id'), c.get('person'))))

    .get('/:id/events', async (c) => {
      const { program, events } = await loadItems(c.req.param('id'));
      await check(c.get('person'), 'view', program);
      return c.json({ programId: program.id, items: events, chain: verifyEventChain(events), anchored: await anchoredVerdict(program.id, events) });
    })

    .post('/:id/decisions', validated('json', decisionBody), async (c) => {
      const person = c.get('person');
      const body = c.req.valid('json');
      const program = await loadProgram(c.req.param('id'));
      const key = c.req.header('idempotency-key');
      const requestId = requestIdOf(key, 'decide', person.id);
      const awaitedHimself = program.awaiting.some((a) => a.userId === person.id);
      const actingFor = awaitedHimself ? null : await actingForAwaited(store, person, program.awaiting);
      const update = {
        args: [
          {
            requestId,
            stageSeq: body.stageSeq ?? program.stageSeq,
            decision: body.decision,
            comment: body.comment,
            actor: actorOf(person),
            channel: 'api',
            ...(actingFor ? { actingFor } : {}),
          },
        ] satisfies [DecisionInput],
        updateId: requestId,
      };
      try {
        await checkDecider(person, program, body.stageSeq, actingFor);
      } catch (refused) {
        // A retry whose first attempt went through (its answer lost) finds the stage decided (or
        // the programme ended) by this very request: with the same Idempotency-Key it gets the
        // first answer again.
        const first =
          key !== undefined && isConflict(refused)
            ? await answeredBefore(deps, program.id, decide, update, { personId: person.id, answeredTo: (first) => first.by.userId })
            : null;
        if (!first) throw refused;
        c.header('Idempotent-Replayed', 'true');
        return c.json({ result: first, program: await detail(await loadItems(program.id)) });
      }
      const result = await updateProgram(deps, program.id, decide, update);
      return c.json({ result, program: await detail(await loadItems(program.id)) });
    })

    .post(
      '/:id/revisions',
      validatedWith('json', async (c) => revisionSchemaFor(revisionReferences(await proposalReferences(), await loadProgram(c.req.param('id') ?? '')))),
      async (c) => {
        const person = c.get('person');
        const { comment, ...proposal } = c.req.valid('json');
        const program = await loadProgram(c.req.param('id'));
        await check(person, 'resubmit', program);
        if (program.stage !== 'revision')
          throw new ProblemError(409, 'Not possible in this stage', `programme is in stage ${program.stage}; only a programme in revision can be resubmitted`);
        const requestId = requestIdOf(c.req.header('idempotency-key'), 'resubmit', person.id);
        const result = await updateProgram(deps, program.id, resubmit, {
          args: [{ requestId, proposal, comment: comment ?? '', actor: actorOf(person), channel: 'api' }],
          updateId: requestId,
        });
        return c.json({ result, program: await detail(await loadItems(program.id)) });
      },
    )

    .post('/:id/deadline', validated('json', deadlineBody), async (c) => {
      const person = c.get('person');
      const body = c.req.valid('json');
      const program = await loadProgram(c.req.param('id'));
      await check(person, 'extend_deadline', program);
      if (isEnded(program.stage)) throw new ProblemError(409, 'Not possible in this stage', `programme has already ended (${program.stage})`);
      const requestId = requestIdOf(c.req.header('idempotency-key'), 'deadline', person.id);
      const result = await updateProgram(deps, program.id, extendDeadline, {
        args: [{ requestId, stageSeq: body.stageSeq ?? program.stageSeq, dueDate: body.dueDate, reason: body.reason, actor: actorOf(person), channel: 'api' }],
        updateId: requestId,
      });
      return c.json({ result, program: await detail(await loadItems(program.id)) });
    })

    .post('/:id/withdraw', validated('json', reasonBody), async (c) =>
      endEarly(c.get('person'), c.req.param('id'), 'withdraw', c.req.valid('json').reason, c.req.header('idempotency-key')).then((body) => c.json(body)),
    )

    .post('/:id/cancel', validated('json', reasonBody), async (c) =>
      endEarly(c.get('person'), c.req.param('id'), 'cancel', c.req.valid('json').reason, c.req.header('idempotency-key')).then((body) => c.json(body)),
    );

  /**
   * The trail checked against how many events the programme's workflow says it wrote (its
   * `auditAnchor` Query): the newest events removed show here, not in the plain chain. Null
   * when the workflow does not answer (Temporal away); the seals need the worker's key
   * (`npm run verify-audit`). A step being recorded at that moment can make the store one event
   * short: ask again.
   */
  async function anchoredVerdict(programId: string, events: ProgramItems['events']): Promise<(ChainVerdict & { eventCount: number }) | null> {
    let eventCount: number;
    try {
      const handle = deps.temporal.workflow.getHandle(workflowIdOf(programId));
      ({ eventCount } = await deps.temporal.withDeadline(Date.now() + anchorDeadlineMs, () => handle.query(auditAnchor)));
    } catch {
      return null;
    }
    return { ...verifyAnchoredTrail(events, { eventCount }), eventCount };
  }

  async function endEarly(person: Person, id: string, action: 'withdraw' | 'cancel', reason: string, key: string | undefined) {
    const program = await loadProgram(id);
    await check(person, action, program);
    if (isEnded(program.stage)) throw new ProblemError(409, 'Not possible in this stage', `programme has already ended (${program.stage})`);
    const requestId = requestIdOf(key, action, person.id);
    const result = await updateProgram(deps, program.id, action === 'withdraw' ? withdraw : cancel, {
      args: [{ requestId, reason, actor: actorOf(person), channel: 'api' }],
      updateId: requestId,
    });
    return { result, program: await detail(await loadItems(program.id)) };
  }
}
