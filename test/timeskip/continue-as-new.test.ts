/**
 * A monthly programme whose workflow continues as new every ~150 history events:
 * it crosses many run boundaries, and across them no report, reminder or answer is lost or
 * doubled. One report arrives just before a boundary, one just after; an Update retried with a
 * request id answered in an earlier run gets the same answer. Also prints the history length per
 * year of a monthly programme (the bench figure; sum over runs).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programState, proposalRecorded } from '../../workflows/messages.js';
import { reportDue, reportSchedule, TestCalendar, wibInstant } from '../support/timeskip-calendar.js';
import { approveAndSign, duplicateMessageIds, proposalOf, propose, startTimeskipEnv, type TimeskipEnv } from '../support/timeskip-env.js';
import {
  expectedReportMail,
  holidayPlan,
  monthsAfter,
  runsOf,
  sentReportMail,
  submissionAt,
  submitReport,
  type Behaviour,
  type Month,
} from '../support/timeskip-reporting.js';

const threshold = 150;

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('continue-as-new');
});
afterAll(async () => {
  await t?.teardown();
});

type Plan = Behaviour | 'beforeBoundary' | 'afterBoundary' | 'duringBoundary';
const plan: Plan[] = ['open', 'early', 'due', 'late8', 'beforeBoundary', 'twoBefore', 'afterBoundary', 'late3', 'duringBoundary', 'due', 'twoBefore', 'due'];

describe('continue-as-new', () => {
  it('crosses many run boundaries without losing or doubling a report, a reminder or an answer', { timeout: 240_000 }, async () => {
    const months = monthsAfter(await t.now(), plan.length);
    const holidays = holidayPlan(months);
    await t.store.roster.seed({ opds: [], people: [], dimensions: [], holidayYears: holidays.now });
    const cal = new TestCalendar(holidays.all);

    const { programId, handle } = await propose(t, {
      proposal: proposalOf({ startDate: months[0]!.start, endDate: months[months.length - 1]!.end }),
      continueAsNewAfterEvents: threshold,
    });
    await approveAndSign(handle);

    const observedRuns = new Set<string>();
    const describeRun = async () => {
      const d = await handle.describe();
      observedRuns.add(d.runId);
      return { runId: d.runId, historyLength: d.historyLength };
    };

    const submitted = new Map<string, number | null>();
    const results = new Map<string, unknown>();
    // The month whose answer is asked for again after a boundary.
    const replayed = { period: months[1]!.id, requestId: randomUUID(), runId: '', answer: undefined as unknown, done: false };
    const boundaryNotes: string[] = [];
    const racedRuns: string[] = [];

    /** Skips forward in one-hour steps until `stop` says so or `until` passes; true if `stop` did. */
    async function stepUntil(from: number, until: number, stop: (run: { runId: string; historyLength: number }) => boolean): Promise<boolean> {
      for (let at = from; at < until; at += 3_600_000) {
        await t.advanceTo(at);
        if (stop(await describeRun())) return true;
      }
      return false;
    }

    // The reminder the 'duringBoundary' report races: sent or not depending on which comes first.
    const raced = months[plan.indexOf('duringBoundary')]!;
    const racedReminder = { at: wibInstant(cal.after(raced.end, 3), '08:00'), key: `${raced.id} reminder ${cal.after(raced.end, 3)} kadis-kesehatan` };
    expect(reportSchedule(cal, raced.end, racedReminder.at + 1).at(-1)).toEqual({ kind: 'reminder', date: cal.after(raced.end, 3) });

    const actions: { at: number; run: () => Promise<void> }[] = [];
    const nextActionAfter = (m: Month) => wibInstant(months[m.index + 1]?.end ?? '2999-01-01', '00:00');
    months.forEach((m, i) => {
      const p = plan[i]!;
      if (p === 'beforeBoundary' || p === 'afterBoundary' || p === 'duringBoundary') {
        const from = wibInstant(cal.after(m.end, 1), '08:30');
        const lastChance = Math.min(wibInstant(cal.after(reportDue(cal, m.end), 8), '12:30'), nextActionAfter(m));
        actions.push({
          at: from,
          run: async () => {
            await t.advanceTo(from);
            // Cheap Updates that do not wake the main loop (proposalRecorded answers at once) add a few
            // history events each: they put the run where the test wants it relative to its limit.
            const bumpWhile = async (more: (historyLength: number) => boolean) => {
              let r = await describeRun();
              while (more(r.historyLength)) {
                await handle.executeUpdate(proposalRecorded);
                r = await describeRun();
              }
              return r;
            };
            let before: { runId: string; historyLength: number };
            let near: boolean;
            if (p === 'beforeBoundary') {
              // Exactly at the limit: the workflow task that answers the report is the one that continues as new.
              before = await bumpWhile((n) => n < threshold - 8);
              near = true;
            } else if (p === 'afterBoundary') {
              // Past the limit, so the next wake-up (a reminder at 08:00) continues as new; step an hour
              // at a time until the run id changes, then report into the fresh run.
              const start = await bumpWhile((n) => n <= threshold);
              near = await stepUntil(from + 3_600_000, lastChance, (r) => r.runId !== start.runId);
              before = await describeRun();
            } else {
              // Past the limit, and the report races the 08:00 wake-up that continues the run as new:
              // it lands in the old run before the boundary, in the task that crosses it, or in the new run.
              before = await bumpWhile((n) => n <= threshold);
              near = true;
              await t.advanceTo(racedReminder.at - 1_000);
              submitted.set(m.id, await t.now());
              const delayMs = Number(process.env.ALUR_RACE_DELAY_MS ?? 30); // real time between the skip and the report
              const [, raced] = await Promise.all([t.env.sleep(3_600_000), new Promise((r) => setTimeout(r, delayMs)).then(() => submitReport(handle, m.id))]);
              results.set(m.id, raced);
              expect(raced).toMatchObject({ period: m.id, version: 1 });
              const after = await describeRun();
              expect(after.runId).not.toBe(before.runId);
              racedRuns.push(before.runId, after.runId);
              boundaryNotes.push(`${p} ${m.id}: run ${before.runId.slice(0, 8)} at ${before.historyLength} events, after it run ${after.runId.slice(0, 8)}`);
              return;
            }
            submitted.set(m.id, await t.now());
            const r = await submitReport(handle, m.id);
            results.set(m.id, r);
            expect(r).toMatchObject({ period: m.id, version: 1 });
            const after = await describeRun();
            boundaryNotes.push(
              `${p} ${m.id}: ${near ? 'near' : 'NOT near'} a boundary; run ${before.runId.slice(0, 8)} at ${before.historyLength} events, ` +
                `after the report run ${after.runId.slice(0, 8)} at ${after.historyLength}`,
            );
            expect(near).toBe(true);
            // Before: the report's own workflow task continued the run as new. After: it went to a fresh run.
            if (p === 'beforeBoundary') expect(after.runId).not.toBe(before.runId);
            else expect(before.historyLength).toBeLessThan(30);
          },
        });
        return;
      }
      const at = submissionAt(cal, m, p);
      submitted.set(m.id, at);
      if (at === null) return;
      actions.push({
        at,
        run: async () => {
          const isReplayed = m.id === replayed.period;
          const r = await submitReport(handle, m.id, isReplayed ? { requestId: replayed.requestId } : {});
          results.set(m.id, r);
          if (isReplayed) {
            replayed.answer = r;
            replayed.runId = (await describeRun()).runId;
          }
        },
      });
    });
    actions.sort((a, b) => a.at - b.at);

    const started = Date.now();
    for (const a of actions) {
      await t.advanceTo(a.at);
      await a.run();
      const { runId } = await describeRun();
      if (replayed.answer !== undefined && !replayed.done && runId !== replayed.runId) {
        // The same request again, in a later run: the same answer, and no second version.
        const again = await submitReport(handle, replayed.period, { requestId: replayed.requestId });
        expect(again).toEqual(replayed.answer);
        replayed.done = true;
      }
    }
    const last = months[months.length - 1]!;
    const completedAt = submitted.get(last.id)!;
    const elapsed = (Date.now() - started) / 1000;
    for (const n of boundaryNotes) console.log(`continue-as-new: ${n}`);

    expect(replayed.done).toBe(true);
    expect(results.get(last.id)).toMatchObject({ completed: true });
    expect((await handle.query(programState)).stage).toBe('completed');

    // Many runs, each short; every run but the last continued as new.
    const { runs, eventsPerYear, activities, reportNotices } = await runsOf(t, handle.workflowId, handle.firstExecutionRunId);
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.slice(0, -1).every((r) => r.lastEventType === 'ContinuedAsNew')).toBe(true);
    expect(runs.at(-1)?.lastEventType).toBe('Completed');
    expect([...observedRuns].every((id) => runs.some((r) => r.runId === id))).toBe(true);
    for (const r of runs) expect(r.events).toBeLessThan(threshold + 100);

    // Every reminder exactly once: the emails, and the activities the workflow scheduled for them.
    const expected = expectedReportMail(cal, months, submitted, completedAt);
    const sent = sentReportMail(t, programId);
    const racedSent = sent.includes(racedReminder.key);
    const racedIn = runs.find((r) => racedRuns.includes(r.runId) && r.updates.at(-1) === 'reportProgress');
    console.log(
      `continue-as-new: the raced reminder ${racedSent ? 'went out before the report' : 'was not needed: the report came first'}; ` +
        `the report was accepted by the ${racedIn?.runId === racedRuns[0] ? 'old run, before it continued as new' : 'new run'}`,
    );
    expect(sent.filter((k) => k !== racedReminder.key)).toEqual(expected);
    const notifications = months.flatMap((m) => reportSchedule(cal, m.end, Math.min(submitted.get(m.id) ?? completedAt, completedAt)));
    expect(reportNotices).toBe(notifications.length + (racedSent ? 1 : 0));
    expect(activities.get('closeReportingPeriod')).toBe(months.length);
    expect(duplicateMessageIds(t)).toEqual([]);

    // Every report exactly once.
    const reports = await t.store.reports.listReports(programId);
    expect(reports.map((r) => `${r.period} v${r.version}`)).toEqual(months.map((m) => `${m.id} v1`));
    const submittedEvents = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'report_submitted');
    expect(submittedEvents).toHaveLength(months.length);

    const total = runs.reduce((n, r) => n + r.events, 0);
    console.log(
      `continue-as-new: ${months.length} months in ${elapsed.toFixed(1)} s; ${runs.length} runs (threshold ${threshold}), ${total} history events in all, ` +
        `${Math.round((total / months.length) * 12)} per year of a monthly programme; by calendar year ${JSON.stringify(Object.fromEntries(eventsPerYear))}; ` +
        `runs ${runs.map((r) => r.events).join(' ')}`,
    );
  });
});
