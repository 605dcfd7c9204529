/**
 * Benchmark 4 — reminder burst.
 *
 * M programmes whose progress reports fall due on the same day, all at once. How: a template
 * programme goes through the API to implementation with a monthly period that ended in
 * October 2026. While the worker is stopped, M copies are made of it as it was when it entered
 * implementation, but in implementation since mid-September (bench/lib/clone.ts: its store
 * items, and a workflow started with that state as continue-as-new input). When the worker
 * starts, every copy's October period closes and its report is overdue: the reminder to the
 * OPD and the escalation to Diskominfo and the Sekda are due for all M at that moment, the
 * burst a due day brings at 08:00 WIB, or a worker coming back after an outage. One copy made
 * first, with the worker running, says how many emails and escalation events each gets. (The Java time-skipping server could fire M real timers at
 * once instead, but it is not the server production runs, and it would skip the SQLite
 * persistence this measures.)
 *
 * Figures: time from the worker's start until every reminder is in the SMTP sink, emails per
 * second, duplicates by Message-ID (must be 0). Baseline in the same run: nodemailer alone,
 * sending the same kind of message to the same sink with 100 at once (the worker's default
 * number of concurrent activities), without Temporal or DynamoDB.
 *
 *   tsx bench/reminder-burst.ts [--m=5000] [--quick]
 *
 * Exits non-zero only when an invariant is violated: a reminder missing, one sent twice, or an
 * escalation not recorded exactly once in a programme's audit trail.
 */
import nodemailer from 'nodemailer';
import { cpuBetween, startHarness, type Harness } from './harness.js';
import { agedImplementation, fourOffices, lifecycleByApi, proposers } from './lib/alur.js';
import { captureTemplate, cloneProgram, dynamoFor } from './lib/clone.js';
import { ApiClient } from './lib/http.js';
import { probeClone, reportMailsByProgramme, reportMailsOf, trailOf } from './lib/checks.js';
import { closedLoop } from './lib/load.js';
import { Recorder } from './lib/results.js';
import { deadline, fmt, Invariants, log, option, percentiles, pool, quick, sleep, table } from './lib/util.js';
import { workflowIdOf } from '../workflows/messages.js';

const M = option('m', 5000, 100);
const baselineMessages = option('baseline-messages', Math.min(3000, M * 3), 300);
const maxMinutes = option('max-minutes', 90, 15);

const eventMs = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6);

/**
 * Where a copy's burst time went, read off its history from the worker's start: each workflow task
 * waiting for the worker and in it, each activity waiting for a slot and running (by type), and
 * how many of each one report round takes. Medians over the copies given (ms, or counts).
 */
async function burstRoundTrips(h: Harness, ids: string[], since: number): Promise<[string, number][]> {
  const samples = new Map<string, number[]>();
  const add = (k: string, v: number) => samples.set(k, [...(samples.get(k) ?? []), v]);
  for (const id of ids) {
    const events = (await h.client.workflow.getHandle(workflowIdOf(id)).fetchHistory()).events ?? [];
    const at = new Map(events.map((e) => [Number(e.eventId), e]));
    let tasks = 0;
    let activities = 0;
    for (const e of events) {
      if (eventMs(e) < since) continue;
      const wft = e.workflowTaskStartedEventAttributes;
      if (wft) {
        tasks += 1;
        add('workflow task: waiting for the worker', eventMs(e) - eventMs(at.get(Number(wft.scheduledEventId))!));
      }
      const done = e.workflowTaskCompletedEventAttributes;
      if (done) add('workflow task: in the worker', eventMs(e) - eventMs(at.get(Number(done.startedEventId))!));
      const started = e.activityTaskStartedEventAttributes;
      if (started) add('activity: waiting for a slot', eventMs(e) - eventMs(at.get(Number(started.scheduledEventId))!));
      const completed = e.activityTaskCompletedEventAttributes;
      if (completed) {
        activities += 1;
        const scheduled = at.get(Number(completed.scheduledEventId))!;
        add(
          `activity running: ${scheduled.activityTaskScheduledEventAttributes?.activityType?.name ?? '?'}`,
          eventMs(e) - eventMs(at.get(Number(completed.startedEventId))!),
        );
      }
    }
    add('workflow tasks per copy', tasks);
    add('activities per copy', activities);
  }
  return [...samples.entries()].map(([k, v]) => [k, percentiles(v).p50]);
}

/** Temporal actions of one copy's run: its start and every activity, timer and signal since. */
async function actionsOf(h: Harness, programId: string): Promise<number> {
  const history = await h.client.workflow.getHandle(workflowIdOf(programId)).fetchHistory();
  const events = history.events ?? [];
  return 1 + events.filter((e) => e.activityTaskScheduledEventAttributes || e.timerStartedEventAttributes || e.workflowExecutionSignaledEventAttributes).length;
}

async function main(): Promise<number> {
  log(`reminder burst: ${M} programmes with a report due at once`);
  const h = await startHarness({ name: 'burst' });
  const stopDeadline = deadline(maxMinutes, () => h.stop());
  const inv = new Invariants();
  const rec = new Recorder('reminder-burst', quick(), { m: M, baselineMessages });
  try {
    const api = new ApiClient(h.apiUrl);
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);

    // The template, the normal way; then one copy with the worker running says what each copy gets.
    const template = await lifecycleByApi(api, proposers[0], fourOffices, agedImplementation.dates);
    await reportMailsOf(h, template.id);
    const t = await captureTemplate(h.client, db, template.id, { freshImplementation: true, implementationOpenedAt: agedImplementation.openedAt });
    const probe = await probeClone(h, db, t);
    const perProgramme = probe.perProgramme;
    const probeMails = (await h.mailList({ contains: `alur.${probe.id}.` })).filter((m) => (m.messageId ?? '').includes('.report-'));
    log(
      `each programme gets ${perProgramme} report emails (${probeMails.map((m) => m.messageId?.split('.').slice(3, 5).join('.')).join(', ')}) and ${probe.escalations} escalation event(s)`,
    );

    log('stopping the worker; copying the template');
    await h.worker.stop();
    const cloneStarted = performance.now();
    const ids = await pool(
      Array.from({ length: M }, (_, i) => i),
      20,
      () => cloneProgram(h, db, t),
    );
    log(`${M} copies made in ${fmt((performance.now() - cloneStarted) / 1000)} s`);

    const before = await h.mailStats('.report-');
    const expected = before.count + M * perProgramme;
    const cpu0 = h.cpu();
    const t0 = performance.now();
    await h.worker.start();
    const readyAt = (performance.now() - t0) / 1000;
    log(`worker ready after ${fmt(readyAt)} s; waiting for ${M * perProgramme} reminders`);
    const progress: [number, number][] = [];
    let stats = before;
    const waitLimit = Date.now() + Math.max(600_000, M * 600);
    while (Date.now() < waitLimit) {
      stats = await h.mailStats('.report-');
      progress.push([(performance.now() - t0) / 1000, stats.count - before.count]);
      if (stats.count >= expected) break;
      if (progress.length % 15 === 0) log(`${stats.count - before.count}/${M * perProgramme} reminders in the sink`);
      await sleep(1000);
    }
    const allIn = (performance.now() - t0) / 1000;
    const cpu1 = h.cpu();
    const cpu = cpuBetween(cpu0, cpu1, allIn);
    await sleep(3000); // anything more (a duplicate) would arrive now
    const workerStartedAt = Date.now() - (performance.now() - t0);
    const roundTrips = await burstRoundTrips(h, ids.slice(0, 20), workerStartedAt);
    stats = await h.mailStats('.report-');
    const delivered = stats.count - before.count;
    const firstAt = progress.find(([, n]) => n > 0)?.[0] ?? NaN;

    inv.check(
      stats.distinct - before.distinct === M * perProgramme,
      `every reminder arrived (${stats.distinct - before.distinct}/${M * perProgramme} distinct)`,
    );
    inv.check(stats.duplicateCount === 0, 'no reminder twice (by Message-ID)', JSON.stringify(stats.duplicates.slice(0, 3)));
    const perCopy = await reportMailsByProgramme(h);
    const wrongCount = ids.filter((id) => perCopy.get(id) !== perProgramme);
    inv.check(
      wrongCount.length === 0,
      `every programme got its ${perProgramme} report emails`,
      wrongCount
        .slice(0, 5)
        .map((id) => `${id}: ${perCopy.get(id) ?? 0}`)
        .join(', '),
    );
    // Each copy's audit trail: contiguous, with the escalation(s) recorded as often as the probe's.
    const badTrails = (
      await pool(ids, 20, async (id) => {
        const trail = await trailOf(db, id);
        const escalations = trail.events.filter((e) => e.type === 'escalated').length;
        return trail.problems.length === 0 && escalations === probe.escalations ? null : { id, problems: trail.problems, escalations };
      })
    ).filter((x) => x !== null);
    inv.check(
      badTrails.length === 0,
      `every audit trail is contiguous, with ${probe.escalations} escalation event(s) as the probe's`,
      JSON.stringify(badTrails.slice(0, 3)),
    );

    // Baseline: nodemailer alone, the same sink, 100 at once.
    const sample = probeMails[0]!;
    const [full] = await h.mailList({ contains: sample.messageId ?? '', withText: true });
    const transport = nodemailer.createTransport(h.env['SMTP_URL']);
    const body = full?.text ?? 'x'.repeat(2000);
    const base = await closedLoop(baselineMessages, 100, async (i) => {
      await transport.sendMail({
        from: 'alur <alur@solselkab.example>',
        to: 'kadis.dinkes@solselkab.example',
        subject: sample.subject,
        text: body,
        html: `<p>${body}</p>`,
        messageId: `<bench.baseline.${i}.${Date.now()}@solselkab.example>`,
      });
      return 250;
    });
    transport.close();

    const rate = delivered / allIn;
    console.log(`\n## Reminder burst — ${M} programmes, ${perProgramme} report emails each\n`);
    console.log(
      table(
        ['figure', 'value'],
        [
          ['reminders expected / delivered / distinct', `${M * perProgramme} / ${delivered} / ${stats.distinct - before.distinct}`],
          ['duplicates by Message-ID', String(stats.duplicateCount)],
          ['worker start → ready (s)', readyAt],
          ['worker start → every reminder in the sink (s)', allIn],
          ['worker start → first reminder in the sink (s)', firstAt],
          ['alur emails/s (from worker start)', rate],
          ['baseline: nodemailer alone, 100 at once (emails/s)', base.perSecond],
          ['ratio alur / baseline', fmt(rate / base.perSecond, 2)],
        ],
      ),
    );
    const marks = [0.1, 0.25, 0.5, 0.75, 0.9, 1].map((q) => progress.find(([, n]) => n >= q * M * perProgramme));
    console.log('\nreminders in the sink over time:\n');
    console.log(
      table(
        ['share', 'seconds after worker start'],
        marks.map((m, i) => [`${[10, 25, 50, 75, 90, 100][i]} %`, m ? m[0] : NaN]),
      ),
    );
    console.log(`\nCPU seconds by process during the burst (${fmt(allIn)} s):\n`);
    console.log(table(['process', 'CPU s', 'of wall'], cpu));
    const lost = M * perProgramme - (stats.distinct - before.distinct);
    rec.figure({
      id: 'burst.emails-per-second',
      label: `reminder emails per second, ${M} programmes due at once`,
      value: rate,
      unit: 'emails/s',
      baseline: { label: 'nodemailer alone to the same sink, 100 at once', value: base.perSecond },
      target: { kind: 'value-min', limit: 50 },
      note: `where the time goes: each copy is a chain of ${fmt(roundTrips.find(([k]) => k === 'workflow tasks per copy')?.[1] ?? NaN, 0)} workflow tasks and ${fmt(roundTrips.find(([k]) => k === 'activities per copy')?.[1] ?? NaN, 0)} activities, one after another; a workflow task waited ${fmt(roundTrips.find(([k]) => k === 'workflow task: waiting for the worker')?.[1] ?? NaN, 0)} ms (median) for the worker and spent ${fmt(roundTrips.find(([k]) => k === 'workflow task: in the worker')?.[1] ?? NaN, 0)} ms in it (breakdown below)`,
    });
    rec.figure({
      id: 'burst.duplicates',
      label: 'reminders delivered twice',
      value: stats.duplicateCount,
      unit: 'emails',
      target: { kind: 'value-max', limit: 0 },
    });
    rec.figure({ id: 'burst.lost', label: 'reminders lost', value: lost, unit: 'emails', target: { kind: 'value-max', limit: 0 } });
    rec.figure({ id: 'burst.seconds', label: 'worker start → every reminder in the sink', value: allIn, unit: 's' });
    rec.cpu('the burst', allIn, cpu0, cpu1, { count: delivered, of: 'emails' });
    console.log(`\nWhere a copy's time went (median over ${Math.min(20, ids.length)} copies, ms; counts for the last two rows):\n`);
    console.log(
      table(
        ['step', 'median'],
        roundTrips.map(([k, v]) => [k, fmt(v)]),
      ),
    );
    rec.breakdown(
      `Where a copy's time went after the worker started: median ms per step over ${Math.min(20, ids.length)} copies' histories (counts in the rows "per copy"); every step of a copy waits for the one before`,
      'ms',
      roundTrips,
    );
    rec.series(
      'reminders in the sink by second after the worker started',
      'emails',
      progress.map(([, n]) => n),
    );
    rec.cost('emailsPerReportRound', perProgramme);
    rec.cost('temporalActionsPerReportRound', await actionsOf(h, probe.id));
    rec.cost('workerCpuSecondsPerEmail', ((cpu1['worker'] ?? 0) - (cpu0['worker'] ?? 0)) / Math.max(1, delivered));
    rec.cost('burstEmailsPerSecond', rate);
    console.log(`\n${inv.summary()}`);
    log(`raw results: ${rec.write(inv)}`);
    return inv.failed.length === 0 ? 0 : 1;
  } finally {
    stopDeadline();
    await h.stop();
  }
}

process.exit(await main());
