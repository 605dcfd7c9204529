/**
 * Waiting in a stage people must act on (review, approval, revision, signing): reminders and
 * escalation on the stage's schedule, signers, deciders and the revising OPD re-routed when the
 * roster, an office or a delegation changes, and the secretariat's extension of a deadline.
 */
import { patched } from '@temporalio/workflow';
import { wibDate } from '../domain/calendar.js';
import type { EscalatingWork } from '../domain/escalation.js';
import type { NotificationPolicyName, ScheduledNotification } from '../domain/notifications.js';
import { isDecisionStage, type Stage } from '../domain/stages.js';
import { shouldContinueAsNew } from './continue-as-new.js';
import { refusalTypes, type DeadlineResult, type ExtendDeadlineInput } from './messages.js';
import { checkRequest, recordAs } from './requests.js';
import { opdHandoverPassed, rerouteDeciders, rerouteOpdWork } from './stage-changes.js';
import { rerouteSigners } from './stage-signing.js';
import { actorOfEvent, acts, chainedTo, earliest, nextEvent, prevHashFor, recordRefusedMail, refuse, type ProgramState } from './state.js';
import { escalationStep, plan, waitFor } from './waiting.js';

/** Which reminder policy a waiting stage follows. */
const stagePolicy: Partial<Record<Stage, NotificationPolicyName>> = {
  diskominfo_review: 'decision',
  sekda_approval: 'decision',
  revision: 'revision',
  signing: 'signing',
};

/** The stages whose overdue work escalates, as the escalation policy names them. */
const stageWork: Partial<Record<Stage, EscalatingWork>> = {
  diskominfo_review: 'diskominfo_review',
  sekda_approval: 'sekda_approval',
  signing: 'signing',
};

/**
 * Waits in a stage that people must act on, reminding and escalating on schedule, until a
 * request arrives ('request') or the history has grown past its bound ('continue': the reminders
 * due are sent first, and the next run waits on from there).
 */
export async function waitInStage(s: ProgramState): Promise<'request' | 'continue'> {
  const { view } = s;
  const policy = stagePolicy[view.stage];
  while (s.pending === undefined) {
    let next: ScheduledNotification | null = null;
    if (policy && view.dueDate && view.stageOpenedAt) {
      const planned = await plan(
        s,
        policy,
        wibDate(new Date(view.stageOpenedAt)),
        view.dueDate,
        s.stageNotifiedUntil ?? view.stageOpenedAt,
        stageWork[view.stage] ?? null,
      );
      for (const n of planned.due) await notifyStage(s, n, view.stageSeq, view.dueDate);
      s.stageNotifiedUntil = planned.due.at(-1)?.at ?? s.stageNotifiedUntil;
      next = planned.next;
    }
    if (shouldContinueAsNew(s, true)) return 'continue';
    const routeChangeAt = view.stage === 'signing' ? s.signingRouteChangeAt : view.stage === 'revision' ? s.opdRouteChangeAt : null;
    await waitFor(s, earliest(next?.at ?? null, routeChangeAt), () => s.rosterDirty);
    if (s.pending !== undefined) return 'request';
    if (
      s.rosterDirty ||
      (s.signingRouteChangeAt !== null && Date.now() >= Date.parse(s.signingRouteChangeAt)) ||
      (view.stage === 'revision' && opdHandoverPassed(s))
    ) {
      s.rosterDirty = false;
      if (view.stage === 'signing') await rerouteSigners(s);
      // Before this patch a roster change left a decision stage's deciders as they were.
      else if (isDecisionStage(view.stage) && patched('reroute-deciders')) await rerouteDeciders(s, view.stage);
      // Before this patch a revision waited on whoever it was first asked of.
      else if (view.stage === 'revision') {
        if (patched('reroute-revision')) await rerouteOpdWork(s, 'revision');
        else s.opdRouteChangeAt = null; // a handover is only awaited under the patch; never wake for it again
      }
    }
  }
  return 'request';
}

async function notifyStage(s: ProgramState, n: ScheduledNotification, stageSeq: number, dueDate: string): Promise<void> {
  const { view } = s;
  const signing = view.signing;
  const work = stageWork[view.stage];
  const step = n.kind === 'escalation' && work ? escalationStep(s, work, n) : null;
  const escalation = step
    ? nextEvent(s, 'escalated', {
        actor: null,
        channel: 'system',
        toStage: view.stage,
        comment: `terlambat ${n.overdueWorkingDays} hari kerja; eskalasi tahap ${step.step}`,
        details: step,
      })
    : null;
  const sent = await acts.sendStageNotification({
    programId: s.programId,
    stage: view.stage,
    stageSeq,
    notification: n,
    awaiting: view.awaiting,
    unsignedRoutes: signing ? signing.routes.filter((r) => !signing.signatures.some((x) => x.office === r.office)) : null,
    dueDate,
    escalationEvent: escalation,
    escalationTargets: step?.targets,
    prevHash: escalation ? prevHashFor(s, escalation.seq) : undefined,
  });
  if (escalation) chainedTo(s, escalation.seq, sent);
  await recordRefusedMail(s, sent);
}

export function validateExtension(s: ProgramState, e: ExtendDeadlineInput): void {
  if (checkRequest(s, e, 'extend_deadline')) return;
  const { view } = s;
  if (!stagePolicy[view.stage]) refuse(refusalTypes.wrongStage, `stage ${view.stage} has no deadline to extend`);
  if (e.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the stage this extension was meant for has ended');
  if (view.dueDate && e.dueDate <= view.dueDate) refuse(refusalTypes.invalid, `the new due day must be after ${view.dueDate}`);
  if (!e.reason.trim()) refuse(refusalTypes.invalid, 'an extension needs a reason');
}

export async function moveDeadline(s: ProgramState, input: ExtendDeadlineInput): Promise<DeadlineResult> {
  const { view } = s;
  const eventSeqBefore = s.eventSeq;
  const e = nextEvent(s, 'deadline_extended', {
    actor: actorOfEvent(input.actor, 'secretariat'),
    channel: input.channel,
    toStage: view.stage,
    comment: input.reason,
    details: { from: view.dueDate, to: input.dueDate },
  });
  const extended = await recordAs(
    s,
    eventSeqBefore,
    acts.extendDeadline({ programId: s.programId, stageSeq: view.stageSeq, dueDate: input.dueDate, event: e, prevHash: prevHashFor(s, e.seq) }),
  );
  chainedTo(s, e.seq, extended);
  const { dueAt } = extended;
  view.dueDate = input.dueDate;
  view.dueAt = dueAt;
  return { programId: s.programId, stageSeq: view.stageSeq, dueDate: input.dueDate, dueAt };
}
