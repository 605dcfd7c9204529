/**
 * A programme whose approval takes longer than planned: its first reporting month has already
 * ended (and its report would already be overdue) when the commitment is finally signed. Nobody
 * could report before implementation began, so entering implementation must ask the OPD for that
 * report, not escalate it at once to the Sekda and Diskominfo, and not send emails dated in the past.
 *
 * The due day and the reminder plan of such a month start from the day implementation began,
 * not from the month's end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCalendar, reportDue, wibInstant } from '../support/timeskip-calendar.js';
import { approveAndSign, mailOf, proposalOf, propose, startTimeskipEnv, wibDay, type TimeskipEnv } from '../support/timeskip-env.js';
import { holidayPlan, monthsAfter } from '../support/timeskip-reporting.js';

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('late-start');
});
afterAll(async () => {
  await t?.teardown();
});

describe('implementation that begins after a reporting month has ended', () => {
  it('asks for the months already over instead of escalating them at once', { timeout: 120_000 }, async () => {
    const months = monthsAfter(await t.now(), 12);
    const holidays = holidayPlan(months);
    await t.store.roster.seed({ opds: [], people: [], dimensions: [], holidayYears: holidays.now });
    const cal = new TestCalendar(holidays.all);
    const first = months[0]!;

    const { programId, handle } = await propose(t, { proposal: proposalOf({ startDate: first.start, endDate: months[months.length - 1]!.end }) });
    // The review and approval drag on until three working days after the first month's report would have been due.
    const signedAt = wibInstant(cal.after(reportDue(cal, first.end), 3), '12:00');
    await t.advanceTo(signedAt);
    await approveAndSign(handle);
    const openedOn = wibDay(await t.now());

    // A week of working days in implementation.
    await t.advanceTo(wibInstant(cal.after(openedOn, 5), '12:00'));
    const reportMail = mailOf(t, programId).filter((m) => m.subject.startsWith('report-'));
    const summary = reportMail.map((m) => `${m.subject} ${m.kind} ${m.date} ${m.userId}`).sort();

    // Nothing dated before implementation began, and no escalation in its first week.
    expect(summary.filter((s) => s.split(' ')[2]! < openedOn)).toEqual([]);
    expect(summary.filter((s) => s.includes(' escalation '))).toEqual([]);
    // (The review itself was late and was escalated; the reporting must not be.)
    expect((await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated' && e.toStage === 'implementation')).toEqual([]);
    // The OPD is asked for the month that is over, on the day implementation began or the next working day.
    expect(summary).toContainEqual(expect.stringMatching(new RegExp(`^report-${first.id} reminder (${openedOn}|${cal.after(openedOn, 1)}) kadis-kesehatan$`)));
    // And its report is not due before it could be asked for.
    const period = await t.store.reports.getPeriod(programId, first.id);
    expect({ dueDate: period?.dueDate, after: openedOn, ok: (period?.dueDate ?? '') > openedOn }).toMatchObject({ ok: true });
  });
});
