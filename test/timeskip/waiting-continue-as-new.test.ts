/**
 * A stage that waits on people continues as new too: a review left overdue, re-routed on every
 * roster change, grows its history past a small threshold (the input's `continueAsNewAfterEvents`)
 * again and again. Across those run boundaries every reminder and escalation step goes out
 * exactly once, a deadline extension stays extended, an extension retried with its request id
 * gets the first answer, and the reviewer's decision then moves the programme on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, extendDeadline, programState, rosterChanged } from '../../workflows/messages.js';
import { decisionSchedule, realHolidayYears, TestCalendar, wibInstant, type Expected } from '../support/timeskip-calendar.js';
import { duplicateMessageIds, mailOf, notificationKey, propose, requestBase, startTimeskipEnv, wibDay, type TimeskipEnv } from '../support/timeskip-env.js';
import { runsOf } from '../support/timeskip-reporting.js';

/** Small enough that the review alone crosses several boundaries; large enough for a fresh run's first steps. */
const threshold = 40;
const cal = new TestCalendar(realHolidayYears);
const reviewers = ['reviewer-kominfo-1', 'reviewer-kominfo-2'];

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('waiting-continue-as-new');
});
afterAll(async () => {
  await t?.teardown();
});

/** The reminders and escalations sent in the review, as "kind date user" keys. */
const reviewNotifications = (programId: string) =>
  mailOf(t, programId)
    .filter((m) => m.stageSeq === 1 && m.kind !== 'first')
    .map(notificationKey)
    .sort();

function expectedKeys(expected: Expected[]): string[] {
  const escalatedTo = [['kadis-kominfo'], ['sekda']];
  let step = 0;
  return expected
    .flatMap((e) =>
      (e.kind === 'escalation' ? (escalatedTo[step++] ?? []) : reviewers).map((userId) => notificationKey({ kind: e.kind, date: e.date, userId })),
    )
    .sort();
}

describe('continue-as-new while a stage waits on people', () => {
  it('keeps reminders, escalation, the deadline and answers across run boundaries, and a decision after them moves on', { timeout: 240_000 }, async () => {
    const { programId, handle } = await propose(t, { continueAsNewAfterEvents: threshold });
    const openedAt = (await t.store.programs.getStage(programId, 1))!.openedAt;
    const openedOn = wibDay(Date.parse(openedAt));
    const due = cal.after(openedOn, 5);

    // Nobody reviews until noon of the 4th working day past the due day: reminders, both
    // escalation steps and overdue reminders, spread over several runs.
    const overdueAt = wibInstant(cal.after(due, 4), '12:00');
    await t.advanceTo(overdueAt);
    const expected = decisionSchedule(cal, openedOn, due, overdueAt, [1, 3]);
    expect(expected.filter((e) => e.kind === 'escalation')).toHaveLength(2);
    expect(reviewNotifications(programId)).toEqual(expectedKeys(expected));
    const escalations = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated');
    expect(escalations.map((e) => e.details)).toEqual([
      { step: 1, targets: ['kepala:diskominfo'] },
      { step: 2, targets: ['sekda'] },
    ]);
    const runsWhileOverdue = (await runsOf(t, handle.workflowId, handle.firstExecutionRunId)).runs;
    expect(runsWhileOverdue.length).toBeGreaterThan(1);

    // The secretariat extends the deadline; then roster changes re-route the review until the run continues as new.
    const extension = { ...requestBase('sekretariat-1'), stageSeq: 1, dueDate: cal.after(wibDay(overdueAt), 5), reason: 'peninjau sedang dinas luar' };
    const extended = await handle.executeUpdate(extendDeadline, { args: [extension] });
    const extendedIn = (await handle.describe()).runId;
    for (let i = 0; i < 20 && (await handle.describe()).runId === extendedIn; i++) {
      await handle.signal(rosterChanged);
      await t.env.sleep(60_000);
    }
    expect((await handle.describe()).runId).not.toBe(extendedIn);

    // In the new run: the retried extension gets the first answer and extends nothing more; the deadline holds.
    expect(await handle.executeUpdate(extendDeadline, { args: [extension] })).toEqual(extended);
    expect((await t.store.programs.listEvents(programId)).filter((e) => e.type === 'deadline_extended')).toHaveLength(1);
    const view = await handle.query(programState);
    expect({ stage: view.stage, stageSeq: view.stageSeq, dueDate: view.dueDate }).toEqual({
      stage: 'diskominfo_review',
      stageSeq: 1,
      dueDate: extension.dueDate,
    });
    // Nothing was sent again across the boundaries.
    expect(reviewNotifications(programId)).toEqual(expectedKeys(expected));

    // The reviewer decides in the new run: the Sekda is asked next.
    const reviewed = await handle.executeUpdate(decide, {
      args: [{ ...requestBase('reviewer-kominfo-1'), stageSeq: 1, decision: 'approve', comment: 'layak' }],
    });
    expect(reviewed).toMatchObject({ fromStage: 'diskominfo_review', toStage: 'sekda_approval', stageSeq: 2 });
    expect((await handle.query(programState)).awaiting.map((a) => a.userId)).toEqual(['sekda']);

    // Every run but the last continued as new, none grew far past the threshold, and no email went twice.
    const { runs } = await runsOf(t, handle.workflowId, handle.firstExecutionRunId);
    expect(runs.slice(0, -1).every((r) => r.lastEventType === 'ContinuedAsNew')).toBe(true);
    for (const r of runs) expect(r.events).toBeLessThan(threshold + 30);
    expect(duplicateMessageIds(t)).toEqual([]);
  });
});
