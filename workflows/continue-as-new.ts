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
 * Continue as new past this many history events. Replaying an evicted run costs about
 * 0.25 ms per event on the worker's 0.5 vCPU (measured with the worker's bundle:
 * 0.2–0.3 ms CPU per event across the recorded histories, plus ~5 ms to start the workflow);
 * the target is 50 ms p95 for replaying an evicted programme, so (50 - 5) / 0.25 ≈ 180 events,
 * and a run stops growing a little past the threshold (the request or wake-up that crossed it,
 * ~10-20 events): 150.
 */
export const historyEventsBeforeContinueAsNew = 150;

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
