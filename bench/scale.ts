/**
 * Benchmark 3 — scale.
 *
 * N programmes open at once, mixed: waiting for the Diskominfo review, being signed, or in
 * implementation with a report overdue (a reporting period that ended in October 2026).
 * Phase 1 sets up --legit of them through the Temporal client with the same Updates the API
 * sends (same workflow, activities, store and mail; only HTTP is skipped). Phase 2 makes the
 * rest as copies of one phase-1 programme of each kind (bench/lib/clone.ts: its store items,
 * and a workflow started with its state as continue-as-new input, as a long-lived programme's
 * next run starts), which is about ten times faster on this machine. Then:
 *
 *  - worker memory (process.memoryUsage() in the worker process, and its peak RSS from /proc),
 *    sampled while the programmes pile up; baseline: the same worker idle, before the first one.
 *    Target: bounded (WORKER_MAX_CACHED_WORKFLOWS, default 500).
 *  - the Temporal dev server's SQLite database (with its WAL); baseline: its size when empty.
 *  - replay of an evicted workflow: the histories of up to --replays programmes set up through
 *    Updates, replayed one after another with the worker's workflow bundle in this process
 *    (what a worker does when a programme it no longer caches gets a message). Target: p95 < 50 ms.
 *  - the same replay with histories near the continue-as-new threshold the workflow uses
 *    (`historyEventsBeforeContinueAsNew`): --near-threshold programmes in review get `rosterChanged`
 *    signals (each one a re-routing activity: about a dozen events, the state unchanged) until
 *    their history holds --near-events events (default: 15 below the threshold, so the last
 *    signal cannot carry a run past it); each is then replayed --near-replays times. CPU
 *    milliseconds of this process per replay are printed beside the wall-clock figures. The time grows with the events of a run, not with how many
 *    programmes are open: what the issue's 10,000 programmes add is the worker's memory, which
 *    the workflow cache bounds (above).
 *  - GET /v1/programs?overdue=true (the first page), with and without stage=implementation,
 *    and the whole overdue list paged through. Target: under 200 ms. Reference in the same
 *    run: one DynamoDB GetItem behind a bare Hono route (bench/procs/baseline-api.ts).
 *
 *   tsx bench/scale.ts [--n=10000] [--legit=300] [--mix=40,30,30] [--setup-concurrency=40] [--max-cached=500] [--quick]
 *
 * Exits non-zero only when an invariant is violated: a set-up step failed, or the overdue
 * list is not exactly the programmes with an overdue report.
 */
import { cpuBetween, rssOf, startHarness, type Harness } from './harness.js';
import { agedImplementation, fourOffices, programDirect, proposers, type Target } from './lib/alur.js';
import { scanWhere, untilQuiet } from './lib/checks.js';
import { captureTemplate, cloneProgram, dynamoFor, type Template } from './lib/clone.js';
import { ApiClient, jsonOf, request } from './lib/http.js';
import { Worker } from '@temporalio/worker';
import { historyEventsBeforeContinueAsNew } from '../workflows/continue-as-new.js';
import { workflowIdOf } from '../workflows/messages.js';
import { Recorder } from './lib/results.js';
import { deadline, fmt, Invariants, log, mib, option, percentiles, pool, quick, sleep, stringOption, table } from './lib/util.js';

const N = option('n', 10_000, 300);
/** How many are set up through Updates (the rest are copies, bench/lib/clone.ts). */
const legit = option('legit', 300, 150);
const mix = stringOption('mix', '40,30,30').split(',').map(Number);
const setupConcurrency = option('setup-concurrency', 40);
const maxCached = option('max-cached', 500);
const maxMinutes = option('max-minutes', 150, 20);
const replays = option('replays', 200, 50);
/** Programmes in review whose histories are grown to --near-events by roster-change signals, and how often each is replayed. */
const nearThreshold = option('near-threshold', 10, 3);
const nearEvents = option('near-events', historyEventsBeforeContinueAsNew - 15);
const nearReplays = option('near-replays', 10, 5);
/** A monthly period that ended before today: its report is overdue (and reminded at once). */

interface Sample {
  at: number;
  programmes: number;
  rss: number;
  peakRss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

async function sample(h: Harness, programmes: number, started: number): Promise<Sample> {
  const m = await h.worker.memory();
  const { peak } = rssOf(h.worker.pid);
  return { at: (Date.now() - started) / 1000, programmes, rss: m.rss, peakRss: peak, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

async function timeGets(url: string, headers: Record<string, string>, times: number): Promise<{ ms: number[]; body: string }> {
  const ms: number[] = [];
  let body = '';
  for (let i = 0; i < times; i++) {
    const r = await request('GET', url, { headers });
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text.slice(0, 200)}`);
    ms.push(r.ms);
    body = r.text;
  }
  return { ms, body };
}

/**
 * Milliseconds to replay each programme's history with the bundle the worker runs (`times` times
 * each), the CPU milliseconds of this process for each, and the histories' lengths.
 */
async function replayTimes(h: Harness, programIds: string[], times = 1): Promise<{ ms: number[]; cpuMs: number[]; events: number[] }> {
  const fetched = await pool(programIds, 10, async (id) => ({
    workflowId: workflowIdOf(id),
    history: await h.client.workflow.getHandle(workflowIdOf(id)).fetchHistory(),
  }));
  const histories = Array.from({ length: times }, () => fetched).flat();
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: `${h.dir}/workflow-bundle.js` } }, histories)) {
    const t = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    if (r.error) throw new Error(`replay of ${r.workflowId} failed: ${String(r.error)}`);
    ms.push(t - last);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    last = t;
    lastCpu = process.cpuUsage();
  }
  // The first replay also creates the replay worker: leave it out.
  return { ms: ms.slice(1), cpuMs: cpuMs.slice(1), events: fetched.map((x) => x.history.events?.length ?? 0) };
}

/**
 * Grows each programme's history (a programme in review) to `events` events with `rosterChanged`
 * signals, a few in flight at a time; returns the lengths reached. A run that continued as new
 * meanwhile would measure a short history: that throws (ask for fewer --near-events).
 */
async function growHistories(h: Harness, programIds: string[], events: number): Promise<number[]> {
  return pool(programIds, programIds.length, async (id) => {
    const handle = h.client.workflow.getHandle(workflowIdOf(id));
    const { runId, historyLength } = await handle.describe();
    let length = historyLength;
    while (length < events) {
      await handle.signal('rosterChanged');
      await sleep(150);
      const now = await handle.describe();
      if (now.runId !== runId) throw new Error(`${id} continued as new at ${length}+ events: --near-events ${events} is past the threshold`);
      length = now.historyLength;
    }
    return length;
  });
}

/** The ids of every programme item whose due time has passed, read straight from the table. */
async function overdueInStore(db: ReturnType<typeof dynamoFor>): Promise<Set<string>> {
  const overdue = await scanWhere(db, 'sk = :p AND attribute_type(dueAt, :s) AND dueAt < :now', {
    ':p': 'PROGRAM',
    ':s': 'S',
    ':now': new Date().toISOString(),
  });
  return new Set(overdue.map((i) => String(i['id'])));
}

async function main(): Promise<number> {
  const targets: Target[] = [];
  const shares = [mix[0] ?? 40, mix[1] ?? 30, mix[2] ?? 30];
  const total = shares.reduce((a, b) => a + b, 0);
  const counts = { review: Math.round((N * shares[0]!) / total), signing: Math.round((N * shares[1]!) / total), implementation: 0 };
  counts.implementation = N - counts.review - counts.signing;
  for (const [t, n] of Object.entries(counts)) for (let i = 0; i < n; i++) targets.push(t as Target);
  // Interleave, so memory grows with every kind at once; one of each kind first (the templates of phase 2).
  targets.sort(() => Math.random() - 0.5);
  for (const [i, kind] of (['review', 'signing', 'implementation'] as const).entries()) {
    const at = targets.indexOf(kind, i);
    if (at >= 0) [targets[i], targets[at]] = [targets[at]!, targets[i]!];
  }
  log(
    `scale: ${N} programmes open at once (${counts.review} in review, ${counts.signing} in signing, ${counts.implementation} in implementation, report overdue)`,
  );

  const h = await startHarness({ name: 'scale', baselineApi: true, maxCachedWorkflows: maxCached });
  const stopDeadline = deadline(maxMinutes, () => h.stop());
  const inv = new Invariants();
  const rec = new Recorder('scale', quick(), { n: N, legit, mix: mix.join(','), maxCached, replays });
  try {
    const api = new ApiClient(h.apiUrl);
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
    const started = Date.now();
    await sleep(3000);
    const idle = await sample(h, 0, started);
    const emptyDb = h.temporal.dbBytes();
    log(`idle worker: RSS ${mib(idle.rss)}, heap used ${mib(idle.heapUsed)}; empty Temporal DB ${mib(emptyDb.total)}`);

    const samples: Sample[] = [idle];
    let done = 0;
    const errors: string[] = [];
    const ids: { id: string; target: Target }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sleep(5000);
        if (!sampling) break;
        try {
          const s = await sample(h, done, started);
          samples.push(s);
          if (samples.length % 6 === 0)
            log(
              `${done}/${N} set up; worker RSS ${mib(s.rss)} (peak ${mib(s.peakRss)}), heap ${mib(s.heapUsed)}; Temporal DB ${mib(h.temporal.dbBytes().total)}`,
            );
        } catch (e) {
          log(`memory sample failed: ${String(e)}`);
        }
      }
    })();
    const cpu0 = h.cpu();
    const setupStarted = performance.now();
    const setUp = async (target: Target, how: () => Promise<string>) => {
      try {
        ids.push({ id: await how(), target });
      } catch (e) {
        errors.push(errors.length < 20 ? `${target}: ${String(e)}` : '');
      }
      done += 1;
    };
    // Phase 1: through the workflow's Updates, as the API would.
    const L = Math.min(N, Math.max(3, legit));
    log(`phase 1: ${L} programmes through Updates`);
    await pool(targets.slice(0, L), setupConcurrency, (target, i) =>
      setUp(target, () =>
        programDirect(h.client, proposers[i % proposers.length]!, target, fourOffices, target === 'implementation' ? agedImplementation.dates : {}),
      ),
    );
    const phase1Seconds = (performance.now() - setupStarted) / 1000;
    await untilQuiet(h, 5);
    const dbAfterPhase1 = h.temporal.dbBytes();
    // Phase 2: copies of one programme of each kind, started with its state as continue-as-new input (bench/lib/clone.ts).
    const phase2Started = performance.now();
    let phase2Seconds = 0;
    if (N > L) {
      const templates = new Map<Target, Template>();
      for (const kind of new Set(targets.slice(L))) {
        const first = ids.find((x) => x.target === kind);
        if (!first) throw new Error(`phase 1 has no programme in ${kind} to copy`);
        templates.set(
          kind,
          await captureTemplate(
            h.client,
            db,
            first.id,
            kind === 'implementation' ? { freshImplementation: true, implementationOpenedAt: agedImplementation.openedAt } : {},
          ),
        );
      }
      log(`phase 2: ${N - L} copies of a programme in review, one in signing and one in implementation (report overdue)`);
      await pool(targets.slice(L), setupConcurrency, (target) => setUp(target, () => cloneProgram(h, db, templates.get(target)!)));
      phase2Seconds = (performance.now() - phase2Started) / 1000;
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const setupCpuAfter = h.cpu();
    const setupCpu = cpuBetween(cpu0, setupCpuAfter, setupSeconds);
    log(`set-up done in ${fmt(setupSeconds)} s; waiting for the worker to go quiet`);
    // Quiet: no new mail and an idle worker and Temporal for 10 s.
    await untilQuiet(h, 10);
    sampling = false;
    await sampler;
    const end = await sample(h, done, started);
    samples.push(end);
    const tdb = h.temporal.dbBytes();
    const mails = await h.mailStats();

    inv.check(errors.length === 0, `all ${N} programmes set up without error`, errors.filter(Boolean).slice(0, 3).join(' | '));
    inv.check(mails.duplicateCount === 0, 'no email twice (by Message-ID)', JSON.stringify(mails.duplicates.slice(0, 3)));

    // Listing.
    const token = await api.session('pemantau');
    const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
    await timeGets(`${h.apiUrl}/v1/programs?overdue=true`, headers, 3); // warm
    const overdueFirst = await timeGets(`${h.apiUrl}/v1/programs?overdue=true`, headers, 20);
    const overdueStage = await timeGets(`${h.apiUrl}/v1/programs?overdue=true&stage=implementation`, headers, 20);
    const firstPage = await timeGets(`${h.apiUrl}/v1/programs`, headers, 20);
    const baseIds = ids.slice(0, 20).map((x) => x.id);
    const baseline: number[] = [];
    for (const id of baseIds) baseline.push((await request('GET', `${h.baselineApiUrl}/item/${id}`)).ms);
    // The whole overdue list, paged (limit 100), between two reads straight from the store of
    // every programme item with a due time in the past. Programmes may still be settling (a due
    // time written, or passing, while the pages are read), so the list must hold every programme
    // overdue in both reads and nothing overdue in neither.
    const overdueBefore = await overdueInStore(db);
    const overdueIds = new Set<string>();
    let pages = 0;
    const pagingStarted = performance.now();
    let cursor: string | null = null;
    do {
      const url = `${h.apiUrl}/v1/programs?overdue=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await request('GET', url, { headers });
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text.slice(0, 200)}`);
      const body = jsonOf<{ items: { id: string; overdue: boolean }[]; nextCursor: string | null }>(r);
      for (const it of body.items) overdueIds.add(it.id);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10_000);
    const pagingMs = performance.now() - pagingStarted;
    const overdueAfter = await overdueInStore(db);
    const expected = new Set([...overdueBefore].filter((id) => overdueAfter.has(id)));
    const missing = [...expected].filter((id) => !overdueIds.has(id));
    const extra = [...overdueIds].filter((id) => !overdueBefore.has(id) && !overdueAfter.has(id));
    const settling = overdueBefore.size + overdueAfter.size - 2 * expected.size;
    inv.check(
      missing.length === 0 && extra.length === 0,
      `the overdue list holds the ${expected.size} programmes overdue in the store before and after it was read, and none overdue in neither`,
      `${missing.length} missing, ${extra.length} not expected (${settling} changed while it was read)`,
    );
    const overdueImpl = ids.filter((x) => x.target === 'implementation' && expected.has(x.id)).length;
    log(`${expected.size} programmes overdue (${overdueImpl} of the ${counts.implementation} in implementation)`);

    const p = (ms: number[]) => percentiles(ms);
    const of = p(overdueFirst.ms);
    const os = p(overdueStage.ms);
    const fp = p(firstPage.ms);
    const b = p(baseline);
    const peak = Math.max(...samples.map((s) => s.peakRss));
    const maxHeap = Math.max(...samples.map((s) => s.heapUsed));

    console.log(`\n## Scale — ${N} programmes open (review ${counts.review}, signing ${counts.signing}, implementation ${counts.implementation})\n`);
    console.log(`set-up: ${fmt(setupSeconds)} s, ${fmt(N / setupSeconds)} programmes/s, ${mails.count} emails; WORKER_MAX_CACHED_WORKFLOWS=${maxCached}\n`);
    console.log(
      table(
        ['figure', 'idle / empty (baseline)', `with ${N} open`, 'ratio'],
        [
          ['worker RSS', mib(idle.rss), mib(end.rss), fmt(end.rss / idle.rss, 2)],
          ['worker peak RSS (VmHWM)', mib(idle.peakRss), mib(peak), fmt(peak / idle.peakRss, 2)],
          ['worker heap used', mib(idle.heapUsed), `${mib(end.heapUsed)} (max ${mib(maxHeap)})`, fmt(end.heapUsed / idle.heapUsed, 2)],
          ['worker heap total', mib(idle.heapTotal), mib(end.heapTotal), fmt(end.heapTotal / idle.heapTotal, 2)],
          [
            'Temporal SQLite (db + wal)',
            mib(emptyDb.total),
            `${mib(tdb.total)} (db ${mib(tdb.db)}, wal ${mib(tdb.wal)})`,
            fmt(tdb.total / Math.max(1, emptyDb.total), 1),
          ],
        ],
      ),
    );
    console.log(
      `\nTemporal DB per programme: ${fmt((dbAfterPhase1.total - emptyDb.total) / L / 1024)} KiB set up through Updates (${L}), ${N > L ? fmt((tdb.total - dbAfterPhase1.total) / (N - L) / 1024) : '—'} KiB per copy (${N - L}); phase 1 took ${fmt(phase1Seconds)} s (${fmt(L / phase1Seconds, 2)}/s), phase 2 ${fmt(phase2Seconds)} s (${fmt((N - L) / Math.max(phase2Seconds, 0.001), 1)}/s)`,
    );
    console.log('\nworker memory as programmes piled up:\n');
    const checkpoints = [0, 0.1, 0.25, 0.5, 0.75, 1].map((q) => samples.find((s) => s.programmes >= q * N) ?? end);
    console.log(
      table(
        ['programmes set up', 'seconds', 'RSS', 'peak RSS', 'heap used'],
        [...new Set(checkpoints)].map((s) => [s.programmes, s.at, mib(s.rss), mib(s.peakRss), mib(s.heapUsed)]),
      ),
    );
    console.log('\nlisting (ms, 20 sequential requests each):\n');
    console.log(
      table(
        ['request', 'p50', 'p95', 'max', 'target'],
        [
          ['GET /v1/programs?overdue=true (first page, 20)', of.p50, of.p95, of.max, of.p95 < 200 ? '< 200: met' : '< 200: NOT met'],
          ['GET /v1/programs?overdue=true&stage=implementation', os.p50, os.p95, os.max, os.p95 < 200 ? '< 200: met' : '< 200: NOT met'],
          ['GET /v1/programs (first page, no filter)', fp.p50, fp.p95, fp.max, ''],
          ['baseline: bare Hono + 1 GetItem', b.p50, b.p95, b.max, ''],
        ],
      ),
    );
    console.log(`\noverdue first page p50 / baseline p50: ${fmt(of.p50 / b.p50, 1)}×`);
    console.log(`the whole overdue list (${overdueIds.size} programmes, ${pages} pages of 100): ${fmt(pagingMs)} ms`);
    console.log(`\nCPU seconds by process during set-up (${fmt(setupSeconds)} s):\n`);
    console.log(table(['process', 'CPU s', 'of wall'], setupCpu));
    const replayed = await replayTimes(
      h,
      ids.slice(0, Math.min(L, replays + 1)).map((x) => x.id),
    );
    const rp = percentiles(replayed.ms);
    const nearIds = ids
      .filter((x) => x.target === 'review')
      .slice(0, nearThreshold)
      .map((x) => x.id);
    const grownTo = await growHistories(h, nearIds, nearEvents);
    await untilQuiet(h);
    const near = await replayTimes(h, nearIds, nearReplays);
    const np = percentiles(near.ms);
    const nearCpu = percentiles(near.cpuMs);
    const nearEventsMedian = percentiles(near.events).p50;
    console.log(
      `replay of an evicted workflow near the continue-as-new threshold (${historyEventsBeforeContinueAsNew} events): p50 ${fmt(np.p50)} ms, p95 ${fmt(np.p95)} ms over ${np.n} replays of ${nearIds.length} histories of ${fmt(percentiles(near.events).min, 0)}–${fmt(percentiles(near.events).max, 0)} events; CPU p50 ${fmt(nearCpu.p50)} ms, p95 ${fmt(nearCpu.p95)} ms (${fmt(nearCpu.p50 / nearEventsMedian, 3)} ms per event)`,
    );
    const rpCpu = percentiles(replayed.cpuMs);
    console.log(
      `\nreplay of an evicted workflow: p50 ${fmt(rp.p50)} ms, p95 ${fmt(rp.p95)} ms over ${rp.n} histories of ${fmt(percentiles(replayed.events).p50, 0)} events (median); CPU p50 ${fmt(rpCpu.p50)} ms, p95 ${fmt(rpCpu.p95)} ms`,
    );
    rec.figure({
      id: 'scale.worker-rss',
      label: `worker RSS with ${N} programmes open (cache ${maxCached})`,
      value: end.rss / 1024 ** 2,
      unit: 'MiB',
      baseline: { label: 'the same worker idle', value: idle.rss / 1024 ** 2 },
      note: `peak ${mib(peak)}; bounded by the workflow cache, see the memory series`,
    });
    rec.figure({
      id: 'scale.replay.p95',
      label: 'replay of an evicted workflow, p95',
      value: rp.p95,
      unit: 'ms',
      target: { kind: 'value-max', limit: 50 },
      note: `histories of ${fmt(percentiles(replayed.events).min, 0)}–${fmt(percentiles(replayed.events).max, 0)} events, as the set-up made them; each replay includes the replay worker's fixed cost per workflow`,
    });
    rec.figure({
      id: 'scale.replay-near-threshold.p95',
      label: 'replay of an evicted workflow near the continue-as-new threshold, p95',
      value: np.p95,
      unit: 'ms',
      target: { kind: 'value-max', limit: 50 },
      note: `${nearIds.length} programmes in review grown by roster-change signals to ${fmt(Math.min(...grownTo), 0)}–${fmt(Math.max(...grownTo), 0)} events (threshold ${historyEventsBeforeContinueAsNew}), each replayed ${nearReplays} times; the time follows the events of one run, not the number of programmes open`,
    });
    rec.figure({
      id: 'scale.overdue.p95',
      label: 'GET /v1/programs?overdue=true first page, p95',
      value: of.p95,
      unit: 'ms',
      baseline: { label: 'bare GetItem', value: b.p95 },
      target: { kind: 'value-max', limit: 200 },
    });
    rec.figure({
      id: 'scale.sqlite',
      label: `Temporal SQLite with ${N} open`,
      value: tdb.total / 1024 ** 2,
      unit: 'MiB',
      baseline: { label: 'empty', value: emptyDb.total / 1024 ** 2 },
    });
    rec.series(
      'worker RSS while programmes piled up',
      'MiB',
      samples.map((x) => x.rss / 1024 ** 2),
    );
    rec.series(
      'programmes set up at each memory sample',
      'programmes',
      samples.map((x) => x.programmes),
    );
    rec.series('replay of an evicted workflow', 'ms', replayed.ms);
    rec.series('replay of an evicted workflow near the continue-as-new threshold', 'ms', near.ms);
    rec.series('replay of an evicted workflow near the continue-as-new threshold, CPU of the replaying process', 'ms', near.cpuMs);
    rec.series('overdue first page', 'ms', overdueFirst.ms);
    rec.cpu('set-up', setupSeconds, cpu0, setupCpuAfter, { count: N, of: 'programmes' });
    console.log(`\n${inv.summary()}`);
    log(`raw results: ${rec.write(inv)}`);
    return inv.failed.length === 0 ? 0 : 1;
  } finally {
    stopDeadline();
    await h.stop();
  }
}

process.exit(await main());
