/**
 * A programme's steps as the benches take them: through the HTTP API (as people do), or, to
 * set up thousands quickly, straight through the Temporal client with the same Updates the
 * API sends (same validators, same activities; only the HTTP layer is skipped).
 */
import { createHash, randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { devPeople } from '../../data/reference-data.js';
import type { Proposal } from '../../domain/proposal.js';
import { actorOf, type Actor } from '../../domain/roles.js';
import type { SignerOffice } from '../../domain/signing.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';
import { decide, proposalRecorded, sign, workflowIdOf, type ProgramWorkflowInput } from '../../workflows/messages.js';
import { taskQueue } from '../harness.js';
import { jsonOf, type ApiClient, type HttpResponse } from './http.js';

export const fiveOffices: SignerOffice[] = ['bupati', 'wakil_bupati', 'sekda', 'opd_head', 'diskominfo_head'];
export const fourOffices: SignerOffice[] = ['bupati', 'wakil_bupati', 'sekda', 'opd_head'];

/** OPDs that propose in the benches, with their heads (none of them is Diskominfo, whose reviewers would then be excluded). */
export const proposers = [
  { userId: 'kadis-kesehatan', opdId: 'dinkes' },
  { userId: 'kepala-bappeda', opdId: 'bappeda' },
  { userId: 'kadis-pariwisata', opdId: 'disparbud' },
] as const;
export type Proposer = (typeof proposers)[number];

/** Who signs an office in the dev roster. */
export function signerOf(office: SignerOffice, proposer: Proposer): string {
  switch (office) {
    case 'bupati':
      return 'bupati';
    case 'wakil_bupati':
      return 'wabup';
    case 'sekda':
      return 'sekda';
    case 'opd_head':
      return proposer.userId;
    case 'diskominfo_head':
      return 'kadis-kominfo';
  }
}

export const reviewer = 'reviewer-kominfo-1';

export function proposal(proposer: Proposer, overrides: Partial<Proposal> = {}): Proposal {
  return {
    title: `Bench ${randomBytes(4).toString('hex')}`,
    summary: 'Program uji beban: layanan digital untuk nagari di Solok Selatan.',
    opdId: proposer.opdId,
    dimension: 'living',
    rpjmdRef: 'RPJMD 2021-2026 Misi 3',
    quickWin: false,
    budgetIdr: 250_000_000,
    // In the future by default: a programme in implementation then waits quietly.
    startDate: '2027-01-04',
    endDate: '2027-12-31',
    reportingCadence: 'monthly',
    kpis: [{ name: 'Nagari terlayani', unit: 'nagari', target: 10 }],
    ...overrides,
  };
}

export interface Step {
  step: string;
  status: number;
  ms: number;
}

export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly response: HttpResponse | null,
    cause: string,
  ) {
    super(`${step}: ${cause}`);
  }
}

function expectStatus(step: string, r: HttpResponse, ...ok: number[]): void {
  if (!ok.includes(r.status)) throw new StepError(step, r, `HTTP ${r.status} ${r.text.slice(0, 300)}`);
}

/**
 * One action as a well-behaved client sends it: with an Idempotency-Key, and sent again with the
 * same key when the API answers 503 (Temporal did not confirm in time) or 202 (the proposal is
 * started but not yet recorded), after the Retry-After it gives. Every attempt is a step.
 */
async function actByApi(api: ApiClient, step: string, userId: string, path: string, body: unknown, steps: Step[], ok: number[]): Promise<HttpResponse> {
  const key = randomBytes(12).toString('hex');
  for (let attempt = 1; ; attempt++) {
    const r = await api.as(userId, 'POST', path, body, { 'idempotency-key': key });
    steps.push({ step, status: r.status, ms: r.ms });
    if ((r.status !== 503 && r.status !== 202) || attempt === maxAttempts) {
      expectStatus(step, r, ...ok);
      return r;
    }
    await new Promise((resolve) => setTimeout(resolve, Number(r.headers['retry-after'] ?? 5) * 1000));
  }
}
const maxAttempts = 10;

export async function proposeByApi(api: ApiClient, proposer: Proposer, overrides: Partial<Proposal> = {}, steps: Step[] = []): Promise<string> {
  const r = await actByApi(api, 'propose', proposer.userId, '/v1/programs', proposal(proposer, overrides), steps, [201, 200]);
  return jsonOf<{ id: string }>(r).id;
}

export async function decideByApi(api: ApiClient, id: string, userId: string, steps: Step[] = [], decision = 'approve'): Promise<void> {
  await actByApi(api, 'decide', userId, `/v1/programs/${id}/decisions`, { decision, comment: decision === 'approve' ? '' : 'bench' }, steps, [200]);
}

export async function signByApi(api: ApiClient, id: string, office: SignerOffice, proposer: Proposer, steps: Step[] = []): Promise<{ complete: boolean }> {
  const r = await actByApi(api, 'sign', signerOf(office, proposer), `/v1/programs/${id}/signatures`, { office }, steps, [200]);
  return jsonOf<{ result: { complete: boolean } }>(r).result;
}

/** Proposal to signed commitment over HTTP: two decisions, then one signature per office. */
export async function lifecycleByApi(api: ApiClient, proposer: Proposer, offices: SignerOffice[], overrides: Partial<Proposal> = {}) {
  const steps: Step[] = [];
  const id = await proposeByApi(api, proposer, overrides, steps);
  await decideByApi(api, id, reviewer, steps);
  await decideByApi(api, id, 'sekda', steps);
  let complete = false;
  for (const office of offices) complete = (await signByApi(api, id, office, proposer, steps)).complete;
  if (!complete) throw new StepError('sign', null, `the last signature did not complete the commitment of ${id}`);
  return { id, steps };
}

// ---- straight through Temporal (set-up of many programmes) ----

const actors = new Map(devPeople.map((p) => [p.id, actorOf(p)]));
export function actor(userId: string): Actor {
  const a = actors.get(userId);
  if (!a) throw new Error(`no ${userId} in the dev roster`);
  return a;
}

export const newProgramId = () => randomBytes(10).toString('hex');

/** Starts a programme's workflow as POST /v1/programs does, and waits until it is recorded. */
export async function proposeDirect(client: Client, proposer: Proposer, overrides: Partial<Proposal> = {}): Promise<string> {
  const programId = newProgramId();
  const p = proposal(proposer, overrides);
  const input: ProgramWorkflowInput = {
    programId,
    proposal: p,
    proposer: actor(proposer.userId),
    requestHash: createHash('sha256').update(JSON.stringify(p)).digest('hex'),
  };
  const handle = await client.workflow.start<typeof programWorkflow>('programWorkflow', {
    workflowId: workflowIdOf(programId),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  await handle.executeUpdate(proposalRecorded);
  return programId;
}

/**
 * Sends an Update (its id fixed by the caller) again when the run continued as new while it was on
 * its way, as the API does (api/updates.ts: updateProgram): the next run answers it once.
 */
async function sentOnceAcrossRuns<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError) || attempt >= 3) throw e;
    }
  }
}

export async function decideDirect(client: Client, programId: string, userId: string, stageSeq: number, decision: 'approve' = 'approve'): Promise<number> {
  const requestId = `bench-decide-${userId}-${stageSeq}-${randomBytes(4).toString('hex')}`;
  const r = await sentOnceAcrossRuns(() =>
    client.workflow.getHandle(workflowIdOf(programId)).executeUpdate(decide, {
      args: [{ requestId, stageSeq, decision, comment: '', actor: actor(userId), channel: 'api' }],
      updateId: requestId,
    }),
  );
  return r.stageSeq;
}

export async function signDirect(client: Client, programId: string, office: SignerOffice, proposer: Proposer, stageSeq: number): Promise<boolean> {
  const userId = signerOf(office, proposer);
  const requestId = `bench-sign-${userId}-${stageSeq}-${randomBytes(4).toString('hex')}`;
  const r = await sentOnceAcrossRuns(() =>
    client.workflow.getHandle(workflowIdOf(programId)).executeUpdate(sign, {
      args: [{ requestId, stageSeq, office, actor: actor(userId), channel: 'api' }],
      updateId: requestId,
    }),
  );
  return r.complete;
}

export type Target = 'review' | 'sekda' | 'signing' | 'implementation';

/** Takes a new programme to `target` through the workflow's Updates; returns its id. */
export async function programDirect(
  client: Client,
  proposer: Proposer,
  target: Target,
  offices: SignerOffice[],
  overrides: Partial<Proposal> = {},
): Promise<string> {
  const id = await proposeDirect(client, proposer, overrides);
  if (target === 'review') return id;
  const seq = await decideDirect(client, id, reviewer, 1);
  if (target === 'sekda') return id;
  const signingSeq = await decideDirect(client, id, 'sekda', seq);
  if (target === 'signing') return id;
  for (const office of offices) await signDirect(client, id, office, proposer, signingSeq);
  return id;
}

/** The audit trail of a programme, straight from the store. */
export interface StoredEvent {
  seq: number;
  type: string;
  stageSeq: number;
  toStage: string | null;
  fromStage: string | null;
  at: string;
  details?: Record<string, unknown>;
}

/**
 * A programme in implementation since mid-September 2026 with a monthly period that ended on
 * 31 October 2026: its report is overdue now, so the reminder and the escalation go out at once
 * (used with bench/lib/clone.ts, which carries `openedAt` as the stage's opening).
 */
export const agedImplementation = {
  dates: { startDate: '2026-10-01', endDate: '2026-10-31' },
  openedAt: '2026-09-15T01:00:00.000Z',
} as const;

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/**
 * Every event of a programme's workflow, over all its runs in order: a programme continues as new
 * once a run's history passes the threshold (workflows/continue-as-new.ts), even before it is signed.
 */
export async function historyOfAllRuns(client: Client, programId: string): Promise<HistoryEvent[]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowIdOf(programId)).describe()).runId;
  while (runId) {
    const events: HistoryEvent[] = (await client.workflow.getHandle(workflowIdOf(programId), runId).fetchHistory()).events ?? [];
    runs.unshift(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs.flat();
}
