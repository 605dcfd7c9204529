/**
 * One programme's life (docs/product.md §2): review, approval, signing, years of implementation.
 * Deterministic orchestration only: every effect (store, links, mail, calendar) is an activity.
 *
 * People's requests arrive as Updates. A validator refuses what cannot be done now (with a
 * reason the API turns into a status); an accepted request is handed to the main loop, which
 * records it and moves the programme on; the Update answers once that is stored.
 *
 * This file registers the handlers and runs the main loop; each stage's rules live in its own
 * module, all sharing one state object (`state.ts`):
 *  - `stage-review.ts`: Diskominfo review, Sekda approval, revision and resubmission;
 *  - `stage-signing.ts`: signatures, re-routing, the commitment;
 *  - `stage-implementation.ts`: reporting periods, their reminders, completion;
 *  - `stage-ended.ts`: withdrawal, cancellation, completion;
 *  - `deadlines.ts`: waiting in a stage with reminders and escalation, deadline extensions;
 *  - `stage-changes.ts`: closing one stage and opening the next.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { isEnded } from '../domain/stages.js';
import { carriedStateOf } from './continue-as-new.js';
import { moveDeadline, validateExtension, waitInStage } from './deadlines.js';
import {
  auditAnchor,
  cancel,
  decide,
  extendDeadline,
  programState,
  proposalRecorded,
  reportProgress,
  resubmit,
  rosterChanged,
  sign,
  withdraw,
  workflowIdOf,
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
import { accept, recordPending } from './requests.js';
import { enterStage } from './stage-changes.js';
import { endProgramme, validateEnd } from './stage-ended.js';
import { recordReport, runImplementation, validateReport } from './stage-implementation.js';
import { recordDecision, recordResubmission, validateDecision, validateResubmission } from './stage-review.js';
import { recordSignature, validateSignature } from './stage-signing.js';
import { acts, chainedTo, initialState, now, type Pending, type ProgramState } from './state.js';

export { historyEventsBeforeContinueAsNew } from './continue-as-new.js';

export async function programWorkflow(input: ProgramWorkflowInput): Promise<ProgramView> {
  const s = initialState(input);
  registerHandlers(s);

  if (!input.carried) {
    const proposed = await acts.recordProposal({
      programId: s.programId,
      workflowId: workflowIdOf(s.programId),
      proposal: s.proposal,
      proposer: input.proposer,
      requestHash: input.requestHash,
      at: now(),
    });
    s.eventSeq = 1; // the 'proposed' event
    chainedTo(s, 1, proposed);
    await enterStage(s, 'diskominfo_review', null, []);
    s.view.recorded = true;
  }

  while (!isEnded(s.view.stage)) {
    const next = s.view.stage === 'implementation' ? await runImplementation(s) : await waitInStage(s);
    if (next === 'continue') {
      // Finish every handler first, so no Update's answer is lost across the boundary
      // (a handler waiting on the loop leaves `pending` set: handle it, then try again).
      await condition(() => allHandlersFinished() || s.pending !== undefined);
      if (s.pending === undefined) return continueAsNew<typeof programWorkflow>({ ...input, proposal: s.proposal, carried: carriedStateOf(s) });
    }
    if (s.pending !== undefined) await handlePending(s, s.pending);
  }
  return s.view;
}

/** Handlers first, so no early message finds the workflow deaf. */
function registerHandlers(s: ProgramState): void {
  setHandler(programState, () => s.view);
  setHandler(auditAnchor, () => ({ programId: s.programId, eventCount: s.eventSeq }));
  setHandler(proposalRecorded, async () => {
    await condition(() => s.view.recorded);
    return s.view;
  });
  setHandler(rosterChanged, () => {
    s.rosterDirty = true;
  });
  setHandler(decide, (input) => accept<TransitionResult>(s, { kind: 'decide', input }), { validator: (input: DecisionInput) => validateDecision(s, input) });
  setHandler(resubmit, (input) => accept<TransitionResult>(s, { kind: 'resubmit', input }), {
    validator: (input: RevisionInput) => validateResubmission(s, input),
  });
  setHandler(withdraw, (input) => accept<TransitionResult>(s, { kind: 'withdraw', input }), {
    validator: (input: EndInput) => validateEnd(s, 'withdraw', input),
  });
  setHandler(cancel, (input) => accept<TransitionResult>(s, { kind: 'cancel', input }), { validator: (input: EndInput) => validateEnd(s, 'cancel', input) });
  setHandler(sign, (input) => accept<SignResult>(s, { kind: 'sign', input }), { validator: (input: SignInput) => validateSignature(s, input) });
  setHandler(reportProgress, (input) => accept<ProgressReportResult>(s, { kind: 'report', input }), {
    validator: (input: ProgressReportInput) => validateReport(s, input),
  });
  setHandler(extendDeadline, (input) => accept<DeadlineResult>(s, { kind: 'extend', input }), {
    validator: (input: ExtendDeadlineInput) => validateExtension(s, input),
  });
}

/** Records the accepted request with its stage's module, then answers it. */
function handlePending(s: ProgramState, next: Pending): Promise<void> {
  return recordPending(s, next, (n) => record(s, n));
}

function record(s: ProgramState, next: Pending): Promise<unknown> {
  switch (next.kind) {
    case 'decide':
      return recordDecision(s, next.input);
    case 'resubmit':
      return recordResubmission(s, next.input);
    case 'withdraw':
    case 'cancel':
      return endProgramme(s, next.kind, next.input);
    case 'sign':
      return recordSignature(s, next.input);
    case 'report':
      return recordReport(s, next.input);
    case 'extend':
      return moveDeadline(s, next.input);
  }
}
