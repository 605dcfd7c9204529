/**
 * Lifecycle paths recorded as workflow histories for the replay suite. Each scenario drives
 * one programme with canned activity results (the history records what activities returned;
 * replay never calls them), on the time-skipping test server so months pass in seconds.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities, type Activities, type ActivityDeps, type EnterStageInput } from '../../activities/index.js';
import { WorkingCalendar, endOfWibDay, wibDate } from '../../domain/calendar.js';
import { defaultEscalationPolicy, escalationDays, type EscalatingWork } from '../../domain/escalation.js';
import { notificationPolicies, notificationsDue, type NotificationPolicyName } from '../../domain/notifications.js';
import { reportingPeriods } from '../../domain/periods.js';
import type { Assignee } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { Actor } from '../../domain/roles.js';
import { sameSeat, type SignerOffice, type SignerRoute, type SignerSeat } from '../../domain/signing.js';
import type { Stage } from '../../domain/stages.js';
import {
  cancel,
  decide,
  extendDeadline,
  masterplanCommitmentOpened,
  masterplanCommitmentWorkflowIdOf,
  programState,
  proposalRecorded,
  reportProgress,
  resubmit,
  rosterChanged,
  sign,
  signMasterplanCommitment,
  withdraw,
  workflowIdOf,
} from '../../workflows/messages.js';
import type { masterplanCommitmentWorkflow } from '../../workflows/masterplan-commitment-workflow.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';

const actor = (userId: string, roles: Actor['roles'], opdId: string | null): Actor => ({ userId, name: userId, title: userId, roles, opdId });
export const people = {
  kadis: actor('kadis-kesehatan', ['opd_head'], 'dinkes'),
  newKadis: actor('kadis-kesehatan-baru', ['opd_head'], 'dinkes'),
  reviewer: actor('reviewer-kominfo-1', ['diskominfo_reviewer'], 'diskominfo'),
  otherReviewer: actor('reviewer-kominfo-2', ['diskominfo_reviewer'], 'diskominfo'),
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
const allOffices = offices.map(([office]) => office);
const allRoutes: SignerRoute[] = offices.map(([office, a]) => ({ office, official: assignee(a), signer: assignee(a), capacity: 'self', basis: null }));
/** The masterplan commitment's seats here: the leadership and the one OPD head of these scenarios. */
const masterplanSeatRoutes: SignerRoute[] = allRoutes.map((r) => (r.office === 'opd_head' ? { ...r, opdId: 'dinkes' } : r));

/**
 * An acting official (Plt.) for the Bupati over a window of time, per programme: the canned
 * routing answers as the real one would while such a delegation (exclusive) is in force.
 */
interface DelegationWindow {
  fromMs: number;
  untilMs: number;
}
const delegationWindows = new Map<string, DelegationWindow>();
const pltBupati: Assignee = { userId: 'plt-bupati', name: 'plt-bupati', title: 'Plt. Bupati' };

function routesAt(programId: string, offices: readonly SignerOffice[], at: string): { routes: SignerRoute[]; nextRouteChangeAt: string | null } {
  const window = delegationWindows.get(programId);
  const atMs = Date.parse(at);
  const acting = window !== undefined && window.fromMs <= atMs && atMs < window.untilMs;
  const routes = allRoutes
    .filter((r) => offices.includes(r.office))
    .flatMap((r): SignerRoute[] => (acting && r.office === 'bupati' ? [{ ...r, signer: pltBupati, capacity: 'plt', basis: 'SK Bupati 1/2027' }] : [r]));
  const boundaries = window ? [window.fromMs, window.untilMs].filter((ms) => ms > atMs) : [];
  return { routes, nextRouteChangeAt: boundaries.length > 0 ? new Date(Math.min(...boundaries)).toISOString() : null };
}

/** Programmes whose first review request bounces for one reviewer (SMTP 5xx): the activity reports it, the workflow records it. */
const refusingReviewerMail = new Set<string>();

/** A period's report due a week after its window opened. */
function reportDueAfter(openedOn: string): { dueDate: string; dueAt: string } {
  const due = daysAfter(`${openedOn}T00:00:00Z`, 7).slice(0, 10);
  return { dueDate: due, dueAt: `${due}T17:00:00.000Z` };
}

const routeKey = (r: SignerRoute) => `${r.office}|${r.signer.userId}`;
const daysAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** Canned activity results, shaped like the real ones; reminders are planned by the real rules on a weekends-only calendar. */
export function cannedActivities(): Activities {
  const answers: Partial<Record<keyof Activities, (input: never) => unknown>> = {
    enterStage: (i: EnterStageInput) => {
      const who: Partial<Record<Stage, Assignee[]>> = {
        diskominfo_review: [assignee(people.reviewer)],
        sekda_approval: [assignee(people.sekda)],
        revision: [assignee(people.kadis)],
        signing: allRoutes.map((r) => r.signer),
        implementation: [assignee(people.kadis)],
      };
      const due = daysAfter(i.at, 7);
      const signing = i.stage === 'signing' ? { offices: allOffices, ...routesAt(i.programId, allOffices, i.at) } : null;
      const refused = refusingReviewerMail.has(i.programId) && i.stage === 'diskominfo_review';
      return {
        mailRefused: refused ? [{ userId: people.reviewer.userId, name: people.reviewer.name, address: 'salah@alamat', reason: 'SMTP 550' }] : [],
        assignees: signing ? signing.routes.map((r) => r.signer) : (who[i.stage] ?? []),
        dueAt: i.stage === 'implementation' || !who[i.stage] ? null : due,
        dueDate: i.stage === 'implementation' || !who[i.stage] ? null : due.slice(0, 10),
        signing,
      };
    },
    planNotifications: (i: { policy: NotificationPolicyName; openedOn: string; dueDate: string; after: string; now: string; escalates?: EscalatingWork }) =>
      notificationsDue(
        new WorkingCalendar([]),
        {
          openedOn: i.openedOn,
          dueDate: i.dueDate,
          policy: notificationPolicies[i.policy],
          escalationDays: i.escalates ? escalationDays(defaultEscalationPolicy[i.escalates]) : undefined,
        },
        new Date(i.after),
        new Date(i.now),
      ),
    routeSigners: (i: { programId: string; offices: SignerOffice[]; previous: SignerRoute[]; at: string; eventSeq: number }) => {
      const resolved = routesAt(i.programId, i.offices, i.at);
      const before = new Map(i.previous.filter((r) => i.offices.includes(r.office)).map((r) => [routeKey(r), r]));
      const routes = resolved.routes.map((r) => before.get(routeKey(r)) ?? { ...r, round: i.eventSeq });
      const added = routes.filter((r) => !before.has(routeKey(r)));
      const changed = added.length > 0 || before.size !== routes.length - added.length;
      return { routes, nextRouteChangeAt: resolved.nextRouteChangeAt, changed, added };
    },
    // The reviewer left the roster: the other reviewer has the open review now.
    rerouteDeciders: () => ({ assignees: [assignee(people.otherReviewer)], changed: true, mailRefused: [] }),
    // The Kepala Dinas moved: the new head acts for the OPD now.
    rerouteOpdWork: () => ({ assignees: [assignee(people.newKadis)], changed: true, mailRefused: [] }),
    holidayYears: () => [],
    escalationPolicy: () => defaultEscalationPolicy,
    recordCommitment: () => ({ hash: 'c'.repeat(64) }),
    openMasterplanCommitment: (i: { masterplanId: string; round: number; openedBy: Assignee; at: string }) => ({
      mailRefused: [],
      round: {
        masterplanId: i.masterplanId,
        round: i.round,
        content: {
          kind: 'masterplan',
          masterplanId: i.masterplanId,
          round: i.round,
          masterplan: { id: i.masterplanId, title: 'Replay', startYear: 2023, endYear: 2028 },
        },
        seats: masterplanSeatRoutes.map(({ office, opdId }) => (opdId ? { office, opdId } : { office })),
        openedAt: i.at,
        openedBy: i.openedBy,
        dueDate: daysAfter(i.at, 7).slice(0, 10),
        dueAt: daysAfter(i.at, 7),
        commitmentHash: null,
        completedAt: null,
      },
      routes: masterplanSeatRoutes,
      nextRouteChangeAt: null,
    }),
    // In the masterplan `replay-merged` the OPD of the one OPD head's seat has been merged into another: the seat is dropped.
    routeMasterplanSigners: (i: { masterplanId: string; seats: SignerSeat[]; signedSeats?: SignerSeat[]; previous: SignerRoute[]; at: string }) => {
      const merged = i.masterplanId === 'replay-merged' ? [...i.seats, ...(i.signedSeats ?? [])].filter((seat) => seat.office === 'opd_head') : [];
      return {
        mailRefused: [],
        routes: i.previous.filter((r) => !merged.some((seat) => sameSeat(seat, r))),
        nextRouteChangeAt: null,
        added: [],
        dropped: merged.map((seat) => ({ seat, mergedInto: 'bappeda', mergedOn: i.at.slice(0, 10), droppedAt: i.at })),
      };
    },
    recordMasterplanSignature: (i: { signature: unknown }) => i.signature,
    recordMasterplanCommitment: () => ({ mailRefused: [], hash: 'd'.repeat(64) }),
    extendDeadline: (i: { dueDate: string }) => ({ dueAt: endOfWibDay(i.dueDate).toISOString() }),
    openReportingPeriod: (i: { openedOn: string }) => reportDueAfter(i.openedOn),
    closeReportingPeriod: (i: { openedOn: string }) => ({
      ...reportDueAfter(i.openedOn),
      holidayYears: [],
      escalationPolicy: defaultEscalationPolicy,
      mailRefused: [],
    }),
  };
  const names = Object.keys(createActivities({ publicBaseUrl: 'http://replay' } as ActivityDeps)) as (keyof Activities)[];
  return Object.fromEntries(names.map((name) => [name, (input: never) => Promise.resolve(answers[name]?.(input))])) as unknown as Activities;
}

/** A proposal running `months` months from the first of the month after `nowMs` (the test server's clock for new scenarios). */
function proposalStartingNextMonth(months: number, nowMs = Date.now()): Proposal {
  const now = new Date(nowMs);
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

const newProgramId = () => randomUUID().replace(/-/g, '').slice(0, 20);
const programIdOf = (workflowId: string) => workflowId.slice(workflowIdOf('').length);
const report = (period: string) => ({
  ...request(people.kadis),
  period,
  percentComplete: 50,
  narrative: 'berjalan',
  kpiValues: [{ name: 'Cakupan', value: 40 }],
  evidenceLinks: [],
  correction: false,
});

/** Sleeps on the test server's clock until `iso` (a no-op when it has passed). */
async function sleepUntil(env: TestWorkflowEnvironment, iso: string): Promise<void> {
  const ms = Date.parse(iso) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

const request = (a: Actor) => ({ requestId: randomUUID(), actor: a, channel: 'api' as const });

export const historiesDir = 'test/replay/histories';

/** A scenario's history files (one per run: continue-as-new starts a new one), in run order. */
export function historyFilesOf(scenario: string, files: readonly string[]): string[] {
  const pattern = new RegExp(`^${scenario}\\.run(\\d+)\\.json$`);
  return files
    .map((f) => ({ f, run: pattern.exec(f)?.[1] }))
    .filter((x): x is { f: string; run: string } => x.run !== undefined)
    .sort((a, b) => Number(a.run) - Number(b.run))
    .map((x) => x.f);
}

export interface Scenario {
  name: string;
  /**
   * What the recorded history must contain for the path to be covered: activity names, a
   * notification as `activity:kind` (e.g. `sendStageNotification:escalation`), a signal as `signal:name`,
   * a `patched()` branch taken as `patch:id`.
   */
  covers: string[];
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<string>;
}

async function start(env: TestWorkflowEnvironment, taskQueue: string, proposal: Proposal, continueAsNewAfterEvents?: number, programId = newProgramId()) {
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
    covers: ['recordCommitment', 'openReportingPeriod', 'recordProgressReport'],
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
    covers: ['recordRevision'],
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
    // Reminders and an escalation planned by the workflow with the holiday years it holds; a
    // review and an approval decided through their emailed links (answered as soon as recorded,
    // the next stage opened after); then withdrawn in revision.
    name: 'link-decisions-reminders-in-workflow',
    covers: [
      'holidayYears',
      'sendStageNotification:reminder',
      'sendStageNotification:escalation',
      'patch:reminders-planned-in-workflow',
      'patch:link-decision-answered-when-recorded',
    ],
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6, await env.currentTimeMs()));
      await env.sleep('10 days');
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), channel: 'link', stageSeq: 1, decision: 'approve', comment: '' }] });
      await env.sleep('3 days');
      await handle.executeUpdate(decide, {
        args: [{ ...request(people.sekda), channel: 'link', stageSeq: 2, decision: 'return', comment: 'sesuaikan anggaran' }],
      });
      // The OPD acts once the revision stage is open (the link's answer came before it opened).
      await env.sleep('1 hour');
      await handle.executeUpdate(withdraw, { args: [{ ...request(people.kadis), reason: 'digabung dengan program lain' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // A review left overdue past both steps of the escalation policy (the Kepala Diskominfo, then
    // the Sekda), each sent once, then an approval escalated in its one step, then rejected.
    name: 'escalated-in-two-steps',
    covers: ['escalationPolicy', 'patch:escalation-steps', 'sendStageNotification:escalation', 'sendStageNotification:escalation-step2'],
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6, await env.currentTimeMs()));
      await env.sleep('16 days');
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await env.sleep('10 days');
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'reject', comment: 'tidak sesuai RPJMD' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'returned-withdrawn',
    covers: ['closeStage'],
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
    covers: ['recordSignature'],
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
  {
    // A review left past its due day (reminders, escalation, overdue reminders), its deadline
    // extended by the secretariat, an approval escalated, a revision reminded, then rejected.
    name: 'reminded-escalated-extended',
    covers: ['sendStageNotification:reminder', 'sendStageNotification:escalation', 'sendStageNotification:overdue_reminder', 'extendDeadline'],
    async run(env, taskQueue) {
      const proposal = proposalStartingNextMonth(6, await env.currentTimeMs());
      const handle = await start(env, taskQueue, proposal);
      await env.sleep('12 days');
      const extendedTo = wibDate(new Date((await env.currentTimeMs()) + 7 * 86_400_000));
      await handle.executeUpdate(extendDeadline, { args: [{ ...request(people.secretariat), stageSeq: 1, dueDate: extendedTo, reason: 'peninjau cuti' }] });
      await env.sleep('5 days');
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await env.sleep('10 days');
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'return', comment: 'sesuaikan anggaran' }] });
      await env.sleep('10 days');
      await handle.executeUpdate(resubmit, {
        args: [{ ...request(people.kadis), proposal: { ...proposal, budgetIdr: 90_000_000 }, comment: 'anggaran disesuaikan' }],
      });
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 4, decision: 'reject', comment: 'tidak sesuai RPJMD' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // While signing: an acting official (Plt.) for the Bupati takes over when the delegation
    // starts (a timer), a roster change that alters nothing, the Bupati back when it ends, then
    // the last signatures and a cancellation during implementation.
    name: 'signers-rerouted',
    covers: ['routeSigners', 'requestSignatures', 'signal:rosterChanged', 'recordCommitment', 'sendStageNotification:reminder'],
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6, await env.currentTimeMs()));
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      const signingOpens = await env.currentTimeMs();
      delegationWindows.set(programIdOf(handle.workflowId), { fromMs: signingOpens + 2 * 86_400_000, untilMs: signingOpens + 6 * 86_400_000 });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(sign, { args: [{ ...request(people.sekda), stageSeq: 3, office: 'sekda' }] });
      await env.sleep('3 days');
      await handle.signal(rosterChanged);
      await env.sleep('4 days');
      await handle.executeUpdate(sign, { args: [{ ...request(people.bupati), stageSeq: 3, office: 'bupati' }] });
      await handle.executeUpdate(sign, { args: [{ ...request(people.wabup), stageSeq: 3, office: 'wakil_bupati' }] });
      await handle.executeUpdate(sign, { args: [{ ...request(people.kadis), stageSeq: 3, office: 'opd_head' }] });
      await handle.executeUpdate(cancel, { args: [{ ...request(people.secretariat), reason: 'anggaran dialihkan' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // Signed only after the first reporting month ended: that month is asked for the day
    // implementation begins, reminded and escalated when late, then both months reported.
    name: 'late-start-reported',
    covers: ['sendReportNotification:reminder', 'sendReportNotification:escalation', 'setNextDue', 'recordProgressReport'],
    async run(env, taskQueue) {
      const proposal = proposalStartingNextMonth(2, await env.currentTimeMs());
      const handle = await start(env, taskQueue, proposal);
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'approve', comment: '' }] });
      const [first, last] = reportingPeriods(proposal.startDate, proposal.endDate, proposal.reportingCadence);
      await sleepUntil(env, daysAfter(endOfWibDay(first!.end).toISOString(), 3));
      for (const [office, a] of offices) await handle.executeUpdate(sign, { args: [{ ...request(a), stageSeq: 3, office }] });
      await env.sleep('20 days');
      await handle.executeUpdate(reportProgress, { args: [report(first!.id)] });
      await sleepUntil(env, daysAfter(endOfWibDay(last!.end).toISOString(), 2));
      await handle.executeUpdate(reportProgress, { args: [report(last!.id)] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // The masterplan commitment: the leadership signs at once, the OPD head is reminded, a roster
    // change re-routes (nothing changes), the OPD head signs last and the commitment is recorded.
    name: 'masterplan-commitment-signed',
    covers: [
      'openMasterplanCommitment',
      'remindMasterplanSigners:reminder',
      'routeMasterplanSigners',
      'recordMasterplanSignature',
      'recordMasterplanCommitment',
    ],
    async run(env, taskQueue) {
      const handle = await env.client.workflow.start<typeof masterplanCommitmentWorkflow>('masterplanCommitmentWorkflow', {
        workflowId: masterplanCommitmentWorkflowIdOf('replay', 1),
        taskQueue,
        args: [{ masterplanId: 'replay', round: 1, openedBy: people.secretariat }],
      });
      await handle.executeUpdate(masterplanCommitmentOpened, { args: [] });
      const signSeat = (a: Actor, office: SignerOffice, opdId?: string) =>
        handle.executeUpdate(signMasterplanCommitment, { args: [{ ...request(a), round: 1, seat: opdId ? { office, opdId } : { office } }] });
      await Promise.all([signSeat(people.bupati, 'bupati'), signSeat(people.wabup, 'wakil_bupati'), signSeat(people.sekda, 'sekda')]);
      await env.sleep('6 days');
      await handle.signal(rosterChanged);
      await signSeat(people.kadis, 'opd_head', 'dinkes');
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // The masterplan commitment while the one OPD's seat is unsigned: its OPD is merged into
    // another, the roster change drops the seat, and the round completes with the leadership's signatures.
    name: 'masterplan-seat-dropped-by-merge',
    covers: ['openMasterplanCommitment', 'routeMasterplanSigners', 'recordMasterplanSignature', 'recordMasterplanCommitment', 'signal:rosterChanged'],
    async run(env, taskQueue) {
      const handle = await env.client.workflow.start<typeof masterplanCommitmentWorkflow>('masterplanCommitmentWorkflow', {
        workflowId: masterplanCommitmentWorkflowIdOf('replay-merged', 1),
        taskQueue,
        args: [{ masterplanId: 'replay-merged', round: 1, openedBy: people.secretariat }],
      });
      await handle.executeUpdate(masterplanCommitmentOpened, { args: [] });
      const signSeat = (a: Actor, office: SignerOffice) =>
        handle.executeUpdate(signMasterplanCommitment, { args: [{ ...request(a), round: 1, seat: { office } }] });
      await Promise.all([signSeat(people.bupati, 'bupati'), signSeat(people.wabup, 'wakil_bupati'), signSeat(people.sekda, 'sekda')]);
      await handle.signal(rosterChanged);
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // The review request to one reviewer bounces for good: recorded, the secretariat told, the review goes on.
    name: 'mail-refused',
    covers: ['recordMailRefusals'],
    async run(env, taskQueue) {
      const programId = newProgramId();
      refusingReviewerMail.add(programId);
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6, await env.currentTimeMs()), undefined, programId);
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'reject', comment: 'tidak sesuai RPJMD' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // A roster change while the review waits: the deciders are worked out again and the review
    // goes to the reviewer who may decide now, who approves; the Sekda rejects.
    name: 'deciders-rerouted',
    covers: ['rerouteDeciders', 'signal:rosterChanged'],
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6, await env.currentTimeMs()));
      await handle.signal(rosterChanged);
      await env.sleep('1 hour');
      await handle.executeUpdate(decide, { args: [{ ...request(people.otherReviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'reject', comment: 'anggaran tidak tersedia' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // A review left overdue and re-routed by roster changes: its history passes a small threshold
    // and the run continues as new while it waits, more than once; an extension retried in a
    // later run gets its first answer; then approved by the reviewer it was re-routed to, and rejected.
    name: 'review-continued-as-new',
    covers: ['patch:history-bounded-in-every-stage', 'sendStageNotification:escalation', 'rerouteDeciders', 'extendDeadline', 'signal:rosterChanged'],
    async run(env, taskQueue) {
      const handle = await start(env, taskQueue, proposalStartingNextMonth(6, await env.currentTimeMs()), 40);
      await env.sleep('12 days');
      const dueDate = wibDate(new Date((await env.currentTimeMs()) + 7 * 86_400_000));
      const extension = { ...request(people.secretariat), stageSeq: 1, dueDate, reason: 'peninjau cuti' };
      await handle.executeUpdate(extendDeadline, { args: [extension] });
      for (let i = 0; i < 4; i++) {
        await handle.signal(rosterChanged);
        await env.sleep('1 hour');
      }
      await handle.executeUpdate(extendDeadline, { args: [extension] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.otherReviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'reject', comment: 'anggaran tidak tersedia' }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // The Kepala Dinas moves while the revision waits on the OPD, and again while a report is due:
    // both times the OPD's work goes to whoever acts for it now, who resubmits and reports.
    name: 'opd-work-rerouted',
    covers: ['rerouteOpdWork', 'signal:rosterChanged', 'patch:reroute-revision', 'patch:reroute-reports', 'recordProgressReport'],
    async run(env, taskQueue) {
      const proposal = proposalStartingNextMonth(2, await env.currentTimeMs());
      const handle = await start(env, taskQueue, proposal);
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'request_changes', comment: 'lengkapi KPI' }] });
      await handle.signal(rosterChanged);
      await env.sleep('1 hour');
      await handle.executeUpdate(resubmit, { args: [{ ...request(people.newKadis), proposal, comment: 'KPI dilengkapi' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 3, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 4, decision: 'approve', comment: '' }] });
      for (const [office, a] of offices) await handle.executeUpdate(sign, { args: [{ ...request(a), stageSeq: 5, office }] });
      const [first, last] = reportingPeriods(proposal.startDate, proposal.endDate, proposal.reportingCadence);
      await sleepUntil(env, daysAfter(endOfWibDay(first!.end).toISOString(), 2));
      await handle.signal(rosterChanged);
      await env.sleep('1 hour');
      await handle.executeUpdate(reportProgress, { args: [{ ...report(first!.id), actor: people.newKadis }] });
      await sleepUntil(env, daysAfter(endOfWibDay(last!.end).toISOString(), 2));
      await handle.executeUpdate(reportProgress, { args: [{ ...report(last!.id), actor: people.newKadis }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    // A period closed in one activity (its due day, the programme's next due and the reference data
    // for planning together); its report left late until reminded and escalated; the last period
    // reported before it ended, so closing it leaves nothing due.
    name: 'report-period-closed-in-one-activity',
    covers: [
      'closeReportingPeriod',
      'sendReportNotifications:reminder',
      'sendReportNotifications:escalation',
      'patch:report-period-closed-in-one-activity',
      'patch:report-notifications-sent-together',
      'recordProgressReport',
    ],
    async run(env, taskQueue) {
      const proposal = proposalStartingNextMonth(2, await env.currentTimeMs());
      const handle = await start(env, taskQueue, proposal);
      await handle.executeUpdate(decide, { args: [{ ...request(people.reviewer), stageSeq: 1, decision: 'approve', comment: '' }] });
      await handle.executeUpdate(decide, { args: [{ ...request(people.sekda), stageSeq: 2, decision: 'approve', comment: '' }] });
      for (const [office, a] of offices) await handle.executeUpdate(sign, { args: [{ ...request(a), stageSeq: 3, office }] });
      const [first, last] = reportingPeriods(proposal.startDate, proposal.endDate, proposal.reportingCadence);
      await sleepUntil(env, daysAfter(endOfWibDay(first!.end).toISOString(), 20));
      await handle.executeUpdate(reportProgress, { args: [report(first!.id)] });
      await sleepUntil(env, daysAfter(`${last!.end}T00:00:00Z`, 0));
      await handle.executeUpdate(reportProgress, { args: [report(last!.id)] });
      await handle.result();
      return handle.workflowId;
    },
  },
];
