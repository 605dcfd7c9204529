/**
 * Review and Sekda approval SLAs on the time-skipping server: nobody reviews a
 * proposal for days; the reviewers are reminded on the exact working days, the escalation goes up
 * the chain the stored escalation policy names (a reviewer's to the Kepala Diskominfo, the Sekda's
 * to whomever the secretariat names) on the first working day after the due day, the overdue reminders follow; a
 * decision stops them; the Sekda stage runs its own schedule; and a secretariat extension moves the due day without
 * resending anything. Expected days come from test/support/timeskip-calendar.ts, not the product.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancel, decide, extendDeadline } from '../../workflows/messages.js';
import { decisionSchedule, realHolidayYears, TestCalendar, wibInstant, type Expected } from '../support/timeskip-calendar.js';
import {
  duplicateMessageIds,
  mailOf,
  notificationKey,
  propose,
  refusalOf,
  requestBase,
  startTimeskipEnv,
  wibDay,
  type SentMail,
  type TimeskipEnv,
} from '../support/timeskip-env.js';

const cal = new TestCalendar(realHolidayYears);
const reviewers = ['reviewer-kominfo-1', 'reviewer-kominfo-2'];

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('review-sla');
});
afterAll(async () => {
  await t?.teardown();
});

/** The reminders and escalations sent for one stage occurrence, as "kind date user" keys. */
function notificationsOf(programId: string, stageSeq: number): string[] {
  return mailOf(t, programId)
    .filter((m) => m.stageSeq === stageSeq && m.kind !== 'first')
    .map(notificationKey)
    .sort();
}

/** Expected keys: reminders to `remind`, the n-th escalation step to `escalateTo[n - 1]`. */
function keysOf(expected: Expected[], remind: string[], escalateTo: string[][]): string[] {
  let step = 0;
  return expected
    .flatMap((e) => {
      const to = e.kind === 'escalation' ? (escalateTo[step++] ?? []) : remind;
      return to.map((userId) => notificationKey({ kind: e.kind, date: e.date, userId }));
    })
    .sort();
}

/** Who was asked to decide in a stage occurrence (the notices sent with it, a receipt or word to the OPD, are not requests). */
const firstRequests = (mail: SentMail[], stageSeq: number) =>
  mail
    .filter((m) => m.stageSeq === stageSeq && m.kind === 'first' && (m.subject === 'diskominfo_review' || m.subject === 'sekda_approval'))
    .map((m) => m.userId)
    .sort();

describe('review and Sekda approval SLAs', () => {
  it(
    'reminds both reviewers, escalates to the Kepala Diskominfo then the Sekda, keeps reminding while overdue; a decision stops it and the Sekda stage escalates past the Sekda',
    { timeout: 180_000 },
    async () => {
      const { programId, handle } = await propose(t);
      const stage1 = await t.store.programs.getStage(programId, 1);
      const openedOn = wibDay(Date.parse(stage1!.openedAt));
      const due = cal.after(openedOn, 5); // diskominfo_review: 5 working days
      expect((await t.store.programs.getProgram(programId))?.dueDate).toBe(due);
      expect(firstRequests(mailOf(t, programId), 1)).toEqual(reviewers);

      // Nobody reviews: run to noon of the 6th working day past the due day.
      const decideAt = wibInstant(cal.after(due, 6), '12:00');
      await t.advanceTo(decideAt);
      // The default policy: step 1 on the 1st overdue working day, step 2 two working days later.
      const reviewExpected = decisionSchedule(cal, openedOn, due, decideAt, [1, 3]);
      expect(reviewExpected.map((e) => e.kind)).toEqual([
        'reminder',
        'reminder',
        'escalation',
        'overdue_reminder',
        'escalation',
        'overdue_reminder',
        'overdue_reminder',
      ]);
      const reviewEscalatedTo = [['kadis-kominfo'], ['sekda']];
      expect(notificationsOf(programId, 1)).toEqual(keysOf(reviewExpected, reviewers, reviewEscalatedTo));

      const escalations = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated');
      expect(
        escalations.map((e) => ({ stageSeq: e.stageSeq, toStage: e.toStage, channel: e.channel, day: wibDay(Date.parse(e.at)), details: e.details })),
      ).toEqual([
        { stageSeq: 1, toStage: 'diskominfo_review', channel: 'system', day: cal.after(due, 1), details: { step: 1, targets: ['kepala:diskominfo'] } },
        { stageSeq: 1, toStage: 'diskominfo_review', channel: 'system', day: cal.after(due, 3), details: { step: 2, targets: ['sekda'] } },
      ]);

      // A reviewer decides: the review's reminders stop; the Sekda is asked, with an SLA of 3 working days.
      const reviewed = await handle.executeUpdate(decide, {
        args: [{ ...requestBase('reviewer-kominfo-2'), stageSeq: 1, decision: 'approve', comment: 'layak' }],
      });
      expect(reviewed).toMatchObject({ toStage: 'sekda_approval', stageSeq: 2 });
      // The secretariat decides the Sekda's overdue approval goes to the Wakil Bupati, then a working
      // day later to the Sekda's and the Bupati's offices: the stored policy is read when the work is due.
      // The Sekda, whose work is overdue, is not told by his own escalation.
      const secretariat = { userId: 'sekretariat-1', name: 'Nurhayati, S.Sos.' };
      await t.store.roster.putEscalationPolicy(
        {
          ...(await t.store.roster.getEscalationPolicy()),
          sekda_approval: [
            { afterWorkingDays: 1, targets: ['wakil_bupati'] },
            { afterWorkingDays: 1, targets: ['sekda', 'bupati'] },
          ],
        },
        secretariat,
        new Date(decideAt),
      );
      const sekdaOpenedOn = wibDay(decideAt);
      const sekdaDue = cal.after(sekdaOpenedOn, 3);
      expect((await t.store.programs.getProgram(programId))?.dueDate).toBe(sekdaDue);
      expect(firstRequests(mailOf(t, programId), 2)).toEqual(['sekda']);

      const approveAt = wibInstant(cal.after(sekdaDue, 2), '12:00');
      await t.advanceTo(approveAt);
      expect(notificationsOf(programId, 1)).toEqual(keysOf(reviewExpected, reviewers, reviewEscalatedTo));
      const sekdaExpected = decisionSchedule(cal, sekdaOpenedOn, sekdaDue, approveAt, [1, 2]);
      expect(sekdaExpected.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'escalation', 'escalation']);
      const sekdaEscalatedTo = [['wabup'], ['bupati']];
      expect(notificationsOf(programId, 2)).toEqual(keysOf(sekdaExpected, ['sekda'], sekdaEscalatedTo));
      const sekdaEscalations = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated' && e.stageSeq === 2);
      expect(sekdaEscalations.map((e) => e.details)).toEqual([
        { step: 1, targets: ['wakil_bupati'] },
        { step: 2, targets: ['sekda', 'bupati'] },
      ]);

      // The Sekda approves: nothing more about the approval stage, however long signing then waits.
      await handle.executeUpdate(decide, { args: [{ ...requestBase('sekda'), stageSeq: 2, decision: 'approve', comment: '' }] });
      await t.advanceTo(approveAt + 10 * 86_400_000);
      expect(notificationsOf(programId, 1)).toEqual(keysOf(reviewExpected, reviewers, reviewEscalatedTo));
      expect(notificationsOf(programId, 2)).toEqual(keysOf(sekdaExpected, ['sekda'], sekdaEscalatedTo));

      await handle.executeUpdate(cancel, { args: [{ ...requestBase('sekretariat-1'), reason: 'uji selesai' }] });
      expect(duplicateMessageIds(t)).toEqual([]);
    },
  );

  it('moves the due day when the secretariat extends it: reminders follow the new day, none is sent again', { timeout: 180_000 }, async () => {
    const { programId, handle } = await propose(t);
    const stage1 = await t.store.programs.getStage(programId, 1);
    const openedOn = wibDay(Date.parse(stage1!.openedAt));
    const due = cal.after(openedOn, 5);

    // The day before the due day, after its 08:00 reminder, the secretariat extends by five working days.
    const extendAt = wibInstant(cal.before(due, 1), '12:00');
    await t.advanceTo(extendAt);
    const before = decisionSchedule(cal, openedOn, due, extendAt);
    expect(before).toEqual([{ kind: 'reminder', date: cal.before(due, 1) }]);
    expect(notificationsOf(programId, 1)).toEqual(keysOf(before, reviewers, [['kadis-kominfo']]));

    const newDue = cal.after(due, 5);
    const base = { stageSeq: 1, dueDate: newDue, reason: 'menunggu data anggaran' };
    expect(await refusalOf(handle.executeUpdate(extendDeadline, { args: [{ ...requestBase('reviewer-kominfo-1'), ...base }] }))).toBe('NotAllowed');
    expect(await refusalOf(handle.executeUpdate(extendDeadline, { args: [{ ...requestBase('sekretariat-1'), ...base, dueDate: due }] }))).toBe(
      'InvalidRequest',
    );
    const extended = await handle.executeUpdate(extendDeadline, { args: [{ ...requestBase('sekretariat-1'), ...base }] });
    expect(extended).toMatchObject({ stageSeq: 1, dueDate: newDue });
    expect((await t.store.programs.getProgram(programId))?.dueDate).toBe(newDue);
    const extensions = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'deadline_extended');
    expect(extensions.map((e) => ({ stageSeq: e.stageSeq, details: e.details, by: e.actor?.userId }))).toEqual([
      { stageSeq: 1, details: { from: due, to: newDue }, by: 'sekretariat-1' },
    ]);

    // Run to two working days past the new due day (before the second escalation step).
    const until = wibInstant(cal.after(newDue, 2), '12:00');
    await t.advanceTo(until);
    const after = decisionSchedule(cal, openedOn, newDue, until, [1, 3]).filter((e) => wibInstant(e.date, '08:00') > extendAt);
    expect(after.map((e) => `${e.kind} ${e.date}`)).toEqual([
      `reminder ${cal.before(newDue, 1)}`,
      `reminder ${newDue}`,
      `escalation ${cal.after(newDue, 1)}`,
      `overdue_reminder ${cal.after(newDue, 2)}`,
    ]);
    const sent = notificationsOf(programId, 1);
    expect(sent).toEqual(keysOf([...before, ...after], reviewers, [['kadis-kominfo']]));
    // Nothing for the old due day, and no escalation before the new one.
    expect(sent.filter((k) => k.includes(` ${due} `))).toEqual([]);
    const escalated = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(wibDay(Date.parse(escalated[0]!.at))).toBe(cal.after(newDue, 1));

    await handle.executeUpdate(cancel, { args: [{ ...requestBase('sekretariat-1'), reason: 'uji selesai' }] });
    expect(duplicateMessageIds(t)).toEqual([]);
  });
});
