/**
 * Benchmark 2 — action latency.
 *
 *  - `GET /v1/programs/:id` (the programme, its stages, timeline and progress, read from
 *    DynamoDB), 50 concurrent clients. Baseline in the same run: a bare Hono route on Node
 *    doing one DynamoDB GetItem of the same item against the same dynalite
 *    (bench/procs/baseline-api.ts). Target: p99 within 2× of the baseline's.
 *  - `POST /act/:token` with a decision, each request on a fresh emailed link (the review
 *    request of its own programme): the link is claimed, the `decide` Update runs the
 *    transition through Temporal and the worker (close the stage, open the Sekda's, mail
 *    the Sekda), the link is marked used. 50 concurrent clients. Target: p99 under 150 ms.
 *    For reference, the same Temporal round trip without alur: an Update on the bare baseline
 *    workflow that runs the same number of no-op activities.
 *
 * Both are also measured with one client at a time (--serial links), which shows the round
 * trip itself rather than the queue that 50 clients build in front of the slowest part.
 *
 *   tsx bench/action-latency.ts [--n=1000 links] [--serial=30] [--reads=5000] [--clients=50] [--quick]
 *
 * Exits non-zero only when an invariant is violated: a click not acted once (not 200 "done"),
 * a 5xx, or a programme not moved on to the Sekda.
 */
import { randomBytes } from 'node:crypto';
import { step as baselineStep } from './baseline-workflows.js';
import { baselineTaskQueue, cpuBetween, startHarness } from './harness.js';
import { proposeDirect, proposers } from './lib/alur.js';
import { ApiClient, request } from './lib/http.js';
import { untilQuiet } from './lib/checks.js';
import { closedLoop, type LoadResult } from './lib/load.js';
import { deadline, fmt, Invariants, log, option, pool, table } from './lib/util.js';

const N = option('n', 1000, 200);
const reads = option('reads', 5000, 1000);
const clients = option('clients', 50);
const maxMinutes = option('max-minutes', 45, 15);
/** Links clicked one at a time first: the latency of a decision with no queue in front of it. */
const serial = option('serial', 30, 20);
const reviewerEmail = 'rina.aptika@solselkab.example'; // reviewer-kominfo-1 in data/roster-dev.json

function row(name: string, r: LoadResult): (string | number)[] {
  const ok = Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return [name, r.latency.n, r.latency.p50, r.latency.p95, r.latency.p99, r.latency.max, r.perSecond, ok];
}

async function main(): Promise<number> {
  log(`action latency: ${N} fresh links, ${reads} reads, ${clients} concurrent clients`);
  const h = await startHarness({ name: 'latency', baselineWorker: true, baselineApi: true });
  const stopDeadline = deadline(maxMinutes, () => h.stop());
  const inv = new Invariants();
  try {
    const api = new ApiClient(h.apiUrl);

    log(`set-up: ${N} programmes waiting for the Diskominfo review (started through the Temporal client)`);
    const ids = await pool(
      Array.from({ length: N }, (_, i) => i),
      20,
      (i) => proposeDirect(h.client, proposers[i % proposers.length]!),
    );
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
      if (links.length >= N) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    inv.check(links.length === N, `every programme's reviewer got a review request by email (${links.length}/${N})`);

    // The bare workflows of the reference, started now so that they have settled when measured.
    const run = randomBytes(3).toString('hex');
    const handles = await pool(
      Array.from({ length: N }, (_, i) => i),
      20,
      (i) => h.client.workflow.start('baselineWorkflow', { workflowId: `baseline-${run}-${i}`, taskQueue: baselineTaskQueue, args: [{ segments: [0, 3, 0] }] }),
    );
    await untilQuiet(h, 3);

    // Warm-up of both read paths.
    await closedLoop(300, clients, async (i) => (await api.as('pemantau', 'GET', `/v1/programs/${ids[i % N]}`)).status);
    await closedLoop(300, clients, async (i) => (await request('GET', `${h.baselineApiUrl}/item/${ids[i % N]}`)).status);

    const pick = () => ids[Math.floor(Math.random() * N)]!;
    const token = await api.session('pemantau');
    const cpu0 = h.cpu();
    log('reads: baseline, alur, baseline');
    const base1 = await closedLoop(reads, clients, async () => (await request('GET', `${h.baselineApiUrl}/item/${pick()}`)).status);
    const cpu1 = h.cpu();
    const get = await closedLoop(
      reads,
      clients,
      async () =>
        (await request('GET', `${h.apiUrl}/v1/programs/${pick()}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } })).status,
    );
    const cpu2 = h.cpu();
    const base2 = await closedLoop(reads, clients, async () => (await request('GET', `${h.baselineApiUrl}/item/${pick()}`)).status);
    await h.dynamoCounts(true);
    // One more small alur round just to count the DynamoDB requests of one GET.
    await closedLoop(
      100,
      10,
      async () => (await request('GET', `${h.apiUrl}/v1/programs/${pick()}`, { headers: { authorization: `Bearer ${token}` } })).status,
    );
    const getCalls = await h.dynamoCounts(true);

    const outcomes: { programId: string; status: number; answer: string | undefined; body: string }[] = [];
    const click = async (l: { programId: string; link: string }) => {
      const r = await api.act(l.link, { decision: 'approve', comment: '' });
      let answer: string | undefined;
      try {
        answer = (JSON.parse(r.text) as { status?: string }).status;
      } catch {
        answer = undefined;
      }
      outcomes.push({ programId: l.programId, status: r.status, answer, body: r.text.slice(0, 300) });
      return r.status;
    };
    const S = Math.min(serial, Math.floor(N / 2));
    log(`decisions: ${S} POST /act/<token> one at a time, then ${N - S} with ${clients} clients, each on a fresh link`);
    const actSerial = await closedLoop(S, 1, (i) => click(links[i]!));
    await h.dynamoCounts(true);
    const cpu3 = h.cpu();
    const act = await closedLoop(N - S, clients, (i) => click(links[S + i]!));
    const cpu4 = h.cpu();
    const actCalls = await h.dynamoCounts(true);

    log(`reference: the same Update round trip on the bare baseline workflow (${N} workflows, started before the reads)`);
    const bareSerial = await closedLoop(S, 1, async (i) => {
      await handles[i]!.executeUpdate(baselineStep);
      return 200;
    });
    const bareUpdate = await closedLoop(N - S, clients, async (i) => {
      await handles[S + i]!.executeUpdate(baselineStep);
      return 200;
    });

    // Invariants.
    const notDone = outcomes.filter((o) => o.status !== 200 || o.answer !== 'done');
    inv.check(notDone.length === 0, 'every click acted once (200, status "done")', JSON.stringify(notDone.slice(0, 3)));
    const fivexx = [get, act, actSerial, base1, base2].reduce(
      (a, r) => a + Object.entries(r.statuses).filter(([s]) => s === 'error' || Number(s) >= 500).length,
      0,
    );
    inv.check(fivexx === 0, 'no 5xx or connection error under load', JSON.stringify([get.errors, act.errors].flat().slice(0, 3)));
    inv.check(get.statuses['200'] === reads, `every GET answered 200 (${get.statuses['200'] ?? 0}/${reads})`);
    const moved = await pool(links, 20, async (l) => (await h.store.programs.getProgram(l.programId))?.stage);
    const notMoved = moved.filter((s) => s !== 'sekda_approval').length;
    inv.check(notMoved === 0, 'every decided programme moved on to the Sekda', `${notMoved} did not`);

    const baseP99 = (base1.latency.p99 + base2.latency.p99) / 2;
    const getRatio = get.latency.p99 / baseP99;
    console.log(`\n## Action latency — ${clients} concurrent clients\n`);
    console.log(
      table(
        ['what', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'statuses'],
        [
          row('baseline: bare Hono + 1 GetItem (1)', base1),
          row('GET /v1/programs/:id', get),
          row('baseline: bare Hono + 1 GetItem (2)', base2),
          row('POST /act/:token (decision), 1 client', actSerial),
          row('reference: bare Update, 3 no-op activities, 1 client', bareSerial),
          row(`POST /act/:token (decision), ${clients} clients`, act),
          row(`reference: bare Update, 3 no-op activities, ${clients} clients`, bareUpdate),
        ],
      ),
    );
    console.log(
      `\nGET p99 ${fmt(get.latency.p99)} ms vs baseline p99 ${fmt(baseP99)} ms: ${fmt(getRatio, 2)}× — target ≤ 2×: ${getRatio <= 2 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `decision p99 with ${clients} clients ${fmt(act.latency.p99)} ms — target < 150 ms: ${act.latency.p99 < 150 ? 'met' : 'NOT met'}; ${fmt(act.latency.p99 / bareUpdate.latency.p99, 2)}× the bare Update's p99 (${fmt(bareUpdate.latency.p99)} ms); throughput ${fmt(act.perSecond)} decisions/s vs ${fmt(bareUpdate.perSecond)} bare Updates/s`,
    );
    console.log(
      `decision one at a time: p50 ${fmt(actSerial.latency.p50)} ms, p99 ${fmt(actSerial.latency.p99)} ms (bare Update p50 ${fmt(bareSerial.latency.p50)} ms, p99 ${fmt(bareSerial.latency.p99)} ms)`,
    );
    const perReq = (calls: Record<string, number>, n: number) =>
      Object.entries(calls)
        .filter(([k]) => k.startsWith('api ') || k.startsWith('worker '))
        .sort((a, b) => b[1] - a[1])
        .map(([k, c]) => `${k} ${fmt(c / n, 1)}`)
        .join(', ');
    console.log(`\nDynamoDB requests per GET /v1/programs/:id: ${perReq(getCalls, 100)}`);
    console.log(`DynamoDB requests per decision by link (API and worker): ${perReq(actCalls, N - S)}`);
    console.log(`\nCPU seconds by process during the baseline reads (${fmt(base1.seconds)} s):\n`);
    console.log(table(['process', 'CPU s', 'of wall'], cpuBetween(cpu0, cpu1, base1.seconds)));
    console.log(`\nCPU seconds by process during the alur reads (${fmt(get.seconds)} s):\n`);
    console.log(table(['process', 'CPU s', 'of wall'], cpuBetween(cpu1, cpu2, get.seconds)));
    console.log(`\nCPU seconds by process during the decisions (${fmt(act.seconds)} s):\n`);
    console.log(table(['process', 'CPU s', 'of wall'], cpuBetween(cpu3, cpu4, act.seconds)));
    console.log(`\n${inv.summary()}`);
    return inv.failed.length === 0 ? 0 : 1;
  } finally {
    stopDeadline();
    await h.stop();
  }
}

process.exit(await main());
