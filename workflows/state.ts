/**
 * The programme workflow's state: one object every stage module reads and changes, and the
 * few helpers all of them use (activities, events, refusals). Deterministic only.
 */
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities, MailOutcome } from '../activities/index.js';
import type { Assignee, EventType, ProgramEvent } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { Actor } from '../domain/roles.js';
import type {
  DecisionInput,
  EndInput,
  ExtendDeadlineInput,
  ProgramView,
  ProgramWorkflowInput,
  ProgressReportInput,
  RevisionInput,
  SignInput,
} from './messages.js';
import type { HeldHolidays } from './holidays.js';
import type { HeldEscalationPolicy } from './waiting.js';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** A person's request accepted by its Update's validator, waiting for the main loop to record it. */
export type Pending =
  | { kind: 'decide'; input: DecisionInput }
  | { kind: 'resubmit'; input: RevisionInput }
  | { kind: 'withdraw' | 'cancel'; input: EndInput }
  | { kind: 'sign'; input: SignInput }
  | { kind: 'report'; input: ProgressReportInput }
  | { kind: 'extend'; input: ExtendDeadlineInput };

export interface ProgramState {
  readonly input: ProgramWorkflowInput;
  readonly programId: string;
  /** What the `programState` Query answers. Carried across continue-as-new, as is all but `pending` (`carriedStateOf`). */
  view: ProgramView;
  /** The proposal as last approved or revised (the input carries the current one across continue-as-new). */
  proposal: Proposal;
  /** The newest audit event's sequence number. */
  eventSeq: number;
  revisionRounds: number;
  /** Answers given, by request id, so a retried request gets the same answer. */
  answers: Map<string, unknown>;
  /** The one request being recorded; others are refused until it is done. */
  pending: Pending | undefined;
  /** Set by `rosterChanged`: re-route the signers at the next chance. */
  rosterDirty: boolean;
  /** While signing: when the signers were last routed, so a re-route names the delegation changes since (`routeSigners`). */
  signersRoutedAt: string | null;
  /** While signing: when a delegation starts or ends, so requests are re-routed then. */
  signingRouteChangeAt: string | null;
  /** In revision or implementation: when the OPD head's office changes hands, so the OPD's work is re-routed then. */
  opdRouteChangeAt: string | null;
  /** The newest reminder or escalation sent for the current stage, so none is sent twice. */
  stageNotifiedUntil: string | null;
  /** The holiday years reminders are planned with (`holidays.ts`); fetched when first needed. */
  holidays: HeldHolidays | null;
  /** The escalation policy overdue work escalates by (`waiting.ts`); read when first needed. */
  escalationPolicy: HeldEscalationPolicy | null;
  /** The newest audit event whose hash an activity returned: the next event chains to it without reading it. */
  lastEvent: { seq: number; hash: string } | null;
}

export function initialState(input: ProgramWorkflowInput): ProgramState {
  const { carried } = input;
  return {
    input,
    programId: input.programId,
    view: carried?.view ?? {
      programId: input.programId,
      stage: 'diskominfo_review',
      stageSeq: 0,
      proposalVersion: 1,
      awaiting: [],
      stageOpenedAt: null,
      dueAt: null,
      dueDate: null,
      recorded: false,
      signing: null,
      implementation: null,
      commitmentHash: null,
    },
    proposal: input.proposal,
    eventSeq: carried?.eventSeq ?? 0,
    revisionRounds: carried?.revisionRounds ?? 0,
    answers: new Map<string, unknown>(carried?.answers ?? []),
    pending: undefined,
    rosterDirty: carried?.rosterDirty ?? false,
    signersRoutedAt: carried?.signersRoutedAt ?? null,
    signingRouteChangeAt: carried?.signingRouteChangeAt ?? null,
    opdRouteChangeAt: carried?.opdRouteChangeAt ?? null,
    stageNotifiedUntil: carried?.stageNotifiedUntil ?? null,
    holidays: carried?.holidays ?? null,
    escalationPolicy: carried?.escalationPolicy ?? null,
    lastEvent: carried?.lastEvent ?? null,
  };
}

/** Refuses a request from its Update's validator; the API maps the type to a status. */
export function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export const now = () => new Date().toISOString();
export const assigneeOf = (a: Actor): Assignee => ({ userId: a.userId, name: a.name, title: a.title });
export const actorOfEvent = (a: Actor, capacity: string) => ({ ...assigneeOf(a), capacity });

/** The next audit event of the programme, numbered in order, in the current stage. */
export function nextEvent(s: ProgramState, type: EventType, fields: Partial<ProgramEvent> & Pick<ProgramEvent, 'actor' | 'channel' | 'toStage'>): ProgramEvent {
  s.eventSeq += 1;
  return {
    programId: s.programId,
    seq: s.eventSeq,
    type,
    at: now(),
    fromStage: s.view.stage,
    stageSeq: s.view.stageSeq,
    decision: null,
    comment: null,
    ...fields,
  };
}

/**
 * The hash of the event before event `seq`, when the workflow holds it; otherwise the activity
 * reads that event (an event written by an activity that returns no hash, the first event of a
 * run after continue-as-new, a history recorded before hashes were returned).
 */
export function prevHashFor(s: ProgramState, seq: number): string | undefined {
  return s.lastEvent?.seq === seq - 1 ? s.lastEvent.hash : undefined;
}

/** Keeps the hash of event `seq` an activity returned (results recorded before carry none). */
export function chainedTo(s: ProgramState, seq: number, result: { eventHash?: string } | null | undefined | void): void {
  const hash = result ? result.eventHash : undefined;
  if (hash) s.lastEvent = { seq, hash };
}

/**
 * After an activity that mailed people: addresses the mail server refused for good become one
 * audit event, and the secretariat is told who must have their address corrected. The
 * programme goes on either way.
 */
export async function recordRefusedMail(s: ProgramState, outcome: Partial<MailOutcome> | null | undefined): Promise<void> {
  // Results recorded before activities reported refusals carry no such field.
  const refusals = outcome?.mailRefused ?? [];
  if (refusals.length === 0) return;
  const event = nextEvent(s, 'mail_refused', {
    actor: null,
    channel: 'system',
    toStage: s.view.stage,
    comment: `surel tidak dapat dikirim kepada ${refusals.map((r) => r.name).join(', ')}: alamat ditolak server surel`,
    details: { recipients: refusals.map((r) => ({ userId: r.userId, name: r.name, address: r.address, reason: r.reason })) },
  });
  chainedTo(s, event.seq, await acts.recordMailRefusals({ programId: s.programId, refusals, event, prevHash: prevHashFor(s, event.seq) }));
}

export function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

export function uniqueAssignees(list: Assignee[]): Assignee[] {
  return [...new Map(list.map((a) => [a.userId, a])).values()];
}
