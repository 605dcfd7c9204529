/**
 * The recorded shape of a programme: what the store keeps and the API shows.
 * The workflow owns the truth of the lifecycle; these records are its durable trace
 * (the audit trail outlives Temporal's retention).
 */
import type { Proposal } from './proposal.js';
import type { Actor } from './roles.js';
import type { Decision, Stage } from './stages.js';

/** Someone who must act on a stage. */
export interface Assignee {
  userId: string;
  name: string;
  title: string;
}

export interface ProgramRecord {
  id: string;
  workflowId: string;
  proposal: Proposal;
  proposalVersion: number;
  proposer: Assignee;
  /** SHA-256 of the proposal request, to tell a replay of an Idempotency-Key from a different body. */
  requestHash: string;
  stage: Stage;
  stageSeq: number;
  stageOpenedAt: string;
  /** Who must act next and by when; empty when nobody is waited for. */
  awaiting: Assignee[];
  dueAt: string | null;
  dueDate: string | null;
  /** Sequence number of the newest audit event written for this programme. */
  eventSeq: number;
  createdAt: string;
  updatedAt: string;
}

/** How a stage ended: a person's decision, or the programme ended early. */
export type StageResult = Decision | 'resubmitted' | 'withdrawn' | 'cancelled' | 'completed';

export interface StageOutcome {
  result: StageResult;
  by: Assignee;
  at: string;
  comment: string;
}

/** One occurrence of a waiting stage: who was asked, by when, and how it ended. */
export interface StageRecord {
  programId: string;
  stageSeq: number;
  stage: Stage;
  openedAt: string;
  dueAt: string | null;
  assignees: Assignee[];
  outcome: StageOutcome | null;
}

export type EventType =
  | 'proposed'
  | 'stage_opened'
  | 'decided'
  | 'resubmitted'
  | 'withdrawn'
  | 'cancelled'
  | 'signed'
  | 'signers_rerouted'
  | 'deciders_rerouted'
  | 'opd_work_rerouted'
  | 'report_submitted'
  | 'deadline_extended'
  | 'escalated'
  | 'mail_refused'
  | 'completed';
/** Where a request came from: the API, an emailed link, the web application's pages, or the system itself. */
export type Channel = 'api' | 'link' | 'web' | 'system';

export interface ProgramEvent {
  programId: string;
  seq: number;
  type: EventType;
  at: string;
  /** Null for events the system itself causes (a stage opening). */
  actor: (Pick<Actor, 'userId' | 'name' | 'title'> & { capacity: string }) | null;
  channel: Channel;
  fromStage: Stage | null;
  toStage: Stage;
  stageSeq: number;
  decision: Decision | null;
  comment: string | null;
  /** Event-specific facts (the signature, the report period and version, the new due day...). */
  details?: Record<string, unknown>;
}
