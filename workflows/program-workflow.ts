/**
 * One programme's life (docs/design.md §2): review, approval, signing, years of implementation.
 * Deterministic orchestration only: every effect (store, links, mail, calendar) is an activity.
 *
 * People's requests arrive as Updates. A validator refuses what cannot be done now (with a
 * reason the API turns into a status); an accepted request is handed to the main loop, which
 * records it and moves the programme on; the Update answers once that is stored.
 * While a stage waits, the loop also sends the reminders and escalations its policy plans.
 */
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { endOfWibDay, wibDate } from '../domain/calendar.js';
import { signLinkSubject, type LinkRef } from '../domain/links.js';
import type { NotificationPolicyName, ScheduledNotification } from '../domain/notifications.js';
import { reportingPeriods } from '../domain/periods.js';
import type { Assignee, EventType, ProgramEvent, StageOutcome, StageResult } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { ProgressReport } from '../domain/reports.js';
import { refusal, type Action, type Actor } from '../domain/roles.js';
import type { Signature } from '../domain/signing.js';
import { commentRequired, decisionsByStage, isDecisionStage, isEnded, maxRevisionRounds, stageAfter, type Decision, type Stage } from '../domain/stages.js';
import {
  cancel,
  decide,
  extendDeadline,
  programState,
  proposalRecorded,
  refusalTypes,
  reportProgress,
  resubmit,
  rosterChanged,
  sign,
  withdraw,
  workflowIdOf,
  type CarriedState,
  type DeadlineResult,
  type DecisionInput,
  type EndInput,
  type ExtendDeadlineInput,
  type ProgramView,
  type ProgramWorkflowInput,
  type ProgressReportInput,
  type ProgressReportResult,
  type RevisionInput,
  type SignInput,
  type SignResult,
  type TransitionResult,
} from './messages.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Continue as new past this many history events, well below Temporal's limits, so replays stay cheap. */
export const historyEventsBeforeContinueAsNew = 2_000;
/** Answers kept for retried requests (across continue-as-new too). */
const answersKept = 50;

type Pending =
  | { kind: 'decide'; input: DecisionInput }
  | { kind: 'resubmit'; input: RevisionInput }
  | { kind: 'withdraw' | 'cancel'; input: EndInput }
  | { kind: 'sign'; input: SignInput }
  | { kind: 'report'; input: ProgressReportInput }
  | { kind: 'extend'; input: ExtendDeadlineInput };

/** Stages from which the OPD may still withdraw its proposal. */
const withdrawableStages: readonly Stage[] = ['diskominfo_review', 'revision', 'sekda_approval', 'signing'];

/** Which reminder policy a waiting stage follows. */
const stagePolicy: Partial<Record<Stage, NotificationPolicyName>> = {
  diskominfo_review: 'decision',
  sekda_approval: 'decision',
  revision: 'revision',
  signing: 'signing',
};

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

const assigneeOf = (a: Actor): Assignee => ({ userId: a.userId, name: a.name, title: a.title });
const now = () => new Date().toISOString();

export async function programWorkflow(input: ProgramWorkflowInput): Promise<ProgramView> {
  const { programId } = input;
  const carried: CarriedState | undefined = input.carried;
  const view: ProgramView = carried?.view ?? {
    programId,
    stage: 'diskominfo_review',
    stageSeq: 0,
    proposalVersion: 1,
    awaiting: [],
    stageOpenedAt: null,
    dueAt: null,
    dueDate: null,
    recorded: false,
    signing: null,
    implementation: null,
    commitmentHash: null,
  };
  /** The proposal as last approved or revised (the input carries the current one across continue-as-new). */
  let proposal = input.proposal;
  let eventSeq = carried?.eventSeq ?? 0;
  let revisionRounds = carried?.revisionRounds ?? 0;
  const answers = new Map<string, unknown>(carried?.answers ?? []);
  let pending: Pending | undefined;
  let rosterDirty = false;
  /** While signing: when a delegation starts or ends, so requests are re-routed then. */
  let signingRouteChangeAt: string | null = null;
  /** The newest reminder or escalation sent for the current stage, so none is sent twice. */
  let stageNotifiedUntil: string | null = null;

  // ---- message handlers: registered first, so no early message finds the workflow deaf ----

  /** Checks shared by every person's request; true when it is a retry already answered. */
  function checkRequest(requestId: string, actor: Actor, action: Action | null): boolean {
    if (answers.has(requestId)) return true;
    if (!view.recorded) refuse(refusalTypes.wrongStage, 'the proposal is still being recorded; try again in a moment');
    if (pending) refuse(refusalTypes.alreadyDecided, 'another request for this programme is being recorded; try again in a moment');
    if (action) {
      const why = refusal(actor, action, { opdId: proposal.opdId, stage: view.stage });
      if (why) refuse(refusalTypes.notAllowed, why);
    }
    return false;
  }

  function accept<T>(next: Pending): Promise<T> {
    const id = next.input.requestId;
    if (!answers.has(id)) pending = next;
    return condition(() => answers.has(id)).then(() => answers.get(id) as T);
  }

  function answer(requestId: string, result: unknown): void {
    answers.set(requestId, result);
    while (answers.size > answersKept) answers.delete(answers.keys().next().value!);
  }

  /** Decisions possible now: after too many rounds, only approve or reject. */
  function decisionsNow(stage: 'diskominfo_review' | 'sekda_approval'): readonly Decision[] {
    const all = decisionsByStage[stage];
    return revisionRounds >= maxRevisionRounds ? all.filter((d) => d === 'approve' || d === 'reject') : all;
  }

  setHandler(programState, () => view);
  setHandler(proposalRecorded, async () => {
    await condition(() => view.recorded);
    return view;
  });
  setHandler(rosterChanged, () => {
    rosterDirty = true;
  });

  setHandler(decide, (d) => accept<TransitionResult>({ kind: 'decide', input: d }), {
    validator: (d: DecisionInput) => {
      if (checkRequest(d.requestId, d.actor, null)) return;
      const stage = view.stage;
      if (!isDecisionStage(stage)) refuse(refusalTypes.wrongStage, `programme is in stage ${stage}; nothing to decide`);
      if (d.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the stage this decision was meant for has ended');
      // Whoever the stage asked may decide (reviewers of another OPD, the secretariat after too many rounds).
      if (!view.awaiting.some((a) => a.userId === d.actor.userId)) {
        const why = refusal(d.actor, 'decide', { opdId: proposal.opdId, stage });
        refuse(refusalTypes.notAllowed, why ?? 'a reviewer does not review a proposal of their own OPD');
      }
      const possible = decisionsNow(stage);
      if (!possible.includes(d.decision)) refuse(refusalTypes.invalid, `decision ${d.decision} is not possible now; possible: ${possible.join(', ')}`);
      if (commentRequired.includes(d.decision) && !d.comment.trim()) refuse(refusalTypes.invalid, `decision ${d.decision} needs a comment that says why`);
    },
  });

  setHandler(resubmit, (r) => accept<TransitionResult>({ kind: 'resubmit', input: r }), {
    validator: (r: RevisionInput) => {
      if (checkRequest(r.requestId, r.actor, 'resubmit')) return;
      if (view.stage !== 'revision') refuse(refusalTypes.wrongStage, `programme is in stage ${view.stage}; only a programme in revision can be resubmitted`);
      if (r.proposal.opdId !== proposal.opdId) refuse(refusalTypes.invalid, 'a revision cannot move the programme to another OPD');
    },
  });

  for (const [update, action] of [
    [withdraw, 'withdraw'],
    [cancel, 'cancel'],
  ] as const) {
    setHandler(update, (e) => accept<TransitionResult>({ kind: action, input: e }), {
      validator: (e: EndInput) => {
        if (checkRequest(e.requestId, e.actor, action)) return;
        if (isEnded(view.stage)) refuse(refusalTypes.wrongStage, `programme has already ended (${view.stage})`);
        if (action === 'withdraw' && !withdrawableStages.includes(view.stage))
          refuse(refusalTypes.wrongStage, 'a programme can only be withdrawn until its commitment is signed');
        if (!e.reason.trim()) refuse(refusalTypes.invalid, `${action} needs a reason`);
      },
    });
  }

  setHandler(sign, (s) => accept<SignResult>({ kind: 'sign', input: s }), {
    validator: (s: SignInput) => {
      if (checkRequest(s.requestId, s.actor, null)) return;
      const signing = view.signing;
      if (view.stage !== 'signing' || !signing) refuse(refusalTypes.wrongStage, `programme is in stage ${view.stage}; there is nothing to sign`);
      if (s.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the signing this signature was meant for has ended');
      if (!signing.offices.includes(s.office)) refuse(refusalTypes.notAllowed, `office ${s.office} does not sign this commitment`);
      const signed = signing.signatures.find((x) => x.office === s.office);
      if (signed) refuse(refusalTypes.alreadyDecided, `office ${s.office} has already signed (${signed.signedBy.name}, ${signed.at})`);
      if (!signing.routes.some((r) => r.office === s.office && r.signer.userId === s.actor.userId)) {
        refuse(refusalTypes.notAllowed, `you are not a signer for office ${s.office}`);
      }
    },
  });

  setHandler(reportProgress, (r) => accept<ProgressReportResult>({ kind: 'report', input: r }), {
    validator: (r: ProgressReportInput) => {
      if (checkRequest(r.requestId, r.actor, 'report')) return;
      const impl = view.implementation;
      if (view.stage !== 'implementation' || !impl)
        refuse(refusalTypes.wrongStage, `programme is in stage ${view.stage}; progress is reported during implementation`);
      const period = impl.periods.find((p) => p.id === r.period);
      const reported = period ? period.reports : impl.finished[r.period];
      if (reported === undefined) refuse(refusalTypes.invalid, `period ${r.period} is not a reporting period of this programme`);
      if (period && period.start > wibDate(new Date())) refuse(refusalTypes.wrongStage, `period ${r.period} has not started yet; it opens on ${period.start}`);
      if (reported > 0 && !r.correction)
        refuse(refusalTypes.alreadyDecided, `period ${r.period} is already reported; send it as a correction to add a new version`);
      if (reported === 0 && r.correction) refuse(refusalTypes.invalid, `period ${r.period} has no report to correct yet`);
    },
  });

  setHandler(extendDeadline, (e) => accept<DeadlineResult>({ kind: 'extend', input: e }), {
    validator: (e: ExtendDeadlineInput) => {
      if (checkRequest(e.requestId, e.actor, 'extend_deadline')) return;
      if (!stagePolicy[view.stage]) refuse(refusalTypes.wrongStage, `stage ${view.stage} has no deadline to extend`);
      if (e.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the stage this extension was meant for has ended');
      if (view.dueDate && e.dueDate <= view.dueDate) refuse(refusalTypes.invalid, `the new due day must be after ${view.dueDate}`);
      if (!e.reason.trim()) refuse(refusalTypes.invalid, 'an extension needs a reason');
    },
  });

  // ---- recording ----

  function event(type: EventType, fields: Partial<ProgramEvent> & Pick<ProgramEvent, 'actor' | 'channel' | 'toStage'>): ProgramEvent {
    eventSeq += 1;
    return {
      programId,
      seq: eventSeq,
      type,
      at: now(),
      fromStage: view.stage,
      stageSeq: view.stageSeq,
      decision: null,
      comment: null,
      ...fields,
    };
  }

  const actorOfEvent = (a: Actor, capacity: string) => ({ ...assigneeOf(a), capacity });

  /** The links still open in the current stage, to revoke when it ends. */
  function openLinks(): LinkRef[] {
    if (isDecisionStage(view.stage)) return view.awaiting.map((a) => ({ userId: a.userId, subject: 'decide' }));
    if (view.stage === 'signing' && view.signing) return view.signing.routes.map((r) => ({ userId: r.signer.userId, subject: signLinkSubject(r) }));
    if (view.stage === 'implementation' && view.implementation) {
      const periods = view.implementation.periods.filter((p) => p.dueDate !== null && p.reports === 0);
      return periods.flatMap((p) => view.awaiting.map((a) => ({ userId: a.userId, subject: `report:${p.id}` })));
    }
    return [];
  }

  async function enterStage(stage: Stage, cause: { result: StageResult; by: Assignee; comment: string } | null, previous: Assignee[]) {
    const fromStage = view.stageSeq === 0 ? null : view.stage;
    view.stage = stage;
    view.stageSeq += 1;
    // Ended stages wait for nobody: the event that ended the previous stage is their record.
    const waits = !isEnded(stage);
    if (waits) eventSeq += 1;
    const at = now();
    const opened = await acts.enterStage({
      programId,
      stage,
      stageSeq: view.stageSeq,
      fromStage,
      at,
      eventSeq,
      writeEvent: waits,
      cause,
      previousAssignees: previous,
      revisionRounds,
    });
    view.awaiting = opened.assignees;
    view.stageOpenedAt = at;
    stageNotifiedUntil = null;
    view.dueAt = opened.dueAt;
    view.dueDate = opened.dueDate;
    view.signing = opened.signing ? { offices: opened.signing.offices, routes: opened.signing.routes, signatures: [] } : null;
    if (stage === 'implementation') {
      const periods = reportingPeriods(proposal.startDate, proposal.endDate, proposal.reportingCadence);
      view.implementation = {
        periods: periods.map((p) => ({
          id: p.id,
          start: p.start,
          end: p.end,
          last: p.last,
          openedOn: null,
          dueDate: null,
          dueAt: null,
          reports: 0,
          notifiedUntil: null,
          next: null,
        })),
        finished: {},
        totalPeriods: periods.length,
      };
    } else {
      view.implementation = null;
    }
    signingRouteChangeAt = opened.signing?.nextRouteChangeAt ?? null;
  }

  /** Records how the current stage ended, then opens the next one. */
  async function transition(next: Pending, toStage: Stage, result: StageResult, comment: string): Promise<TransitionResult> {
    const { actor, channel } = next.input;
    const by = assigneeOf(actor);
    const fromStage = view.stage;
    const previous = view.awaiting;
    const type: EventType =
      next.kind === 'decide' ? 'decided' : next.kind === 'resubmit' ? 'resubmitted' : next.kind === 'withdraw' ? 'withdrawn' : 'cancelled';
    const e = event(type, {
      actor: actorOfEvent(actor, capacityOf(actor, fromStage, next.kind)),
      channel,
      toStage,
      decision: next.kind === 'decide' ? next.input.decision : null,
      comment: comment || null,
      // The timeline shows what a revision changed, field by field (both versions stay in the store).
      ...(next.kind === 'resubmit' ? { details: { version: view.proposalVersion + 1, changedFields: changedFields(proposal, next.input.proposal) } } : {}),
    });
    const outcome: StageOutcome = { result, by, at: e.at, comment };
    await acts.closeStage({ programId, stageSeq: view.stageSeq, stage: fromStage, outcome, event: e, links: openLinks() });
    if (next.kind === 'resubmit') {
      view.proposalVersion += 1;
      proposal = next.input.proposal;
      await acts.recordRevision({ programId, version: view.proposalVersion, proposal, at: e.at });
    }
    await enterStage(toStage, { result, by, comment }, previous);
    return { programId, fromStage, toStage, stageSeq: view.stageSeq, at: e.at, by };
  }

  // ---- waiting: reminders and escalations while a stage (or a reporting period) waits ----

  /** Sleeps until something to handle arrives or `until` passes; true when woken by a request. */
  async function waitFor(until: string | null, alsoWakeWhen: () => boolean = () => false): Promise<boolean> {
    const woken = () => pending !== undefined || alsoWakeWhen();
    if (until === null) {
      await condition(woken);
      return true;
    }
    return condition(woken, Math.max(1, Date.parse(until) - Date.now()));
  }

  /** What to send now (a backlog collapses to at most an escalation and the latest reminder) and when to look again. */
  function plan(policy: NotificationPolicyName, openedOn: string, dueDate: string, after: string) {
    return acts.planNotifications({ policy, openedOn, dueDate, after, now: now() });
  }

  /** Waits in a stage that people must act on, reminding and escalating on schedule, until a request arrives. */
  async function waitInStage(): Promise<void> {
    const policy = stagePolicy[view.stage];
    while (pending === undefined) {
      let next: ScheduledNotification | null = null;
      if (policy && view.dueDate && view.stageOpenedAt) {
        const planned = await plan(policy, wibDate(new Date(view.stageOpenedAt)), view.dueDate, stageNotifiedUntil ?? view.stageOpenedAt);
        for (const n of planned.due) await notifyStage(n, view.stageSeq);
        stageNotifiedUntil = planned.due.at(-1)?.at ?? stageNotifiedUntil;
        next = planned.next;
      }
      await waitFor(earliest(next?.at ?? null, view.stage === 'signing' ? signingRouteChangeAt : null), () => rosterDirty);
      if (pending !== undefined) return;
      if (rosterDirty || (signingRouteChangeAt !== null && Date.now() >= Date.parse(signingRouteChangeAt))) {
        rosterDirty = false;
        if (view.stage === 'signing') await rerouteSigners();
      }
    }
  }

  async function notifyStage(n: ScheduledNotification, stageSeq: number): Promise<void> {
    const escalation =
      n.kind === 'escalation'
        ? event('escalated', { actor: null, channel: 'system', toStage: view.stage, comment: `terlambat ${n.overdueWorkingDays} hari kerja` })
        : null;
    await acts.sendStageNotification({
      programId,
      stage: view.stage,
      stageSeq,
      notification: n,
      awaiting: view.awaiting,
      unsignedRoutes: view.signing ? view.signing.routes.filter((r) => !view.signing!.signatures.some((s) => s.office === r.office)) : null,
      dueDate: view.dueDate!,
      escalationEvent: escalation,
    });
  }

  async function rerouteSigners(): Promise<void> {
    const signing = view.signing!;
    const unsigned = signing.offices.filter((o) => !signing.signatures.some((s) => s.office === o));
    const at = now();
    const round = eventSeq + 1;
    const routed = await acts.routeSigners({
      programId,
      stageSeq: view.stageSeq,
      offices: unsigned,
      previous: signing.routes,
      at,
      dueDate: view.dueDate,
      eventSeq: round,
    });
    if (routed.changed) eventSeq += 1;
    signing.routes = [...signing.routes.filter((r) => !unsigned.includes(r.office)), ...routed.routes];
    view.awaiting = uniqueAssignees(routed.routes.map((r) => r.signer));
    signingRouteChangeAt = routed.nextRouteChangeAt;
    // Only now that the workflow accepts them are the new signers asked.
    if (routed.added.length > 0) await acts.requestSignatures({ programId, stageSeq: view.stageSeq, routes: routed.added, at, dueDate: view.dueDate, round });
  }

  // ---- handling one accepted request ----

  async function handle(next: Pending): Promise<unknown> {
    switch (next.kind) {
      case 'decide': {
        const stage = view.stage;
        if (!isDecisionStage(stage)) throw new Error(`unreachable: decision accepted in stage ${stage}`);
        const to = stageAfter(stage, next.input.decision);
        if (to === 'revision') revisionRounds += 1;
        return transition(next, to, next.input.decision, next.input.comment);
      }
      case 'resubmit':
        return transition(next, 'diskominfo_review', 'resubmitted', next.input.comment);
      case 'withdraw':
        return transition(next, 'withdrawn', 'withdrawn', next.input.reason);
      case 'cancel':
        return transition(next, 'cancelled', 'cancelled', next.input.reason);
      case 'sign':
        return recordSignature(next.input);
      case 'report':
        return recordReport(next.input);
      case 'extend':
        return moveDeadline(next.input);
    }
  }

  async function recordSignature(input: SignInput): Promise<SignResult> {
    const signing = view.signing!;
    const route = signing.routes.find((r) => r.office === input.office && r.signer.userId === input.actor.userId)!;
    const at = now();
    const signature: Signature = {
      office: route.office,
      official: route.official,
      signedBy: assigneeOf(input.actor),
      capacity: route.capacity,
      basis: route.basis,
      at,
      channel: input.channel,
    };
    const e = event('signed', {
      actor: actorOfEvent(input.actor, route.capacity === 'self' ? route.office : `${route.capacity}:${route.office}`),
      channel: input.channel,
      toStage: 'signing',
      details: { signature },
    });
    await acts.recordSignature({
      programId,
      stageSeq: view.stageSeq,
      signature,
      event: e,
      links: signing.routes.filter((r) => r.office === input.office).map((r) => ({ userId: r.signer.userId, subject: signLinkSubject(r) })),
    });
    signing.signatures.push(signature);
    const complete = signing.offices.every((o) => signing.signatures.some((s) => s.office === o));
    view.awaiting = uniqueAssignees(signing.routes.filter((r) => !signing.signatures.some((s) => s.office === r.office)).map((r) => r.signer));
    if (!complete) {
      return { programId, signature, signed: signing.signatures.length, required: signing.offices.length, complete: false, commitmentHash: null };
    }
    const { hash } = await acts.recordCommitment({ programId, proposalVersion: view.proposalVersion, proposal, signatures: signing.signatures, at });
    view.commitmentHash = hash;
    const closing = event('decided', {
      actor: actorOfEvent(input.actor, signature.capacity),
      channel: input.channel,
      toStage: 'implementation',
      decision: 'sign',
      comment: `komitmen lengkap: ${hash}`,
    });
    await acts.closeStage({
      programId,
      stageSeq: view.stageSeq,
      stage: 'signing',
      outcome: { result: 'sign', by: signature.signedBy, at, comment: '' },
      event: closing,
      links: [],
    });
    await enterStage('implementation', { result: 'sign', by: signature.signedBy, comment: '' }, []);
    return { programId, signature, signed: signing.signatures.length, required: signing.offices.length, complete: true, commitmentHash: hash };
  }

  async function moveDeadline(input: ExtendDeadlineInput): Promise<DeadlineResult> {
    const e = event('deadline_extended', {
      actor: actorOfEvent(input.actor, 'secretariat'),
      channel: input.channel,
      toStage: view.stage,
      comment: input.reason,
      details: { from: view.dueDate, to: input.dueDate },
    });
    const { dueAt } = await acts.extendDeadline({ programId, stageSeq: view.stageSeq, dueDate: input.dueDate, event: e });
    view.dueDate = input.dueDate;
    view.dueAt = dueAt;
    return { programId, stageSeq: view.stageSeq, dueDate: input.dueDate, dueAt };
  }

  // ---- implementation: reporting periods, for as long as the programme runs ----

  /** The next due report of the periods not yet reported (for "who must act next and by when"). */
  function nextDue(): { dueDate: string; dueAt: string } | null {
    const open = view.implementation!.periods.filter((p) => p.reports === 0 && p.dueDate !== null);
    const first = open.sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : 1))[0];
    return first ? { dueDate: first.dueDate!, dueAt: first.dueAt! } : null;
  }

  async function recordReport(input: ProgressReportInput): Promise<ProgressReportResult> {
    const impl = view.implementation!;
    const period = impl.periods.find((p) => p.id === input.period);
    const version = (period ? period.reports : impl.finished[input.period]!) + 1;
    if (period) period.reports = version;
    else impl.finished[input.period] = version;
    const at = now();
    const report: ProgressReport = {
      programId,
      period: input.period,
      version,
      percentComplete: input.percentComplete,
      narrative: input.narrative,
      kpiValues: input.kpiValues,
      evidenceLinks: input.evidenceLinks,
      submittedBy: assigneeOf(input.actor),
      channel: input.channel,
      at,
    };
    const e = event('report_submitted', {
      actor: actorOfEvent(input.actor, 'opd'),
      channel: input.channel,
      toStage: 'implementation',
      details: { period: input.period, version },
    });
    const due = nextDue();
    view.dueDate = due?.dueDate ?? null;
    view.dueAt = due?.dueAt ?? null;
    await acts.recordProgressReport({
      report,
      event: e,
      stageSeq: view.stageSeq,
      nextDue: due,
      links: view.awaiting.map((a) => ({ userId: a.userId, subject: `report:${input.period}` })),
    });
    const completed = await finishPeriods();
    return { programId, period: input.period, version, receivedAt: at, completed };
  }

  /** Drops periods that are closed and reported; the last one completes the programme. */
  async function finishPeriods(): Promise<boolean> {
    const impl = view.implementation!;
    const finished = impl.periods.filter((p) => p.dueDate !== null && p.reports > 0);
    if (finished.length === 0) return false;
    impl.periods = impl.periods.filter((p) => !finished.includes(p));
    for (const p of finished) impl.finished[p.id] = p.reports;
    const last = finished.find((p) => p.last);
    if (!last) return false;
    const e = event('completed', { actor: null, channel: 'system', toStage: 'completed', comment: `laporan akhir periode ${last.id} diterima` });
    const system: Assignee = { userId: 'system', name: 'alur', title: 'sistem' };
    await acts.closeStage({
      programId,
      stageSeq: view.stageSeq,
      stage: 'implementation',
      outcome: { result: 'completed', by: system, at: e.at, comment: e.comment! },
      event: e,
      links: openLinks(),
    });
    await enterStage('completed', { result: 'completed', by: system, comment: e.comment! }, view.awaiting);
    return true;
  }

  /** Runs the reporting cycle until the programme ends, or returns 'continue' when history should be cut. */
  async function runImplementation(): Promise<'ended' | 'continue'> {
    while (view.stage === 'implementation') {
      if (pending !== undefined) {
        await handleOne();
        continue;
      }
      const impl = view.implementation!;
      const nowMs = Date.now();
      // Close the periods whose last day has passed: their due day is set now, with today's holiday data.
      for (const p of impl.periods) {
        if (p.dueDate === null && endOfWibDay(p.end).getTime() <= nowMs) {
          // A period that had already ended when implementation began opens that day: it is
          // asked for at once (with the start of implementation) and due counting from then.
          const started = wibDate(new Date(view.stageOpenedAt!));
          const lateStart = p.end < started;
          p.openedOn = lateStart ? started : p.end;
          const opened = await acts.openReportingPeriod({
            programId,
            period: { id: p.id, start: p.start, end: p.end, last: p.last },
            openedOn: p.openedOn,
            at: now(),
          });
          p.dueDate = opened.dueDate;
          p.dueAt = opened.dueAt;
          if (lateStart && p.reports === 0) {
            const request: ScheduledNotification = { kind: 'reminder', date: started, at: now(), overdueWorkingDays: 0 };
            await acts.sendReportNotification({
              programId,
              stageSeq: view.stageSeq,
              period: { id: p.id, start: p.start, end: p.end, last: p.last },
              dueDate: p.dueDate,
              notification: request,
              escalationEvent: null,
            });
            p.notifiedUntil = request.at;
          }
          const due = nextDue();
          view.dueDate = due?.dueDate ?? null;
          view.dueAt = due?.dueAt ?? null;
          await acts.setNextDue({ programId, stageSeq: view.stageSeq, nextDue: due, at: now() });
        }
      }
      if (await finishPeriods()) return 'ended';
      // Due notifications: each period remembers what it sent and when to look again.
      for (const p of impl.periods) {
        if (p.dueDate === null || p.reports > 0 || (p.next && Date.parse(p.next.at) > Date.now())) continue;
        const openedOn = p.openedOn ?? p.end;
        const planned = await plan('report', openedOn, p.dueDate, p.notifiedUntil ?? endOfWibDay(openedOn).toISOString());
        for (const n of planned.due) {
          const escalation =
            n.kind === 'escalation'
              ? event('escalated', {
                  actor: null,
                  channel: 'system',
                  toStage: 'implementation',
                  comment: `laporan ${p.id} terlambat ${n.overdueWorkingDays} hari kerja`,
                  details: { period: p.id },
                })
              : null;
          await acts.sendReportNotification({
            programId,
            stageSeq: view.stageSeq,
            period: { id: p.id, start: p.start, end: p.end, last: p.last },
            dueDate: p.dueDate,
            notification: n,
            escalationEvent: escalation,
          });
          p.notifiedUntil = n.at;
        }
        p.next = planned.next;
      }
      if (shouldContinueAsNew()) return 'continue';
      rosterDirty = false; // nothing to re-route while reporting
      await waitFor(nextWake());
    }
    return 'ended';
  }

  /** The earliest moment something is due: a period closing, or a period's next notification. */
  function nextWake(): string | null {
    let wake: string | null = null;
    for (const p of view.implementation!.periods) {
      if (p.dueDate === null) wake = earliest(wake, endOfWibDay(p.end).toISOString());
      else if (p.reports === 0 && p.next) wake = earliest(wake, p.next.at);
    }
    return wake;
  }

  function shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.continueAsNewAfterEvents ?? historyEventsBeforeContinueAsNew);
  }

  async function handleOne(): Promise<void> {
    const next = pending!;
    const result = await handle(next);
    answer(next.input.requestId, result);
    pending = undefined;
  }

  // ---- the lifecycle ----

  if (!carried) {
    await acts.recordProposal({
      programId,
      workflowId: workflowIdOf(programId),
      proposal,
      proposer: input.proposer,
      requestHash: input.requestHash,
      at: now(),
    });
    eventSeq = 1; // the 'proposed' event
    await enterStage('diskominfo_review', null, []);
    view.recorded = true;
  }

  while (!isEnded(view.stage)) {
    if (view.stage === 'implementation') {
      if ((await runImplementation()) === 'continue') {
        // Finish every handler first, so no Update's answer is lost across the boundary
        // (a handler waiting on the loop leaves `pending` set: handle it, then try again).
        await condition(() => allHandlersFinished() || pending !== undefined);
        if (pending === undefined) {
          const next: CarriedState = { view, eventSeq, revisionRounds, answers: [...answers.entries()] };
          return continueAsNew<typeof programWorkflow>({ ...input, proposal, carried: next });
        }
      }
      continue;
    }
    await waitInStage();
    await handleOne();
  }
  return view;
}

/** The capacity in which a person acted, for the audit trail. */
function capacityOf(actor: Actor, stage: Stage, kind: Pending['kind']): string {
  if (kind === 'cancel') return 'secretariat';
  if (stage === 'diskominfo_review' && actor.roles.includes('diskominfo_reviewer')) return 'diskominfo_reviewer';
  if (stage === 'sekda_approval' && actor.roles.includes('sekda')) return 'sekda';
  return actor.roles[0] ?? 'unknown';
}

function changedFields(before: Proposal, after: Proposal): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])] as (keyof Proposal)[];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function uniqueAssignees(list: Assignee[]): Assignee[] {
  return [...new Map(list.map((a) => [a.userId, a])).values()];
}
