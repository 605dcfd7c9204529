/** Sleeping between requests and planning the reminders due meanwhile; used by every waiting stage. */
import { condition } from '@temporalio/workflow';
import type { NotificationPolicyName } from '../domain/notifications.js';
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

/** What to send now (a backlog collapses to at most an escalation and the latest reminder) and when to look again. */
export function plan(policy: NotificationPolicyName, openedOn: string, dueDate: string, after: string) {
  return acts.planNotifications({ policy, openedOn, dueDate, after, now: now() });
}
