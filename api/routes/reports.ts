/**
 * /v1/programs/:id/progress-reports: the OPD reports progress on a programme in
 * implementation, and staff read the reporting schedule and every report version.
 * A report goes through the programme's workflow (the `reportProgress` Update), which
 * numbers versions and refuses what cannot be done now; reads come from DynamoDB, completed
 * with the workflow's live view of the periods while the programme is in implementation.
 */
import { Hono, type Context, type Next } from 'hono';
import { z } from 'zod';
import { WorkingCalendar, endOfWibDay, wibDate, type HolidayYear } from '../../domain/calendar.js';
import { periodIdOf, periodIdPattern, reportingPeriodOf, reportingPeriods } from '../../domain/periods.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { FieldProblem, Proposal } from '../../domain/proposal.js';
import { reportDueWorkingDays, type PeriodRecord, type ProgressReport } from '../../domain/reports.js';
import { actorOf, refusal, type Person } from '../../domain/roles.js';
import { isEnded } from '../../domain/stages.js';
import type { ProgramItems, Store } from '../../store/index.js';
import { createTtlCache } from '../../store/ttl-cache.js';
import { programState, reportProgress, workflowIdOf, type PeriodProgress, type ProgramView } from '../../workflows/messages.js';
import type { AppDeps, AppEnv } from '../context.js';
import { loadProgram as loadProgramOf, loadProgramItems } from '../load-program.js';
import { ProblemError } from '../problem.js';
import { requestIdOf, updateProgram } from '../updates.js';
import { requireJson, validated } from '../validation.js';

// ---------------------------------------------------------------------------------------
// What a report carries: one schema for the API and the emailed form (api/links/report-link.ts).

// Control characters are what this pattern is for (tabs and newlines are allowed in a narrative).
// eslint-disable-next-line no-control-regex
const controlCharsExceptNewlines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const maxEvidenceLinks = 20;
export const maxNarrativeLength = 5000;

function isHttpUrl(s: string): boolean {
  if (/\s/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const evidenceLinkSchema = z.string().trim().min(1).max(2000).refine(isHttpUrl, 'must be an http:// or https:// URL');

export const kpiValueSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  value: z.number(),
});

/** The content of a report, without the period it is for. */
export const reportContentSchema = z.strictObject({
  percentComplete: z.number().min(0).max(100),
  narrative: z
    .string()
    .trim()
    .min(1)
    .max(maxNarrativeLength)
    .refine((s) => !controlCharsExceptNewlines.test(s), 'must not contain control characters'),
  kpiValues: z.array(kpiValueSchema).max(50),
  evidenceLinks: z.array(evidenceLinkSchema).max(maxEvidenceLinks).default([]),
});
export type ReportContent = z.output<typeof reportContentSchema>;

/** `POST /v1/programs/:id/progress-reports`. A second report for a period must say `correction: true`. */
export const progressReportBody = reportContentSchema.extend({
  period: z.string().regex(periodIdPattern, 'a reporting period like 2027-01 (month) or 2027-Q1 (quarter)'),
  correction: z.boolean().default(false),
});

/** KPI values must name the proposal's KPIs, each at most once (a KPI not measured this period may be left out). */
export function kpiProblems(values: readonly { name: string }[], kpis: Proposal['kpis']): FieldProblem[] {
  const known = new Set(kpis.map((k) => k.name));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  values.forEach((v, i) => {
    if (!known.has(v.name)) problems.push({ path: `kpiValues.${i}.name`, message: `not a KPI of this programme; one of: ${[...known].join(', ')}` });
    else if (seen.has(v.name)) problems.push({ path: `kpiValues.${i}.name`, message: 'this KPI already has a value in this report' });
    seen.add(v.name);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------
// The reporting schedule as people need to see it.

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
export type PeriodStatus = 'not_due' | 'open' | 'reported' | 'overdue';

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

/** The parts of the workflow's period view this needs. */
export type LivePeriod = Pick<PeriodProgress, 'id' | 'start' | 'end' | 'last' | 'dueDate' | 'dueAt' | 'reports'>;

/** Combines the recorded periods, the reports and the workflow's live view. Pure. */
export function progressOverview(p: {
  program: Pick<ProgramRecord, 'id' | 'stage' | 'proposal'>;
  periods: readonly PeriodRecord[];
  reports: readonly ProgressReport[];
  live: readonly LivePeriod[] | null;
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
  const live = new Map((p.live ?? []).map((l) => [l.id, l]));
  const versions = new Map<string, number>();
  for (const r of p.reports) versions.set(r.period, Math.max(versions.get(r.period) ?? 0, r.version));
  const ids = [...new Set([...planned.keys(), ...recorded.keys(), ...versions.keys()])].sort();

  const nowIso = now.toISOString();
  const periods: PeriodOverview[] = [];
  for (const id of ids) {
    const rec = recorded.get(id);
    const liveP = live.get(id);
    const plan = planned.get(id) ?? reportingPeriodOf(startDate, endDate, reportingCadence, id);
    const shape = rec ?? liveP ?? plan;
    if (!shape) continue; // only reports name it, and the plan changed: shown in `reports` anyway
    const fixed = rec ?? (liveP?.dueDate && liveP.dueAt ? { dueDate: liveP.dueDate, dueAt: liveP.dueAt } : null);
    const dueDate = fixed?.dueDate ?? calendar.addWorkingDays(shape.end, reportDueWorkingDays);
    const dueAt = fixed?.dueAt ?? endOfWibDay(dueDate).toISOString();
    const count = Math.max(versions.get(id) ?? 0, liveP?.reports ?? 0);
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

/** The overview of one programme, read now: store, holiday data, and the workflow's view while in implementation. */
/**
 * The overview of one programme from its stored items (read at once by `store.programs.readProgram`),
 * the holiday data, and the workflow's view while it is in implementation.
 */
export async function loadProgressOverview(
  deps: Pick<AppDeps, 'store' | 'temporal'>,
  { program, periods, reports }: Pick<ProgramItems, 'program' | 'periods' | 'reports'>,
  now = new Date(),
): Promise<ProgressOverview> {
  const [calendar, view] = await Promise.all([
    workingCalendar(deps.store),
    program.stage === 'implementation' ? liveView(deps, program.id) : Promise.resolve(null),
  ]);
  return progressOverview({ program, periods, reports, live: view?.implementation?.periods ?? null, calendar, now });
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

/** The workflow's view, or null when it cannot be asked now (the stored records still answer). */
async function liveView(deps: Pick<AppDeps, 'temporal'>, programId: string): Promise<ProgramView | null> {
  try {
    return await deps.temporal.workflow.getHandle(workflowIdOf(programId)).query(programState);
  } catch (e) {
    console.warn(`progress overview of ${programId}: workflow query failed, using stored records only:`, e instanceof Error ? e.message : e);
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// The routes.

export function reportRoutes(deps: AppDeps) {
  const { store } = deps;

  const loadProgram = (id: string) => loadProgramOf(store, id);

  // Scoped to this resource: mounted beside programRoutes at /v1/programs, a '*' middleware would run for its routes too.
  const authenticated = async (c: Context<AppEnv>, next: Next) => {
    // programRoutes' own middleware may have signed the person in already.
    if (!(c.get('person') as Person | undefined)) c.set('person', await deps.auth.personOf(c.req.header('authorization')));
    if (c.req.method === 'POST') requireJson(c.req.header('content-type'));
    await next();
  };

  return new Hono<AppEnv>()
    .use('/:id/progress-reports', authenticated)

    .post('/:id/progress-reports', validated('json', progressReportBody), async (c) => {
      const person = c.get('person');
      const body = c.req.valid('json');
      const program = await loadProgram(c.req.param('id'));
      const why = refusal(person, 'report', { opdId: program.proposal.opdId, stage: program.stage });
      if (why) throw new ProblemError(403, 'Not allowed', why);
      const problems = kpiProblems(body.kpiValues, program.proposal.kpis);
      if (problems.length > 0) throw new ProblemError(400, 'Invalid request', 'the KPI values must name the programme’s KPIs, each at most once', problems);
      if (program.stage !== 'implementation') {
        throw new ProblemError(409, 'Not possible in this stage', `programme is in stage ${program.stage}; progress is reported during implementation`);
      }
      const { startDate, endDate, reportingCadence } = program.proposal;
      if (!reportingPeriodOf(startDate, endDate, reportingCadence, body.period)) {
        throw new ProblemError(422, 'Request cannot be carried out', `period ${body.period} is not a reporting period of this programme`, [
          { path: 'period', message: `one of ${periodIdOf(startDate, reportingCadence)} … ${periodIdOf(endDate, reportingCadence)} (${reportingCadence})` },
        ]);
      }

      const requestId = requestIdOf(c.req.header('idempotency-key'), 'report', person.id);
      const result = await updateProgram(deps, program.id, reportProgress, {
        args: [
          {
            requestId,
            period: body.period,
            percentComplete: body.percentComplete,
            narrative: body.narrative,
            kpiValues: body.kpiValues,
            evidenceLinks: body.evidenceLinks,
            correction: body.correction,
            actor: actorOf(person),
            channel: 'api',
          },
        ],
        updateId: requestId,
      });
      const report = await store.reports.getReport(program.id, result.period, result.version);
      c.header('Location', `/v1/programs/${program.id}/progress-reports`);
      return c.json({ result, report }, 201);
    })

    .get('/:id/progress-reports', async (c) => {
      const person = c.get('person');
      const items = await loadProgramItems(store, c.req.param('id'));
      const { program } = items;
      const why = refusal(person, 'view', { opdId: program.proposal.opdId, stage: program.stage });
      if (why) throw new ProblemError(403, 'Not allowed', why);
      const overview = await loadProgressOverview(deps, items);
      return c.json({ programId: program.id, stage: program.stage, cadence: program.proposal.reportingCadence, ...overview });
    });
}
