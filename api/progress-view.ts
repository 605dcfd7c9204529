/**
 * A programme's reporting schedule as people need to see it: every period with its due day and
 * status, the reports received, the report due next. Built from the programme's partition and the
 * holiday data alone, never by asking the workflow: a period's due day is stored (by the activity
 * that closes it) before the workflow holds it, and a report is stored before its request is
 * answered, so the stored items say everything the workflow knows once its steps are durable.
 * A period not closed yet is projected with the same arithmetic the workflow will apply.
 */
import { z } from 'zod';
import { WorkingCalendar, endOfWibDay, wibDate, type HolidayYear } from '../domain/calendar.js';
import { reportingPeriodOf, reportingPeriods, reportWindowOpensOn } from '../domain/periods.js';
import type { ProgramRecord } from '../domain/program.js';
import { reportDueWorkingDays, type PeriodRecord, type ProgressReport } from '../domain/reports.js';
import { isEnded } from '../domain/stages.js';
import type { ProgramItems, Store } from '../store/index.js';
import { createTtlCache } from '../store/ttl-cache.js';

/** Working days a report due on `dueDate` (WIB) is late at `now`: 0 until that day has ended. */
export function overdueWorkingDays(calendar: WorkingCalendar, dueDate: string, now: Date): number {
  const today = wibDate(now);
  return today > dueDate ? calendar.workingDaysBetween(dueDate, today) : 0;
}

/**
 * - `not_due`: the period has not ended yet (a report may already be sent once it has started),
 *   or the programme is not in implementation (not signed yet, or ended);
 * - `open`: the period has ended and its report is due, not yet late;
 * - `overdue`: past the end of the due day without a report;
 * - `reported`: at least one version received.
 */
export const periodStatusSchema = z.enum(['not_due', 'open', 'reported', 'overdue']);
export type PeriodStatus = z.output<typeof periodStatusSchema>;

export interface PeriodOverview extends PeriodRecord {
  status: PeriodStatus;
  overdueWorkingDays: number;
  /** Report versions received. */
  versions: number;
  /** True while the due day is an estimate: the period has not closed, and holiday data may still change it. */
  projected: boolean;
}

export interface ProgressOverview {
  periods: PeriodOverview[];
  reports: ProgressReport[];
  /** The report due soonest (overdue ones first), or the next period's while none is due; null when nothing is awaited. */
  nextDue: { period: string; dueDate: string; dueAt: string; status: PeriodStatus; overdueWorkingDays: number; projected: boolean } | null;
  /** Set when a due day falls in a year without holiday data (weekends only are counted there). */
  calendarNotice: string | null;
}

/** What `progressOverview` answers (the programme page's `progress`, and the progress reports route). */
export const progressOverviewSchema = z.strictObject({
  periods: z.array(
    z.looseObject({
      id: z.string().describe('2027-01 (month) or 2027-Q1 (quarter)'),
      start: z.string(),
      end: z.string(),
      dueDate: z.string(),
      dueAt: z.string(),
      status: periodStatusSchema,
      overdueWorkingDays: z.number().int(),
      versions: z.number().int(),
      projected: z.boolean().describe('the due day is an estimate while the period has not closed'),
    }),
  ),
  reports: z.array(z.looseObject({ period: z.string(), version: z.number().int() })).describe('every version of every report, by period'),
  nextDue: z
    .strictObject({
      period: z.string(),
      dueDate: z.string(),
      dueAt: z.string(),
      status: periodStatusSchema,
      overdueWorkingDays: z.number().int(),
      projected: z.boolean(),
    })
    .nullable(),
  calendarNotice: z.string().nullable(),
});

/** Combines the recorded periods, the reports and the plan. Pure. */
export function progressOverview(p: {
  program: Pick<ProgramRecord, 'id' | 'stage' | 'proposal' | 'stageOpenedAt'>;
  periods: readonly PeriodRecord[];
  reports: readonly ProgressReport[];
  calendar: WorkingCalendar;
  now: Date;
}): ProgressOverview {
  const { program, calendar, now } = p;
  const ended = isEnded(program.stage);
  const endedEarly = ended && program.stage !== 'completed';
  // Reports are due only while the programme is in implementation (not before it is signed, not after it ended).
  const reporting = program.stage === 'implementation';
  // Period ids of one cadence sort chronologically as text ('2027-01' < '2027-02', '2027-Q4' < '2028-Q1').
  const { startDate, endDate, reportingCadence } = program.proposal;
  // A programme that ended early shows only what happened: the periods recorded or reported.
  const planned = new Map(endedEarly ? [] : reportingPeriods(startDate, endDate, reportingCadence).map((x) => [x.id, x]));
  const recorded = new Map(p.periods.map((r) => [r.id, r]));
  const implementationBegan = reporting ? wibDate(new Date(program.stageOpenedAt)) : null;
  const versions = new Map<string, number>();
  for (const r of p.reports) versions.set(r.period, Math.max(versions.get(r.period) ?? 0, r.version));
  const ids = [...new Set([...planned.keys(), ...recorded.keys(), ...versions.keys()])].sort();

  const nowIso = now.toISOString();
  const periods: PeriodOverview[] = [];
  for (const id of ids) {
    const fixed = recorded.get(id) ?? null;
    const shape = fixed ?? planned.get(id) ?? reportingPeriodOf(startDate, endDate, reportingCadence, id);
    if (!shape) continue; // only reports name it, and the plan changed: shown in `reports` anyway
    const dueDate = fixed?.dueDate ?? calendar.addWorkingDays(reportWindowOpensOn(shape.end, implementationBegan), reportDueWorkingDays);
    const dueAt = fixed?.dueAt ?? endOfWibDay(dueDate).toISOString();
    const count = versions.get(id) ?? 0;
    const closed = fixed !== null || endOfWibDay(shape.end).getTime() <= now.getTime();
    const status: PeriodStatus = count > 0 ? 'reported' : !reporting || !closed ? 'not_due' : dueAt < nowIso ? 'overdue' : 'open';
    periods.push({
      programId: program.id,
      id,
      start: shape.start,
      end: shape.end,
      dueDate,
      dueAt,
      last: shape.last,
      status,
      overdueWorkingDays: status === 'overdue' ? overdueWorkingDays(calendar, dueDate, now) : 0,
      versions: count,
      projected: fixed === null,
    });
  }

  let nextDue: ProgressOverview['nextDue'] = null;
  if (program.stage === 'implementation') {
    const due = periods.filter((x) => x.status === 'overdue' || x.status === 'open').sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
    const next = due[0] ?? periods.find((x) => x.status === 'not_due');
    if (next)
      nextDue = {
        period: next.id,
        dueDate: next.dueDate,
        dueAt: next.dueAt,
        status: next.status,
        overdueWorkingDays: next.overdueWorkingDays,
        projected: next.projected,
      };
  }

  const missing = calendar.missingYears(...periods.filter((x) => x.status !== 'reported' && !ended).map((x) => x.dueDate));
  const calendarNotice =
    missing.length === 0
      ? null
      : `no holiday data for ${missing.join(', ')}: working days there count weekends only, and due days may move when the data is added`;

  const reports = [...p.reports].sort((a, b) => (a.period !== b.period ? (a.period < b.period ? -1 : 1) : a.version - b.version));
  return { periods, reports, nextDue, calendarNotice };
}

/** The overview of one programme from its stored items (read at once by `store.programs.readProgram`) and the holiday data. */
export async function loadProgressOverview(
  deps: { store: Pick<Store, 'roster'> },
  { program, periods, reports }: Pick<ProgramItems, 'program' | 'periods' | 'reports'>,
  now = new Date(),
): Promise<ProgressOverview> {
  return progressOverview({ program, periods, reports, calendar: await workingCalendar(deps.store), now });
}

/**
 * Holiday years change by seed once or twice a year, yet every programme read and overdue
 * listing needs them: read once a minute per store. A year added is used by the API within a
 * minute (the worker, which sets due days, has its own copy: activities/reference-cache.ts).
 */
const holidayYearsOf = new WeakMap<Store['roster'], ReturnType<typeof createTtlCache<'years', HolidayYear[]>>>();

export async function workingCalendar(store: Pick<Store, 'roster'>): Promise<WorkingCalendar> {
  let cache = holidayYearsOf.get(store.roster);
  if (!cache) holidayYearsOf.set(store.roster, (cache = createTtlCache<'years', HolidayYear[]>({ ttlMs: 60_000, maxEntries: 1 })));
  return new WorkingCalendar(await cache.get('years', () => store.roster.listHolidayYears()));
}
