/**
 * Implementation-stage helpers for the time-skipping tests: the programme's months (worked out
 * here, not with domain/periods.ts), the report emails a plan of submissions should produce, and
 * the workflow's history across continue-as-new runs.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { HolidayYear } from '../../domain/calendar.js';
import { reportProgress } from '../../workflows/messages.js';
import { addDays, fictionalHolidayYear, realHolidayYears, reportDue, reportSchedule, wibDateOf, wibInstant, type TestCalendar } from './timeskip-calendar.js';
import { mailOf, requestBase, type ProgramHandle, type TimeskipEnv } from './timeskip-env.js';

export interface Month {
  id: string;
  start: string;
  end: string;
  index: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` calendar months from the first of the month after `nowMs` (WIB). */
export function monthsAfter(nowMs: number, count: number): Month[] {
  const today = wibDateOf(nowMs);
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7)) + 1;
  const out: Month[] = [];
  for (let i = 0; i < count; i++, month++) {
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    out.push({ id: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(last)}`, index: i });
  }
  return out;
}

/**
 * Holiday years for a programme: the real files for the years they cover, and a fictional year for
 * every later one; those from `laterFrom` on are to be seeded while the programme runs.
 */
export function holidayPlan(months: Month[], laterFrom = Infinity): { now: HolidayYear[]; later: HolidayYear[]; all: HolidayYear[] } {
  const last = months[months.length - 1]!;
  const firstYear = Number(months[0]!.start.slice(0, 4));
  const lastYear = Number(addDays(last.end, 31).slice(0, 4)); // the last report is due the month after
  const real = new Set(realHolidayYears.map((y) => y.year));
  const now: HolidayYear[] = [];
  const later: HolidayYear[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    if (real.has(y)) continue;
    (y < laterFrom ? now : later).push(fictionalHolidayYear(y));
  }
  const fictional = new Set([...now, ...later].map((y) => y.year));
  return { now, later, all: [...realHolidayYears.filter((y) => !fictional.has(y.year)), ...now, ...later] };
}

/**
 * When to add a later year while the programme runs: after its third month has begun and before
 * December of the year before (so no due day or reminder into that year is planned without it).
 */
export function laterYearSeed(months: Month[]): { laterFrom: number; seedAt: number } {
  const earliest = wibInstant(months[3]!.start, '12:00');
  for (let laterFrom = Number(months[0]!.start.slice(0, 4)) + 1; ; laterFrom++) {
    const seedAt = Math.max(earliest, wibInstant(`${laterFrom - 1}-10-01`, '12:00'));
    if (seedAt < wibInstant(`${laterFrom - 1}-12-01`, '00:00')) return { laterFrom, seedAt };
  }
}

export type Behaviour = 'early' | 'open' | 'twoBefore' | 'due' | 'late3' | 'late8' | 'never';

/** When a period's report is submitted (null: never), at noon WIB. */
export function submissionAt(cal: TestCalendar, m: Month, b: Behaviour): number | null {
  const due = reportDue(cal, m.end);
  switch (b) {
    case 'early':
      return wibInstant(m.end, '12:00');
    case 'open':
      return wibInstant(cal.after(m.end, 1), '12:00');
    case 'twoBefore':
      return wibInstant(cal.before(due, 2), '12:00');
    case 'due':
      return wibInstant(due, '12:00');
    case 'late3':
      return wibInstant(cal.after(due, 4), '12:00'); // after the overdue reminder of day 3, before the escalation
    case 'late8':
      return wibInstant(cal.after(due, 8), '12:00'); // after overdue reminders 3 and 6 and the escalation on day 5
    case 'never':
      return null;
  }
}

/** "period kind date user" for every report reminder and escalation the plan should produce. */
export function expectedReportMail(cal: TestCalendar, months: Month[], submitted: Map<string, number | null>, completedAt: number): string[] {
  return months
    .flatMap((m) => {
      const until = Math.min(submitted.get(m.id) ?? completedAt, completedAt);
      return reportSchedule(cal, m.end, until).flatMap((e) =>
        (e.kind === 'escalation' ? ['kadis-kominfo', 'sekda'] : ['kadis-kesehatan']).map((u) => `${m.id} ${e.kind} ${e.date} ${u}`),
      );
    })
    .sort();
}

/** The report reminders and escalations that went out for a programme, as "period kind date user". */
export function sentReportMail(t: TimeskipEnv, programId: string): string[] {
  return mailOf(t, programId)
    .filter((m) => m.subject.startsWith('report-'))
    .map((m) => `${m.subject.slice('report-'.length)} ${m.kind} ${m.date} ${m.userId}`)
    .sort();
}

export function reportInput(period: string, opts: { correction?: boolean; requestId?: string } = {}) {
  const base = requestBase('kadis-kesehatan');
  return {
    ...base,
    requestId: opts.requestId ?? base.requestId,
    period,
    percentComplete: 50,
    narrative: `Laporan kemajuan ${period}${opts.correction ? ' (koreksi)' : ''}`,
    kpiValues: [{ name: 'Puskesmas terhubung', value: 6 }],
    evidenceLinks: [],
    correction: opts.correction ?? false,
  };
}

export const submitReport = (handle: ProgramHandle, period: string, opts: { correction?: boolean; requestId?: string } = {}) =>
  handle.executeUpdate(reportProgress, { args: [reportInput(period, opts)] });

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

export interface RunStats {
  runId: string;
  events: number;
  lastEventType: string;
  /** Names of the Updates this run accepted, in order. */
  updates: string[];
}

/** Every run of a workflow chain, oldest first, with each run's history length and last event. */
export async function runsOf(
  t: TimeskipEnv,
  workflowId: string,
  firstRunId: string,
): Promise<{ runs: RunStats[]; eventsPerYear: Map<number, number>; activities: Map<string, number>; activityMs: Map<string, number>; reportNotices: number }> {
  const runs: RunStats[] = [];
  const eventsPerYear = new Map<number, number>();
  /** Activities scheduled, by type, over all runs. */
  const activities = new Map<string, number>();
  /** Real time spent in activities, by type (the server's clock does not skip while one runs). */
  const activityMs = new Map<string, number>();
  /** Report notifications the workflow asked to be sent: one per `sendReportNotification`, each of a `sendReportNotifications`. */
  let reportNotices = 0;
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: History = await t.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    const updates: string[] = [];
    const ms = (e: HistoryEvent | undefined) => Number(e?.eventTime?.seconds ?? 0) * 1000 + Math.floor((e?.eventTime?.nanos ?? 0) / 1e6);
    const byId = new Map(events.map((e) => [Number(e.eventId), e]));
    for (const e of events) {
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const name = byId.get(Number(done.scheduledEventId))?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        activityMs.set(name, (activityMs.get(name) ?? 0) + ms(e) - ms(byId.get(Number(done.startedEventId))));
      }
      const update = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
      if (update) updates.push(update);
      const seconds = Number(e.eventTime?.seconds ?? 0);
      const year = Number(wibDateOf(seconds * 1000).slice(0, 4));
      eventsPerYear.set(year, (eventsPerYear.get(year) ?? 0) + 1);
      const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (activity) activities.set(activity, (activities.get(activity) ?? 0) + 1);
      if (activity === 'sendReportNotification') reportNotices += 1;
      if (activity === 'sendReportNotifications') {
        const data = e.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
        reportNotices += data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { notices: unknown[] }).notices.length : 0;
      }
    }
    const last: HistoryEvent | undefined = events[events.length - 1];
    const type = last?.workflowExecutionContinuedAsNewEventAttributes
      ? 'ContinuedAsNew'
      : last?.workflowExecutionCompletedEventAttributes
        ? 'Completed'
        : last?.workflowExecutionTerminatedEventAttributes
          ? 'Terminated'
          : 'open';
    runs.push({ runId, events: events.length, lastEventType: type, updates });
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return { runs, eventsPerYear, activities, activityMs, reportNotices };
}
