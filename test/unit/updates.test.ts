/**
 * How an Update a person asked for is answered when Temporal pushes back under load or the
 * workflow has just closed (api/updates.ts): the e2e tier met each of these at 150-300
 * concurrent decisions on one programme, answered then as 503s and 404s. A stand-in client
 * replays the server's exact errors.
 */
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ProblemError, problemHeaders, retryAfterSeconds, toProblem } from '../../api/problem.js';
import { answeredBefore, requestIdOf, updateDeadlineMs, updateProgram } from '../../api/updates.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { Opd } from '../../domain/roles.js';
import type { Store } from '../../store/index.js';
import { decide, type DecisionInput } from '../../workflows/messages.js';

const grpcError = (code: number, details: string) =>
  new ServiceError('Workflow Update failed', { cause: Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} }) });

/** A client whose Update answers are `outcomes` in turn (an Error is thrown); counts the calls. */
function stub(outcomes: unknown[], stage: ProgramRecord['stage'] | null = 'rejected', opds: Opd[] = []) {
  let calls = 0;
  const deadlines: number[] = [];
  const sent: unknown[] = [];
  const temporal = {
    withDeadline: (deadline: number, fn: () => Promise<unknown>) => {
      deadlines.push(deadline);
      return fn();
    },
    workflow: {
      getHandle: () => ({
        executeUpdate: (_update: unknown, options: { args: unknown[] }) => {
          sent.push(options.args[0]);
          const next = outcomes[calls++];
          return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
        },
      }),
    },
  } as unknown as Client;
  const store = {
    programs: { getProgram: () => Promise.resolve(stage ? ({ stage, proposal: { opdId: 'distan' } } as ProgramRecord) : null) },
    roster: { listOpds: () => Promise.resolve(opds) },
  } as unknown as Store;
  return { deps: { temporal, store }, calls: () => calls, deadlines, sent };
}

const decision: DecisionInput = {
  requestId: 'r1',
  stageSeq: 1,
  decision: 'approve',
  comment: '',
  actor: { userId: 'u', name: 'U', title: 'T', roles: [], opdId: null },
  channel: 'api',
};
const input = { args: [decision] as [DecisionInput], updateId: 'r1' };

async function problemOf(run: Promise<unknown>) {
  return toProblem(await run.then(() => new Error('no error')).catch((e: unknown) => e));
}

describe('updateProgram', () => {
  it('answers the result when the workflow accepts', async () => {
    const { deps } = stub(['done']);
    expect(await updateProgram(deps, 'p1', decide, input)).toBe('done');
  });

  it("sends a person's request with the OPD acting for the programme today", async () => {
    const merged: Opd[] = [
      { id: 'distan', abbr: 'Distan', name: 'Dinas Pertanian', mergedInto: 'dpkp', mergedOn: '2026-12-03' },
      { id: 'dpkp', abbr: 'DPKP', name: 'Dinas Pangan dan Ketahanan Pangan' },
    ];
    const { deps, sent } = stub(['done'], 'sekda_approval', merged);

    await updateProgram(deps, 'p1', decide, input);

    expect(sent).toEqual([{ ...decision, actingOpdId: 'dpkp' }]);
  });

  it('sends a request that names its acting OPD already (the route read the OPDs) as it is', async () => {
    const merged: Opd[] = [
      { id: 'distan', abbr: 'Distan', name: 'Dinas Pertanian', mergedInto: 'dpkp', mergedOn: '2026-12-03' },
      { id: 'dpkp', abbr: 'DPKP', name: 'Dinas Pangan dan Ketahanan Pangan' },
    ];
    const { deps, sent } = stub(['done'], 'sekda_approval', merged);
    const named = { ...decision, actingOpdId: 'distan' };

    await updateProgram(deps, 'p1', decide, { args: [named], updateId: 'r1' });

    expect(sent).toEqual([named]);
  });

  it('more than 10 Updates in flight on the workflow: a 409, not a 503', async () => {
    const { deps } = stub([grpcError(8, 'limit on number of concurrent in-flight updates has been reached (10)')]);
    const problem = await problemOf(updateProgram(deps, 'p1', decide, input));
    expect(problem.status).toBe(409);
    expect(problem.detail).toMatch(/another request/);
  });

  it('an Update the server aborted before accepting it is sent again, up to 3 times', async () => {
    const aborted = () => grpcError(14, 'workflow update was aborted');
    const twice = stub([aborted(), aborted(), 'done']);
    expect(await updateProgram(twice.deps, 'p1', decide, input)).toBe('done');
    expect(twice.calls()).toBe(3);

    const always = stub([aborted(), aborted(), aborted(), 'never']);
    expect((await problemOf(updateProgram(always.deps, 'p1', decide, input))).status).toBe(503);
    expect(always.calls()).toBe(3);
  });

  it('a workflow that closed meanwhile: a 409 saying how the programme ended; an unknown one stays a 404', async () => {
    const closed = stub([new WorkflowNotFoundError('workflow execution already completed', 'program-p1', undefined)], 'rejected');
    const problem = await problemOf(updateProgram(closed.deps, 'p1', decide, input));
    expect(problem).toMatchObject({ status: 409, detail: 'programme has already ended (rejected)' });

    const missing = stub([new WorkflowNotFoundError('not found', 'program-p1', undefined)], null);
    expect((await problemOf(updateProgram(missing.deps, 'p1', decide, input))).status).toBe(404);
  });

  it('a run that continued as new while the Update was on its way: sent again to the next run, within the same 3 attempts, then a 503', async () => {
    const moved = () => new WorkflowNotFoundError('update "r1" not found', 'program-p1', undefined);
    const once = stub([moved(), 'done'], 'sekda_approval');
    expect(await updateProgram(once.deps, 'p1', decide, input)).toBe('done');
    expect(once.calls()).toBe(2);

    const always = stub([moved(), moved(), moved(), 'never'], 'sekda_approval');
    expect((await problemOf(updateProgram(always.deps, 'p1', decide, input))).status).toBe(503);
    expect(always.calls()).toBe(3);
  });

  it('other failures pass through unchanged', async () => {
    const boom = new ProblemError(422, 'Request cannot be carried out', 'no');
    const { deps } = stub([boom]);
    await expect(updateProgram(deps, 'p1', decide, input)).rejects.toBe(boom);
  });

  it('every attempt has a deadline; past it the person is told to try again (503 with Retry-After), not a 500', async () => {
    const timedOut = new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded', { cause: new Error('4 DEADLINE_EXCEEDED') });
    const { deps, deadlines } = stub([timedOut]);
    const sentAt = Date.now();
    const problem = await problemOf(updateProgram(deps, 'p1', decide, input));
    expect(problem.status).toBe(503);
    expect(problem.detail).toMatch(/not be applied twice/);
    expect(problemHeaders(problem.status)).toMatchObject({ 'Retry-After': String(retryAfterSeconds) });
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]! - sentAt).toBeGreaterThanOrEqual(updateDeadlineMs - 50);
    expect(deadlines[0]! - sentAt).toBeLessThanOrEqual(updateDeadlineMs + 1000);
  });
});

describe('requestIdOf', () => {
  it('keeps two people apart whose ids and keys, joined with "-", would read the same', () => {
    // 'kadis-kesehatan' + 'x' and 'kadis' + 'kesehatan-x' both joined to 'decide-kadis-kesehatan-x'.
    expect(requestIdOf('x', 'decide', 'kadis-kesehatan')).not.toBe(requestIdOf('kesehatan-x', 'decide', 'kadis'));
  });

  it('keeps them apart when a person id holds the separator itself', () => {
    expect(requestIdOf('c', 'decide', 'a:b')).not.toBe(requestIdOf('b:c', 'decide', 'a'));
  });

  it('gives the same id to the same person, action and key', () => {
    expect(requestIdOf('k-1', 'sign', 'sekda')).toBe(requestIdOf('k-1', 'sign', 'sekda'));
  });

  it("keeps one person's key apart across actions", () => {
    expect(requestIdOf('k-1', 'sign', 'sekda')).not.toBe(requestIdOf('k-1', 'decide', 'sekda'));
  });

  it('refuses a key with a space with a 400 naming the header', () => {
    expect(() => requestIdOf('two words', 'decide', 'sekda')).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'Idempotency-Key' })] }),
    );
  });
});

describe('answeredBefore', () => {
  const answeredTo = (first: { by: { userId: string } }) => first.by.userId;

  it('hands the first answer back to the person it was given to', async () => {
    const first = { by: { userId: 'sekda' } };
    const { deps } = stub([first]);

    expect(await answeredBefore(deps, 'p1', decide, input, { personId: 'sekda', answeredTo })).toBe(first);
  });

  it('never hands it to someone else, whatever the id', async () => {
    const { deps } = stub([{ by: { userId: 'sekda' } }]);

    expect(await answeredBefore(deps, 'p1', decide, input, { personId: 'bupati', answeredTo })).toBeNull();
  });
});
