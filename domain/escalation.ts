/**
 * Who hears of overdue work, up the chain (docs/product.md §2): kept as data the secretariat
 * edits (`GET`/`PUT /v1/escalation-policy`, the page `/admin/jabatan/eskalasi`), not code; the
 * default below is seeded once and used until then. Each kind of waiting work escalates in
 * steps: each step names offices, whose holders on the day are told (domain/offices.ts), or the
 * secretariat as a whole, and fires a number of working days after the due day (the first step)
 * or after the step before it (a later step). The person whose work is overdue is never told by
 * an escalation about it.
 *
 * Pure data and arithmetic, imported by the programme workflow: the schemas that check a policy
 * sent or stored are in `escalation-schema.ts`, so the workflow's sandbox never loads zod.
 */
import { notificationPolicies } from './notifications.js';
import type { OfficeId } from './offices.js';

export type EscalationTarget = OfficeId | 'secretariat';

/** The waiting work that escalates: the two decisions, the signatures, and a period's report. */
export const escalatingWork = ['diskominfo_review', 'sekda_approval', 'signing', 'report'] as const;
export type EscalatingWork = (typeof escalatingWork)[number];

export interface EscalationStep {
  /** Working days after the due day (the first step) or after the step before (a later step). */
  afterWorkingDays: number;
  targets: EscalationTarget[];
}

export type EscalationPolicy = Record<EscalatingWork, EscalationStep[]>;

export const escalatingWorkLabels: Record<EscalatingWork, string> = {
  diskominfo_review: 'Telaah Diskominfo terlambat',
  sekda_approval: 'Persetujuan Sekda terlambat',
  signing: 'Penandatanganan komitmen terlambat',
  report: 'Laporan kemajuan terlambat',
};

/** When the first step fires unless the secretariat decides otherwise: the reminder schedule's own threshold. */
export const firstStepAfter: Record<EscalatingWork, number> = {
  diskominfo_review: notificationPolicies.decision.escalateAfter,
  sekda_approval: notificationPolicies.decision.escalateAfter,
  signing: notificationPolicies.signing.escalateAfter,
  report: notificationPolicies.report.escalateAfter,
};

/**
 * Seeded once, and used until the secretariat stores one: an overdue review goes to the Kepala
 * Diskominfo, then two working days later to the Sekda; the Sekda's overdue approval to the
 * Bupati; unsigned offices to the secretariat; an overdue report to the Kepala Diskominfo and
 * the Sekda.
 */
export const defaultEscalationPolicy: EscalationPolicy = {
  diskominfo_review: [
    { afterWorkingDays: firstStepAfter.diskominfo_review, targets: ['kepala:diskominfo'] },
    { afterWorkingDays: 2, targets: ['sekda'] },
  ],
  sekda_approval: [{ afterWorkingDays: firstStepAfter.sekda_approval, targets: ['bupati'] }],
  signing: [{ afterWorkingDays: firstStepAfter.signing, targets: ['secretariat'] }],
  report: [{ afterWorkingDays: firstStepAfter.report, targets: ['kepala:diskominfo', 'sekda'] }],
};

/** For each step, how many working days overdue the work is when it fires. */
export function escalationDays(steps: readonly EscalationStep[]): number[] {
  let overdue = 0;
  return steps.map((step) => (overdue += step.afterWorkingDays));
}
