/**
 * Moving a programme from one stage to the next: close the current stage (outcome, audit
 * event, its links revoked), then open the next (who must act, by when, their links and mail).
 */
import { signLinkSubject, type LinkRef } from '../domain/links.js';
import type { Assignee, EventType, StageOutcome, StageResult } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { Actor } from '../domain/roles.js';
import { isDecisionStage, isEnded, type DecisionStage, type Stage } from '../domain/stages.js';
import type { DecisionInput, EndInput, RevisionInput, TransitionResult } from './messages.js';
import { answer, recordAs } from './requests.js';
import { actorOfEvent, acts, assigneeOf, chainedTo, nextEvent, now, prevHashFor, recordRefusedMail, type ProgramState } from './state.js';

/** A request that ends the current stage. */
export type StageEnding =
  { kind: 'decide'; input: DecisionInput } | { kind: 'resubmit'; input: RevisionInput } | { kind: 'withdraw' | 'cancel'; input: EndInput };

/** The links still open in the current stage, to revoke when it ends. */
export function openLinks(s: ProgramState): LinkRef[] {
  const { view } = s;
  if (isDecisionStage(view.stage)) return view.awaiting.map((a) => ({ userId: a.userId, subject: 'decide' }));
  if (view.stage === 'signing' && view.signing) return view.signing.routes.map((r) => ({ userId: r.signer.userId, subject: signLinkSubject(r) }));
  if (view.stage === 'implementation' && view.implementation) {
    const periods = view.implementation.periods.filter((p) => p.dueDate !== null && p.reports === 0);
    return periods.flatMap((p) => view.awaiting.map((a) => ({ userId: a.userId, subject: `report:${p.id}` })));
  }
  return [];
}

/**
 * Opens `stage`: asks the activity who must act and by when, and resets what the workflow
 * tracks per stage. Entering implementation, the caller then sets up its reporting periods.
 */
export async function enterStage(s: ProgramState, stage: Stage, cause: { result: StageResult; by: Assignee; comment: string } | null, previous: Assignee[]) {
  const { view } = s;
  const fromStage = view.stageSeq === 0 ? null : view.stage;
  view.stage = stage;
  view.stageSeq += 1;
  // Ended stages wait for nobody: the event that ended the previous stage is their record.
  const waits = !isEnded(stage);
  if (waits) s.eventSeq += 1;
  const at = now();
  const opened = await acts.enterStage({
    programId: s.programId,
    stage,
    stageSeq: view.stageSeq,
    fromStage,
    at,
    eventSeq: s.eventSeq,
    writeEvent: waits,
    cause,
    previousAssignees: previous,
    revisionRounds: s.revisionRounds,
    prevHash: waits ? prevHashFor(s, s.eventSeq) : undefined,
  });
  if (waits) chainedTo(s, s.eventSeq, opened);
  view.awaiting = opened.assignees;
  view.stageOpenedAt = at;
  s.stageNotifiedUntil = null;
  view.dueAt = opened.dueAt;
  view.dueDate = opened.dueDate;
  view.signing = opened.signing ? { offices: opened.signing.offices, routes: opened.signing.routes, signatures: [] } : null;
  view.implementation = null;
  s.signingRouteChangeAt = opened.signing?.nextRouteChangeAt ?? null;
  s.opdRouteChangeAt = opened.nextOpdHandoverAt ?? null;
  await recordRefusedMail(s, opened);
}

/**
 * The roster or an office changed while a decision stage waits: whoever may no longer decide loses
 * the work (their link revoked), and whoever holds it now gets it (docs/product.md §10). The
 * activity records an event only when someone changed; the event number is taken only then.
 */
export async function rerouteDeciders(s: ProgramState, stage: DecisionStage): Promise<void> {
  const { view } = s;
  const routed = await acts.rerouteDeciders({
    programId: s.programId,
    stage,
    stageSeq: view.stageSeq,
    previous: view.awaiting,
    at: now(),
    eventSeq: s.eventSeq + 1,
    revisionRounds: s.revisionRounds,
  });
  if (routed.changed) s.eventSeq += 1;
  view.awaiting = routed.assignees;
  await recordRefusedMail(s, routed);
}

/**
 * The roster or an office changed while a revision or the reports wait on the proposing OPD: whoever
 * no longer acts for it loses the work (open report links revoked), and whoever does now gets it
 * (docs/product.md §10). As for deciders, an event number is taken only when someone changed.
 */
export async function rerouteOpdWork(s: ProgramState, stage: 'revision' | 'implementation'): Promise<void> {
  const { view } = s;
  const open = stage === 'implementation' ? (view.implementation?.periods ?? []) : [];
  const routed = await acts.rerouteOpdWork({
    programId: s.programId,
    stage,
    stageSeq: view.stageSeq,
    previous: view.awaiting,
    openPeriods: open.flatMap((p) =>
      p.dueDate !== null && p.reports === 0 ? [{ id: p.id, start: p.start, end: p.end, last: p.last, dueDate: p.dueDate }] : [],
    ),
    at: now(),
    eventSeq: s.eventSeq + 1,
  });
  if (routed.changed) s.eventSeq += 1;
  view.awaiting = routed.assignees;
  s.opdRouteChangeAt = routed.nextHandoverAt ?? null;
  await recordRefusedMail(s, routed);
}

/** Whether the OPD head's office changed hands since the OPD's work was last routed. */
export const opdHandoverPassed = (s: ProgramState): boolean => s.opdRouteChangeAt !== null && Date.now() >= Date.parse(s.opdRouteChangeAt);

/**
 * Records how the current stage ended because of a person's request, then opens the next one.
 * With `answerWhenClosed`, the request is answered as soon as the ending is stored, and the next
 * stage (its links and emails) opens after the answer.
 */
export async function transition(
  s: ProgramState,
  next: StageEnding,
  toStage: Stage,
  result: StageResult,
  comment: string,
  answerWhenClosed = false,
): Promise<TransitionResult> {
  const { view } = s;
  const { actor, channel } = next.input;
  const by = assigneeOf(actor);
  const fromStage = view.stage;
  const previous = view.awaiting;
  const eventSeqBefore = s.eventSeq;
  const e = nextEvent(s, eventTypeOf[next.kind], {
    actor: actorOfEvent(actor, capacityOf(actor, fromStage, next)),
    channel,
    toStage,
    decision: next.kind === 'decide' ? next.input.decision : null,
    comment: comment || null,
    // The timeline shows what a revision changed, field by field (both versions stay in the store).
    ...(next.kind === 'resubmit' ? { details: { version: view.proposalVersion + 1, changedFields: changedFields(s.proposal, next.input.proposal) } } : {}),
    // A Plt./Plh.'s decision says for whom, and on which decree.
    ...(next.kind === 'decide' && next.input.actingFor ? { details: { actingFor: next.input.actingFor } } : {}),
  });
  const outcome: StageOutcome = { result, by, at: e.at, comment };
  const closed = await recordAs(
    s,
    eventSeqBefore,
    acts.closeStage({
      programId: s.programId,
      stageSeq: view.stageSeq,
      stage: fromStage,
      outcome,
      event: e,
      links: openLinks(s),
      prevHash: prevHashFor(s, e.seq),
    }),
  );
  chainedTo(s, e.seq, closed);
  if (next.kind === 'resubmit') {
    view.proposalVersion += 1;
    s.proposal = next.input.proposal;
    await acts.recordRevision({ programId: s.programId, version: view.proposalVersion, proposal: s.proposal, at: e.at });
  }
  // The next stage's occurrence number is known before it opens.
  const answered: TransitionResult = { programId: s.programId, fromStage, toStage, stageSeq: view.stageSeq + 1, at: e.at, by };
  if (answerWhenClosed) answer(s, next.input.requestId, answered);
  await enterStage(s, toStage, { result, by, comment }, previous);
  return answered;
}

const eventTypeOf: Record<StageEnding['kind'], EventType> = { decide: 'decided', resubmit: 'resubmitted', withdraw: 'withdrawn', cancel: 'cancelled' };

/** The capacity in which a person acted, for the audit trail. */
function capacityOf(actor: Actor, stage: Stage, next: StageEnding): string {
  const kind = next.kind;
  if (kind === 'cancel') return 'secretariat';
  if (next.kind === 'decide' && next.input.actingFor) return next.input.actingFor.kind;
  if (stage === 'diskominfo_review' && actor.roles.includes('diskominfo_reviewer')) return 'diskominfo_reviewer';
  if (stage === 'sekda_approval' && actor.roles.includes('sekda')) return 'sekda';
  return actor.roles[0] ?? 'unknown';
}

function changedFields(before: Proposal, after: Proposal): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])] as (keyof Proposal)[];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}
