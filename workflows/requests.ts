/**
 * People's requests: checks every Update shares, handing an accepted request to the main loop,
 * and the answers kept so a retried request (same id) gets the first answer again.
 */
import { condition } from '@temporalio/workflow';
import { refusal, type Action, type Actor } from '../domain/roles.js';
import { refusalTypes } from './messages.js';
import { refuse, type Pending, type ProgramState } from './state.js';

/** Answers kept for retried requests (across continue-as-new too). */
const answersKept = 50;

/** Checks shared by every person's request; true when it is a retry already answered. */
export function checkRequest(s: ProgramState, requestId: string, actor: Actor, action: Action | null): boolean {
  if (s.answers.has(requestId)) return true;
  if (!s.view.recorded) refuse(refusalTypes.wrongStage, 'the proposal is still being recorded; try again in a moment');
  if (s.pending) refuse(refusalTypes.alreadyDecided, 'another request for this programme is being recorded; try again in a moment');
  if (action) {
    const why = refusal(actor, action, { opdId: s.proposal.opdId, stage: s.view.stage });
    if (why) refuse(refusalTypes.notAllowed, why);
  }
  return false;
}

/** Hands an accepted request to the main loop; resolves with its answer once it is recorded. */
export function accept<T>(s: ProgramState, next: Pending): Promise<T> {
  const id = next.input.requestId;
  if (!s.answers.has(id)) s.pending = next;
  return condition(() => s.answers.has(id)).then(() => s.answers.get(id) as T);
}

export function answer(s: ProgramState, requestId: string, result: unknown): void {
  s.answers.set(requestId, result);
  for (const oldest of s.answers.keys()) {
    if (s.answers.size <= answersKept) break;
    s.answers.delete(oldest);
  }
}
