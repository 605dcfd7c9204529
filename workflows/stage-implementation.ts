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
  const { view } = s;
  const nowMs = Date.now();
  for (const p of impl.periods) {
    if (p.dueDate === null && endOfWibDay(p.end).getTime() <= nowMs) {
      // A period that had already ended when implementation began opens that day: it is
      // asked for at once (with the start of implementation) and due counting from then.
      const started = wibDate(new Date(view.stageOpenedAt ?? nowMs));
      p.openedOn = reportWindowOpensOn(p.end, started);
      const lateStart = p.openedOn !== p.end;
      const opened = await acts.openReportingPeriod({
        programId: s.programId,
        period: periodRef(p),
        openedOn: p.openedOn,
        at: now(),
      });
      p.dueDate = opened.dueDate;
      p.dueAt = opened.dueAt;
      await recordRefusedMail(s, opened);
      if (lateStart && p.reports === 0) {
        const request: ScheduledNotification = { kind: 'reminder', date: started, at: now(), overdueWorkingDays: 0 };
        const asked = await acts.sendReportNotification({
          programId: s.programId,
          stageSeq: view.stageSeq,
          period: periodRef(p),
          dueDate: p.dueDate,
          notification: request,
          escalationEvent: null,
        });
        await recordRefusedMail(s, asked);
        p.notifiedUntil = request.at;
      }
      const due = nextDue(impl);
      view.dueDate = due?.dueDate ?? null;
      view.dueAt = due?.dueAt ?? null;
      await acts.setNextDue({ programId: s.programId, stageSeq: view.stageSeq, nextDue: due, at: now() });
    }
  }
}

/** Sends the reminders and escalations due for unreported periods; each period remembers what it sent and when to look again. */
async function notifyPeriods(s: ProgramState, impl: Implementation): Promise<void> {
  for (const p of impl.periods) {
    if (p.dueDate === null || p.reports > 0 || (p.next && Date.parse(p.next.at) > Date.now())) continue;
    const openedOn = p.openedOn ?? p.end;
    const planned = await plan(s, 'report', openedOn, p.dueDate, p.notifiedUntil ?? endOfWibDay(openedOn).toISOString(), 'report');
    for (const n of planned.due) {
      const step = n.kind === 'escalation' ? escalationStep(s, 'report', n) : null;
      const escalation = step
        ? nextEvent(s, 'escalated', {
            actor: null,
            channel: 'system',
            toStage: 'implementation',
            comment: `laporan ${p.id} terlambat ${n.overdueWorkingDays} hari kerja; eskalasi tahap ${step.step}`,
            details: { period: p.id, ...step },
          })
        : null;
      const sent = await acts.sendReportNotification({
        programId: s.programId,
        stageSeq: s.view.stageSeq,
        period: periodRef(p),
        dueDate: p.dueDate,
        notification: n,
        escalationEvent: escalation,
        escalationTargets: step?.targets,
      });
      await recordRefusedMail(s, sent);
      p.notifiedUntil = n.at;
    }
    p.next = planned.next;
  }
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
