/**
 * The shapes of the API's answers, as the e2e tests read them, built from the domain's own
 * record types so that a renamed field breaks the type check, not just a test at run time.
 */
import type { Assignee, ProgramEvent, StageOutcome, StageRecord } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { Decision, Stage } from '../../domain/stages.js';
import type { TransitionResult } from '../../workflows/messages.js';

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
