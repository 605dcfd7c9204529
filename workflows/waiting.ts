/** Sleeping between requests and planning the reminders due meanwhile; used by every waiting stage. */
import { condition, patched } from '@temporalio/workflow';
import { wibDate } from '../domain/calendar.js';
import { escalationDays, type EscalatingWork, type EscalationPolicy, type EscalationTarget } from '../domain/escalation.js';
import { notificationPolicies, notificationsDue, type NotificationPolicyName, type ScheduledNotification } from '../domain/notifications.js';
import { calendarOf, holidaysStale } from './holidays.js';
import { acts, now, type ProgramState } from './state.js';

/** Sleeps until a request arrives, `alsoWakeWhen` holds, or `until` passes; true when woken before `until`. */
export async function waitFor(s: ProgramState, until: string | null, alsoWakeWhen: () => boolean = () => false): Promise<boolean> {
  const woken = () => s.pending !== undefined || alsoWakeWhen();
  if (until === null) {
    await condition(woken);
    return true;
  }
  return condition(woken, Math.max(1, Date.parse(until) - Date.now()));
}

/** Due days at most this far ahead are planned in the workflow. */
export const planInWorkflowWithinDays = 92;

/** The escalation policy the workflow holds, with the workflow time it was read at. */
export interface HeldEscalationPolicy {
  policy: EscalationPolicy;
  fetchedAt: string;
}

/** Once work is due, the policy is read again if older than this, so a step the secretariat changed counts from its next escalation. */
const escalationPolicyKeptMs = 3_600_000;

/**
 * The escalation steps of `work`, as the stored policy says (domain/escalation.ts). Read when
 * first needed and again once the work is due, at most hourly; workflows that escalated in one
 * step to the offices read at sending keep doing so where their history says so.
 */
async function escalationStepsOf(s: ProgramState, work: EscalatingWork, dueDate: string, at: Date) {
  if (!patched('escalation-steps')) return undefined;
  const held = s.escalationPolicy;
  const fresh = held !== null && (wibDate(at) < dueDate || at.getTime() - Date.parse(held.fetchedAt) < escalationPolicyKeptMs);
  if (!fresh) s.escalationPolicy = { policy: await acts.escalationPolicy(), fetchedAt: now() };
  return s.escalationPolicy?.policy[work];
}

/**
 * The escalation step a notification is, and the offices it goes to as the policy the workflow
 * holds says: the audit event names both, and the activity tells the holders of exactly those
 * offices. Without a held policy (histories from before escalation had steps) the activity
 * reads the offices when it sends.
 */
export function escalationStep(s: ProgramState, work: EscalatingWork, n: ScheduledNotification): { step: number; targets?: EscalationTarget[] } {
  const step = n.step ?? 1;
  const targets = s.escalationPolicy?.policy[work][step - 1]?.targets;
  return targets ? { step, targets } : { step };
}

/**
 * What to send now (a backlog collapses to the escalation steps missed and the latest reminder)
 * and when to look again. Working-day arithmetic on the holiday years the workflow holds; only
 * fetching those years and the escalation policy is an activity. Workflows that planned through
 * an activity before keep doing so for the steps their history already holds.
 */
export async function plan(
  s: ProgramState,
  policy: NotificationPolicyName,
  openedOn: string,
  dueDate: string,
  after: string,
  work: EscalatingWork | null,
): Promise<{ due: ScheduledNotification[]; next: ScheduledNotification | null }> {
  const at = new Date();
  const inWorkflow = patched('reminders-planned-in-workflow');
  const steps = work ? await escalationStepsOf(s, work, dueDate, at) : undefined;
  const days = steps ? escalationDays(steps) : undefined;
  // The search walks the calendar day by day (domain/notifications.ts): for a due day far ahead
  // (a deadline extended by months) it could outlast a workflow task, so an activity plans it.
  if (!inWorkflow || Date.parse(`${dueDate}T00:00:00Z`) - at.getTime() > planInWorkflowWithinDays * 86_400_000) {
    return acts.planNotifications({ policy, openedOn, dueDate, after, now: now(), escalates: steps ? (work ?? undefined) : undefined });
  }
  let held = s.holidays;
  if (held === null || holidaysStale(held, [openedOn, dueDate, wibDate(at)], at)) {
    held = { years: await acts.holidayYears(), fetchedAt: now() };
    s.holidays = held;
  }
  return notificationsDue(calendarOf(held), { openedOn, dueDate, policy: notificationPolicies[policy], escalationDays: days }, new Date(after), new Date());
}
