/**
 * One programme's life, from proposal to the signing stage (DESIGN.md §2).
 * Deterministic orchestration only: every effect (store, links, mail) is an activity.
 *
 * People's requests arrive as Updates. A validator refuses what cannot be done now (with a
 * reason the API turns into a status); an accepted request is handed to the main loop,
 * which records it and moves the stage; the Update answers once that is stored.
 */
import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Assignee, ProgramEvent, StageOutcome, StageResult } from '../domain/program.js';
import { refusal, type Action, type Actor } from '../domain/roles.js';
import { commentRequired, decisionsByStage, isDecisionStage, isEnded, stageAfter, type Stage } from '../domain/stages.js';
import {
  cancel,
  decide,
  programState,
  proposalRecorded,
  refusalTypes,
  resubmit,
  withdraw,
  workflowIdOf,
  type DecisionInput,
  type EndInput,
  type ProgramView,
  type ProgramWorkflowInput,
  type RevisionInput,
  type TransitionResult,
} from './messages.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

type Pending =
  | { kind: 'decide'; input: DecisionInput }
  | { kind: 'resubmit'; input: RevisionInput }
  | { kind: 'withdraw' | 'cancel'; input: EndInput };

/** Stages from which the OPD may still withdraw its proposal. */
const withdrawableStages: readonly Stage[] = ['diskominfo_review', 'revision', 'sekda_approval', 'signing'];

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function programWorkflow(input: ProgramWorkflowInput): Promise<ProgramView> {
  const { programId } = input;
  const view: ProgramView = {
    programId,
    stage: 'diskominfo_review',
    stageSeq: 0,
    proposalVersion: 1,
    awaiting: [],
    dueAt: null,
    recorded: false,
  };
  let eventSeq = 0;
  let pending: Pending | undefined;
  const answers = new Map<string, TransitionResult>();

  // ---- message handlers: registered first, so no early message finds the workflow deaf ----

  /** Checks shared by every person's request; returns true when it is a retry already answered. */
  function checkRequest(requestId: string, actor: Actor, action: Action): boolean {
    if (answers.has(requestId)) return true;
    if (!view.recorded) refuse(refusalTypes.wrongStage, 'the proposal is still being recorded; try again in a moment');
    if (pending) refuse(refusalTypes.alreadyDecided, 'another request for this stage is being recorded');
    const why = refusal(actor, action, { opdId: input.proposal.opdId, stage: view.stage });
    if (why) refuse(refusalTypes.notAllowed, why);
    return false;
  }

  async function accept(next: Pending): Promise<TransitionResult> {
    const id = next.input.requestId;
    if (!answers.has(id)) {
      pending = next;
      await condition(() => answers.has(id));
    }
    return answers.get(id)!;
  }

  setHandler(programState, () => view);
  setHandler(proposalRecorded, async () => {
    await condition(() => view.recorded);
    return view;
  });

  setHandler(decide, (d) => accept({ kind: 'decide', input: d }), {
    validator: (d: DecisionInput) => {
      if (checkRequest(d.requestId, d.actor, 'decide')) return;
      const stage = view.stage;
      if (!isDecisionStage(stage)) refuse(refusalTypes.wrongStage, `programme is in stage ${stage}; nothing to decide`);
      if (d.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the stage this decision was meant for has ended');
      if (!decisionsByStage[stage].includes(d.decision)) {
        refuse(refusalTypes.invalid, `decision ${d.decision} is not possible in stage ${stage}; possible: ${decisionsByStage[stage].join(', ')}`);
      }
      if (commentRequired.includes(d.decision) && !d.comment.trim()) {
        refuse(refusalTypes.invalid, `decision ${d.decision} needs a comment that says why`);
      }
    },
  });

  setHandler(resubmit, (r) => accept({ kind: 'resubmit', input: r }), {
    validator: (r: RevisionInput) => {
      if (checkRequest(r.requestId, r.actor, 'resubmit')) return;
      if (view.stage !== 'revision') refuse(refusalTypes.wrongStage, `programme is in stage ${view.stage}; only a programme in revision can be resubmitted`);
      if (r.proposal.opdId !== input.proposal.opdId) refuse(refusalTypes.invalid, 'a revision cannot move the programme to another OPD');
    },
  });

  for (const [update, action] of [
    [withdraw, 'withdraw'],
    [cancel, 'cancel'],
  ] as const) {
    setHandler(update, (e) => accept({ kind: action, input: e }), {
      validator: (e: EndInput) => {
        if (checkRequest(e.requestId, e.actor, action)) return;
        if (isEnded(view.stage)) refuse(refusalTypes.wrongStage, `programme has already ended (${view.stage})`);
        if (action === 'withdraw' && !withdrawableStages.includes(view.stage)) refuse(refusalTypes.wrongStage, 'a programme can only be withdrawn until its commitment is signed');
        if (!e.reason.trim()) refuse(refusalTypes.invalid, `${action} needs a reason`);
      },
    });
  }

  // ---- the lifecycle ----

  const assigneeOf = (a: Actor): Assignee => ({ userId: a.userId, name: a.name, title: a.title });
  const now = () => new Date().toISOString();

  async function enterStage(stage: Stage, cause: { result: StageResult; by: Assignee; comment: string } | null, previous: Assignee[]) {
    const fromStage = view.stageSeq === 0 ? null : view.stage;
    view.stage = stage;
    view.stageSeq += 1;
    // Ended stages wait for nobody: the event that ended the previous stage is their record.
    const waits = !isEnded(stage);
    if (waits) eventSeq += 1;
    const opened = await acts.enterStage({
      programId,
      stage,
      stageSeq: view.stageSeq,
      fromStage,
      at: now(),
      eventSeq,
      writeEvent: waits,
      cause,
      previousAssignees: previous,
    });
    view.awaiting = opened.assignees;
    view.dueAt = opened.dueAt;
  }

  /** Records how the current stage ended, then opens the next one. */
  async function transition(next: Pending, toStage: Stage, result: StageResult, comment: string): Promise<void> {
    const { actor, channel, requestId } = next.input;
    const at = now();
    const by = assigneeOf(actor);
    const fromStage = view.stage;
    const previous = view.awaiting;
    eventSeq += 1;
    const event: ProgramEvent = {
      programId,
      seq: eventSeq,
      type: next.kind === 'decide' ? 'decided' : next.kind === 'resubmit' ? 'resubmitted' : next.kind === 'withdraw' ? 'withdrawn' : 'cancelled',
      at,
      actor: { ...by, capacity: capacityOf(actor, fromStage) },
      channel,
      fromStage,
      toStage,
      stageSeq: view.stageSeq,
      decision: next.kind === 'decide' ? next.input.decision : null,
      comment: comment || null,
    };
    const outcome: StageOutcome = { result, by, at, comment };
    await acts.closeStage({ programId, stageSeq: view.stageSeq, stage: fromStage, outcome, event, assignees: previous });
    if (next.kind === 'resubmit') {
      view.proposalVersion += 1;
      await acts.recordRevision({ programId, version: view.proposalVersion, proposal: next.input.proposal, at });
    }
    await enterStage(toStage, { result, by, comment }, previous);
    answers.set(requestId, { programId, fromStage, toStage, stageSeq: view.stageSeq, at, by });
  }

  await acts.recordProposal({ programId, workflowId: workflowIdOf(programId), proposal: input.proposal, proposer: input.proposer, requestHash: input.requestHash, at: now() });
  eventSeq = 1; // the 'proposed' event
  await enterStage('diskominfo_review', null, []);
  view.recorded = true;

  // Signing is collected by a later stage of this workflow; until then the programme waits
  // there, and can still be withdrawn or cancelled.
  while (!isEnded(view.stage)) {
    await condition(() => pending !== undefined);
    const next = pending!;
    switch (next.kind) {
      case 'decide': {
        const stage = view.stage;
        if (!isDecisionStage(stage)) throw new Error(`unreachable: decision accepted in stage ${stage}`);
        await transition(next, stageAfter(stage, next.input.decision), next.input.decision, next.input.comment);
        break;
      }
      case 'resubmit':
        await transition(next, 'diskominfo_review', 'resubmitted', next.input.comment);
        break;
      case 'withdraw':
        await transition(next, 'withdrawn', 'withdrawn', next.input.reason);
        break;
      case 'cancel':
        await transition(next, 'cancelled', 'cancelled', next.input.reason);
        break;
    }
    pending = undefined;
  }
  return view;
}

/** The capacity in which a person acted, for the audit trail. */
function capacityOf(actor: Actor, stage: Stage): string {
  if (stage === 'diskominfo_review' && actor.roles.includes('diskominfo_reviewer')) return 'diskominfo_reviewer';
  if (stage === 'sekda_approval' && actor.roles.includes('sekda')) return 'sekda';
  return actor.roles[0] ?? 'unknown';
}
