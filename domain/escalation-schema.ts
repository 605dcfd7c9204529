/**
 * What an escalation policy must look like when the secretariat sends one, and how a stored one
 * reads (domain/escalation.ts holds the policy's meaning). Kept apart from it so that the
 * programme workflow, which plans escalations, does not load zod into every workflow's sandbox.
 */
import { z } from 'zod';
import { firstStepAfter, type EscalatingWork, type EscalationStep, type EscalationTarget } from './escalation.js';

const target = z
  .string()
  .regex(/^(secretariat|bupati|wakil_bupati|sekda|kepala:[a-z0-9-]{1,64})$/, 'sebutkan jabatan (bupati, wakil_bupati, sekda, kepala:<opd>) atau secretariat')
  .transform((t) => t as EscalationTarget);

const targets = z
  .array(target)
  .min(1, 'sebutkan sedikitnya satu jabatan')
  .max(10, 'paling banyak 10 jabatan')
  .refine((list) => new Set(list).size === list.length, 'satu jabatan disebut dua kali');

const step = z.strictObject({
  afterWorkingDays: z
    .number({ message: 'sebutkan jumlah hari kerja' })
    .int('jumlah hari kerja harus bilangan bulat')
    .min(1, 'sedikitnya 1 hari kerja')
    .max(60, 'paling lama 60 hari kerja'),
  targets,
});

const steps = z
  .array(step)
  .min(1, 'sebutkan sedikitnya satu tahap')
  .max(5, 'paling banyak 5 tahap')
  .refine((list) => {
    const all = list.flatMap((s) => s.targets);
    return new Set(all).size === all.length;
  }, 'satu jabatan disebut pada dua tahap');

export const escalationPolicySchema = z.strictObject({
  diskominfo_review: steps,
  sekda_approval: steps,
  signing: steps,
  report: steps,
});

/**
 * A policy as stored. One stored before escalation had steps holds a list of offices per kind of
 * work: it reads as a single step at the reminder schedule's threshold.
 */
const storedSteps = (work: EscalatingWork) =>
  z.union([steps, targets.transform((list): EscalationStep[] => [{ afterWorkingDays: firstStepAfter[work], targets: list }])]);

export const storedEscalationPolicySchema = z.strictObject({
  diskominfo_review: storedSteps('diskominfo_review'),
  sekda_approval: storedSteps('sekda_approval'),
  signing: storedSteps('signing'),
  report: storedSteps('report'),
});
