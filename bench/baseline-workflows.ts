/**
 * The baseline of the lifecycle and latency benchmarks: a bare Temporal workflow that does what
 * a programme's workflow does at the Temporal level, and nothing else. It waits for the same
 * number of Updates, and runs the same number of activities in the same places, with no HTTP API
 * in front of it.
 *
 * `plan.segments[0]` activities run when the workflow starts; `plan.segments[i]` run when the
 * i-th Update arrives, and that Update answers once they are done (as a programme's Update
 * answers once its transition is stored; `plan.answerAfter[i]`, when set, says after how many of
 * them it answers, the rest running after the answer as a programme's next stage does). The plan is read off a real programme's history in
 * the same run (bench/lifecycle-throughput.ts), so the two stay comparable as the workflow changes.
 *
 * Without `plan.effects` the activities do nothing (no DynamoDB, no SMTP): the figure against it
 * mixes the engine's overhead with the work itself. With `plan.effects` they do the lifecycle's
 * essential effects with the bare libraries (bench/baseline-activities.ts): one PutItem per audit
 * event and one nodemailer send per email, spread over the activities in order.
 */
import { condition, defineUpdate, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';

export interface BaselinePlan {
  segments: number[];
  /** How many of segment i's activities run before Update i answers (default: all of them). */
  answerAfter?: number[];
  /** What the activities do, all together per workflow; absent: nothing. */
  effects?: BaselineEffects;
}

/** A programme's essential effects: its audit events stored, its emails sent (what each one is like: `EffectsSample`). */
export interface BaselineEffects {
  /** Audit events one programme stores. */
  events: number;
  /** Emails one programme sends. */
  emails: number;
}

/** One activity's share of the effects: the events numbered `firstEvent` on, and its emails. */
export interface EffectsShare {
  workflowId: string;
  /** The activity's place in the workflow (0 first). */
  activity: number;
  firstEvent: number;
  events: number;
  emails: number;
}

/**
 * What each effect is like, handed to the baseline worker before a round (not in every
 * activity's input): a real programme's stored audit event, written again under a key of its
 * own, and a real programme's email, sent again to a recipient and Message-ID of its own.
 */
export interface EffectsSample {
  eventItem: Record<string, unknown>;
  mail: { subject: string; text: string; html: string };
}

export interface BaselineActivities {
  noop(): Promise<void>;
  effects(share: EffectsShare): Promise<void>;
}

export const step = defineUpdate<number, []>('step');

// The same activity options as the programme's workflow.
const { noop, effects } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** `total` items spread over `activities` in order: where activity n's share starts (0-based), and how many it takes. */
function shareOf(n: number, activities: number, total: number): { first: number; count: number } {
  const first = Math.floor((n * total) / activities);
  return { first, count: Math.floor(((n + 1) * total) / activities) - first };
}

export async function baselineWorkflow(plan: BaselinePlan): Promise<number> {
  const activities = plan.segments.reduce((a, b) => a + b, 0);
  let ran = 0;
  /** The next activity of the plan: nothing, or its share of the effects. */
  const activity = async (): Promise<void> => {
    const n = ran++;
    const e = plan.effects;
    if (!e) return noop();
    const events = shareOf(n, activities, e.events);
    const emails = shareOf(n, activities, e.emails);
    return effects({ workflowId: workflowInfo().workflowId, activity: n, firstEvent: events.first + 1, events: events.count, emails: emails.count });
  };
  let received = 0;
  let done = 0;
  setHandler(step, async () => {
    const mine = ++received;
    await condition(() => done >= mine);
    return mine;
  });
  for (let j = 0; j < (plan.segments[0] ?? 0); j++) await activity();
  for (let i = 1; i < plan.segments.length; i++) {
    await condition(() => received >= i);
    const total = plan.segments[i]!;
    const beforeAnswer = plan.answerAfter?.[i] ?? total;
    for (let j = 0; j < total; j++) {
      if (j === beforeAnswer) done = i;
      await activity();
    }
    done = i;
  }
  // Like a signed programme in implementation, stay open and wait.
  await condition(() => false);
  return done;
}

/**
 * The timers of the Temporal restart drill: sleeps until each instant in `at` (ISO), and
 * returns when each timer actually fired (workflow time), so a lost or early timer shows.
 */
export async function timerWorkflow(at: string[]): Promise<{ planned: string; firedAt: string }[]> {
  const fired: { planned: string; firedAt: string }[] = [];
  for (const planned of at) {
    const wait = Date.parse(planned) - Date.now();
    if (wait > 0) await sleep(wait);
    fired.push({ planned, firedAt: new Date().toISOString() });
  }
  return fired;
}
