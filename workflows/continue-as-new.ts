/**
 * Bounding a run's history. A programme lives for years; every reminder, re-routing and request
 * adds events to its run, and a worker that no longer caches the workflow replays the whole run
 * before it can answer the next click. Past a threshold the run continues as new, handing the
 * next run everything it needs (`CarriedState`), from implementation and from every stage that
 * waits on people alike, once every handler has finished.
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import type { CarriedState } from './messages.js';
import type { ProgramState } from './state.js';

/**
 * Continue as new past this many history events, so that replaying an evicted run stays under
 * 50 ms (p95). Measured by replaying recorded histories with the worker's bundle on two shared
 * cores: about 3 ms per replay plus 0.35 ms of CPU per event for a programme's usual mix
 * (reminders, requests, reports) and up to 0.5 ms per event for a history of roster-change
 * signals (more workflow tasks per event), with p95 about 1.25 × the median. The worst kind
 * then fits 50 ms up to 50 / 1.25 / 0.5 ≈ 80 events; a run stops growing a little past the
 * threshold (the request or wake-up that crossed it records its effects first: up to ~15
 * events), hence 60. Most of the per-event time is the SDK's sandbox (entering the V8 context
 * with a watchdog timer, a stack trace kept per promise), not the workflow's own code.
 */
export const historyEventsBeforeContinueAsNew = 60;

/** The threshold before the `history-bounded-in-every-stage` patch: runs recorded then replay with it. */
const historyEventsBeforeContinueAsNewUntilPatched = 2_000;

/**
 * Whether the run should continue as new now: Temporal suggests it, or the history is past the
 * threshold (the input's `continueAsNewAfterEvents` when set). Before the patch, only
 * implementation continued as new, and only past 2,000 events (or the input's threshold).
 */
export function shouldContinueAsNew(s: ProgramState, waitingOnPeople: boolean): boolean {
  const { continueAsNewSuggested, historyLength } = workflowInfo();
  const configured = s.input.continueAsNewAfterEvents;
  if (!continueAsNewSuggested && historyLength <= (configured ?? historyEventsBeforeContinueAsNew)) return false;
  if (patched('history-bounded-in-every-stage')) return true;
  return !waitingOnPeople && (continueAsNewSuggested || historyLength > (configured ?? historyEventsBeforeContinueAsNewUntilPatched));
}

/** What the next run starts from: the view and everything a waiting stage or implementation remembers. */
export function carriedStateOf(s: ProgramState): CarriedState {
  return {
    view: s.view,
    eventSeq: s.eventSeq,
    revisionRounds: s.revisionRounds,
    answers: [...s.answers.entries()],
    ...(s.opdRouteChangeAt ? { opdRouteChangeAt: s.opdRouteChangeAt } : {}),
    rosterDirty: s.rosterDirty,
    signersRoutedAt: s.signersRoutedAt,
    signingRouteChangeAt: s.signingRouteChangeAt,
    stageNotifiedUntil: s.stageNotifiedUntil,
    holidays: s.holidays,
    escalationPolicy: s.escalationPolicy,
    lastEvent: s.lastEvent,
  };
}
