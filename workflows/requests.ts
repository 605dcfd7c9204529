/**
 * People's requests: checks every Update shares, handing an accepted request to the main loop,
 * and the answers kept so a retried request (same id) gets the first answer again.
 */
import { ActivityFailure, ApplicationFailure, condition } from '@temporalio/workflow';
import { refusal, type Action } from '../domain/roles.js';
import { refusalTypes, type RefusalType, type Request } from './messages.js';
import { refuse, type Pending, type ProgramState } from './state.js';

/** Answers kept for retried requests (across continue-as-new too). */
const answersKept = 50;

/** The OPD that acts for the programme as the request says, or the proposing OPD for a request that does not say. */
export const actingOpdOf = (s: ProgramState, r: Request): string => r.actingOpdId ?? s.proposal.opdId;

/**
 * Checks shared by every person's request; true when it is a retry already answered. The
 * activity that records the action checks the person again against the roster and OPDs of then.
 */
export function checkRequest(s: ProgramState, r: Request, action: Action | null): boolean {
  if (s.answers.has(r.requestId)) return true;
  if (!s.view.recorded) refuse(refusalTypes.wrongStage, 'the proposal is still being recorded; try again in a moment');
  if (s.pending) refuse(refusalTypes.alreadyDecided, 'another request for this programme is being recorded; try again in a moment');
  if (action) {
    const why = refusal(r.actor, action, { opdId: actingOpdOf(s, r), stage: s.view.stage });
    if (why) refuse(refusalTypes.notAllowed, why);
  }
  return false;
}

/**
 * A request its validator accepted that cannot be recorded after all, because the programme
 * changed in between (signers re-routed while a signature was on its way, a delegation revoked).
 * Thrown while recording, before anything is written; the Update answers with the refusal and
 * the workflow goes on.
 */
export class RecordingRefused extends Error {
  override name = 'RecordingRefused';
  constructor(
    readonly type: RefusalType,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs the activity that records a person's action. It checks the person against the roster of
 * now; when they may no longer take the action, it is refused (the Update answers with the
 * refusal, the workflow goes on) and the event number it would have used is given back.
 */
export async function recordAs<T>(s: ProgramState, eventSeqBefore: number, recording: Promise<T>): Promise<T> {
  try {
    return await recording;
  } catch (e) {
    if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && e.cause.type === refusalTypes.notAllowed) {
      s.eventSeq = eventSeqBefore;
      throw new RecordingRefused(refusalTypes.notAllowed, e.cause.message);
    }
    throw e;
  }
}

/** How a refusal is kept among the answers (plain data: answers are carried across continue-as-new). */
interface RefusedAnswer {
  refused: { type: RefusalType; message: string };
}

function isRefusedAnswer(a: unknown): a is RefusedAnswer {
  return typeof a === 'object' && a !== null && 'refused' in a;
}

/** Hands an accepted request to the main loop; resolves with its answer once it is recorded, or fails with its refusal. */
export async function accept<T>(s: ProgramState, next: Pending): Promise<T> {
  const id = next.input.requestId;
  if (!s.answers.has(id)) s.pending = next;
  await condition(() => s.answers.has(id));
  const answered = s.answers.get(id);
  if (isRefusedAnswer(answered)) refuse(answered.refused.type, answered.refused.message);
  return answered as T;
}

/** Records the accepted request with `record`, then answers it (with its refusal, if it was refused while recording). */
export async function recordPending(s: ProgramState, next: Pending, record: (next: Pending) => Promise<unknown>): Promise<void> {
  let result: unknown;
  try {
    result = await record(next);
  } catch (e) {
    if (!(e instanceof RecordingRefused)) throw e;
    result = { refused: { type: e.type, message: e.message } } satisfies RefusedAnswer;
  }
  answer(s, next.input.requestId, result);
  s.pending = undefined;
}

export function answer(s: ProgramState, requestId: string, result: unknown): void {
  s.answers.set(requestId, result);
  for (const oldest of s.answers.keys()) {
    if (s.answers.size <= answersKept) break;
    s.answers.delete(oldest);
  }
}
