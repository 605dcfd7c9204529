/**
 * When reminders and escalations go out: at 08:00 WIB on working days only, planned from a
 * stage's (or a reporting period's) opening and due day. Pure: a programme's workflow calls
 * this with the holiday years it holds (workflows/holidays.ts), fetched again when a year it
 * needs is missing or a month has passed, so a year's holidays added later are used by
 * programmes already running.
 */
import { WIB_OFFSET_MS, wibDate, type WorkingCalendar } from './calendar.js';

export interface NotificationPolicy {
  /** Remind on the first working day after the opening day (a reporting period that closed). */
  remindOnOpen: boolean;
  /** Remind every n working days after opening, until the due day (0: never). */
  remindEvery: number;
  /** Remind this many working days before the due day (0 = on the due day). */
  remindBeforeDue: number[];
  /** Escalate once on the n-th working day after the due day (0: never), unless the escalation policy's steps say when. */
  escalateAfter: number;
  /** While overdue, remind every n working days (0: never). */
  overdueEvery: number;
}

export type NotificationKind = 'reminder' | 'overdue_reminder' | 'escalation';

export interface ScheduledNotification {
  kind: NotificationKind;
  /** The WIB working day it goes out on. */
  date: string;
  /** 08:00 WIB on that day. */
  at: string;
  /** Working days past the due day (0 when not overdue). */
  overdueWorkingDays: number;
  /** An escalation's step, from 1 (domain/escalation.ts). */
  step?: number;
}

/** When something is due, and the working days overdue at which each escalation step fires (else the policy's single threshold). */
export interface NotificationSchedule {
  openedOn: string;
  dueDate: string;
  policy: NotificationPolicy;
  escalationDays?: readonly number[];
}

export const notificationHour = 8;

/** 08:00 WIB on a date, as an instant. */
export function notificationInstant(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + notificationHour * 3_600_000 - WIB_OFFSET_MS);
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** What goes out on one working day, if anything (one notification a day at most; escalation first). */
function notificationOn(calendar: WorkingCalendar, day: string, schedule: NotificationSchedule): Omit<ScheduledNotification, 'at' | 'date'> | null {
  const { openedOn: opened, dueDate: due, policy: p } = schedule;
  if (day <= opened || !calendar.isWorkingDay(day)) return null;
  if (day > due) {
    const overdue = calendar.workingDaysBetween(due, day);
    const step = (schedule.escalationDays ?? (p.escalateAfter > 0 ? [p.escalateAfter] : [])).indexOf(overdue);
    if (step >= 0) return { kind: 'escalation', overdueWorkingDays: overdue, step: step + 1 };
    if (p.overdueEvery > 0 && overdue % p.overdueEvery === 0) return { kind: 'overdue_reminder', overdueWorkingDays: overdue };
    return null;
  }
  const sinceOpen = calendar.workingDaysBetween(opened, day);
  const beforeDue = calendar.workingDaysBetween(day, due);
  const remind =
    (p.remindOnOpen && sinceOpen === 1) || (p.remindEvery > 0 && sinceOpen % p.remindEvery === 0 && day < due) || p.remindBeforeDue.includes(beforeDue);
  return remind ? { kind: 'reminder', overdueWorkingDays: 0 } : null;
}

/**
 * The first notification strictly after `after`, for something opened on `openedOn` and due
 * on `dueDate` (WIB dates). Null when the policy has nothing more to send within two years.
 */
export function nextNotification(calendar: WorkingCalendar, schedule: NotificationSchedule, after: Date): ScheduledNotification | null {
  let day = wibDate(after);
  for (let i = 0; i < 2 * 366; i++, day = nextDay(day)) {
    const n = notificationOn(calendar, day, schedule);
    if (!n) continue;
    const at = notificationInstant(day);
    if (at.getTime() <= after.getTime()) continue;
    return { ...n, date: day, at: at.toISOString() };
  }
  return null;
}

/**
 * What to send now, having sent everything up to `after`, and when to look again. A backlog
 * (the worker was down, a period closed long ago) collapses to the escalation steps missed
 * (each goes to different offices, so each is sent once) and the latest reminder: nobody gets
 * a week of reminders at once.
 */
export function notificationsDue(
  calendar: WorkingCalendar,
  schedule: NotificationSchedule,
  after: Date,
  now: Date,
): { due: ScheduledNotification[]; next: ScheduledNotification | null } {
  const escalations: ScheduledNotification[] = [];
  let reminder: ScheduledNotification | null = null;
  let cursor = after;
  for (;;) {
    const n = nextNotification(calendar, schedule, cursor);
    if (!n || Date.parse(n.at) > now.getTime()) {
      const due = [...escalations, ...(reminder ? [reminder] : [])].sort((a, b) => (a.at < b.at ? -1 : 1));
      return { due, next: n };
    }
    if (n.kind === 'escalation') escalations.push(n);
    else reminder = n;
    cursor = new Date(n.at);
  }
}

/** Notification policies per kind of wait (docs/product.md §2: reminders, then escalation). */
export const notificationPolicies = {
  /** A review or approval: reminded the day before and on the due day; escalated the first working day after. */
  decision: { remindOnOpen: false, remindEvery: 0, remindBeforeDue: [1, 0], escalateAfter: 1, overdueEvery: 2 },
  /** A proposal sent back to the OPD: reminded on the due day, then weekly; not escalated. */
  revision: { remindOnOpen: false, remindEvery: 0, remindBeforeDue: [0], escalateAfter: 0, overdueEvery: 5 },
  /** Signatures: every two working days, escalated to the secretariat after the deadline. */
  signing: { remindOnOpen: false, remindEvery: 2, remindBeforeDue: [0], escalateAfter: 1, overdueEvery: 2 },
  /** A progress report: when the period closes, two working days before and on the due day, then every three; escalated after five. */
  report: { remindOnOpen: true, remindEvery: 0, remindBeforeDue: [2, 0], escalateAfter: 5, overdueEvery: 3 },
} as const satisfies Record<string, NotificationPolicy>;
export type NotificationPolicyName = keyof typeof notificationPolicies;
