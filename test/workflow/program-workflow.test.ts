/**
 * The programme workflow's orchestration against a real Temporal server (the dev server
 * built from the Temporal CLI's Go module). Activities here only record what the workflow
 * asked for: this tier checks the order of effects and the Update validators; the end-to-end
 * tier runs the real activities against dynalite and SMTP.
 */
import { defaultEscalationPolicy } from '../../domain/escalation.js';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities, type ActivityDeps, type EnterStageInput } from '../../activities/index.js';
import { ensureTemporalCli } from '../../dev/temporal-cli.js';
import type { Assignee } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { Actor } from '../../domain/roles.js';
import type { Stage } from '../../domain/stages.js';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';
import { cancel, decide, programState, proposalRecorded, resubmit, withdraw, workflowIdOf, type ProgramWorkflowInput } from '../../workflows/messages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';

const proposal: Proposal = {
  title: 'Telemedisin Puskesmas',
  summary: 'Konsultasi jarak jauh puskesmas dan RSUD.',
  opdId: 'dinkes',
  dimension: 'living',
  quickWin: true,
  budgetIdr: 750_000_000,
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  reportingCadence: 'monthly',
  kpis: [{ name: 'Puskesmas terhubung', unit: 'unit', target: 10 }],
};

const actor = (userId: string, roles: Actor['roles'], opdId: string | null): Actor => ({ userId, name: userId, title: userId, roles, opdId });
const kadisKesehatan = actor('kadis-kesehatan', ['opd_head'], 'dinkes');
const stafKesehatan = actor('staf-kesehatan', ['opd_staff'], 'dinkes');
const reviewer = actor('reviewer-kominfo-1', ['diskominfo_reviewer'], 'diskominfo');
const sekda = actor('sekda', ['sekda'], 'setda');
const secretariat = actor('sekretariat-1', ['secretariat'], 'setda');
/** Claims the reviewer role in its request; the roster (the activity that records the decision) says otherwise. */
const formerReviewer = actor('reviewer-kominfo-2', ['diskominfo_reviewer'], 'diskominfo');

const assignee = (a: Actor): Assignee => ({ userId: a.userId, name: a.name, title: a.title });
const awaitingFor: Partial<Record<Stage, Assignee[]>> = {
  diskominfo_review: [assignee(reviewer)],
  sekda_approval: [assignee(sekda)],
  revision: [assignee(kadisKesehatan)],
};

type Call = { name: string; input: unknown };

/** Stages whose opening (`enterStage`) waits until the test lets it go, by "programme stage". */
const openingHeld = new Map<string, Promise<void>>();

/**
 * Activities that only record what the workflow asked for, per programme. Stages are entered
 * with fixed assignees and a due day far ahead, so no reminder falls due (the time-skipping
 * tier covers those with the real activities).
 */
function recordingActivities(calls: Map<string, Call[]>): Activities {
  const record = (name: string, input: unknown) => {
    // The holiday years and the escalation policy are asked for without an input: kept under '(none)'.
    const i = (input ?? {}) as { programId?: string; report?: { programId: string } };
    const programId = i.programId ?? i.report?.programId ?? '(none)';
    calls.set(programId, [...(calls.get(programId) ?? []), { name, input }]);
  };
  const answers: Partial<Record<keyof Activities, (input: never) => unknown>> = {
    // A due day a month ahead: no reminder falls due while a test runs.
    enterStage: async (i: EnterStageInput) => {
      await openingHeld.get(`${i.programId} ${i.stage}`);
      const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      return { assignees: awaitingFor[i.stage] ?? [], dueAt: `${dueDate}T17:00:00.000Z`, dueDate, signing: null, eventHash: `hash-${i.eventSeq}` };
    },
    holidayYears: () => [],
    escalationPolicy: () => defaultEscalationPolicy,
    closeStage: (i: { event: { seq: number; actor: { userId: string } | null } }) => {
      if (i.event.actor?.userId === formerReviewer.userId)
        throw ApplicationFailure.nonRetryable('you no longer hold the role diskominfo_reviewer', 'NotAllowed');
      return { eventHash: `hash-${i.event.seq}` };
    },
  };
  // The real activity names, from the real factory (its dependencies are never touched here).
  const names = Object.keys(createActivities({ publicBaseUrl: 'http://test' } as ActivityDeps)) as (keyof Activities)[];
  return Object.fromEntries(
    names.map((name) => [
      name,
      (input: never) => {
        record(name, input);
        return Promise.resolve(answers[name]?.(input));
      },
    ]),
  ) as unknown as Activities;
}

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const calls = new Map<string, Call[]>();
const taskQueue = 'program-workflow-test';

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: await ensureTemporalCli() } } });
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, bundlerOptions, activities: recordingActivities(calls) });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function propose() {
  const programId = randomUUID().replace(/-/g, '').slice(0, 20);
  const input: ProgramWorkflowInput = { programId, proposal, proposer: kadisKesehatan, requestHash: 'hash' };
  const handle = await env.client.workflow.start<typeof programWorkflow>('programWorkflow', { workflowId: workflowIdOf(programId), taskQueue, args: [input] });
  const view = await handle.executeUpdate(proposalRecorded);
  return { programId, handle, view };
}

const decision = (a: Actor, stageSeq: number, d: 'approve' | 'reject' | 'request_changes' | 'return', comment = '') => ({
  requestId: randomUUID(),
  stageSeq,
  decision: d,
  comment,
  actor: a,
  channel: 'api' as const,
});

/** The failure type a refused Update carries. */
async function refusalOf(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

describe('programme workflow', () => {
  it('goes from proposal through review and Sekda approval to signing, recording each step in order', async () => {
    const { programId, handle, view } = await propose();
    expect(view).toMatchObject({ stage: 'diskominfo_review', stageSeq: 1, recorded: true, awaiting: [assignee(reviewer)] });

    const reviewed = await handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'approve', 'layak')] });
    expect(reviewed).toMatchObject({ fromStage: 'diskominfo_review', toStage: 'sekda_approval', stageSeq: 2, by: assignee(reviewer) });
    const approved = await handle.executeUpdate(decide, { args: [decision(sekda, 2, 'approve')] });
    expect(approved).toMatchObject({ fromStage: 'sekda_approval', toStage: 'signing', stageSeq: 3 });

    expect(await handle.query(programState)).toMatchObject({ stage: 'signing', stageSeq: 3 });
    const names = calls.get(programId)!.map((c) => c.name);
    expect(names).toEqual(['recordProposal', 'enterStage', 'closeStage', 'enterStage', 'closeStage', 'enterStage']);
    // Event sequence numbers are consecutive: proposed 1, opened 2, decided 3, opened 4, decided 5, opened 6.
    const seqs = calls
      .get(programId)!
      .flatMap((c) =>
        c.name === 'closeStage' ? [(c.input as { event: { seq: number } }).event.seq] : c.name === 'enterStage' ? [(c.input as EnterStageInput).eventSeq] : [],
      );
    expect(seqs).toEqual([2, 3, 4, 5, 6]);
    // Each event is chained to the hash the activity that wrote the one before returned (the proposal's stand-in returns none).
    const prevHashes = calls
      .get(programId)!
      .flatMap((c) => (c.name === 'closeStage' || c.name === 'enterStage' ? [(c.input as { prevHash?: string }).prevHash ?? null] : []));
    expect(prevHashes).toEqual([null, 'hash-2', 'hash-3', 'hash-4', 'hash-5']);
  });

  it('answers a decision made through its emailed link once it is recorded, before the next stage has opened', async () => {
    const { programId, handle } = await propose();
    let open!: () => void;
    openingHeld.set(`${programId} sekda_approval`, new Promise<void>((resolve) => (open = resolve)));

    const answered = await handle.executeUpdate(decide, { args: [{ ...decision(reviewer, 1, 'approve'), channel: 'link' as const }] });

    expect(answered).toMatchObject({ fromStage: 'diskominfo_review', toStage: 'sekda_approval', stageSeq: 2, by: assignee(reviewer) });
    // The Sekda's stage is still opening: who it awaits is not known yet.
    expect((await handle.query(programState)).awaiting).toEqual([assignee(reviewer)]);
    open();
    await expect.poll(async () => (await handle.query(programState)).awaiting, { timeout: 20_000 }).toEqual([assignee(sekda)]);
  });

  it('refuses what cannot be done now, with a reason type the API maps to a status', async () => {
    const { handle } = await propose();
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(sekda, 1, 'approve')] }))).toBe('NotAllowed');
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(reviewer, 7, 'approve')] }))).toBe('WrongStage');
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'reject')] }))).toBe('InvalidRequest');
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'return', 'bukan tahap ini')] }))).toBe('InvalidRequest');
    expect(await refusalOf(handle.executeUpdate(cancel, { args: [{ requestId: randomUUID(), reason: 'x', actor: kadisKesehatan, channel: 'api' }] }))).toBe(
      'NotAllowed',
    );
    expect(await handle.query(programState)).toMatchObject({ stage: 'diskominfo_review', stageSeq: 1 });
  });

  it('refuses a decision by the proposing OPD, whatever the role the request claims (the Sekda included)', async () => {
    const { handle } = await propose();
    const reviewerOfDinkes = actor('reviewer-dinkes', ['diskominfo_reviewer'], 'dinkes');
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(reviewerOfDinkes, 1, 'approve')] }))).toBe('NotAllowed');
    await handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'approve')] });
    const sekdaOfDinkes = actor('sekda', ['sekda'], 'dinkes');
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(sekdaOfDinkes, 2, 'approve')] }))).toBe('NotAllowed');
    expect(await handle.query(programState)).toMatchObject({ stage: 'sekda_approval', stageSeq: 2 });
  });

  it('answers a decision the roster no longer allows with a refusal, and goes on without a gap in the audit numbering', async () => {
    const { programId, handle } = await propose();
    expect(await refusalOf(handle.executeUpdate(decide, { args: [decision(formerReviewer, 1, 'approve')] }))).toBe('NotAllowed');
    expect(await handle.query(programState)).toMatchObject({ stage: 'diskominfo_review', stageSeq: 1 });

    await handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'approve')] });
    const closes = calls.get(programId)!.filter((c) => c.name === 'closeStage');
    // The refused attempt's event number (3) is the one the accepted decision gets.
    expect(closes.map((c) => (c.input as { event: { seq: number; actor: { userId: string } } }).event)).toMatchObject([
      { seq: 3, actor: { userId: formerReviewer.userId } },
      { seq: 3, actor: { userId: reviewer.userId } },
    ]);
    expect(await handle.query(programState)).toMatchObject({ stage: 'sekda_approval', stageSeq: 2 });
  });

  it('answers a repeated request with the first answer instead of deciding twice', async () => {
    const { programId, handle } = await propose();
    const request = decision(reviewer, 1, 'approve');
    const first = await handle.executeUpdate(decide, { args: [request] });
    const again = await handle.executeUpdate(decide, { args: [request] });
    expect(again).toEqual(first);
    expect(calls.get(programId)!.filter((c) => c.name === 'closeStage')).toHaveLength(1);
  });

  it('sends a proposal back for changes and reviews the resubmitted version from the start', async () => {
    const { programId, handle } = await propose();
    await handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'request_changes', 'lengkapi KPI')] });
    expect(await handle.query(programState)).toMatchObject({ stage: 'revision', stageSeq: 2 });

    const revised = { ...proposal, title: 'Telemedisin Puskesmas (revisi)' };
    const result = await handle.executeUpdate(resubmit, {
      args: [{ requestId: randomUUID(), proposal: revised, comment: 'KPI dilengkapi', actor: stafKesehatan, channel: 'api' }],
    });
    expect(result).toMatchObject({ fromStage: 'revision', toStage: 'diskominfo_review', stageSeq: 3 });
    expect(await handle.query(programState)).toMatchObject({ stage: 'diskominfo_review', proposalVersion: 2 });
    expect(calls.get(programId)!.find((c) => c.name === 'recordRevision')?.input).toMatchObject({ version: 2, proposal: revised });

    // The Sekda may return it too.
    await handle.executeUpdate(decide, { args: [decision(reviewer, 3, 'approve')] });
    await handle.executeUpdate(decide, { args: [decision(sekda, 4, 'return', 'sesuaikan anggaran')] });
    expect(await handle.query(programState)).toMatchObject({ stage: 'revision', stageSeq: 5 });
  });

  it('ends on rejection and on withdrawal, and a finished programme refuses further requests', async () => {
    const rejected = await propose();
    await rejected.handle.executeUpdate(decide, { args: [decision(reviewer, 1, 'reject', 'tidak sesuai RPJMD')] });
    expect(await rejected.handle.result()).toMatchObject({ stage: 'rejected', stageSeq: 2 });
    await expect(rejected.handle.executeUpdate(decide, { args: [decision(reviewer, 2, 'approve')] })).rejects.toThrow();

    const withdrawn = await propose();
    await withdrawn.handle.executeUpdate(withdraw, {
      args: [{ requestId: randomUUID(), reason: 'digabung dengan program lain', actor: kadisKesehatan, channel: 'api' }],
    });
    expect(await withdrawn.handle.result()).toMatchObject({ stage: 'withdrawn' });
    const entered = calls
      .get(withdrawn.programId)!
      .filter((c) => c.name === 'enterStage')
      .at(-1)!.input as EnterStageInput;
    // Those who were asked to act are told the programme ended.
    expect(entered).toMatchObject({ stage: 'withdrawn', writeEvent: false, previousAssignees: [assignee(reviewer)] });

    const cancelled = await propose();
    await cancelled.handle.executeUpdate(cancel, { args: [{ requestId: randomUUID(), reason: 'anggaran dialihkan', actor: secretariat, channel: 'api' }] });
    expect(await cancelled.handle.result()).toMatchObject({ stage: 'cancelled' });
  });
});
