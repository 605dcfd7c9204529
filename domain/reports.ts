/** Progress reports (laporan kemajuan) of a programme in implementation. */
import type { Assignee, Channel } from './program.js';

export interface ProgressReport {
  programId: string;
  /** Reporting period id ('2027-01' or '2027-Q1'). */
  period: string;
  /** 1 for the report, 2.. for corrections; every version is kept. */
  version: number;
  percentComplete: number;
  narrative: string;
  kpiValues: { name: string; value: number }[];
  evidenceLinks: string[];
  /** Budget spent in the period (Rp); absent on reports made before it was asked for. */
  budgetRealisedIdr?: number;
  /** Obstacles met (kendala) and what will be done about them (tindak lanjut). */
  obstacles?: string;
  followUp?: string;
  submittedBy: Assignee;
  channel: Channel;
  at: string;
}

/** The optional parts of a report's content, only those given, so no empty keys travel or are stored. */
export function reportExtras(
  c: Pick<ProgressReport, 'budgetRealisedIdr' | 'obstacles' | 'followUp'>,
): Pick<ProgressReport, 'budgetRealisedIdr' | 'obstacles' | 'followUp'> {
  return {
    ...(c.budgetRealisedIdr === undefined ? {} : { budgetRealisedIdr: c.budgetRealisedIdr }),
    ...(c.obstacles === undefined ? {} : { obstacles: c.obstacles }),
    ...(c.followUp === undefined ? {} : { followUp: c.followUp }),
  };
}

/** A reporting period as recorded when it closes. */
export interface PeriodRecord {
  programId: string;
  id: string;
  start: string;
  end: string;
  dueDate: string;
  dueAt: string;
  last: boolean;
}

/** Working day of the period's end after which the report is due (default 5). */
export const reportDueWorkingDays = 5;
