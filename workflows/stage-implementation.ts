/**
 * Implementation: the reporting periods, for as long as the programme runs. A period closes
 * when its last day has passed (its due day is fixed then, with that day's holiday data), its
 * report is reminded and escalated on schedule, and the last period's report completes the
 * programme.
 */
import { patched } from '@temporalio/workflow';
import { endOfWibDay, wibDate } from '../domain/calendar.js';
import type { ScheduledNotification } from '../domain/notifications.js';
import { reportingPeriods, reportWindowOpensOn } from '../domain/periods.js';
import { reportExtras, type ProgressReport } from '../domain/reports.js';
import type { ReportNotice } from '../activities/index.js';
import { shouldContinueAsNew } from './continue-as-new.js';
import { refusalTypes, type PeriodProgress, type ProgramView, type ProgressReportInput, type ProgressReportResult } from './messages.js';
import { checkRequest, recordAs, RecordingRefused } from './requests.js';
import { opdHandoverPassed, rerouteOpdWork } from './stage-changes.js';
import { completeProgramme } from './stage-ended.js';
import { actorOfEvent, acts, assigneeOf, earliest, nextEvent, now, recordRefusedMail, refuse, type ProgramState } from './state.js';
import { escalationStep, plan, waitFor } from './waiting.js';

type Implementation = NonNullable<ProgramView['implementation']>;

/** Called once implementation is entered: every period of the programme, none closed yet. */
export function openImplementation(s: ProgramState): Implementation {
  const periods = reportingPeriods(s.proposal.startDate, s.proposal.endDate, s.proposal.reportingCadence);
  const impl: Implementation = {
    periods: periods.map((p) => ({
      id: p.id,
      start: p.start,
      end: p.end,
      last: p.last,
      openedOn: null,
      dueDate: null,
      dueAt: null,
      reports: 0,
      notifiedUntil: null,
      next: null,
    })),
    finished: {},
    totalPeriods: periods.length,
  };
  s.view.implementation = impl;
  return impl;
}

export function validateReport(s: ProgramState, r: ProgressReportInput): void {
  if (checkRequest(s, r, 'report')) return;
  const impl = s.view.implementation;
  if (s.view.stage !== 'implementation' || !impl)
    refuse(refusalTypes.wrongStage, `programme is in stage ${s.view.stage}; progress is reported during implementation`);
  const period = impl.periods.find((p) => p.id === r.period);
  const reported = period ? period.reports : impl.finished[r.period];
  if (reported === undefined) refuse(refusalTypes.invalid, `period ${r.period} is not a reporting period of this programme`);
  if (period && period.start > wibDate(new Date())) refuse(refusalTypes.wrongStage, `period ${r.period} has not started yet; it opens on ${period.start}`);
  if (reported > 0 && !r.correction)
    refuse(refusalTypes.alreadyDecided, `period ${r.period} is already reported; send it as a correction to add a new version`);
  if (reported === 0 && r.correction) refuse(refusalTypes.invalid, `period ${r.period} has no report to correct yet`);
}

export async function recordReport(s: ProgramState, input: ProgressReportInput): Promise<ProgressReportResult> {
  const impl = s.view.implementation;
  if (s.view.stage !== 'implementation' || !impl)
    throw new RecordingRefused(refusalTypes.wrongStage, `programme is in stage ${s.view.stage}; progress is reported during implementation`);
  const period = impl.periods.find((p) => p.id === input.period);
  const reported = period ? period.reports : impl.finished[input.period];
  if (reported === undefined) throw new RecordingRefused(refusalTypes.invalid, `period ${input.period} is not a reporting period of this programme`);
  const version = reported + 1;
  const before = { eventSeq: s.eventSeq, dueDate: s.view.dueDate, dueAt: s.view.dueAt };
  if (period) period.reports = version;
  else impl.finished[input.period] = version;
  const at = now();
  const report: ProgressReport = {
    programId: s.programId,
    period: input.period,
    version,
    percentComplete: input.percentComplete,
    narrative: input.narrative,
    kpiValues: input.kpiValues,
    evidenceLinks: input.evidenceLinks,
    ...reportExtras(input),
    submittedBy: assigneeOf(input.actor),
    channel: input.channel,
    at,
  };
  const e = nextEvent(s, 'report_submitted', {
    actor: actorOfEvent(input.actor, 'opd'),
    channel: input.channel,
    toStage: 'implementation',
    details: { period: input.period, version },
  });
  const due = nextDue(impl);
  s.view.dueDate = due?.dueDate ?? null;
  s.view.dueAt = due?.dueAt ?? null;
  let recorded;
  try {
    recorded = await recordAs(
      s,
      before.eventSeq,
      acts.recordProgressReport({
        report,
        event: e,
        stageSeq: s.view.stageSeq,
        nextDue: due,
        links: s.view.awaiting.map((a) => ({ userId: a.userId, subject: `report:${input.period}` })),
      }),
    );
  } catch (refused) {
    // Refused by the roster: the period stays as it was.
    if (period) period.reports = reported;
    else impl.finished[input.period] = reported;
    s.view.dueDate = before.dueDate;
    s.view.dueAt = before.dueAt;
    throw refused;
  }
  await recordRefusedMail(s, recorded);
  const completed = await finishPeriods(s, impl);
  return { programId: s.programId, period: input.period, version, receivedAt: at, completed };
}

/**
 * Runs the reporting cycle: returns 'request' when a person's request waits to be recorded,
 * 'ended' when the programme left implementation, 'continue' when history should be cut.
 */
export async function runImplementation(s: ProgramState): Promise<'request' | 'ended' | 'continue'> {
  while (s.view.stage === 'implementation') {
    if (s.pending !== undefined) return 'request';
    const impl = s.view.implementation ?? openImplementation(s);
    await closeEndedPeriods(s, impl);
    if (await finishPeriods(s, impl)) return 'ended';
    await notifyPeriods(s, impl);
    if (shouldContinueAsNew(s, false)) return 'continue';
    // The roster changed, or the OPD head's office changed hands: the open reports go to whoever
    // acts for the OPD now. Before this patch a programme in implementation ignored roster changes.
    if (s.rosterDirty || opdHandoverPassed(s)) {
      if (patched('reroute-reports')) await rerouteOpdWork(s, 'implementation');
      else s.opdRouteChangeAt = null; // a handover is only awaited under the patch; never wake for it again
    }
    s.rosterDirty = false;
    await waitFor(s, earliest(nextWake(impl), s.opdRouteChangeAt), () => s.rosterDirty);
  }
  return 'ended';
}

/** Closes the periods whose last day has passed: their due day is set now, with today's holiday data. */
async function closeEndedPeriods(s: ProgramState, impl: Implementation): Promise<void> {
  const nowMs = Date.now();
  for (const p of impl.periods) {
    if (p.dueDate !== null || endOfWibDay(p.end).getTime() > nowMs) continue;
    // A period that had already ended when implementation began opens that day: it is
    // asked for at once (with the start of implementation) and due counting from then.
    const started = wibDate(new Date(s.view.stageOpenedAt ?? nowMs));
    const openedOn = reportWindowOpensOn(p.end, started);
    p.openedOn = openedOn;
    const askNow = async (dueDate: string) => {
      if (openedOn !== p.end && p.reports === 0) await sendReportNotice(s, p, dueDate, { kind: 'reminder', date: started, at: now(), overdueWorkingDays: 0 });
    };
    // One activity where up to four ran one after another (open, "next due", then the holiday years
    // and the escalation policy for planning): a due day brings thousands of closes at once.
    // Histories from before keep their steps.
    if (patched('report-period-closed-in-one-activity')) await askNow(await closePeriod(s, impl, p, openedOn));
    else await closePeriodStepByStep(s, impl, p, openedOn, askNow);
  }
}

/** Opens the period, fixes its due day and the programme's next due, and holds the data its reminders are planned with; returns the due day. */
async function closePeriod(s: ProgramState, impl: Implementation, p: PeriodProgress, openedOn: string): Promise<string> {
  const closed = await acts.closeReportingPeriod({
    programId: s.programId,
    stageSeq: s.view.stageSeq,
    period: periodRef(p),
    openedOn,
    otherPeriodsDue: nextDue(impl),
    awaitsReport: p.reports === 0,
    at: now(),
  });
  p.dueDate = closed.dueDate;
  p.dueAt = closed.dueAt;
  s.holidays = { years: closed.holidayYears, fetchedAt: now() };
  s.escalationPolicy = { policy: closed.escalationPolicy, fetchedAt: now() };
  showNextDue(s, impl);
  await recordRefusedMail(s, closed);
  return closed.dueDate;
}

/** The same close as workflows recorded it before one activity did it all: kept so their histories replay. */
async function closePeriodStepByStep(s: ProgramState, impl: Implementation, p: PeriodProgress, openedOn: string, askNow: (dueDate: string) => Promise<void>) {
  const opened = await acts.openReportingPeriod({ programId: s.programId, period: periodRef(p), openedOn, at: now() });
  p.dueDate = opened.dueDate;
  p.dueAt = opened.dueAt;
  await recordRefusedMail(s, opened);
  await askNow(opened.dueDate);
  const due = showNextDue(s, impl);
  await acts.setNextDue({ programId: s.programId, stageSeq: s.view.stageSeq, nextDue: due, at: now() });
}

/** Sends the reminders and escalations due for unreported periods; each period remembers what it sent and when to look again. */
async function notifyPeriods(s: ProgramState, impl: Implementation): Promise<void> {
  for (const p of impl.periods) {
    if (p.dueDate === null || p.reports > 0 || (p.next && Date.parse(p.next.at) > Date.now())) continue;
    const openedOn = p.openedOn ?? p.end;
    const planned = await plan(s, 'report', openedOn, p.dueDate, p.notifiedUntil ?? endOfWibDay(openedOn).toISOString(), 'report');
    if (planned.due.length > 0) {
      // A backlog (the escalation steps missed and the latest reminder) goes out in one activity. Histories from before sent one each.
      if (patched('report-notifications-sent-together')) await sendReportNotices(s, p, p.dueDate, planned.due);
      else for (const n of planned.due) await sendReportNotice(s, p, p.dueDate, n);
    }
    p.next = planned.next;
  }
}

/** Sends the report notifications due for period `p`, in order, in one activity. */
async function sendReportNotices(s: ProgramState, p: PeriodProgress, dueDate: string, due: ScheduledNotification[]): Promise<void> {
  const notices = due.map((n) => reportNotice(s, p, n));
  const sent = await acts.sendReportNotifications({ programId: s.programId, stageSeq: s.view.stageSeq, period: periodRef(p), dueDate, notices });
  await recordRefusedMail(s, sent);
  p.notifiedUntil = due[due.length - 1]?.at ?? p.notifiedUntil;
}

/** Sends one report notification of period `p`. */
async function sendReportNotice(s: ProgramState, p: PeriodProgress, dueDate: string, n: ScheduledNotification): Promise<void> {
  const notice = reportNotice(s, p, n);
  const sent = await acts.sendReportNotification({ programId: s.programId, stageSeq: s.view.stageSeq, period: periodRef(p), dueDate, ...notice });
  await recordRefusedMail(s, sent);
  p.notifiedUntil = n.at;
}

/** A report notification, with the audit event of its escalation step when it is one. */
function reportNotice(s: ProgramState, p: PeriodProgress, n: ScheduledNotification): ReportNotice {
  const step = n.kind === 'escalation' ? escalationStep(s, 'report', n) : null;
  const escalationEvent = step
    ? nextEvent(s, 'escalated', {
        actor: null,
        channel: 'system',
        toStage: 'implementation',
        comment: `laporan ${p.id} terlambat ${n.overdueWorkingDays} hari kerja; eskalasi tahap ${step.step}`,
        details: { period: p.id, ...step },
      })
    : null;
  return { notification: n, escalationEvent, escalationTargets: step?.targets };
}

/** Drops periods that are closed and reported; the last one completes the programme. */
async function finishPeriods(s: ProgramState, impl: Implementation): Promise<boolean> {
  const finished = impl.periods.filter((p) => p.dueDate !== null && p.reports > 0);
  if (finished.length === 0) return false;
  impl.periods = impl.periods.filter((p) => !finished.includes(p));
  for (const p of finished) impl.finished[p.id] = p.reports;
  const last = finished.find((p) => p.last);
  if (!last) return false;
  await completeProgramme(s, last.id);
  return true;
}

/** Shows the next due report as the programme's "who must act next and by when"; returns it. */
function showNextDue(s: ProgramState, impl: Implementation): { dueDate: string; dueAt: string } | null {
  const due = nextDue(impl);
  s.view.dueDate = due?.dueDate ?? null;
  s.view.dueAt = due?.dueAt ?? null;
  return due;
}

/** The next due report of the periods not yet reported (for "who must act next and by when"). */
function nextDue(impl: Implementation): { dueDate: string; dueAt: string } | null {
  let first: { dueDate: string; dueAt: string } | null = null;
  for (const p of impl.periods) {
    if (p.reports === 0 && p.dueDate !== null && p.dueAt !== null && (first === null || p.dueDate < first.dueDate))
      first = { dueDate: p.dueDate, dueAt: p.dueAt };
  }
  return first;
}

/** The earliest moment something is due: a period closing, or a period's next notification. */
function nextWake(impl: Implementation): string | null {
  let wake: string | null = null;
  for (const p of impl.periods) {
    if (p.dueDate === null) wake = earliest(wake, endOfWibDay(p.end).toISOString());
    else if (p.reports === 0 && p.next) wake = earliest(wake, p.next.at);
  }
  return wake;
}

const periodRef = (p: PeriodProgress) => ({ id: p.id, start: p.start, end: p.end, last: p.last });
