/**
 * The end states: a programme withdrawn by its OPD, cancelled by the secretariat, or completed
 * with its last report (a rejection is a decision: see `stage-review.ts`). An ended stage waits
 * for nobody; the workflow returns once it is entered.
 */
import { isEnded, type Stage } from '../domain/stages.js';
import type { Assignee } from '../domain/program.js';
import { refusalTypes, type EndInput, type TransitionResult } from './messages.js';
import { checkRequest } from './requests.js';
import { enterStage, openLinks, transition } from './stage-changes.js';
import { acts, nextEvent, refuse, type ProgramState } from './state.js';

/** Stages from which the OPD may still withdraw its proposal. */
const withdrawableStages: readonly Stage[] = ['diskominfo_review', 'revision', 'sekda_approval', 'signing'];

export function validateEnd(s: ProgramState, action: 'withdraw' | 'cancel', e: EndInput): void {
  if (checkRequest(s, e, action)) return;
  if (isEnded(s.view.stage)) refuse(refusalTypes.wrongStage, `programme has already ended (${s.view.stage})`);
  if (action === 'withdraw' && !withdrawableStages.includes(s.view.stage))
    refuse(refusalTypes.wrongStage, 'a programme can only be withdrawn until its commitment is signed');
  if (!e.reason.trim()) refuse(refusalTypes.invalid, `${action} needs a reason`);
}

export function endProgramme(s: ProgramState, action: 'withdraw' | 'cancel', input: EndInput): Promise<TransitionResult> {
  return action === 'withdraw'
    ? transition(s, { kind: 'withdraw', input }, 'withdrawn', 'withdrawn', input.reason)
    : transition(s, { kind: 'cancel', input }, 'cancelled', 'cancelled', input.reason);
}

/** The last period's report arrived: implementation closes and the programme is completed. */
export async function completeProgramme(s: ProgramState, lastPeriodId: string): Promise<void> {
  const comment = `laporan akhir periode ${lastPeriodId} diterima`;
  const e = nextEvent(s, 'completed', { actor: null, channel: 'system', toStage: 'completed', comment });
  const system: Assignee = { userId: 'system', name: 'alur', title: 'sistem' };
  await acts.closeStage({
    programId: s.programId,
    stageSeq: s.view.stageSeq,
    stage: 'implementation',
    outcome: { result: 'completed', by: system, at: e.at, comment },
    event: e,
    links: openLinks(s),
  });
  await enterStage(s, 'completed', { result: 'completed', by: system, comment }, s.view.awaiting);
}
