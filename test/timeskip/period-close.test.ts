/**
 * A reporting period closing at midnight after its last day: when a due day brings thousands of
 * closes at once, each must cost one activity (the period opened with its due day, the
 * programme's "next due" set, and the holiday years and escalation policy its reminders are
 * planned with read in the same step), and the reminders before the due day must go out without
 * reading that reference data again. The due day and the reminders stay those the working-day
 * calendar says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programState } from '../../workflows/messages.js';
import { addDays, reportDue, reportSchedule, TestCalendar, wibInstant } from '../support/timeskip-calendar.js';
import { approveAndSign, proposalOf, propose, startTimeskipEnv, type ProgramHandle, type TimeskipEnv } from '../support/timeskip-env.js';
import { holidayPlan, monthsAfter, sentReportMail, type Month } from '../support/timeskip-reporting.js';

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('period-close');
});
afterAll(async () => {
  await t?.teardown();
});

/** A two-month programme in implementation, with the holiday years of its months stored. */
async function implementing(): Promise<{ programId: string; handle: ProgramHandle; first: Month; cal: TestCalendar; closesAt: number }> {
  const months = monthsAfter(await t.now(), 2);
  const holidays = holidayPlan(months);
  await t.store.roster.seed({ opds: [], people: [], dimensions: [], holidayYears: holidays.now });
  const first = months[0]!;
  const { programId, handle } = await propose(t, { proposal: proposalOf({ startDate: first.start, endDate: months[1]!.end }) });
  await approveAndSign(handle);
  return { programId, handle, first, cal: new TestCalendar(holidays.all), closesAt: wibInstant(addDays(first.end, 1), '00:00') };
}

/** The activities the programme's workflow scheduled from `sinceMs` on, in order. */
async function activitiesSince(handle: ProgramHandle, sinceMs: number): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? [])
    .filter((e) => Number(e.eventTime?.seconds ?? 0) * 1000 >= sinceMs)
    .flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

describe('a reporting period closing', () => {
  it('is one activity that fixes the due day the calendar says, for the period and for the programme', { timeout: 120_000 }, async () => {
    const { programId, handle, first, cal, closesAt } = await implementing();

    // An hour after the close: the first reminder is not due before 08:00 WIB.
    await t.advanceTo(closesAt + 3_600_000);

    const due = reportDue(cal, first.end);
    expect(await activitiesSince(handle, closesAt)).toEqual(['closeReportingPeriod']);
    expect({
      period: (await t.store.reports.getPeriod(programId, first.id))?.dueDate,
      programme: (await t.store.programs.getProgram(programId))?.dueDate,
      workflow: (await handle.query(programState)).dueDate,
    }).toEqual({ period: due, programme: due, workflow: due });
  });

  it('sends the reminders the calendar says before the due day, each in one activity and nothing read again', { timeout: 120_000 }, async () => {
    const { programId, handle, first, cal, closesAt } = await implementing();
    // The working day before the due day (on it, the escalation policy is read again: escalations are near).
    const until = wibInstant(cal.before(reportDue(cal, first.end), 1), '12:00');

    await t.advanceTo(until);

    const expected = reportSchedule(cal, first.end, until);
    expect(sentReportMail(t, programId)).toEqual(expected.map((e) => `${first.id} ${e.kind} ${e.date} kadis-kesehatan`).sort());
    expect(await activitiesSince(handle, closesAt)).toEqual(['closeReportingPeriod', ...expected.map(() => 'sendReportNotifications')]);
  });
});
