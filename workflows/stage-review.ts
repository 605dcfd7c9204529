/**
 * Review by Diskominfo and approval by the Sekda: whoever the stage awaits decides (approve,
 * request changes, return, reject); a proposal sent back is revised by its OPD and resubmitted
 * for review. After too many rounds only approve or reject remain.
 */
import { patched } from '@temporalio/workflow';
import { decisionRefusal } from '../domain/roles.js';
import { commentRequired, decisionsByStage, isDecisionStage, maxRevisionRounds, stageAfter, type Decision } from '../domain/stages.js';
import { refusalTypes, type DecisionInput, type RevisionInput, type TransitionResult } from './messages.js';
import { actingOpdOf, checkRequest, RecordingRefused } from './requests.js';
import { transition } from './stage-changes.js';
import { refuse, type ProgramState } from './state.js';

/** Decisions possible now: after too many rounds, only approve or reject. */
function decisionsNow(s: ProgramState, stage: 'diskominfo_review' | 'sekda_approval'): readonly Decision[] {
  const all = decisionsByStage[stage];
  return s.revisionRounds >= maxRevisionRounds ? all.filter((d) => d === 'approve' || d === 'reject') : all;
}

export function validateDecision(s: ProgramState, d: DecisionInput): void {
  if (checkRequest(s, d, null)) return;
  const { view } = s;
  const stage = view.stage;
  if (!isDecisionStage(stage)) refuse(refusalTypes.wrongStage, `programme is in stage ${stage}; nothing to decide`);
  if (d.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the stage this decision was meant for has ended');
  // The decider role (or the secretariat the stage awaits), never the proposing OPD; the activity that records it checks again with the roster of then.
  const awaited = view.awaiting.some((a) => a.userId === d.actor.userId);
  // A Plt./Plh. decides only for an official the stage awaits; the activity checks the delegation is in force.
  const actsForAwaited = d.actingFor !== undefined && view.awaiting.some((a) => a.userId === d.actingFor?.official.userId);
  if (d.actingFor !== undefined && !actsForAwaited) refuse(refusalTypes.notAllowed, 'the official you act for is not asked to decide this stage');
  const why = decisionRefusal(d.actor, stage, { opdId: actingOpdOf(s, d), awaited, actsForAwaited });
  if (why) refuse(refusalTypes.notAllowed, why);
  const possible = decisionsNow(s, stage);
  if (!possible.includes(d.decision)) refuse(refusalTypes.invalid, `decision ${d.decision} is not possible now; possible: ${possible.join(', ')}`);
  if (commentRequired.includes(d.decision) && !d.comment.trim()) refuse(refusalTypes.invalid, `decision ${d.decision} needs a comment that says why`);
}

export function recordDecision(s: ProgramState, input: DecisionInput): Promise<TransitionResult> {
  const stage = s.view.stage;
  if (!isDecisionStage(stage)) throw new RecordingRefused(refusalTypes.wrongStage, `programme is in stage ${stage}; nothing to decide`);
  const to = stageAfter(stage, input.decision);
  if (to === 'revision') s.revisionRounds += 1;
  // Whoever clicked an emailed link is told only that the decision is recorded: answer once it
  // is, and send the next stage's links and emails after. The API and the web application show
  // the programme as it then stands (who is asked next), so they are answered after that.
  const answerWhenClosed = input.channel === 'link' && patched('link-decision-answered-when-recorded');
  return transition(s, { kind: 'decide', input }, to, input.decision, input.comment, answerWhenClosed);
}

export function validateResubmission(s: ProgramState, r: RevisionInput): void {
  if (checkRequest(s, r, 'resubmit')) return;
  if (s.view.stage !== 'revision') refuse(refusalTypes.wrongStage, `programme is in stage ${s.view.stage}; only a programme in revision can be resubmitted`);
  if (r.proposal.opdId !== s.proposal.opdId) refuse(refusalTypes.invalid, 'a revision cannot move the programme to another OPD');
}

export function recordResubmission(s: ProgramState, input: RevisionInput): Promise<TransitionResult> {
  return transition(s, { kind: 'resubmit', input }, 'diskominfo_review', 'resubmitted', input.comment);
}
