/**
 * A signature that arrives while the signers are being re-routed: the validator accepts it
 * against the routes of that moment, and the re-routing then removes the signer's route. The
 * signature must be refused cleanly (the Update answers with a refusal) and the programme must
 * go on, instead of failing its workflow task on every retry.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities, type ActivityDeps, type EnterStageInput } from '../../activities/index.js';
import { ensureTemporalCli } from '../../dev/temporal-cli.js';
import type { Assignee } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { Actor } from '../../domain/roles.js';
import type { SignerOffice, SignerRoute } from '../../domain/signing.js';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';
import { decide, programState, proposalRecorded, refusalTypes, rosterChanged, sign, workflowIdOf } from '../../workflows/messages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';

const proposal: Proposal = {
  title: 'Sistem Antrean Puskesmas',
  summary: 'Antrean daring untuk puskesmas.',
  opdId: 'dinkes',
  dimension: 'living',
  quickWin: false,
  budgetIdr: 250_000_000,
  startDate: '2027-01-01',
  endDate: '2027-06-30',
  reportingCadence: 'quarterly',
  kpis: [{ name: 'Puskesmas terhubung', unit: 'unit', target: 5 }],
};

const actor = (userId: string, roles: Actor['roles'], opdId: string | null): Actor => ({ userId, name: userId, title: userId, roles, opdId });
const kadis = actor('kadis-kesehatan', ['opd_head'], 'dinkes');
const reviewer = actor('reviewer-kominfo-1', ['diskominfo_reviewer'], 'diskominfo');
const sekda = actor('sekda', ['sekda'], 'setda');
const bupati = actor('bupati', ['bupati'], null);
const pltBupati = actor('wabup', ['wakil_bupati'], null);
const assignee = (a: Actor): Assignee => ({ userId: a.userId, name: a.name, title: a.title });

const offices: SignerOffice[] = ['bupati', 'opd_head'];
const selfRoute = (office: SignerOffice, a: Actor): SignerRoute => ({ office, official: assignee(a), signer: assignee(a), capacity: 'self', basis: null });
const firstRoutes = [selfRoute('bupati', bupati), selfRoute('opd_head', kadis)];
/** After the re-route: the Bupati is away and an exclusive Plt. signs for him. */
const pltRoute: SignerRoute = { office: 'bupati', official: assignee(bupati), signer: assignee(pltBupati), capacity: 'plt', basis: 'SK 12/2027', round: 9 };

/** Lets the test hold `routeSigners` until the Bupati's signature has been accepted. */
let routeSignersStarted: () => void = () => undefined;
let releaseRouteSigners: () => void = () => undefined;
const started = new Promise<void>((resolve) => (routeSignersStarted = resolve));
const released = new Promise<void>((resolve) => (releaseRouteSigners = resolve));

function activities(): Activities {
  const answers: Partial<Record<keyof Activities, (input: never) => unknown>> = {
    enterStage: (i: EnterStageInput) => ({
      assignees: i.stage === 'diskominfo_review' ? [assignee(reviewer)] : i.stage === 'sekda_approval' ? [assignee(sekda)] : [],
      dueAt: null,
      dueDate: null,
      signing: i.stage === 'signing' ? { offices, routes: firstRoutes, nextRouteChangeAt: null } : null,
    }),
    planNotifications: () => ({ due: [], next: null }),
    routeSigners: async (i: { offices: SignerOffice[]; previous: SignerRoute[] }) => {
      routeSignersStarted();
      await released;
      const routes = i.offices.map((o) => (o === 'bupati' ? pltRoute : (i.previous.find((r) => r.office === o) ?? selfRoute(o, kadis))));
      return { routes, nextRouteChangeAt: null, changed: true, added: [pltRoute] };
    },
  };
  const names = Object.keys(createActivities({ publicBaseUrl: 'http://test' } as ActivityDeps)) as (keyof Activities)[];
  return Object.fromEntries(names.map((name) => [name, (input: never) => Promise.resolve(answers[name]?.(input))])) as unknown as Activities;
}

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'signing-race-test';

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: await ensureTemporalCli() } } });
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, bundlerOptions, activities: activities() });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const request = (a: Actor) => ({ requestId: randomUUID(), actor: a, channel: 'api' as const });

describe('a signature racing a re-route', () => {
  it('is refused cleanly once the signer lost the route, and the programme goes on to take the new signer', async () => {
    const programId = randomUUID().replace(/-/g, '').slice(0, 20);
    const handle = await env.client.workflow.start<typeof programWorkflow>('programWorkflow', {
      workflowId: workflowIdOf(programId),
      taskQueue,
      args: [{ programId, proposal, proposer: kadis, requestHash: 'hash' }],
    });
    await handle.executeUpdate(proposalRecorded);
    await handle.executeUpdate(decide, { args: [{ ...request(reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
    await handle.executeUpdate(decide, { args: [{ ...request(sekda), stageSeq: 2, decision: 'approve', comment: '' }] });

    // The roster changes; while the re-route runs, the Bupati's signature is accepted against the old routes.
    await handle.signal(rosterChanged);
    await started;
    const bupatiSigns = await handle.startUpdate(sign, {
      args: [{ ...request(bupati), stageSeq: 3, office: 'bupati' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    releaseRouteSigners();

    const failure = await bupatiSigns.result().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (failure as WorkflowUpdateFailedError).cause;
    expect(cause instanceof ApplicationFailure ? cause.type : cause).toBe(refusalTypes.notAllowed);

    // Nothing was signed, the new routes hold, and the acting official's signature is recorded.
    const view = await handle.query(programState);
    expect(view.signing?.signatures).toEqual([]);
    expect(view.signing?.routes.find((r) => r.office === 'bupati')?.signer.userId).toBe(pltBupati.userId);
    const signed = await handle.executeUpdate(sign, { args: [{ ...request(pltBupati), stageSeq: 3, office: 'bupati' }] });
    expect(signed).toMatchObject({ signed: 1, required: 2, complete: false, signature: { capacity: 'plt', signedBy: { userId: pltBupati.userId } } });
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
