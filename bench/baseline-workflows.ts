/**
 * The baseline of the lifecycle and latency benchmarks: a bare Temporal workflow that does what
 * a programme's workflow does at the Temporal level, and nothing else. It waits for the same
 * number of Updates, and runs the same number of activities in the same places, but the
 * activities do nothing (no DynamoDB, no SMTP) and there is no HTTP API in front of it.
 *
 * `plan.segments[0]` activities run when the workflow starts; `plan.segments[i]` run when the
 * i-th Update arrives, and that Update answers once they are done (as a programme's Update
 * answers once its transition is stored; `plan.answerAfter[i]`, when set, says after how many of
 * them it answers, the rest running after the answer as a programme's next stage does). The plan is read off a real programme's history in
 * the same run (bench/lifecycle-throughput.ts), so the two stay comparable as the workflow changes.
 */
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface BaselinePlan {
  segments: number[];
  /** How many of segment i's activities run before Update i answers (default: all of them). */
  answerAfter?: number[];
}

export interface BaselineActivities {
  noop(): Promise<void>;
}

export const step = defineUpdate<number, []>('step');

// The same activity options as the programme's workflow.
const { noop } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function baselineWorkflow(plan: BaselinePlan): Promise<number> {
  let received = 0;
  let done = 0;
  setHandler(step, async () => {
    const mine = ++received;
    await condition(() => done >= mine);
    return mine;
  });
  for (let j = 0; j < (plan.segments[0] ?? 0); j++) await noop();
  for (let i = 1; i < plan.segments.length; i++) {
    await condition(() => received >= i);
    const total = plan.segments[i]!;
    const beforeAnswer = plan.answerAfter?.[i] ?? total;
    for (let j = 0; j < total; j++) {
      if (j === beforeAnswer) done = i;
      await noop();
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
