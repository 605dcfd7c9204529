/**
 * Benchmark 2 — action latency.
 *
 *  - `GET /v1/programs/:id` in every stage a programme waits in (review, signing,
 *    implementation: the later ones read signatures, periods and reports too), 50 concurrent
 *    clients. Baseline in the same run: a bare Hono route on Node doing one DynamoDB Query of
 *    the same partition against the same dynalite (bench/procs/baseline-api.ts), in a round
 *    before and after each alur round. Target: p99 at most 2× the baseline's.
 *  - `POST /act/:token` with a decision, each request on a fresh emailed link (the review
 *    request of its own programme): the link is claimed, the `decide` Update records the
 *    decision through Temporal and the worker, the link is marked used. One client at a time,
 *    then 50 concurrent clients. Baseline: an Update on a bare workflow that runs exactly the
 *    activities alur runs before it answers and those it runs after, read off the history of a
 *    decision made in the same run. Targets: p99 at most 1.2× the bare Update's one at a time,
 *    1.5× with 50 clients.
 *  - Where the time of a decision one at a time goes, beside the bare Update's: the API before
 *    the Update, each step of the Update (workflow tasks, activities) read off the histories,
 *    the API after; medians per step in the output, the raw result and the figure's note.
 *
 *   tsx bench/action-latency.ts [--n=1000 links] [--serial=30] [--reads=5000 per stage] [--per-stage=50] [--clients=50] [--quick]
 *
 * Exits non-zero only when an invariant is violated: a click not acted once (not 200 "done"),
 * a 5xx, or a programme not moved on to the Sekda.
 */
import { randomBytes } from 'node:crypto';
import { workflowIdOf } from '../workflows/messages.js';
import { step as baselineStep, type BaselinePlan } from './baseline-workflows.js';
import { baselineTaskQueue, startHarness, type Harness } from './harness.js';
import { fourOffices, programDirect, proposeDirect, proposers, type Target } from './lib/alur.js';
import { Recorder } from './lib/results.js';
import { ApiClient, request } from './lib/http.js';
import { untilQuiet } from './lib/checks.js';
import { closedLoop, type LoadResult } from './lib/load.js';
import { deadline, fmt, Invariants, log, option, percentiles, pool, quick, sleep, table } from './lib/util.js';

const N = option('n', 1000, 200);
const reads = option('reads', 5000, 500);
/** Programmes read in each of signing and implementation (review reads the N waiting for a decision). */
const perStage = option('per-stage', 50, 10);
const clients = option('clients', 50);
const maxMinutes = option('max-minutes', 45, 15);
/** Links clicked one at a time first: the latency of a decision with no queue in front of it. */
const serial = option('serial', 30, 20);
const reviewerEmail = 'rina.aptika@solselkab.example'; // reviewer-kominfo-1 in data/roster-dev.json
const reviewerId = 'reviewer-kominfo-1';

function row(name: string, r: LoadResult): (string | number)[] {
  const ok = Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return [name, r.latency.n, r.latency.p50, r.latency.p95, r.latency.p99, r.latency.max, r.perSecond, ok];
}

/** The decide Update's place in a real history: activities run before it answered, and after (until the workflow waits again). */
async function decisionPlan(h: Harness, programId: string): Promise<BaselinePlan> {
  const history = await h.client.workflow.getHandle(workflowIdOf(programId)).fetchHistory();
  let accepted = false;
  let scheduled = 0;
  // Activities finished when the answer went out: the workflow task that answers may already schedule the next one.
  let before = 0;
  let answered = false;
  for (const e of history.events ?? []) {
    if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      // The proposal's own Update is answered before any decision: only the last Update counts.
      accepted = true;
      answered = false;
      scheduled = 0;
      before = 0;
    } else if (accepted && e.workflowExecutionUpdateCompletedEventAttributes) answered = true;
    else if (accepted && e.activityTaskScheduledEventAttributes) scheduled += 1;
    else if (accepted && !answered && e.activityTaskCompletedEventAttributes) before += 1;
  }
  return { segments: [0, scheduled, 0], answerAfter: [0, before, 0] };
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Harness['client']['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

const eventMs = (e: HistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6);

/** What the time between two consecutive history events of an Update's round trip was spent on, named by the later event. */
function stepOf(e: HistoryEvent, at: Map<number, HistoryEvent>): string | null {
  if (e.workflowTaskStartedEventAttributes) return 'workflow task: waiting for the worker';
  if (e.workflowTaskCompletedEventAttributes) return 'workflow task: in the worker';
  if (e.activityTaskStartedEventAttributes) return 'activity: waiting for a slot';
  const completed = e.activityTaskCompletedEventAttributes;
  if (completed) return `activity running: ${at.get(Number(completed.scheduledEventId))?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?'}`;
  return null; // events written with the one before (scheduled, accepted, completed): no time of their own
}

/** One answered request: when the client sent it and when the answer came back (this machine's clock, as Temporal's). */
interface Timed {
  workflowId: string;
  sentAt: number;
  answeredAt: number;
}

/**
 * Where the time of one-at-a-time requests went, from the client's clock and each workflow's
 * history: the API before the Update (sent → the Update's workflow task scheduled), each step
 * of the Update in the history until it completed (workflow tasks waiting and in the worker,
 * activities waiting and running, summed per request), the API after (Update completed → answer
 * at the client), and how many workflow tasks and activities the Update waited for. Medians
 * over the requests (ms, or counts).
 */
async function roundTrips(h: Harness, timed: readonly Timed[]): Promise<[string, number][]> {
  const samples = new Map<string, number[]>();
  const add = (k: string, v: number) => samples.set(k, [...(samples.get(k) ?? []), v]);
  for (const t of timed) {
    const events = (await h.client.workflow.getHandle(t.workflowId).fetchHistory()).events ?? [];
    const at = new Map(events.map((e) => [Number(e.eventId), e]));
    const accepted = events.findLastIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const completed = events.findIndex((e, i) => i > accepted && e.workflowExecutionUpdateCompletedEventAttributes);
    if (accepted < 0 || completed < 0) continue;
    // The workflow task that accepted the Update is the one completed just before the acceptance.
    const acceptingTask = events.slice(0, accepted).findLast((e) => e.workflowTaskCompletedEventAttributes)?.workflowTaskCompletedEventAttributes;
    const from = events.findIndex((e) => Number(e.eventId) === Number(acceptingTask?.scheduledEventId));
    if (from < 0) continue;
    const steps = new Map<string, number>();
    let tasks = 0;
    let activities = 0;
    for (let i = from + 1; i <= completed; i++) {
      const e = events[i]!;
      if (e.workflowTaskCompletedEventAttributes) tasks += 1;
      if (e.activityTaskCompletedEventAttributes) activities += 1;
      const step = stepOf(e, at);
      if (step) steps.set(step, (steps.get(step) ?? 0) + eventMs(e) - eventMs(events[i - 1]!));
    }
    add('API before the Update: sent → workflow task scheduled', eventMs(events[from]!) - t.sentAt);
    for (const [k, v] of steps) add(`Update: ${k}`, v);
    add('API after the Update: completed → answer at the client', t.answeredAt - eventMs(events[completed]!));
    add('whole request', t.answeredAt - t.sentAt);
    add('workflow tasks the Update waited for (count)', tasks);
    add('activities the Update waited for (count)', activities);
  }
  return [...samples.entries()].map(([k, v]) => [k, percentiles(v).p50]);
}

interface StageReads {
  stage: Target;
  ids: string[];
  base1: LoadResult;
  get: LoadResult;
  base2: LoadResult;
  cpu: { before: Record<string, number>; between: Record<string, number>; after: Record<string, number> };
}

async function main(): Promise<number> {
  log(`action latency: ${N} fresh links, ${reads} reads per stage, ${clients} concurrent clients`);
  const h = await startHarness({ name: 'latency', baselineWorker: true, baselineApi: true });
  const stopDeadline = deadline(maxMinutes, () => h.stop());
  const inv = new Invariants();
  const rec = new Recorder('action-latency', quick(), { n: N, serial, reads, perStage, clients });
  try {
    const api = new ApiClient(h.apiUrl);

    log(
      `set-up: ${N + 1} programmes waiting for the Diskominfo review, ${perStage} in signing and ${perStage} in implementation (through the Temporal client)`,
    );
    const ids = await pool(
      Array.from({ length: N + 1 }, (_, i) => i),
      20,
      (i) => proposeDirect(h.client, proposers[i % proposers.length]!),
    );
    const later = async (target: Target) =>
      pool(
        Array.from({ length: perStage }, (_, i) => i),
        10,
        (i) => programDirect(h.client, proposers[i % proposers.length]!, target, fourOffices),
      );
    const inSigning = await later('signing');
    const inImplementation = await later('implementation');
    // The review request each reviewer got: one personal link per programme.
    const wanted = new Set(ids);
    let links: { programId: string; link: string }[] = [];
    const deadlineMs = Date.now() + 120_000;
    while (Date.now() < deadlineMs) {
      const mails = await h.mailList({ to: reviewerEmail, contains: '.1.diskominfo_review.', withText: true });
      links = mails.flatMap((m) => {
        const programId = /^<?alur\.([a-f0-9]{20})\./.exec(m.messageId ?? '')?.[1];
        const link = /https?:\/\/[^\s"'<>]+\/act\/[A-Za-z0-9_-]+/.exec(m.text ?? '')?.[0];
        return programId && link && wanted.has(programId) ? [{ programId, link }] : [];
      });
      if (links.length >= N + 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    inv.check(links.length === N + 1, `every programme's reviewer got a review request by email (${links.length}/${N + 1})`);

    // One decision first: warms the path up and shows what the bare workflow must do to be like for like.
    const warm = links.shift()!;
    await api.act(warm.link, { decision: 'approve', comment: '' });
    // On a busy machine the first click can outlast the Update deadline (a 503): the plan is read once the programme has moved on.
    for (const until = Date.now() + 120_000; Date.now() < until && (await h.store.programs.getProgram(warm.programId))?.stage !== 'sekda_approval';) {
      await sleep(500);
    }
    await untilQuiet(h, 3);
    const plan = await decisionPlan(h, warm.programId);
    log(
      `a decision runs ${plan.answerAfter?.[1]} activities before it answers and ${plan.segments[1]! - plan.answerAfter![1]!} after: the bare workflow does the same`,
    );
    const reviewIds = links.map((l) => l.programId);

    // The bare workflows of the reference, started now so that they have settled when measured.
    const run = randomBytes(3).toString('hex');
    const handles = await pool(
      Array.from({ length: N }, (_, i) => i),
      20,
      (i) => h.client.workflow.start('baselineWorkflow', { workflowId: `baseline-${run}-${i}`, taskQueue: baselineTaskQueue, args: [plan] }),
    );
    await untilQuiet(h, 3);

    const token = await api.session('pemantau');
    const alurGet = (id: string) =>
      request('GET', `${h.apiUrl}/v1/programs/${id}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } }).then((r) => r.status);
    const bareQuery = (id: string) => request('GET', `${h.baselineApiUrl}/partition/${id}`).then((r) => r.status);
    const stageReads: StageReads[] = [];
    for (const [stage, stageIds] of [
      ['review', reviewIds],
      ['signing', inSigning],
      ['implementation', inImplementation],
    ] as [Target, string[]][]) {
      const pick = () => stageIds[Math.floor(Math.random() * stageIds.length)]!;
      // Warm-up of both read paths.
      await closedLoop(Math.min(300, reads), clients, () => alurGet(pick()));
      await closedLoop(Math.min(300, reads), clients, () => bareQuery(pick()));
      log(`reads in ${stage}: bare Query, alur, bare Query`);
      const before = h.cpu();
      const base1 = await closedLoop(reads, clients, () => bareQuery(pick()));
      const between = h.cpu();
      const get = await closedLoop(reads, clients, () => alurGet(pick()));
      const after = h.cpu();
      const base2 = await closedLoop(reads, clients, () => bareQuery(pick()));
      stageReads.push({ stage, ids: stageIds, base1, get, base2, cpu: { before, between, after } });
    }
    await h.dynamoCounts(true);
    // One more small alur round just to count the DynamoDB requests of one GET.
    await closedLoop(100, 10, () => alurGet(reviewIds[0]!));
    const getCalls = await h.dynamoCounts(true);

    const outcomes: { programId: string; status: number; answer: string | undefined; body: string; retried: boolean }[] = [];
    let retried = 0;
    // A 503 says "not recorded in time, your link still works: try again", and a person does.
    const timedClicks: Timed[] = [];
    const click = async (l: { programId: string; link: string }) => {
      const sentAt = Date.now();
      const first = await api.act(l.link, { decision: 'approve', comment: '' });
      timedClicks.push({ workflowId: workflowIdOf(l.programId), sentAt, answeredAt: Date.now() });
      let r = first;
      for (let attempt = 1; r.status === 503 && attempt < 5; attempt++) {
        retried += 1;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        r = await api.act(l.link, { decision: 'approve', comment: '' });
      }
      let answer: string | undefined;
      try {
        answer = (JSON.parse(r.text) as { status?: string }).status;
      } catch {
        answer = undefined;
      }
      outcomes.push({ programId: l.programId, status: r.status, answer, body: r.text.slice(0, 300), retried: r !== first });
      return r.status;
    };
    const S = Math.min(serial, Math.floor(N / 2));
    log(`decisions: ${S} POST /act/<token> one at a time, then ${N - S} with ${clients} clients, each on a fresh link`);
    const actSerial = await closedLoop(S, 1, (i) => click(links[i]!));
    const serialClicks = timedClicks.slice();
    await h.dynamoCounts(true);
    const cpu3 = h.cpu();
    const act = await closedLoop(N - S, clients, (i) => click(links[S + i]!));
    const cpu4 = h.cpu();
    const actCalls = await h.dynamoCounts(true);
    await untilQuiet(h, 3);

    log(`reference: the same Update round trip on the bare baseline workflow (${N} workflows, started before the reads)`);
    const timedBare: Timed[] = [];
    const bareSerial = await closedLoop(S, 1, async (i) => {
      const sentAt = Date.now();
      await handles[i]!.executeUpdate(baselineStep);
      timedBare.push({ workflowId: handles[i]!.workflowId, sentAt, answeredAt: Date.now() });
      return 200;
    });
    const cpu5 = h.cpu();
    const bareUpdate = await closedLoop(N - S, clients, async (i) => {
      await handles[S + i]!.executeUpdate(baselineStep);
      return 200;
    });
    const cpu6 = h.cpu();
    const decisionSteps = await roundTrips(h, serialClicks);
    const bareSteps = await roundTrips(h, timedBare);

    // Invariants.
    // A click sent again after a 503 may find its first attempt recorded after all: "already done" by the same reviewer is that one action.
    const notDone = outcomes.filter(
      (o) => !(o.status === 200 && o.answer === 'done') && !(o.retried && o.answer === 'already_done' && o.body.includes(`"userId":"${reviewerId}"`)),
    );
    inv.check(notDone.length === 0, `every click acted once (200, status "done"; ${retried} clicked again after a 503)`, JSON.stringify(notDone.slice(0, 3)));
    const loads = [act, actSerial, ...stageReads.flatMap((r) => [r.base1, r.get, r.base2])];
    const fivexx = loads.reduce((a, r) => a + Object.entries(r.statuses).filter(([st]) => st === 'error' || Number(st) >= 500).length, 0);
    inv.check(fivexx === 0, 'no 5xx or connection error under load', JSON.stringify(loads.flatMap((r) => r.errors).slice(0, 3)));
    for (const r of stageReads) inv.check(r.get.statuses['200'] === reads, `every GET in ${r.stage} answered 200 (${r.get.statuses['200'] ?? 0}/${reads})`);
    // A link's decision is answered once the closed stage is stored; the next stage follows, so wait for it (up to two minutes).
    let notMoved = links.length;
    for (const until = Date.now() + 120_000; notMoved > 0 && Date.now() < until; await sleep(notMoved > 0 ? 2000 : 0)) {
      const moved = await pool(links, 20, async (l) => (await h.store.programs.getProgram(l.programId))?.stage);
      notMoved = moved.filter((st) => st !== 'sekda_approval').length;
    }
    inv.check(notMoved === 0, 'every decided programme moved on to the Sekda', `${notMoved} did not`);

    console.log(`\n## Action latency — ${clients} concurrent clients\n`);
    console.log(
      table(
        ['what', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'statuses'],
        [
          ...stageReads.flatMap((r) => [
            row(`${r.stage}: bare Query of the partition (1)`, r.base1),
            row(`${r.stage}: GET /v1/programs/:id`, r.get),
            row(`${r.stage}: bare Query of the partition (2)`, r.base2),
          ]),
          row('POST /act/:token (decision), 1 client', actSerial),
          row('bare Update, same activities, 1 client', bareSerial),
          row(`POST /act/:token (decision), ${clients} clients`, act),
          row(`bare Update, same activities, ${clients} clients`, bareUpdate),
        ],
      ),
    );
    console.log(
      `\nWhere the time of one decision at a time went (median ms over ${serialClicks.length} decisions and ${timedBare.length} bare Updates; counts in the last rows):\n`,
    );
    const stepNames = [...new Set([...decisionSteps, ...bareSteps].map(([k]) => k))];
    const medianOf = (steps: [string, number][], k: string) => steps.find(([name]) => name === k)?.[1];
    console.log(
      table(
        ['step', 'decision by link', 'bare Update'],
        stepNames.map((k) => [k, fmt(medianOf(decisionSteps, k) ?? NaN), fmt(medianOf(bareSteps, k) ?? NaN)]),
      ),
    );
    const stepsTitle = (what: string) =>
      `Where the time of ${what}, one at a time, went: median ms per step, from the client's clock and each workflow's history (the API before the Update, each step of the Update until it completed, the API after; counts in the rows "(count)")`;
    rec.breakdown(stepsTitle('a decision by link'), 'ms', decisionSteps);
    rec.breakdown(stepsTitle('a bare Update with the same activities'), 'ms', bareSteps);
    const inTemporal = (steps: [string, number][]) => steps.filter(([k]) => k.startsWith('Update: ')).reduce((sum, [, v]) => sum + v, 0);
    const slowest = decisionSteps
      .filter(([k]) => !k.endsWith('(count)') && k !== 'whole request')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${fmt(v, 0)}`)
      .join('; ');
    const whereNote = `where the time goes, one at a time (medians, ms): API before the Update ${fmt(medianOf(decisionSteps, 'API before the Update: sent → workflow task scheduled') ?? NaN, 0)}, the Update in Temporal ${fmt(inTemporal(decisionSteps), 0)} (bare ${fmt(inTemporal(bareSteps), 0)}), API after ${fmt(medianOf(decisionSteps, 'API after the Update: completed → answer at the client') ?? NaN, 0)}; largest steps: ${slowest} (breakdown below)`;
    for (const r of stageReads) {
      const baseP99 = (r.base1.latency.p99 + r.base2.latency.p99) / 2;
      rec.figure({
        id: `get.${r.stage}.p99`,
        label: `GET /v1/programs/:id p99, ${r.stage}, ${clients} clients`,
        value: r.get.latency.p99,
        unit: 'ms',
        baseline: { label: 'bare Query of the partition, mean of 2 rounds', value: baseP99 },
        target: { kind: 'ratio-max', limit: 2 },
      });
      rec.series(`GET ${r.stage}`, 'ms', r.get.samples);
      rec.series(`bare Query ${r.stage}`, 'ms', [...r.base1.samples, ...r.base2.samples]);
      rec.cpu(`GET in ${r.stage}`, r.get.seconds, r.cpu.between, r.cpu.after, { count: reads, of: 'requests' });
      rec.cpu(`bare Query in ${r.stage} (first round)`, r.base1.seconds, r.cpu.before, r.cpu.between, { count: reads, of: 'requests' });
    }
    const actNote = `the bare workflow runs ${plan.answerAfter?.[1]} no-op activities before it answers and ${plan.segments[1]! - plan.answerAfter![1]!} after, as alur does; a latency is until the final answer, ${retried} clicks sent again after a 503 (the 20 s Update deadline passed)`;
    rec.figure({
      id: 'decision.p99.serial',
      label: 'decision by link p99, one at a time',
      value: actSerial.latency.p99,
      unit: 'ms',
      baseline: { label: 'bare Update, same activities', value: bareSerial.latency.p99 },
      target: { kind: 'ratio-max', limit: 1.2 },
      note: `${actNote}; ${whereNote}`,
    });
    rec.figure({
      id: 'decision.p99.concurrent',
      label: `decision by link p99, ${clients} clients`,
      value: act.latency.p99,
      unit: 'ms',
      baseline: { label: 'bare Update, same activities, same load', value: bareUpdate.latency.p99 },
      target: { kind: 'ratio-max', limit: 1.5 },
      note: actNote,
    });
    rec.figure({
      id: 'decision.throughput',
      label: `decisions per second, ${clients} clients`,
      value: act.perSecond,
      unit: '/s',
      baseline: { label: 'bare Updates per second', value: bareUpdate.perSecond },
    });
    rec.series('decision, 1 client', 'ms', actSerial.samples);
    rec.series('bare Update, 1 client', 'ms', bareSerial.samples);
    rec.series(`decision, ${clients} clients`, 'ms', act.samples);
    rec.series(`bare Update, ${clients} clients`, 'ms', bareUpdate.samples);
    rec.cpu(`decisions, ${clients} clients`, act.seconds, cpu3, cpu4, { count: N - S, of: 'decisions' });
    rec.cpu(`bare Updates, ${clients} clients`, bareUpdate.seconds, cpu5, cpu6, { count: N - S, of: 'Updates' });

    const perReq = (calls: Record<string, number>, n: number) =>
      Object.entries(calls)
        .filter(([k]) => k.startsWith('api ') || k.startsWith('worker '))
        .sort((a, b) => b[1] - a[1])
        .map(([k, c]) => `${k} ${fmt(c / n, 1)}`)
        .join(', ');
    console.log(`\nDynamoDB requests per GET /v1/programs/:id: ${perReq(getCalls, 100)}`);
    console.log(`DynamoDB requests per decision by link (API and worker): ${perReq(actCalls, N - S)}`);
    console.log(`\n${inv.summary()}`);
    log(`raw results: ${rec.write(inv)}`);
    return inv.failed.length === 0 ? 0 : 1;
  } finally {
    stopDeadline();
    await h.stop();
  }
}

process.exit(await main());
