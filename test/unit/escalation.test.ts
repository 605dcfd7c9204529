/**
 * Escalation up the chain, step by step (domain/escalation.ts): when each step fires in working
 * days, a backlog that sends each missed step once, a policy stored before steps existed, and
 * the refusals of a bad policy.
 */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../domain/calendar.js';
import { escalationPolicySchema, storedEscalationPolicySchema } from '../../domain/escalation-schema.js';
import { defaultEscalationPolicy, escalationDays } from '../../domain/escalation.js';
import { notificationPolicies, notificationsDue, type NotificationSchedule } from '../../domain/notifications.js';

// 2026-12-25 (Friday) is a holiday: the working days after Monday 21 December are 22, 23, 24, 28, 29, ...
const calendar = new WorkingCalendar([{ year: 2026, source: 'SKB', holidays: [{ date: '2026-12-25', kind: 'libur', name: 'Natal' }] }]);
const review: NotificationSchedule = {
  openedOn: '2026-12-14',
  dueDate: '2026-12-21',
  policy: notificationPolicies.decision,
  escalationDays: escalationDays(defaultEscalationPolicy.diskominfo_review),
};
const at = (date: string, hhmm = '12:00') => new Date(`${date}T${hhmm}:00+07:00`);

describe('escalation steps', () => {
  it('fire on the overdue working day each step adds up to', () => {
    expect(
      escalationDays([
        { afterWorkingDays: 1, targets: ['kepala:diskominfo'] },
        { afterWorkingDays: 2, targets: ['sekda'] },
        { afterWorkingDays: 3, targets: ['bupati'] },
      ]),
    ).toEqual([1, 3, 6]);
  });

  it('are planned on working days: step 1 the day after the due day, step 2 two working days later, past a holiday', () => {
    const escalations: { date: string; step: number | undefined }[] = [];
    let after = at('2026-12-21');
    for (;;) {
      const { next } = notificationsDue(calendar, review, after, after);
      if (!next || next.date > '2027-01-10') break;
      if (next.kind === 'escalation') escalations.push({ date: next.date, step: next.step });
      after = new Date(next.at);
    }
    expect(escalations).toEqual([
      { date: '2026-12-22', step: 1 },
      { date: '2026-12-24', step: 2 },
    ]);
  });

  it('missed in a backlog are each sent once, with the newest reminder', () => {
    const { due } = notificationsDue(calendar, review, at('2026-12-21'), at('2026-12-31'));
    expect(due.map((n) => `${n.kind} ${n.date}`)).toEqual(['escalation 2026-12-22', 'escalation 2026-12-24', 'overdue_reminder 2026-12-30']);
  });

  it('without a policy, escalate once at the reminder schedule’s threshold (workflows from before escalation had steps)', () => {
    const { due } = notificationsDue(calendar, { ...review, escalationDays: undefined }, at('2026-12-21'), at('2026-12-31'));
    expect(due.filter((n) => n.kind === 'escalation').map((n) => `${n.date} ${n.step}`)).toEqual(['2026-12-22 1']);
  });
});

describe('a stored escalation policy', () => {
  it('in the old shape (one list of offices per kind of work) reads as one step at the current threshold', () => {
    const old = { diskominfo_review: ['kepala:diskominfo'], sekda_approval: ['bupati'], signing: ['secretariat'], report: ['kepala:diskominfo', 'sekda'] };
    expect(storedEscalationPolicySchema.parse(old)).toEqual({
      diskominfo_review: [{ afterWorkingDays: 1, targets: ['kepala:diskominfo'] }],
      sekda_approval: [{ afterWorkingDays: 1, targets: ['bupati'] }],
      signing: [{ afterWorkingDays: 1, targets: ['secretariat'] }],
      report: [{ afterWorkingDays: 5, targets: ['kepala:diskominfo', 'sekda'] }],
    });
  });

  it('in steps reads as stored', () => {
    expect(storedEscalationPolicySchema.parse(defaultEscalationPolicy)).toEqual(defaultEscalationPolicy);
  });
});

describe('an escalation policy sent to be stored', () => {
  const issuePaths = (policy: unknown) => {
    const parsed = escalationPolicySchema.safeParse(policy);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('is refused in the old shape: a kind of work needs steps', () => {
    expect(issuePaths({ ...defaultEscalationPolicy, signing: ['secretariat'] })).toEqual(['signing.0']);
  });

  it('is refused naming the step whose working days are not a whole number from 1', () => {
    const sekda = [
      { afterWorkingDays: 1, targets: ['bupati'] },
      { afterWorkingDays: 0, targets: ['wakil_bupati'] },
    ];
    expect(issuePaths({ ...defaultEscalationPolicy, sekda_approval: sekda })).toEqual(['sekda_approval.1.afterWorkingDays']);
  });

  it('is refused when one office is named in two steps of the same work', () => {
    const review = [
      { afterWorkingDays: 1, targets: ['sekda'] },
      { afterWorkingDays: 2, targets: ['sekda'] },
    ];
    expect(issuePaths({ ...defaultEscalationPolicy, diskominfo_review: review })).toEqual(['diskominfo_review']);
  });
});
