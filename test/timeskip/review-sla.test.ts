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

/** Expected keys: reminders to `remind`, escalations to `escalateTo`. */
function keysOf(expected: Expected[], remind: string[], escalateTo: string[]): string[] {
  return expected
    .flatMap((e) => (e.kind === 'escalation' ? escalateTo : remind).map((userId) => notificationKey({ kind: e.kind, date: e.date, userId })))
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
    'reminds both reviewers, escalates to the Kepala Diskominfo, keeps reminding while overdue; a decision stops it and the Sekda stage runs its own schedule',
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
      const reviewExpected = decisionSchedule(cal, openedOn, due, decideAt);
      expect(reviewExpected.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'escalation', 'overdue_reminder', 'overdue_reminder', 'overdue_reminder']);
      expect(notificationsOf(programId, 1)).toEqual(keysOf(reviewExpected, reviewers, ['kadis-kominfo']));

      const escalations = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated');
      expect(escalations).toHaveLength(1);
      expect(escalations[0]).toMatchObject({ stageSeq: 1, fromStage: 'diskominfo_review', toStage: 'diskominfo_review', channel: 'system' });

      // A reviewer decides: the review's reminders stop; the Sekda is asked, with an SLA of 3 working days.
      const reviewed = await handle.executeUpdate(decide, {
        args: [{ ...requestBase('reviewer-kominfo-2'), stageSeq: 1, decision: 'approve', comment: 'layak' }],
      });
      expect(reviewed).toMatchObject({ toStage: 'sekda_approval', stageSeq: 2 });
      // The secretariat decides the Sekda's overdue approval goes to the Wakil Bupati: the stored policy is read when it escalates.
      const secretariat = { userId: 'sekretariat-1', name: 'Nurhayati, S.Sos.' };
      await t.store.roster.putEscalationPolicy(
        { ...(await t.store.roster.getEscalationPolicy()), sekda_approval: ['wakil_bupati'] },
        secretariat,
        new Date(decideAt),
      );
      const sekdaOpenedOn = wibDay(decideAt);
      const sekdaDue = cal.after(sekdaOpenedOn, 3);
      expect((await t.store.programs.getProgram(programId))?.dueDate).toBe(sekdaDue);
      expect(firstRequests(mailOf(t, programId), 2)).toEqual(['sekda']);

      const approveAt = wibInstant(cal.after(sekdaDue, 2), '12:00');
      await t.advanceTo(approveAt);
      expect(notificationsOf(programId, 1)).toEqual(keysOf(reviewExpected, reviewers, ['kadis-kominfo']));
      const sekdaExpected = decisionSchedule(cal, sekdaOpenedOn, sekdaDue, approveAt);
      expect(sekdaExpected.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'escalation', 'overdue_reminder']);
      expect(notificationsOf(programId, 2)).toEqual(keysOf(sekdaExpected, ['sekda'], ['wabup']));
      const sekdaEscalations = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated' && e.stageSeq === 2);
      expect(sekdaEscalations).toHaveLength(1);

      // The Sekda approves: nothing more about the approval stage, however long signing then waits.
      await handle.executeUpdate(decide, { args: [{ ...requestBase('sekda'), stageSeq: 2, decision: 'approve', comment: '' }] });
      await t.advanceTo(approveAt + 10 * 86_400_000);
      expect(notificationsOf(programId, 1)).toEqual(keysOf(reviewExpected, reviewers, ['kadis-kominfo']));
      expect(notificationsOf(programId, 2)).toEqual(keysOf(sekdaExpected, ['sekda'], ['wabup']));

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
    expect(notificationsOf(programId, 1)).toEqual(keysOf(before, reviewers, ['kadis-kominfo']));

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

    // Run to two working days past the new due day.
    const until = wibInstant(cal.after(newDue, 2), '12:00');
    await t.advanceTo(until);
    const after = decisionSchedule(cal, openedOn, newDue, until).filter((e) => wibInstant(e.date, '08:00') > extendAt);
    expect(after.map((e) => `${e.kind} ${e.date}`)).toEqual([
      `reminder ${cal.before(newDue, 1)}`,
      `reminder ${newDue}`,
      `escalation ${cal.after(newDue, 1)}`,
      `overdue_reminder ${cal.after(newDue, 2)}`,
    ]);
    const sent = notificationsOf(programId, 1);
    expect(sent).toEqual(keysOf([...before, ...after], reviewers, ['kadis-kominfo']));
    // Nothing for the old due day, and no escalation before the new one.
    expect(sent.filter((k) => k.includes(` ${due} `))).toEqual([]);
    const escalated = (await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(wibDay(Date.parse(escalated[0]!.at))).toBe(cal.after(newDue, 1));

    await handle.executeUpdate(cancel, { args: [{ ...requestBase('sekretariat-1'), reason: 'uji selesai' }] });
    expect(duplicateMessageIds(t)).toEqual([]);
  });
});
