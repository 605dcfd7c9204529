/** Sleeping between requests and planning the reminders due meanwhile; used by every waiting stage. */
import { condition, patched } from '@temporalio/workflow';
import { wibDate } from '../domain/calendar.js';
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

/**
 * What to send now (a backlog collapses to at most an escalation and the latest reminder) and
 * when to look again. Working-day arithmetic on the holiday years the workflow holds; only
 * fetching those years is an activity. Workflows that planned through an activity before keep
 * doing so for the steps their history already holds.
 */
export async function plan(
  s: ProgramState,
  policy: NotificationPolicyName,
  openedOn: string,
  dueDate: string,
  after: string,
): Promise<{ due: ScheduledNotification[]; next: ScheduledNotification | null }> {
  const at = new Date();
  const inWorkflow = patched('reminders-planned-in-workflow');
  // The search walks the calendar day by day (domain/notifications.ts): for a due day far ahead
  // (a deadline extended by months) it could outlast a workflow task, so an activity plans it.
  if (!inWorkflow || Date.parse(`${dueDate}T00:00:00Z`) - at.getTime() > planInWorkflowWithinDays * 86_400_000) {
    return acts.planNotifications({ policy, openedOn, dueDate, after, now: now() });
  }
  let held = s.holidays;
  if (held === null || holidaysStale(held, [openedOn, dueDate, wibDate(at)], at)) {
    held = { years: await acts.holidayYears(), fetchedAt: now() };
    s.holidays = held;
  }
  return notificationsDue(calendarOf(held), { openedOn, dueDate, policy: notificationPolicies[policy] }, new Date(after), new Date());
}
