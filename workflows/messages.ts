/**
 * Every message a programme's workflow understands: one module, imported by the workflow,
 * the API and the tests. The string names are stored in workflow histories: never rename them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ScheduledNotification } from '../domain/notifications.js';
import type { Assignee, Channel } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { ActingFor } from '../domain/offices.js';
import type { Actor } from '../domain/roles.js';
import type { DroppedSeat, Signature, SignerOffice, SignerRoute, SignerSeat } from '../domain/signing.js';
import type { Decision, Stage } from '../domain/stages.js';
import type { HeldHolidays } from './holidays.js';
import type { HeldEscalationPolicy } from './waiting.js';

export const taskQueueDefault = 'alur';

export const workflowIdOf = (programId: string) => `program-${programId}`;

export interface ProgramWorkflowInput {
  programId: string;
  proposal: Proposal;
  proposer: Actor;
  /** SHA-256 of the proposing request, to tell an Idempotency-Key replay from a different body. */
  requestHash: string;
  /** Set when the workflow continues as new: everything the previous run knew. */
  carried?: CarriedState;
  /** History length after which a run continues as new (default 2,000; tests set it low to cross boundaries). */
  continueAsNewAfterEvents?: number;
}

/** What every person's request to the workflow carries. */
export interface Request {
  /** The caller's id for this request: a retry with the same id gets the same answer. */
  requestId: string;
  actor: Actor;
  channel: Channel;
  /**
   * The OPD that acts for the programme today, resolved from the OPD list by whoever sends the
   * request: the proposing OPD, or the OPD it was merged into. The workflow cannot read the
   * roster, so its early checks use this when present (absent in requests made before OPDs
   * could be merged: the proposing OPD).
   */
  actingOpdId?: string;
}

export interface DecisionInput extends Request {
  /** The stage occurrence the person saw; a decision meant for an earlier one is refused. */
  stageSeq: number;
  decision: Decision;
  comment: string;
  /** Set when the person decides as Plt./Plh. for an awaited official (absent in requests made before it existed). */
  actingFor?: ActingFor;
}

export interface RevisionInput extends Request {
  proposal: Proposal;
  comment: string;
}

export interface EndInput extends Request {
  reason: string;
}

export interface SignInput extends Request {
  stageSeq: number;
  /** The office signed for; the workflow checks the actor may sign it (as official or acting official). */
  office: SignerOffice;
}

export interface SignResult {
  programId: string;
  signature: Signature;
  signed: number;
  required: number;
  /** True when this was the last signature and the commitment is recorded. */
  complete: boolean;
  commitmentHash: string | null;
}

export interface KpiValue {
  name: string;
  value: number;
}

export interface ProgressReportInput extends Request {
  period: string;
  percentComplete: number;
  narrative: string;
  kpiValues: KpiValue[];
  evidenceLinks: string[];
  /** Budget spent in the period (Rp), obstacles (kendala), follow-up (tindak lanjut): absent from requests made before they were asked. */
  budgetRealisedIdr?: number;
  obstacles?: string;
  followUp?: string;
  /** A second report for a period is a correction and must say so. */
  correction: boolean;
}

export interface ProgressReportResult {
  programId: string;
  period: string;
  version: number;
  receivedAt: string;
  /** True when this was the final report and the programme is completed. */
  completed: boolean;
}

export interface ExtendDeadlineInput extends Request {
  stageSeq: number;
  /** The new due day (WIB date); must be later than the current one. */
  dueDate: string;
  reason: string;
}

export interface DeadlineResult {
  programId: string;
  stageSeq: number;
  dueDate: string;
  dueAt: string;
}

/** One reporting period as the workflow tracks it. */
export interface PeriodProgress {
  id: string;
  start: string;
  end: string;
  last: boolean;
  /**
   * Set when the period has closed: the day its report window opened (the period's last day,
   * or the day before implementation began for a period that ended earlier), the due day
   * (WIB) and instant.
   */
  openedOn: string | null;
  dueDate: string | null;
  dueAt: string | null;
  /** Versions received (0: none yet). */
  reports: number;
  /** The newest reminder or escalation sent for this period, so none is sent twice. */
  notifiedUntil: string | null;
  /** The next one planned (null: plan when the period closes, or nothing more to send). */
  next: ScheduledNotification | null;
}

/** What a run hands to the next when it continues as new. */
export interface CarriedState {
  view: ProgramView;
  eventSeq: number;
  revisionRounds: number;
  /** The last answers given, so a retried request after the boundary gets the same answer. */
  answers: [string, unknown][];
  /** When the OPD head's office changes hands next, so reports are re-routed then (absent before it was carried). */
  opdRouteChangeAt?: string | null;
  // The rest is absent from runs that continued as new before a waiting stage could: each then
  // starts as a new stage would (nothing sent yet, holidays and policy read when needed).
  /** A roster change not yet acted on. */
  rosterDirty?: boolean;
  /** While signing: when the signers were last routed, and when a delegation starts or ends next. */
  signersRoutedAt?: string | null;
  signingRouteChangeAt?: string | null;
  /** The newest reminder or escalation sent for the waiting stage, so none is sent twice. */
  stageNotifiedUntil?: string | null;
  /** The holiday years and escalation policy held, with when they were read, so the next run does not read them again. */
  holidays?: HeldHolidays | null;
  escalationPolicy?: HeldEscalationPolicy | null;
  /** The newest audit event's hash, so the next run's first event chains to it without reading it. */
  lastEvent?: { seq: number; hash: string } | null;
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
  stageOpenedAt: string | null;
  dueAt: string | null;
  dueDate: string | null;
  /** True once the proposal and its first stage are in the store. */
  recorded: boolean;
  /** While signing: who may sign each office, and the signatures so far. */
  signing: { routes: SignerRoute[]; signatures: Signature[]; offices: SignerOffice[] } | null;
  /** While in implementation: the periods not yet finished, and the versions reported for finished ones. */
  implementation: { periods: PeriodProgress[]; finished: Record<string, number>; totalPeriods: number } | null;
  /** The hash of the signed commitment, once there is one. */
  commitmentHash: string | null;
}

export const decide = defineUpdate<TransitionResult, [DecisionInput]>('decide');
export const resubmit = defineUpdate<TransitionResult, [RevisionInput]>('resubmit');
export const withdraw = defineUpdate<TransitionResult, [EndInput]>('withdraw');
export const cancel = defineUpdate<TransitionResult, [EndInput]>('cancel');
export const sign = defineUpdate<SignResult, [SignInput]>('sign');
export const reportProgress = defineUpdate<ProgressReportResult, [ProgressReportInput]>('reportProgress');
export const extendDeadline = defineUpdate<DeadlineResult, [ExtendDeadlineInput]>('extendDeadline');
/** The roster or a delegation changed: re-route pending requests. Fire and forget. */
export const rosterChanged = defineSignal<[]>('rosterChanged');
/** Returns once the proposal is recorded, so the API can answer with stored state. */
export const proposalRecorded = defineUpdate<ProgramView, []>('proposalRecorded');

export const programState = defineQuery<ProgramView>('programState');

/**
 * How many audit events the workflow has numbered: the length the stored trail must have
 * (`verifyEventChain`'s anchor). While a step is being recorded it can be one ahead of the store.
 */
export interface AuditAnchorView {
  programId: string;
  eventCount: number;
}
export const auditAnchor = defineQuery<AuditAnchorView>('auditAnchor');

export { refusalTypes, type RefusalType } from '../domain/refusals.js';

// ---------------------------------------------------------------------------------------
// The masterplan's commitment (docs/product.md §9): one workflow per signing round.

export const masterplanCommitmentWorkflowIdOf = (masterplanId: string, round: number) => `masterplan-commitment-${masterplanId}-${round}`;

export interface MasterplanCommitmentInput {
  masterplanId: string;
  /** Which signing of this masterplan's commitment (1, 2, ...). */
  round: number;
  /** The secretariat member who opened it. */
  openedBy: Actor;
}

/** The workflow's own view of one round: who must sign each seat, who signed, and by when. */
export interface MasterplanCommitmentView {
  masterplanId: string;
  round: number;
  /** True once the round and its requests to sign are recorded. */
  opened: boolean;
  openedAt: string | null;
  seats: SignerSeat[];
  /** Seats of OPDs merged into another while the round was open: no longer required (absent in views of older workers). */
  droppedSeats?: DroppedSeat[];
  routes: SignerRoute[];
  signatures: Signature[];
  dueDate: string | null;
  dueAt: string | null;
  commitmentHash: string | null;
}

export interface MasterplanSignInput extends Request {
  round: number;
  seat: SignerSeat;
}

export interface MasterplanSignResult {
  masterplanId: string;
  round: number;
  signature: Signature;
  signed: number;
  required: number;
  complete: boolean;
  commitmentHash: string | null;
}

export const signMasterplanCommitment = defineUpdate<MasterplanSignResult, [MasterplanSignInput]>('signMasterplanCommitment');
/** Returns once the round is recorded and its signers asked, so the API can answer with stored state. */
export const masterplanCommitmentOpened = defineUpdate<MasterplanCommitmentView, []>('masterplanCommitmentOpened');
export const masterplanCommitmentState = defineQuery<MasterplanCommitmentView>('masterplanCommitmentState');
