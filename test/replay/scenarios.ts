/**
 * Lifecycle paths recorded as workflow histories for the replay suite. Each scenario drives
 * one programme with canned activity results (the history records what activities returned;
 * replay never calls them), on the time-skipping test server so months pass in seconds.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities, type Activities, type ActivityDeps, type EnterStageInput } from '../../activities/index.js';
import type { Assignee } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { Actor } from '../../domain/roles.js';
import type { SignerOffice, SignerRoute } from '../../domain/signing.js';
import type { Stage } from '../../domain/stages.js';
import { cancel, decide, programState, proposalRecorded, reportProgress, resubmit, sign, withdraw, workflowIdOf } from '../../workflows/messages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';

const actor = (userId: string, roles: Actor['roles'], opdId: string | null): Actor => ({ userId, name: userId, title: userId, roles, opdId });
export const people = {
  kadis: actor('kadis-kesehatan', ['opd_head'], 'dinkes'),
  reviewer: actor('reviewer-kominfo-1', ['diskominfo_reviewer'], 'diskominfo'),
  sekda: actor('sekda', ['sekda'], 'setda'),
  bupati: actor('bupati', ['bupati'], null),
  wabup: actor('wabup', ['wakil_bupati'], null),
  secretariat: actor('sekretariat-1', ['secretariat'], 'setda'),
};
const assignee = (a: Actor): Assignee => ({ userId: a.userId, name: a.name, title: a.title });
const offices: [SignerOffice, Actor][] = [
  ['bupati', people.bupati],
  ['wakil_bupati', people.wabup],
  ['sekda', people.sekda],
  ['opd_head', people.kadis],
];
const routes: SignerRoute[] = offices.map(([office, a]) => ({ office, official: assignee(a), signer: assignee(a), capacity: 'self', basis: null }));

/** Canned activity results, shaped like the real ones. */
export function cannedActivities(): Activities {
  const answers: Partial<Record<keyof Activities, (input: never) => unknown>> = {
    enterStage: (i: EnterStageInput) => {
      const who: Partial<Record<Stage, Assignee[]>> = {
        diskominfo_review: [assignee(people.reviewer)],
        sekda_approval: [assignee(people.sekda)],
        revision: [assignee(people.kadis)],
        signing: routes.map((r) => r.signer),
        implementation: [assignee(people.kadis)],
      };
      const due = new Date(Date.parse(i.at) + 7 * 86_400_000);
      return {
        assignees: who[i.stage] ?? [],
        dueAt: i.stage === 'implementation' || !who[i.stage] ? null : due.toISOString(),
        dueDate: i.stage === 'implementation' || !who[i.stage] ? null : due.toISOString().slice(0, 10),
        signing: i.stage === 'signing' ? { offices: offices.map(([o]) => o), routes, nextRouteChangeAt: null } : null,
      };
    },
    planNotifications: () => ({ due: [], next: null }),
    routeSigners: () => ({ routes, nextRouteChangeAt: null, changed: false, added: [] }),
    recordCommitment: () => ({ hash: 'c'.repeat(64) }),
    openReportingPeriod: (i: { period: { end: string } }) => {
      const due = new Date(Date.parse(`${i.period.end}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      return { dueDate: due, dueAt: `${due}T17:00:00.000Z` };
    },
  };
  const names = Object.keys(createActivities({ publicBaseUrl: 'http://replay' } as ActivityDeps)) as (keyof Activities)[];
  return Object.fromEntries(names.map((name) => [name, (input: never) => Promise.resolve(answers[name]?.(input))])) as unknown as Activities;
}

function proposalStartingNextMonth(months: number): Proposal {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 0));
  return {
    title: 'Replay',
    summary: 'Rekaman riwayat untuk uji replay.',
    opdId: 'dinkes',
    dimension: 'living',
    quickWin: false,
    budgetIdr: 100_000_000,
    startDate: start.toISOString().slice(0, 10),
    endDate: end.toISOString().slice(0, 10),
    reportingCadence: 'monthly',
    kpis: [{ name: 'Cakupan', unit: '%', target: 80 }],
  };
}

const request = (a: Actor) => ({ requestId: randomUUID(), actor: a, channel: 'api' as const });

export interface Scenario {
  name: string;
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<string>;
}

async function start(env: TestWorkflowEnvironment, taskQueue: string, proposal: Proposal, continueAsNewAfterEvents?: number) {
  const programId = randomUUID().replace(/-/g, '').slice(0, 20);
  const handle = await env.client.workflow.start<typeof programWorkflow>('programWorkflow', {
    workflowId: workflowIdOf(programId),
    taskQueue,
    args: [{ programId, proposal, proposer: people.kadis, requestHash: 'replay', ...(continueAsNewAfterEvents ? { continueAsNewAfterEvents } : {}) }],
  });
  await handle.executeUpdate(proposalRecorded);
  return handle;
}

export const scenarios: Scenario[] = [
  {
    // Review, approval, four signatures, three months of reports (crossing continue-as-new), completed.
    name: 'approved-signed-implemented',
    async run(env, taskQueue) {
      const proposal = proposalStartingNextMonth(3);
      const handle = await start(env, taskQueue, proposal, 60);
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: 'layak' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'approve', comment: '' }] });
      for (const [office, a] of offices) await handle.executeUpdate(sign, { args: [{ ...request(a), stageSeq: 3, office }] });
      const periods = (await handle.query(programState)).implementation!.periods;
      for (const p of periods) {
        // Skip to a few days after the period's end, then report it.
        await env.sleep(Date.parse(`${p.end}T17:00:00Z`) - (await env.currentTimeMs()) + 3 * 86_400_000);
        await handle.executeUpdate(reportProgress, {
          args: [
            {
              ...request(people.kadis),
              period: p.id,
              percentComplete: 50,
              narrative: 'berjalan',
              kpiValues: [{ name: 'Cakupan', value: 40 }],
              evidenceLinks: [],
              correction: false,
            },
          ],
        });
      }
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'changes-resubmitted-rejected',
    async run(env, taskQueue) {
      const proposal = proposalStartingNextMonth(6);
      const handle = await start(env, taskQueue, proposal);
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'request_changes', comment: 'lengkapi KPI' }] });
      await handle.executeUpdate(resubmit, {
        args: [{ ...request(people.kadis), proposal: { ...proposal, title: 'Replay (revisi)' }, comment: 'KPI dilengkapi' }],
      });
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 3, decision: 'reject', comment: 'tidak sesuai RPJMD' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'returned-withdrawn',
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6));
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'return', comment: 'sesuaikan anggaran' }] });
      await handle.executeUpdate(withdraw, { args: [{ ...request(people.kadis), reason: 'digabung dengan program lain' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'cancelled-in-signing',
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6));
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(sign, { args: [{ ...request(people.bupati), stageSeq: 3, office: 'bupati' }] });
      await env.sleep('3 days');
      await handle.executeUpdate(cancel, { args: [{ ...request(people.secretariat), reason: 'anggaran dialihkan' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
];
