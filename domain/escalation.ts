/**
 * Who hears of overdue work, up the chain (docs/product.md §2): kept as data the secretariat
 * edits (`GET`/`PUT /v1/escalation-policy`, the page `/admin/jabatan`), not code; the default
 * below is seeded once and used until then. Each kind of waiting work names
 * offices, whose holders on the day are told (domain/offices.ts), or the secretariat as a whole.
 */
import { z } from 'zod';
import type { OfficeId } from './offices.js';

export type EscalationTarget = OfficeId | 'secretariat';

/** The waiting work that escalates: the two decisions, the signatures, and a period's report. */
export const escalatingWork = ['diskominfo_review', 'sekda_approval', 'signing', 'report'] as const;
export type EscalatingWork = (typeof escalatingWork)[number];

export type EscalationPolicy = Record<EscalatingWork, EscalationTarget[]>;

export const escalatingWorkLabels: Record<EscalatingWork, string> = {
  diskominfo_review: 'Telaah Diskominfo terlambat',
  sekda_approval: 'Persetujuan Sekda terlambat',
  signing: 'Penandatanganan komitmen terlambat',
  report: 'Laporan kemajuan terlambat',
};

/**
 * Seeded once, and used until the secretariat stores one: a reviewer's overdue work goes to the Kepala Diskominfo, the
 * Sekda's to the Bupati, unsigned offices to the secretariat, an overdue report to the Kepala
 * Diskominfo and the Sekda.
 */
export const defaultEscalationPolicy: EscalationPolicy = {
  diskominfo_review: ['kepala:diskominfo'],
  sekda_approval: ['bupati'],
  signing: ['secretariat'],
  report: ['kepala:diskominfo', 'sekda'],
};

const target = z
  .string()
  .regex(/^(secretariat|bupati|wakil_bupati|sekda|kepala:[a-z0-9-]{1,64})$/, 'sebutkan jabatan (bupati, wakil_bupati, sekda, kepala:<opd>) atau secretariat')
  .transform((t) => t as EscalationTarget);

const targets = z
  .array(target)
  .min(1, 'sebutkan sedikitnya satu jabatan')
  .max(10, 'paling banyak 10 jabatan')
  .refine((list) => new Set(list).size === list.length, 'satu jabatan disebut dua kali');

export const escalationPolicySchema = z.strictObject({
  diskominfo_review: targets,
  sekda_approval: targets,
  signing: targets,
  report: targets,
});
