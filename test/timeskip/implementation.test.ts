/**
 * Two years of monthly progress reports on the time-skipping server. Reports arrive at
 * chosen moments (early, on the first reminder, on the due day, late, never); the exact set of
 * reminder and escalation emails, with their WIB days, must match a calendar worked out in the test
 * (test/support/timeskip-calendar.ts). The years after 2026 have no decree yet, so a clearly
 * fictional TEST calendar with an "Idul Fitri" cuti bersama block in March is seeded, the later
 * year only while the programme runs (a running programme must pick it up).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programState } from '../../workflows/messages.js';
import { addDays, isWeekend, reportDue, TestCalendar, wibInstant } from '../support/timeskip-calendar.js';
import {
  actionLink,
  approveAndSign,
  duplicateMessageIds,
  mailOf,
  proposalOf,
  propose,
  refusalOf,
  startTimeskipEnv,
  wibDay,
  type TimeskipEnv,
} from '../support/timeskip-env.js';
import {
  expectedReportMail,
  holidayPlan,
  laterYearSeed,
  monthsAfter,
  runsOf,
  sentReportMail,
  submissionAt,
  submitReport,
  type Behaviour,
} from '../support/timeskip-reporting.js';

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('implementation');
});
afterAll(async () => {
  await t?.teardown();
});

// How each month's report arrives; February (the month before the "Idul Fitri" block) is always late.
const rotation: Behaviour[] = [
  'open',
  'due',
  'late8',
  'twoBefore',
  'early',
  'never',
  'due',
  'late3',
  'open',
  'twoBefore',
  'due',
  'early',
  'late3',
  'open',
  'late8',
  'due',
  'twoBefore',
  'early',
  'open',
  'due',
  'late3',
  'twoBefore',
  'open',
  'due',
];

describe('implementation: 24 monthly reports', () => {
  it('sends exactly the reminders and escalations the working-day calendar says, and completes with the last report', { timeout: 300_000 }, async () => {
    const months = monthsAfter(await t.now(), 24);
    const { laterFrom, seedAt: seedLaterAt } = laterYearSeed(months);
    const holidays = holidayPlan(months, laterFrom);
    const cal = new TestCalendar(holidays.all);
    // The calendar the programme would use had the later years never been added.
    const withoutLater = new TestCalendar(holidays.all.filter((y) => !holidays.later.some((l) => l.year === y.year)));
    await t.store.roster.seed({ opds: [], people: [], dimensions: [], holidayYears: holidays.now });

    const behaviour = (i: number): Behaviour => {
      const m = months[i]!;
      if (i === months.length - 1) return 'due';
      const b = rotation[i]!;
      return m.id.endsWith('-02') && b !== 'never' ? 'late8' : b;
    };
    const submitted = new Map(months.map((m, i) => [m.id, submissionAt(cal, m, behaviour(i))]));
    const never = months.filter((_, i) => behaviour(i) === 'never').map((m) => m.id);
    expect(never).toHaveLength(1);

    // What the test is meant to cover: a cuti bersama block in a month with a report due, a due
    // day that would fall on a weekend if counted in calendar days, and a later year that changes a due day.
    expect(months.some((m) => reportDue(cal, m.end) !== reportDue(new TestCalendar([]), m.end))).toBe(true);
    expect(months.some((m) => isWeekend(addDays(m.end, 5)))).toBe(true);
    expect(holidays.later.map((y) => y.year)).toContain(laterFrom);
    expect(months.some((m) => reportDue(cal, m.end) !== reportDue(withoutLater, m.end))).toBe(true);
    expect(seedLaterAt).toBeGreaterThan(wibInstant(months[0]!.start, '00:00'));

    const { programId, handle } = await propose(t, {
      proposal: proposalOf({ startDate: months[0]!.start, endDate: months[months.length - 1]!.end, reportingCadence: 'monthly' }),
    });
    await approveAndSign(handle);
    expect((await handle.query(programState)).stage).toBe('implementation');
    expect(await refusalOf(submitReport(handle, months[0]!.id))).toBe('WrongStage'); // not started yet
    expect(await refusalOf(submitReport(handle, '2099-01'))).toBe('InvalidRequest'); // not a period of this programme

    type Action = { at: number; what: string; run: () => Promise<void> };
    const actions: Action[] = [];
    const results = new Map<string, { version: number; completed: boolean }>();
    months.forEach((m, i) => {
      const at = submitted.get(m.id);
      if (at == null) return;
      actions.push({
        at,
        what: `report ${m.id} (${behaviour(i)})`,
        run: async () => {
          const link = i === 0 ? actionLink(mailOf(t, programId).find((x) => x.subject === `report-${m.id}`)!) : null;
          const r = await submitReport(handle, m.id);
          results.set(m.id, r);
          if (i === 0) {
            expect(await refusalOf(submitReport(handle, m.id))).toBe('AlreadyDecided');
            // The emailed form link for the month is revoked once its report is in.
            const token = await t.store.linkTokens.get(createHash('sha256').update(link!.split('/act/')[1]!).digest('hex'));
            expect(token).toMatchObject({ programId, purpose: { kind: 'report', period: m.id } });
            expect(token?.revokedAt).toBeDefined();
          }
          if (i === 6) {
            // A correction of an earlier month: version 2, and no reminder for that month again.
            const c = await submitReport(handle, months[1]!.id, { correction: true });
            expect(c).toMatchObject({ period: months[1]!.id, version: 2, completed: false });
            expect(await refusalOf(submitReport(handle, never[0]!, { correction: true }))).toBe('InvalidRequest');
          }
        },
      });
    });
    actions.push({
      at: seedLaterAt,
      what: 'a later holiday year is added',
      run: () => t.store.roster.seed({ opds: [], people: [], dimensions: [], holidayYears: holidays.later }),
    });
    actions.sort((a, b) => a.at - b.at);

    const started = Date.now();
    for (const a of actions) {
      await t.advanceTo(a.at);
      await a.run();
    }
    const completedAt = submitted.get(months[months.length - 1]!.id)!;
    console.log(`implementation: ${months.length} months of simulated time in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The last report completed the programme.
    expect(results.get(months[months.length - 1]!.id)).toMatchObject({ version: 1, completed: true });
    expect((await handle.query(programState)).stage).toBe('completed');
    expect((await t.store.programs.getProgram(programId))?.stage).toBe('completed');

    // Every period closed with the due day of the independent calendar.
    const periods = await t.store.reports.listPeriods(programId);
    expect(periods.map((p) => `${p.id} ${p.dueDate}`)).toEqual(months.map((m) => `${m.id} ${reportDue(cal, m.end)}`));

    // Exactly the planned reminders and escalations, on working days only.
    const expected = expectedReportMail(cal, months, submitted, completedAt);
    expect(sentReportMail(t, programId)).toEqual(expected);
    for (const key of expected) expect(cal.isWorkingDay(key.split(' ')[2]!)).toBe(true);

    // Reports: one version per reported month, two for the corrected one, none for the one never sent.
    const reports = await t.store.reports.listReports(programId);
    const versions = new Map<string, number[]>();
    for (const r of reports) versions.set(r.period, [...(versions.get(r.period) ?? []), r.version]);
    for (const m of months) {
      const want = never.includes(m.id) ? undefined : m.id === months[1]!.id ? [1, 2] : [1];
      expect([m.id, versions.get(m.id)]).toEqual([m.id, want]);
    }
    const escalations = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated');
    expect(escalations.map((e) => `${(e.details as { period: string }).period} ${wibDay(Date.parse(e.at))}`).sort()).toEqual(
      expected
        .filter((k) => k.includes(' escalation ') && k.endsWith(' sekda'))
        .map((k) => `${k.split(' ')[0]} ${k.split(' ')[2]}`)
        .sort(),
    );

    // Nothing after the programme ended, and no email twice.
    const count = mailOf(t, programId).length;
    await t.advanceTo(completedAt + 30 * 86_400_000);
    expect(mailOf(t, programId).length).toBe(count);
    expect(duplicateMessageIds(t)).toEqual([]);

    // The workflow asked for each notification once (the mail log would hide a second attempt) and closed each month once.
    const { runs, eventsPerYear, activities, activityMs, reportNotices } = await runsOf(t, handle.workflowId, handle.firstExecutionRunId);
    expect(reportNotices).toBe(new Set(expected.map((k) => k.split(' ').slice(0, 3).join(' '))).size);
    expect(activities.get('closeReportingPeriod')).toBe(months.length);
    console.log(
      `implementation: history of a ${months.length}-month monthly programme (default continue-as-new threshold): ${runs.length} run(s), ` +
        `${runs.reduce((n, r) => n + r.events, 0)} events; per year ${JSON.stringify(Object.fromEntries(eventsPerYear))}`,
    );
    const spent = [...activityMs].sort((a, b) => b[1] - a[1]).map(([name, total]) => `${name} ${activities.get(name)}x ${(total / 1000).toFixed(1)} s`);
    console.log(`implementation: real time in activities (the clock holds while they run): ${spent.join(', ')}`);
  });
});
