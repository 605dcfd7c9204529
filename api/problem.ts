/**
 * Errors as application/problem+json (RFC 9457), and the one place that maps domain,
 * store and Temporal errors to HTTP statuses. Bad input is always a 4xx, never a 5xx.
 */
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldProblem } from '../domain/proposal.js';
import { InvalidCursorError } from '../store/index.js';
import { refusalTypes } from '../workflows/messages.js';

export interface Problem {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
  errors?: FieldProblem[];
}

export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    detail: string,
    readonly errors?: FieldProblem[],
  ) {
    super(detail);
  }

  toProblem(): Problem {
    return { type: 'about:blank', title: this.title, status: this.status, detail: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const problemContentType = 'application/problem+json';

/** Seconds a client is asked to wait before trying a 503 again. */
export const retryAfterSeconds = 5;

/** Headers of any problem answer: never cached; a 503 says when to try again. */
export function problemHeaders(status: number): Record<string, string> {
  return {
    'Content-Type': problemContentType,
    'Cache-Control': 'no-store',
    ...(status === 503 ? { 'Retry-After': String(retryAfterSeconds) } : {}),
  };
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status, problemHeaders(problem.status));
}

const refusalStatus: Record<string, { status: ContentfulStatusCode; title: string }> = {
  [refusalTypes.notAllowed]: { status: 403, title: 'Not allowed' },
  [refusalTypes.wrongStage]: { status: 409, title: 'Not possible in this stage' },
  [refusalTypes.alreadyDecided]: { status: 409, title: 'Already decided' },
  [refusalTypes.invalid]: { status: 422, title: 'Request cannot be carried out' },
};

/** The refusal an Update validator threw, if this error carries one. */
function updateRefusal(err: unknown): { type: string; message: string } | null {
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type && cause.type in refusalStatus) return { type: cause.type, message: cause.message };
  return null;
}

const unavailable = (detail: string) => new ProblemError(503, 'Service unavailable', detail);

/** Maps any error to a problem; unknown errors become a 500 without internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof ProblemError) return err.toProblem();
  if (err instanceof HTTPException) {
    const status = err.status;
    return { type: 'about:blank', title: status === 413 ? 'Payload too large' : 'Bad request', status, detail: err.message || 'request rejected' };
  }
  if (err instanceof InvalidCursorError) return new ProblemError(400, 'Invalid cursor', err.message).toProblem();
  const refusal = updateRefusal(err);
  if (refusal) {
    const { status, title } = refusalStatus[refusal.type]!;
    return new ProblemError(status, title, refusal.message).toProblem();
  }
  if (err instanceof WorkflowNotFoundError) return new ProblemError(404, 'Not found', 'no such programme').toProblem();
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new ProblemError(409, 'Already exists', 'this programme was already proposed').toProblem();
  // Checked before ServiceError: the Update was sent and may yet be applied; its id makes a retry safe.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return unavailable('the request was not confirmed in time; try again with the same request (it will not be applied twice)').toProblem();
  }
  if (err instanceof ServiceError || isGrpcServiceError(err)) return unavailable('the workflow service is not reachable; try again shortly').toProblem();
  if (err instanceof Error && /ECONNREFUSED|ETIMEDOUT|socket hang up|TimeoutError/.test(`${err.name} ${err.message}`)) {
    return unavailable('a backing service is not reachable; try again shortly').toProblem();
  }
  return { type: 'about:blank', title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it has been logged' };
}
