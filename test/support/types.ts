/**
 * The shapes of the API's answers, as the e2e tests read them, built from the domain's own
 * record types so that a renamed field breaks the type check, not just a test at run time.
 */
import type { ProgressOverview } from '../../api/progress-view.js';
import type { Assignee, ProgramEvent, ProgramRecord, StageOutcome, StageRecord } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { ProgressReport } from '../../domain/reports.js';
import type { CommitmentRecord, Delegation, Signature, SignerOffice, SignerRoute } from '../../domain/signing.js';
import type { Decision, Stage } from '../../domain/stages.js';
import type { DeadlineResult, ProgressReportResult, SignResult, TransitionResult } from '../../workflows/messages.js';

export type { Assignee, ProgramEvent, StageOutcome, StageRecord };

export interface ProgramListItem {
  id: string;
  title: string;
  opdId: string;
  dimension: string;
  quickWin: boolean;
  budgetIdr: number;
  stage: Stage;
  stageLabel: string;
  awaiting: Assignee[];
  dueAt: string | null;
  dueDate: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ProgramDetail extends ProgramListItem {
  workflowId: string;
  stageSeq: number;
  stageOpenedAt: string;
  proposal: Proposal;
  proposalVersion: number;
  proposer: Assignee;
  next: { stage: Stage; awaiting: Assignee[]; dueAt: string | null; dueDate: string | null; overdue: boolean } | null;
  stages: StageRecord[];
  timeline: ProgramEvent[];
  /** The reporting schedule and every report version (empty until implementation). */
  progress: ProgressOverview;
}

/** An item of `GET /v1/programs`, which also says how many working days it is late. */
export interface ProgramListEntry extends ProgramListItem {
  overdueWorkingDays: number;
}

export interface ProgramPage {
  items: ProgramListItem[];
  nextCursor: string | null;
}

export interface DecisionAnswer {
  result: TransitionResult;
  program: ProgramDetail;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** What GET and POST /act/:token answer with `Accept: application/json`. */
export interface LinkAnswer {
  status: 'open' | 'done' | 'already_done';
  programId: string;
  stage: Stage;
  stageSeq?: number;
  assignee?: Assignee;
  allowed?: Decision[];
  decision?: Decision;
  outcome?: StageOutcome;
}

// ---- signing ----

/** A signature as the API shows it: the record and the sentence it reads as. */
export type ShownSignature = Signature & { text: string };

/** `GET /v1/programs/:id/signatures`. */
export interface SignaturesView {
  programId: string;
  stage: Stage;
  stageSeq: number | null;
  required: SignerOffice[];
  signed: number;
  signatures: ShownSignature[];
  missing: {
    office: SignerOffice;
    official: Assignee | null;
    signers: { signer: Assignee; capacity: SignerRoute['capacity']; basis: string | null }[];
    since: string;
  }[];
  dueAt: string | null;
  dueDate: string | null;
  overdue: boolean;
  commitmentHash: string | null;
  verifyUrl: string | null;
}

/** `POST /v1/programs/:id/signatures`. */
export interface SignAnswer {
  result: SignResult & { verifyUrl: string | null };
  program: Omit<ProgramRecord, 'requestHash'>;
}

/** What GET and POST of a signing link answer with `Accept: application/json`. */
export interface SignLinkAnswer {
  status: 'open' | 'done' | 'already_done';
  programId: string;
  stage?: Stage;
  stageSeq?: number;
  office?: SignerOffice;
  route?: SignerRoute;
  allowed?: string[];
  contentHash?: string;
  signatures?: Signature[];
  signature?: Signature;
  signed?: number;
  required?: number;
  complete?: boolean;
  commitmentHash?: string | null;
  verifyUrl?: string | null;
  outcome?: StageOutcome;
}

/** `GET /v1/commitments/:hash` (public). */
export interface CommitmentView {
  hash: string;
  programId: string;
  title: string;
  content: CommitmentRecord['content'];
  signatures: ShownSignature[];
  completedAt: string;
  tte: CommitmentRecord['tte'];
  notice: string;
  verified: boolean;
}

/** A delegation (Plt./Plh.) as `/v1/delegations` shows it. */
export type DelegationView = Delegation & { active: boolean };

// ---- progress reports and deadlines ----

/** `GET /v1/programs/:id/progress-reports`. */
export type ProgressView = { programId: string; stage: Stage; cadence: Proposal['reportingCadence'] } & ProgressOverview;

/** `POST /v1/programs/:id/progress-reports`. */
export interface ReportAnswer {
  result: ProgressReportResult;
  report: ProgressReport;
}

/** What GET and POST of a report link answer with `Accept: application/json`. */
export interface ReportLinkAnswer {
  status: 'open' | 'done' | 'already_done' | 'program_ended';
  programId: string;
  period: string;
  periodLabel?: string;
  start?: string;
  end?: string;
  dueDate?: string | null;
  kpis?: { name: string; unit: string; target: number }[];
  fields?: string[];
  result?: ProgressReportResult;
  report?: ProgressReport;
  versions?: number;
}

/** `POST /v1/programs/:id/deadline`. */
export interface DeadlineAnswer {
  result: DeadlineResult;
  program: ProgramDetail;
}
