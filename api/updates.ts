/** Asking a programme's workflow to do something a person asked for. */
import { randomUUID } from 'node:crypto';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError, type WorkflowUpdateOptions } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { isEnded } from '../domain/stages.js';
import { workflowIdOf } from '../workflows/messages.js';
import type { AppDeps } from './context.js';
import { loadProgramScope } from './load-program.js';
import { ProblemError } from './problem.js';

const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/**
 * The id of the Update a request sends: from its `Idempotency-Key` (so sending the request again
 * names the same Update), or a fresh one. `action:person:key`, with the person id URI-encoded
 * so it holds no `:`: two people's keys, or one person's keys for two actions, never give the
 * same id (person ids may contain `-`, which is why an id joined with `-` was ambiguous). Ids
 * are opaque to the workflow (it only keeps its recent answers by id), so ids of requests
 * answered under an older form need no migration.
 */
export function requestIdOf(header: string | undefined, action: RequestAction, personId: string): string {
  const scope = `${action}:${encodeURIComponent(personId)}`;
  if (header === undefined) return `${scope}:${randomUUID()}`;
  return `${scope}:${parsedIdempotencyKey(header)}`;
}

/** The actions a person's request can name, each its own id space. */
export type RequestAction = 'propose' | 'decide' | 'resubmit' | 'deadline' | 'withdraw' | 'cancel' | 'sign' | 'report';

/** The `Idempotency-Key` header, checked: 1-200 printable ASCII characters. */
export function parsedIdempotencyKey(header: string): string {
  const parsed = idempotencyKey.safeParse(header);
  if (!parsed.success) {
    throw new ProblemError(400, 'Invalid request', 'Idempotency-Key must be 1-200 printable ASCII characters', [
      { path: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  return parsed.data;
}

// gRPC status codes the server answers an Update with under load.
const resourceExhausted = 8; // more than 10 Updates in flight on one workflow
const unavailable = 14; // "workflow update was aborted": not accepted, safe to send again
const attempts = 3;

/**
 * How long a person waits for Temporal to confirm an Update before being told to try again
 * (503 with Retry-After). Without a deadline a click during a Temporal outage hangs until the
 * server is back. The Update may still be applied after the deadline: every Update carries an
 * id (link or Idempotency-Key), so trying again answers with its result instead of acting twice.
 */
export const updateDeadlineMs = 20_000;

/** Runs `call` (Temporal requests only) with the deadline above. */
export function withinUpdateDeadline<T>(temporal: Pick<AppDeps['temporal'], 'withDeadline'>, call: () => Promise<T>): Promise<T> {
  return temporal.withDeadline(Date.now() + updateDeadlineMs, call);
}

const grpcCodeOf = (e: unknown): number | undefined => {
  const cause = e instanceof ServiceError ? e.cause : e;
  return isGrpcServiceError(cause) ? cause.code : undefined;
};

/**
 * A person's request (one naming its `actor`) with the OPD that acts for the programme today
 * (`Request.actingOpdId`): the workflow cannot read the OPD list, and after a merge the people
 * of the OPD it was merged into act for the programme. A request that names it already (the
 * route read the programme and the OPDs with everything else) is sent as it is.
 */
async function withActingOpd<Args extends [unknown, ...unknown[]]>(deps: Pick<AppDeps, 'store'>, programId: string, args: Args): Promise<Args> {
  const [request, ...rest] = args;
  if (typeof request !== 'object' || request === null || !('actor' in request)) return args;
  if ('actingOpdId' in request && typeof request.actingOpdId === 'string') return args;
  const program = await deps.store.programs.getProgram(programId);
  if (!program) return args;
  const { opdId } = await loadProgramScope(deps.store, program);
  return [{ ...request, actingOpdId: opdId }, ...rest] as Args;
}

/**
 * Executes an Update on a programme the route has just read from the store; `updateId` is
 * required, so sending it again is safe. Under concurrency the server may abort an Update
 * before accepting it (sent again, up to 3 times) or refuse it because 10 others are in flight
 * (a 409, like the workflow's own "another request is being recorded"). The run may have
 * continued as new meanwhile (sent again to the next run, within the same 3 attempts; then a
 * 503 to try again), or the workflow closed because a concurrent request ended the programme:
 * a 409 saying how it ended, not a 404 for a programme that exists. Past `updateDeadlineMs` the call fails with
 * WorkflowUpdateRPCTimeoutOrCancelledError, which api/problem.ts answers with a 503.
 */
export async function updateProgram<Ret, Args extends [unknown, ...unknown[]]>(
  deps: Pick<AppDeps, 'store' | 'temporal'>,
  programId: string,
  update: UpdateDefinition<Ret, Args>,
  options: WorkflowUpdateOptions & { args: Args; updateId: string },
): Promise<Ret> {
  const handle = deps.temporal.workflow.getHandle(workflowIdOf(programId));
  const sent = { ...options, args: await withActingOpd(deps, programId, options.args) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await withinUpdateDeadline(deps.temporal, () => handle.executeUpdate(update, sent));
    } catch (e) {
      const code = grpcCodeOf(e);
      if (code === unavailable && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        continue;
      }
      if (code === resourceExhausted) {
        throw new ProblemError(409, 'Request in progress', 'another request for this programme is being recorded; try again in a moment');
      }
      if (!(e instanceof WorkflowNotFoundError)) throw e;
      const program = await deps.store.programs.getProgram(programId);
      if (!program) throw e;
      // Not ended: the run continued as new while the Update was on its way (a programme's run
      // does once its history passes a threshold). The next run answers it: a request id it
      // has answered already gets that answer again, so sending it again is safe.
      if (!isEnded(program.stage)) {
        if (attempt < attempts) continue;
        throw new ProblemError(
          503,
          'Service unavailable',
          'the request was not confirmed in time; try again with the same request (it will not be applied twice)',
        );
      }
      throw new ProblemError(409, 'Not possible in this stage', `programme has already ended (${program.stage})`);
    }
  }
}

/**
 * Whether the route refused a request as done already or no longer possible (409): what the
 * retry of a request that went through is told (the stage has moved on, or the programme ended).
 */
export const isConflict = (e: unknown) => e instanceof ProblemError && e.status === 409;

/**
 * The answer the programme's workflow gave to this request id before, or null when it gave
 * none, or gave it to someone other than the asker. A request refused because it already
 * happened ("already decided", "already signed") may be the retry of one whose answer was lost;
 * sent again with the same id, the workflow answers a request it has answered from what it kept
 * (Temporal deduplicates the Update id too) and refuses any other, which here means "not a
 * replay". The id names the asker already (`requestIdOf`); `answeredTo` reads who the first
 * answer was for, so an answer is never handed to another person whatever the id.
 */
export async function answeredBefore<Ret, Args extends [unknown, ...unknown[]]>(
  deps: Pick<AppDeps, 'store' | 'temporal'>,
  programId: string,
  update: UpdateDefinition<Ret, Args>,
  options: { args: Args; updateId: string },
  asker: { personId: string; answeredTo: (first: Ret) => string },
): Promise<Ret | null> {
  let first: Ret;
  try {
    first = await updateProgram(deps, programId, update, options);
  } catch (e) {
    if (e instanceof ProblemError || e instanceof WorkflowUpdateFailedError || e instanceof WorkflowNotFoundError) return null;
    throw e;
  }
  return asker.answeredTo(first) === asker.personId ? first : null;
}
