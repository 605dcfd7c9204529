/**
 * Every message a programme's workflow understands: one module, imported by the workflow,
 * the API and the tests. The string names are stored in workflow histories: never rename them.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Assignee, Channel } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { Actor } from '../domain/roles.js';
import type { Decision, Stage } from '../domain/stages.js';

export const taskQueueDefault = 'alur';

export const workflowIdOf = (programId: string) => `program-${programId}`;

export interface ProgramWorkflowInput {
  programId: string;
  proposal: Proposal;
  proposer: Actor;
  /** SHA-256 of the proposing request, to tell an Idempotency-Key replay from a different body. */
  requestHash: string;
}

/** What every person's request to the workflow carries. */
interface Request {
  /** The caller's id for this request: a retry with the same id gets the same answer. */
  requestId: string;
  actor: Actor;
  channel: Channel;
}

export interface DecisionInput extends Request {
  /** The stage occurrence the person saw; a decision meant for an earlier one is refused. */
  stageSeq: number;
  decision: Decision;
  comment: string;
}

export interface RevisionInput extends Request {
  proposal: Proposal;
  comment: string;
}

export interface EndInput extends Request {
  reason: string;
}

/** The answer to a person's request: the stage it ended and the stage the programme is in now. */
export interface TransitionResult {
  programId: string;
  fromStage: Stage;
  toStage: Stage;
  /** The stage occurrence now open. */
  stageSeq: number;
  at: string;
  by: Assignee;
}

/** The workflow's own view of the programme (the store holds the fuller record). */
export interface ProgramView {
  programId: string;
  stage: Stage;
  stageSeq: number;
  proposalVersion: number;
  awaiting: Assignee[];
  dueAt: string | null;
  /** True once the proposal and its first stage are in the store. */
  recorded: boolean;
}

export const decide = defineUpdate<TransitionResult, [DecisionInput]>('decide');
export const resubmit = defineUpdate<TransitionResult, [RevisionInput]>('resubmit');
export const withdraw = defineUpdate<TransitionResult, [EndInput]>('withdraw');
export const cancel = defineUpdate<TransitionResult, [EndInput]>('cancel');
/** Returns once the proposal is recorded, so the API can answer with stored state. */
export const proposalRecorded = defineUpdate<ProgramView, []>('proposalRecorded');

export const programState = defineQuery<ProgramView>('programState');

/** Failure types an Update validator throws; the API maps each to an HTTP status. */
export const refusalTypes = {
  notAllowed: 'NotAllowed', // 403
  wrongStage: 'WrongStage', // 409
  alreadyDecided: 'AlreadyDecided', // 409
  invalid: 'InvalidRequest', // 422
} as const;
export type RefusalType = (typeof refusalTypes)[keyof typeof refusalTypes];
