/**
 * What an OPD proposes (docs/design.md §5, proposal body). The schema is the single definition:
 * the API validates with it, the OpenAPI document is generated from it, the workflow
 * carries the parsed value.
 */
import { z } from 'zod';

// Control characters are what these patterns are for: CR/LF in a title would reach mail headers.
/* eslint-disable no-control-regex */
const controlChars = /[\u0000-\u001f\u007f]/;
const controlCharsExceptNewlines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/** Text a person typed on one line: trimmed, no control characters. */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !controlChars.test(s), 'must be a single line without control characters');

/** Text that may span lines (tabs and newlines allowed, other control characters not). */
const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !controlCharsExceptNewlines.test(s), 'must not contain control characters');

const isoDate = z.iso.date();

export const kpiSchema = z.strictObject({
  name: line(200),
  unit: line(50),
  target: z.number().finite(),
});

export const reportingCadences = ['monthly', 'quarterly'] as const;
export type ReportingCadence = (typeof reportingCadences)[number];

const proposalFields = z.strictObject({
  title: line(200),
  summary: paragraph(5000),
  opdId: line(64),
  dimension: line(64),
  rpjmdRef: line(200).optional(),
  quickWin: z.boolean(),
  budgetIdr: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  startDate: isoDate,
  endDate: isoDate,
  reportingCadence: z.enum(reportingCadences).default('monthly'),
  kpis: z.array(kpiSchema).min(1).max(50),
});

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
// Runs even when a date failed its own format check (zod 4 refines the whole object); only
// compare two well-formed dates, so a bad startDate is not also reported as a bad endDate.
const endsAfterStart = <T extends { startDate: string; endDate: string }>(p: T) =>
  !isoDatePattern.test(p.startDate) ||
  !isoDatePattern.test(p.endDate) ||
  Number.isNaN(Date.parse(p.startDate)) ||
  Number.isNaN(Date.parse(p.endDate)) ||
  p.endDate > p.startDate;
const endsAfterStartMessage = { path: ['endDate'], message: 'must be after startDate' };

export const proposalSchema = proposalFields.refine(endsAfterStart, endsAfterStartMessage);

/** A resubmission: the whole revised proposal, and optionally what was changed and why. */
export const revisionSchema = proposalFields.extend({ comment: paragraph(2000).optional() }).refine(endsAfterStart, endsAfterStartMessage);

/** A person's decision or reason: free text, possibly empty (the workflow says when one is needed). */
export const commentSchema = z
  .string()
  .max(2000)
  .refine((s) => !controlCharsExceptNewlines.test(s), 'must not contain control characters')
  .transform((s) => s.trim());

export type Proposal = z.output<typeof proposalSchema>;

/** The reference data a proposal must point into; checked after the shape is valid. */
export interface ProposalReferences {
  dimensionIds: ReadonlySet<string>;
  opdIds: ReadonlySet<string>;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export function referenceProblems(p: Proposal, refs: ProposalReferences): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!refs.dimensionIds.has(p.dimension)) {
    problems.push({ path: 'dimension', message: `unknown dimension; one of: ${[...refs.dimensionIds].join(', ')}` });
  }
  if (!refs.opdIds.has(p.opdId)) problems.push({ path: 'opdId', message: 'unknown OPD' });
  return problems;
}
