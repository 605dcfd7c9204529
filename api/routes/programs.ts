/**
 * /v1/programs: propose, read, list, and act on programmes as a signed-in member of staff.
 * Reads come from DynamoDB; every change goes through the programme's workflow as an Update,
 * so the caller gets a real answer: done, or why not.
 */
import { createHash, randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { ProgramRecord } from '../../domain/program.js';
import {
  commentSchema,
  programmeDate,
  proposalSchema,
  proposalSchemaFor,
  revisionSchema,
  revisionSchemaFor,
  type ProposalReferences,
} from '../../domain/proposal.js';
import { actorOf, refusal, type Action, type Person } from '../../domain/roles.js';
import { decisions, isDecisionStage, isEnded, stageLabels, stages } from '../../domain/stages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';
import { verifyAnchoredTrail, verifyEventChain, type ChainVerdict, type ProgramItems } from '../../store/index.js';
import { programIdParams, stageSchema } from '../program-view.js';
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
import { signedIn, type AppDeps } from '../context.js';
import { loadProgram as loadProgramOf, loadProgramItems, loadProgramScope } from '../load-program.js';
import type { ActingFor } from '../../domain/offices.js';
import { actingForAwaited, officialsActedFor } from '../acting-officials.js';
import { ProblemError, toProblem } from '../problem.js';
import { answeredBefore, isConflict, parsedIdempotencyKey, requestIdOf, updateProgram, withinUpdateDeadline } from '../updates.js';
import { validatedWith } from '../validation.js';
import { apiRoutes, bearer, idempotencyKey, jsonAnswer, jsonBody, problems, queryOf } from '../documented.js';
import { loadProposalReferences, revisionReferences } from '../proposal-references.js';
import { isOverdue, listItem, loadProgramView, programEventSchema, programListItemSchema, programPageSchema, programView } from '../program-view.js';
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

/** What a change of a programme answers: what the workflow recorded, and the programme as it is now. */
const changedAnswer = (result: z.ZodType) => jsonAnswer('done', z.strictObject({ result, program: programPageSchema }));
const transitionResult = z
  .looseObject({ programId: z.string(), fromStage: stageSchema, toStage: stageSchema, stageSeq: z.number().int(), at: z.string() })
  .describe('the stage left and the stage now open');
const replayNote = 'Sent again with the same Idempotency-Key after it went through, it answers 200 with the first result and Idempotent-Replayed: true.';

const proposeRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Propose a programme (the OPD head of that OPD, or the Plt./Plh. acting for them; OPD staff are refused)',
  security: bearer,
  parameters: [idempotencyKey],
  request: { body: jsonBody(proposalSchema.meta({ id: 'Proposal' })) },
  responses: {
    201: { ...jsonAnswer('the programme, proposed', programPageSchema), headers: { Location: { schema: { type: 'string' } } } },
    200: jsonAnswer('Idempotency-Key replay: the programme already proposed', programPageSchema),
    202: {
      ...jsonAnswer(
        'The programme was created but the workflow service did not confirm in time that it is recorded: it will be. GET the Location shortly (Retry-After); do not propose again.',
        z.strictObject({ id: z.string(), status: z.literal('pending'), location: z.string(), detail: z.string() }),
      ),
      headers: { Location: { schema: { type: 'string' } }, 'Retry-After': { schema: { type: 'integer' } } },
    },
    ...problems(400, 401, 403, 413, 415, 422, 503),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'List programmes',
  description:
    'Newest first; with stage, soonest due first. With overdue=true, the programmes past their due time in any waiting stage (or the stage given), most overdue first. nextCursor pages on; a cursor works only with the query it came from.',
  security: bearer,
  request: { query: queryOf(listQuery) },
  responses: {
    200: jsonAnswer(
      'one page',
      z.strictObject({
        items: z.array(programListItemSchema.extend({ overdueWorkingDays: z.number().int() })),
        nextCursor: z.string().nullable().describe('null on the last page'),
      }),
    ),
    ...problems(400, 401, 403),
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One programme',
  security: bearer,
  request: { params: programIdParams },
  responses: { 200: jsonAnswer('the programme', programPageSchema), ...problems(401, 403, 404) },
});

const chainVerdict = {
  valid: z.boolean(),
  brokenAt: z.number().int().nullable().describe('seq of the first event that is not as written (or the first one missing)'),
};

const eventsRoute = createRoute({
  method: 'get',
  path: '/{id}/events',
  summary:
    'The audit trail, oldest first; whether its hash chain (each event names the SHA-256 of the one before) is intact, and whether it is as long as the programme workflow says it wrote',
  security: bearer,
  request: { params: programIdParams },
  responses: {
    200: jsonAnswer(
      'the trail and its verdicts',
      z.strictObject({
        programId: z.string(),
        items: z.array(programEventSchema),
        chain: z.strictObject(chainVerdict),
        anchored: z
          .strictObject({
            ...chainVerdict,
            reason: z.enum(['changed', 'expiring', 'unsealed', 'missing', 'extra']).nullable(),
            eventCount: z.number().int().describe('how many events the workflow wrote'),
          })
          .nullable()
          .describe(
            "The chain checked against the workflow's count of events (the newest events removed show here); null when the workflow did not answer in time. A step being recorded at that moment can leave the store one event short: ask again.",
          ),
      }),
    ),
    ...problems(401, 403, 404),
  },
});

const decideRoute = createRoute({
  method: 'post',
  path: '/{id}/decisions',
  summary: 'Decide the current review stage',
  description: replayNote,
  security: bearer,
  parameters: [idempotencyKey],
  request: { params: programIdParams, body: jsonBody(decisionBody.meta({ id: 'Decision' })) },
  responses: { 200: changedAnswer(transitionResult), ...problems(400, 401, 403, 404, 409, 415, 422, 503) },
});

const reviseRoute = createRoute({
  method: 'post',
  path: '/{id}/revisions',
  summary: 'Resubmit after request_changes or return',
  security: bearer,
  parameters: [idempotencyKey],
  request: { params: programIdParams, body: jsonBody(revisionSchema.meta({ id: 'Revision' })) },
  responses: { 200: changedAnswer(transitionResult), ...problems(400, 401, 403, 404, 409, 415, 422, 503) },
});

const deadlineRoute = createRoute({
  method: 'post',
  path: '/{id}/deadline',
  summary: 'Extend the deadline of the waiting stage (the secretariat); reminders are planned anew from it',
  security: bearer,
  parameters: [idempotencyKey],
  request: { params: programIdParams, body: jsonBody(deadlineBody) },
  responses: {
    200: changedAnswer(z.looseObject({ programId: z.string(), stageSeq: z.number().int(), dueDate: z.string(), dueAt: z.string() })),
    ...problems(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

const reasonBodyDocumented = reasonBody.meta({ id: 'Reason' });
const endEarlyRoute = (action: 'withdraw' | 'cancel', summary: string) =>
  createRoute({
    method: 'post',
    path: `/{id}/${action}`,
    summary,
    security: bearer,
    parameters: [idempotencyKey],
    request: { params: programIdParams, body: jsonBody(reasonBodyDocumented) },
    responses: { 200: changedAnswer(transitionResult), ...problems(400, 401, 403, 404, 409, 415, 503) },
  });
const withdrawRoute = endEarlyRoute('withdraw', 'Withdraw (the proposing OPD, until signing ends)');
const cancelRoute = endEarlyRoute('cancel', 'Cancel (the secretariat, any stage not ended)');

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

  const routes = apiRoutes();
  routes.use('*', signedIn(deps));

  return routes
    .openapi(
      // The reference data a proposal may name is read per request: checked here with the shape, so every problem comes in one answer.
      { ...proposeRoute, middleware: validatedWith('json', async () => proposalSchemaFor(await proposalReferences())) },
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

    .openapi(listRoute, async (c) => {
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
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    })

    .openapi(readRoute, async (c) => c.json(await loadProgramView(deps, c.req.param('id'), c.get('person')), 200))

    .openapi(eventsRoute, async (c) => {
      const { program, events } = await loadItems(c.req.param('id'));
      await check(c.get('person'), 'view', program);
      return c.json({ programId: program.id, items: events, chain: verifyEventChain(events), anchored: await anchoredVerdict(program.id, events) }, 200);
    })

    .openapi(decideRoute, async (c) => {
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
        return c.json({ result: first, program: await detail(await loadItems(program.id)) }, 200);
      }
      const result = await updateProgram(deps, program.id, decide, update);
      return c.json({ result, program: await detail(await loadItems(program.id)) }, 200);
    })

    .openapi(
      {
        ...reviseRoute,
        middleware: validatedWith('json', async (c) =>
          revisionSchemaFor(revisionReferences(await proposalReferences(), await loadProgram(c.req.param('id') ?? ''))),
        ),
      },
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
        return c.json({ result, program: await detail(await loadItems(program.id)) }, 200);
      },
    )

    .openapi(deadlineRoute, async (c) => {
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
      return c.json({ result, program: await detail(await loadItems(program.id)) }, 200);
    })

    .openapi(withdrawRoute, async (c) =>
      endEarly(c.get('person'), c.req.param('id'), 'withdraw', c.req.valid('json').reason, c.req.header('idempotency-key')).then((body) => c.json(body, 200)),
    )

    .openapi(cancelRoute, async (c) =>
      endEarly(c.get('person'), c.req.param('id'), 'cancel', c.req.valid('json').reason, c.req.header('idempotency-key')).then((body) => c.json(body, 200)),
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
