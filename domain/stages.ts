/**
 * The stages of one programme's life (docs/product.md §2) and the decisions each waiting stage
 * accepts. Pure data and rules: used by the workflow, the API and the tests alike.
 */

export const stages = [
  'diskominfo_review',
  'revision',
  'sekda_approval',
  'signing',
  'implementation',
  'completed',
  'rejected',
  'withdrawn',
  'cancelled',
] as const;
export type Stage = (typeof stages)[number];

export const endedStages: readonly Stage[] = ['completed', 'rejected', 'withdrawn', 'cancelled'];
export function isEnded(stage: Stage): boolean {
  return endedStages.includes(stage);
}

/** A decision a person can take on a stage that waits for one. */
export const decisions = ['approve', 'request_changes', 'reject', 'return', 'sign'] as const;
export type Decision = (typeof decisions)[number];

/** Stages that end with one person's decision (signing collects many signatures instead). */
export type DecisionStage = 'diskominfo_review' | 'sekda_approval';
export function isDecisionStage(stage: Stage): stage is DecisionStage {
  return stage === 'diskominfo_review' || stage === 'sekda_approval';
}

export const decisionsByStage: Record<DecisionStage, readonly Decision[]> = {
  diskominfo_review: ['approve', 'request_changes', 'reject'],
  sekda_approval: ['approve', 'return', 'reject'],
};

/** Where a decision leads. `return` sends the proposal back to the OPD, like `request_changes`. */
export function stageAfter(stage: DecisionStage, decision: Decision): Stage {
  if (!decisionsByStage[stage].includes(decision)) {
    throw new RangeError(`decision ${decision} is not allowed in stage ${stage}`);
  }
  switch (decision) {
    case 'approve':
      return stage === 'diskominfo_review' ? 'sekda_approval' : 'signing';
    case 'reject':
      return 'rejected';
    default:
      return 'revision';
  }
}

/** Working days each waiting stage is given before it is overdue (SLA). */
export const stageSlaWorkingDays: Partial<Record<Stage, number>> = {
  diskominfo_review: 5,
  revision: 10,
  sekda_approval: 3,
  signing: 5,
};

/** Bahasa Indonesia labels, for pages and email. */
export const stageLabels: Record<Stage, string> = {
  diskominfo_review: 'Reviu Diskominfo',
  revision: 'Perbaikan oleh OPD',
  sekda_approval: 'Persetujuan Sekda',
  signing: 'Penandatanganan Komitmen',
  implementation: 'Pelaksanaan',
  completed: 'Selesai',
  rejected: 'Ditolak',
  withdrawn: 'Ditarik oleh OPD',
  cancelled: 'Dibatalkan',
};

export const decisionLabels: Record<Decision, string> = {
  approve: 'Setujui',
  request_changes: 'Minta perbaikan',
  reject: 'Tolak',
  return: 'Kembalikan ke OPD',
  sign: 'Tandatangani',
};

/** Past tense, for "already approved by X on ..." */
export const decisionPastLabels: Record<Decision, string> = {
  approve: 'disetujui',
  request_changes: 'diminta perbaikan',
  reject: 'ditolak',
  return: 'dikembalikan ke OPD',
  sign: 'ditandatangani',
};

export const endingLabels = {
  resubmitted: 'diajukan kembali',
  withdrawn: 'ditarik oleh OPD',
  cancelled: 'dibatalkan oleh sekretariat',
  completed: 'selesai dengan laporan akhir',
} as const;

/** Rounds of request-changes/return after which reviewers may only approve or reject, and the secretariat is asked too. */
export const maxRevisionRounds = 3;

/** Decisions that must say why. */
export const commentRequired: readonly Decision[] = ['request_changes', 'reject', 'return'];
