/**
 * Fault drills. Each drill starts its own stack with every part in its own process
 * (bench/harness.ts; dynalite, the mailbox and Temporal's SQLite persisted to disk), does harm
 * to one part while programmes are being worked on, lets the system recover, and checks what
 * must hold. Each prints what it did and every invariant; the script exits non-zero when one
 * is violated.
 *
 *   tsx bench/drills.ts [all | worker-kill | temporal-restart | smtp-down | dynalite-restart | api-restart | refused-address] [--quick]
 *
 *   worker-kill       kill -9 the worker --kills times (default 20) while commitments are being
 *                     signed, and --kills times while reminders are being sent; restart it each time.
 *   temporal-restart  stop the Temporal dev server (SIGTERM), then kill it (SIGKILL), each for
 *                     --outage-seconds, while programmes wait on links and short timers run.
 *   smtp-down         the SMTP sink down for --smtp-down-seconds (default 60) while reminders are due.
 *   dynalite-restart  kill -9 dynalite, then stop it, under a stream of proposals, decisions and writes.
 *   api-restart       kill -9 the API, then stop it, during a burst of link clicks (double clicks and
 *                     both reviewers at once).
 *   refused-address   the SMTP server refuses one reviewer's address for good (550) while
 *                     --refused-programmes proposals (default 100) ask both reviewers to decide.
 *   audit-chains      always last: every programme of every stack the drills above left, its audit
 *                     trail checked against the worker's audit key and its workflow's count of events
 *                     (as `npm run verify-audit`), each stack checked when its drill's harm was over.
 *
 * Each run writes its raw output (every invariant, the drill's figures) to bench/results/drills-*.json.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { programState, workflowIdOf } from '../workflows/messages.js';
import { baselineTaskQueue, startHarness, type Harness } from './harness.js';
import { agedImplementation, fiveOffices, fourOffices, lifecycleByApi, programDirect, proposal, proposers, reviewer, signerOf } from './lib/alur.js';
import { linksByProgramme, mailAccounting, probeClone, programIdsOf, reportMailsByProgramme, reportMailsOf, trailOf, untilQuiet } from './lib/checks.js';
import { captureTemplate, cloneProgram, dynamoFor } from './lib/clone.js';
import { ApiClient, jsonOf, request, type HttpResponse } from './lib/http.js';
import { Recorder } from './lib/results.js';
import { deadline, fmt, Invariants, log, option, pool, quick, sleep, table } from './lib/util.js';
import { auditTrailVerdict } from '../scripts/audit-trail.js';

const kills = option('kills', 20, 5);
const outageSeconds = option('outage-seconds', 20, 10);
const smtpDownSeconds = option('smtp-down-seconds', 60, 15);
const maxMinutes = option('max-minutes', 120, 40);
const emails = { reviewer1: 'rina.aptika@solselkab.example', reviewer2: 'andi.aptika@solselkab.example', bupati: 'bupati@solselkab.example' };

const rand = (min: number, max: number) => min + Math.random() * (max - min);

/** A JSON answer's `status` field, if any. */
function answerOf(r: HttpResponse): string | undefined {
  try {
    return (JSON.parse(r.text) as { status?: unknown; title?: unknown }).status as string | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks common to every drill: audit trails intact, every intended email delivered exactly
 * once. With `crashes` (times of kill -9), a second copy is allowed only in the one window in
 * which an email is sent again (ARCHITECTURE.md, "Email at least once"): its first copy was
 * accepted before a kill, and its "sent" record (the mail log's `sentAt`, the time the record
 * was written) is from after that kill, so the killed worker had not recorded it. Such copies
 * are counted; any other second copy, or a third, is a violation.
 */
async function commonChecks(inv: Invariants, h: Harness, ids: string[], crashes: string[] = [], refused: string[] = []): Promise<void> {
  const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
  const trails = await pool(ids, 10, (id) => trailOf(db, id));
  const broken = trails.filter((t) => t.problems.length > 0 || t.events.length === 0);
  inv.check(
    broken.length === 0,
    `audit trails complete and in order (seq contiguous) for ${ids.length} programmes`,
    JSON.stringify(broken.slice(0, 2).map((t) => ({ id: t.id, problems: t.problems }))),
  );
  const mail = await mailAccounting(h, db, refused);
  inv.check(mail.unsent.length === 0, `every intended email marked sent (${mail.intended} intended)`, mail.unsent.slice(0, 3).join(', '));
  inv.check(mail.missing.length === 0, 'every intended email is in the mailbox', mail.missing.slice(0, 3).join(', '));
  const kills = crashes.map((t) => Date.parse(t));
  const unrecordedAtAKill = (firstAt: string, sentAt: string | null) =>
    sentAt !== null && kills.some((k) => Date.parse(firstAt) <= k && k < Date.parse(sentAt));
  const windowed = mail.twice.filter((t) => t.n === 2 && unrecordedAtAKill(t.firstAt, t.sentAt));
  const unexplained = mail.twice.filter((t) => !windowed.includes(t));
  if (crashes.length > 0) {
    log(
      `emails sent twice because a kill -9 fell between SMTP acceptance and the "sent" record (first copy accepted before a kill, recorded after it): ${windowed.length} of ${mail.distinct} distinct, same Message-ID`,
    );
  }
  await verifyEveryChain(h, db);
  inv.check(
    unexplained.length === 0,
    crashes.length > 0
      ? `no email twice by Message-ID except in a kill -9's window (${mail.delivered} delivered, ${windowed.length} in a window)`
      : `no email twice by Message-ID (${mail.delivered} delivered)`,
    JSON.stringify(unexplained.slice(0, 5)),
  );
  db.client.destroy();
}

/** What the audit-chain check found in each drill's stack, reported by the last drill. */
const chainChecks: { stack: string; programmes: number; broken: { id: string; brokenAt: number | null; reason: string | null }[] }[] = [];

/**
 * Every programme in the stack's table, its trail checked with the audit key and its workflow's
 * count (a programme recording a step at that moment is checked again a moment later).
 */
async function verifyEveryChain(h: Harness, db: ReturnType<typeof dynamoFor>): Promise<void> {
  const ids = await programIdsOf(db);
  const verdictOf = (id: string) => auditTrailVerdict({ store: h.store, client: h.client, auditKey: h.secrets.AUDIT_HMAC_SECRET }, id);
  const verdicts = await pool(ids, 10, async (id) => {
    let v = await verdictOf(id);
    if (!v.valid && v.reason === 'missing') {
      await sleep(2000);
      v = await verdictOf(id);
    }
    return { id, brokenAt: v.brokenAt, reason: v.reason, valid: v.valid };
  });
  chainChecks.push({
    stack: h.dir,
    programmes: ids.length,
    broken: verdicts.filter((v) => !v.valid).map(({ id, brokenAt, reason }) => ({ id, brokenAt, reason })),
  });
}

function drillAuditChains(inv: Invariants): Promise<void> {
  inv.check(chainChecks.length > 0, `the drills before this one left stacks to check (${chainChecks.length})`);
  for (const c of chainChecks) {
    inv.check(
      c.programmes > 0 && c.broken.length === 0,
      `every audit trail as the worker wrote it, sealed and as long as its workflow counts: ${c.programmes} programmes of ${c.stack.split('/').pop()}`,
      JSON.stringify(c.broken.slice(0, 3)),
    );
  }
  return Promise.resolve();
}

// ---------------------------------------------------------------------------------------
// 1. kill -9 the worker

/** Kills the worker every few seconds of it running, restarting it each time, while `busy()`; returns the kill times. */
async function killWorkerRepeatedly(h: Harness, times: number, busy: () => boolean, upMs: [number, number]): Promise<string[]> {
  const at: string[] = [];
  while (at.length < times && busy()) {
    await sleep(rand(upMs[0], upMs[1]));
    if (!busy()) break;
    await h.worker.kill();
    at.push(new Date().toISOString());
    log(`kill -9 worker #${at.length}`);
    await h.worker.start();
  }
  return at;
}

async function drillWorkerKill(inv: Invariants): Promise<void> {
  const P = option('signing-programmes', 30, 8);
  const R = option('reminder-programmes', 300, 60);
  const h = await startHarness({ name: 'drill-worker', persist: true, signingOffices: fiveOffices });
  try {
    const api = new ApiClient(h.apiUrl);
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
    const proposer = proposers[0];

    // --- a: in the middle of signing
    log(`worker-kill a: ${P} programmes waiting for ${fiveOffices.length} signatures, and one control programme`);
    const control = await programDirect(h.client, proposer, 'signing', fiveOffices);
    const ids = await pool(
      Array.from({ length: P }, () => 0),
      10,
      () => programDirect(h.client, proposer, 'signing', fiveOffices),
    );
    for (const office of fiveOffices) {
      const r = await api.as(signerOf(office, proposer), 'POST', `/v1/programs/${control}/signatures`, { office });
      if (r.status !== 200) throw new Error(`control signature ${office}: ${r.status} ${r.text.slice(0, 200)}`);
    }
    await untilQuiet(h, 3);

    const answers: Record<string, number> = {};
    let signing = true;
    const signAll = pool(ids, P, async (id) => {
      for (const office of fiveOffices) {
        for (let attempt = 1; ; attempt++) {
          let r: HttpResponse | null = null;
          try {
            r = await api.as(signerOf(office, proposer), 'POST', `/v1/programs/${id}/signatures`, { office }, {});
          } catch (e) {
            answers[`no answer (${String(e).slice(0, 40)})`] = (answers[`no answer (${String(e).slice(0, 40)})`] ?? 0) + 1;
          }
          if (r) {
            const key = `${r.status}${r.status === 409 ? ` ${jsonOf<{ title?: string }>(r).title ?? ''}` : ''}`;
            answers[key] = (answers[key] ?? 0) + 1;
            if (r.status === 200) break;
            // The signature of an attempt whose answer was lost: recorded once, reported as already signed.
            if (r.status === 409 && /already signed/i.test(r.text) && attempt > 1) break;
          }
          if (attempt > 200) throw new Error(`signature ${office} of ${id} never went through`);
          await sleep(1000);
        }
      }
    }).finally(() => (signing = false));
    const killed = await killWorkerRepeatedly(h, kills, () => signing, [1500, 4000]);
    await signAll;
    log(`signing done; ${killed.length} kills happened while signing; answers: ${JSON.stringify(answers)}`);
    // An answer no longer waits for the worker (the API's Update deadline is 20 s), and an
    // activity that was running on a killed worker is retried only after its 1-minute
    // start-to-close timeout: a quiet stack is not a finished one. Wait for every programme to
    // reach implementation (at most 3 minutes), then for the mail to settle.
    const settleStarted = performance.now();
    for (let i = 0; i < 180; i++) {
      const stages = await pool(ids, 10, async (id) => jsonOf<{ stage: string }>(await api.as('pemantau', 'GET', `/v1/programs/${id}/signatures`)).stage);
      if (stages.every((st) => st === 'implementation')) break;
      await sleep(1000);
    }
    log(`every programme settled ${fmt((performance.now() - settleStarted) / 1000)} s after the last signature answer`);
    await untilQuiet(h, 5);

    const states = await pool(ids, 10, async (id) => {
      const r = await api.as('pemantau', 'GET', `/v1/programs/${id}/signatures`);
      const b = jsonOf<{ stage: string; signed: number; commitmentHash: string | null }>(r);
      const trail = await trailOf(db, id);
      const signed = trail.events.filter((e) => e.type === 'signed').map((e) => e.office ?? '?');
      return {
        id,
        ...b,
        signedEvents: signed,
        toImplementation: trail.events.filter((e) => e.type === 'stage_opened' && e.toStage === 'implementation').length,
      };
    });
    inv.check(killed.length >= Math.min(kills, 3), `the worker was killed in the middle of signing (${killed.length} times)`);
    const notSigned = states.filter((s) => s.stage !== 'implementation' || s.signed !== fiveOffices.length || !s.commitmentHash);
    inv.check(
      notSigned.length === 0,
      `no signature or transition lost: all ${P} programmes signed by ${fiveOffices.length} offices and in implementation`,
      JSON.stringify(notSigned.slice(0, 3)),
    );
    const badEvents = states.filter((s) => [...s.signedEvents].sort().join() !== [...fiveOffices].sort().join() || s.toImplementation !== 1);
    inv.check(
      badEvents.length === 0,
      "each office's signature recorded exactly once in the audit trail, implementation opened once",
      JSON.stringify(badEvents.slice(0, 3)),
    );
    const mailsOf = async (id: string) => new Set((await h.mailList({ contains: `alur.${id}.` })).map((m) => m.messageId)).size;
    const expectedMails = await mailsOf(control);
    const mailCounts = await pool(ids, 10, async (id) => ({ id, n: await mailsOf(id) }));
    const wrongMail = mailCounts.filter((m) => m.n !== expectedMails);
    inv.check(
      wrongMail.length === 0,
      `every programme got the same ${expectedMails} distinct emails as the control programme`,
      JSON.stringify(wrongMail.slice(0, 5)),
    );

    // --- b: in the middle of sending reminders
    log(`worker-kill b: ${R} programmes whose report reminders fall due at once`);
    const template = await lifecycleByApi(api, proposer, fiveOffices, agedImplementation.dates);
    await reportMailsOf(h, template.id);
    const t = await captureTemplate(h.client, db, template.id, { freshImplementation: true, implementationOpenedAt: agedImplementation.openedAt });
    const probe = await probeClone(h, db, t);
    const perProgramme = probe.perProgramme;
    await h.worker.stop();
    const clones = await pool(
      Array.from({ length: R }, () => 0),
      20,
      () => cloneProgram(h, db, t),
    );
    const before = (await h.mailStats('.report-')).distinct;
    const expected = before + R * perProgramme;
    await h.worker.start();
    let sending = true;
    const watch = (async () => {
      while ((await h.mailStats('.report-')).distinct < expected) await sleep(500);
      sending = false;
    })();
    const killedB = await killWorkerRepeatedly(h, kills, () => sending, [800, 2500]);
    log(`${killedB.length} kills happened while reminders were being sent; waiting for the rest`);
    await Promise.race([watch, sleep(300_000)]);
    sending = false;
    await untilQuiet(h, 5);
    const stats = await h.mailStats('.report-');
    inv.check(killedB.length >= Math.min(kills, 3), `the worker was killed in the middle of sending reminders (${killedB.length} times)`);
    inv.check(stats.distinct - before === R * perProgramme, `no reminder lost: ${stats.distinct - before}/${R * perProgramme} distinct reminders delivered`);
    const perCopy = await reportMailsByProgramme(h);
    const wrongCount = clones.filter((id) => perCopy.get(id) !== perProgramme);
    inv.check(
      wrongCount.length === 0,
      `every programme got its ${perProgramme} report emails`,
      wrongCount
        .slice(0, 5)
        .map((id) => `${id}: ${perCopy.get(id) ?? 0}`)
        .join(', '),
    );
    const escal = await pool(clones, 10, async (id) => (await trailOf(db, id)).events.filter((e) => e.type === 'escalated').length);
    inv.check(
      escal.every((n) => n === probe.escalations),
      `every escalation recorded exactly once (${probe.escalations} per programme, as the probe)`,
      `counts: ${JSON.stringify(escal.reduce<Record<number, number>>((a, n) => ({ ...a, [n]: (a[n] ?? 0) + 1 }), {}))}`,
    );
    await commonChecks(inv, h, [control, ...ids, template.id, probe.id, ...clones], [...killed, ...killedB]);
    db.client.destroy();
  } finally {
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 2. Temporal dev server stopped and killed, restarted on its SQLite file

async function drillTemporalRestart(inv: Invariants): Promise<void> {
  const h = await startHarness({ name: 'drill-temporal', persist: true, baselineWorker: true });
  try {
    const api = new ApiClient(h.apiUrl);
    const reviews = await pool(
      Array.from({ length: 10 }, (_, i) => i),
      5,
      (i) => programDirect(h.client, proposers[i % proposers.length]!, 'review', fourOffices),
    );
    const signings = await pool(
      Array.from({ length: 5 }, (_, i) => i),
      5,
      (i) => programDirect(h.client, proposers[i % proposers.length]!, 'signing', fourOffices),
    );
    await untilQuiet(h, 3);
    const reviewLinks = await linksByProgramme(h, emails.reviewer1, '.1.diskominfo_review.');
    const signLinks = await linksByProgramme(h, emails.bupati, '.3.signing');
    inv.check(reviewLinks.size >= reviews.length && signLinks.size >= signings.length, 'every waiting programme has its emailed link');

    // Short timers that fire before, during and after each outage.
    const t0 = Date.now();
    const outage = outageSeconds * 1000;
    const plan = [5_000, 10_000 + outage / 2, 15_000 + outage + 10_000, 30_000 + outage + outage / 2, 40_000 + 2 * outage + 10_000].map((ms) =>
      new Date(t0 + ms).toISOString(),
    );
    const timers = await pool(
      Array.from({ length: 10 }, (_, i) => i),
      5,
      (i) =>
        h.client.workflow.start('timerWorkflow', { workflowId: `timers-${randomBytes(3).toString('hex')}-${i}`, taskQueue: baselineTaskQueue, args: [plan] }),
    );
    log(`10 timer workflows with timers at +${plan.map((p) => Math.round((Date.parse(p) - t0) / 1000)).join(' s, +')} s`);

    const duringOutage: { link: string; status: number; answer: string | undefined; ms: number }[] = [];
    const clicksInFlight: Promise<unknown>[] = [];
    for (const [round, how] of [
      [1, 'stop'],
      [2, 'kill'],
    ] as const) {
      await sleep(round === 1 ? 8_000 : 10_000);
      log(`round ${round}: ${how === 'stop' ? 'stopping (SIGTERM)' : 'killing (SIGKILL)'} the Temporal dev server for ${outageSeconds} s`);
      if (how === 'stop') await h.temporal.stop();
      else await h.temporal.kill();
      await sleep(1000);
      const health = await request('GET', `${h.apiUrl}/health`, { timeoutMs: 10_000 }).catch(() => null);
      inv.check(health?.status === 503, `round ${round}: /health says 503 while Temporal is down`, `got ${health?.status ?? 'no answer'}`);
      // A person clicks while Temporal is down; the answer may only come once it is back.
      const link = [...reviewLinks.values()][round - 1]!;
      const clickStarted = performance.now();
      const pendingClick = api
        .act(link, { decision: 'approve', comment: '' })
        .catch((e: unknown) => ({ status: 0, text: String(e), headers: {}, ms: 0 }))
        .then((r) => duringOutage.push({ link, status: r.status, answer: answerOf(r), ms: performance.now() - clickStarted }));
      clicksInFlight.push(pendingClick);
      await sleep(outage - 1000);
      const restartStarted = Date.now();
      try {
        await h.temporal.start();
      } catch (e) {
        inv.check(false, `round ${round}: the dev server restarts on its SQLite file`, String(e).slice(0, 1500));
        return;
      }
      log(`round ${round}: Temporal back after ${fmt((Date.now() - restartStarted) / 1000)} s`);
      inv.check(true, `round ${round}: the dev server restarted on its SQLite file`);
      const back = await (async () => {
        for (let i = 0; i < 60; i++) {
          const hr = await request('GET', `${h.apiUrl}/health`, { timeoutMs: 10_000 }).catch(() => null);
          if (hr?.status === 200) return true;
          await sleep(1000);
        }
        return false;
      })();
      inv.check(back, `round ${round}: the API reports healthy again`);
    }
    await Promise.all(clicksInFlight);
    log(
      `clicks made while Temporal was down: ${JSON.stringify(duringOutage.map((d) => ({ status: d.status, answer: d.answer, seconds: Math.round(d.ms / 100) / 10 })))}`,
    );
    inv.check(
      duringOutage.every((d) => d.status >= 500 || d.status === 0 || (d.status === 200 && d.answer === 'done')),
      'clicks while Temporal was down were told to retry (5xx), or acted once Temporal was back (200 done)',
      JSON.stringify(duringOutage),
    );

    // Every timer fired, none early, none lost.
    const results = await Promise.all(
      timers.map((t) => Promise.race([t.result() as Promise<{ planned: string; firedAt: string }[]>, sleep(300_000).then(() => null)])),
    );
    const lost = results.filter((r) => r === null || r.length !== plan.length).length;
    inv.check(lost === 0, `every timer fired after the restarts (${timers.length} workflows × ${plan.length} timers)`, `${lost} workflows incomplete`);
    const early = results.flatMap((r) => r ?? []).filter((f) => f.firedAt < f.planned);
    inv.check(early.length === 0, 'no timer fired early', JSON.stringify(early.slice(0, 3)));
    const lateness = results.flatMap((r) => r ?? []).map((f) => (Date.parse(f.firedAt) - Date.parse(f.planned)) / 1000);
    log(`timer lateness: max ${fmt(Math.max(...lateness))} s (timers due during an outage fire when the server is back)`);

    // Every programme is still running and goes on when its link is used.
    const running = await pool([...reviews, ...signings], 5, async (id) => (await h.client.workflow.getHandle(workflowIdOf(id)).describe()).status.name);
    inv.check(
      running.every((s) => s === 'RUNNING'),
      'every programme workflow is still running',
      running.join(','),
    );
    const clicks = await pool(
      [...reviewLinks.entries()].filter(([id]) => reviews.includes(id)),
      5,
      async ([id, link]) => ({
        id,
        r: await api.act(link, { decision: 'approve', comment: '' }),
      }),
    );
    // A link clicked during an outage that acted once Temporal was back now says so ("already done"); every other one acts now.
    const actedDuring = new Set(duringOutage.filter((d) => d.answer === 'done').map((d) => d.link));
    const notActed = clicks.filter(
      (c) => !(c.r.status === 200 && answerOf(c.r) === 'done') && !(actedDuring.has(reviewLinks.get(c.id)!) && answerOf(c.r) === 'already_done'),
    );
    inv.check(
      notActed.length === 0,
      'every review link acts once after the restarts (200 done, or "already done" for one that acted when Temporal came back)',
      JSON.stringify(notActed.slice(0, 3).map((c) => [c.id, c.r.status, c.r.text.slice(0, 200)])),
    );
    const signClicks = await pool(
      [...signLinks.entries()].filter(([id]) => signings.includes(id)),
      5,
      async ([id, link]) => ({
        id,
        r: await api.act(link, { decision: 'sign' }),
      }),
    );
    const notSigned = signClicks.filter((c) => c.r.status !== 200 || answerOf(c.r) !== 'done');
    inv.check(
      notSigned.length === 0,
      'every signing link acts after the restarts',
      JSON.stringify(notSigned.slice(0, 3).map((c) => [c.id, c.r.status, c.r.text.slice(0, 200)])),
    );
    await untilQuiet(h, 3);
    const stages = await pool(reviews, 5, async (id) => (await h.client.workflow.getHandle(workflowIdOf(id)).query(programState)).stage);
    inv.check(
      stages.every((s) => s === 'sekda_approval'),
      'every reviewed programme moved on to the Sekda',
      stages.join(','),
    );
    const sekdaMails = await linksByProgramme(h, 'sekda@solselkab.example', '.2.sekda_approval.');
    inv.check(
      reviews.every((id) => sekdaMails.has(id)),
      "the Sekda's request arrived for every one",
    );
    await commonChecks(inv, h, [...reviews, ...signings]);
  } finally {
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 3. SMTP sink down while reminders are due

async function drillSmtpDown(inv: Invariants): Promise<void> {
  const R = option('reminder-programmes', 100, 30);
  const h = await startHarness({ name: 'drill-smtp', persist: true });
  try {
    const api = new ApiClient(h.apiUrl);
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
    const template = await lifecycleByApi(api, proposers[0], fourOffices, agedImplementation.dates);
    await reportMailsOf(h, template.id);
    const t = await captureTemplate(h.client, db, template.id, { freshImplementation: true, implementationOpenedAt: agedImplementation.openedAt });
    const probe = await probeClone(h, db, t);
    const perProgramme = probe.perProgramme;
    await h.worker.stop();
    const clones = await pool(
      Array.from({ length: R }, () => 0),
      20,
      () => cloneProgram(h, db, t),
    );
    const before = await h.mailStats('.report-');
    log(`smtp-down: the sink goes down, then ${R} programmes' reminders fall due (${R * perProgramme} emails); down for ${smtpDownSeconds} s`);
    await h.sink.stop();
    await h.worker.start();
    await sleep(5000);
    const health = await request('GET', `${h.apiUrl}/health`, { timeoutMs: 10_000 }).catch(() => null);
    // The API sends no mail and does not depend on the relay: it stays healthy.
    inv.check(health?.status === 200, '/health stays 200 while only SMTP is down', `${health?.status} ${health?.text ?? ''}`);
    await sleep(smtpDownSeconds * 1000 - 5000);
    await h.sink.start();
    const back = Date.now();
    log('sink back; waiting for every reminder');
    const expected = before.distinct + R * perProgramme;
    let stats = before;
    while (Date.now() - back < 600_000) {
      stats = await h.mailStats('.report-');
      if (stats.distinct >= expected) break;
      await sleep(1000);
    }
    const after = (Date.now() - back) / 1000;
    await untilQuiet(h, 5);
    stats = await h.mailStats('.report-');
    log(`all reminders in ${fmt(after)} s after the sink came back`);
    inv.check(stats.distinct === expected, `all ${R * perProgramme} reminders delivered after the sink returned (${stats.distinct - before.distinct})`);
    inv.check(stats.duplicateCount === 0, 'none delivered twice (by Message-ID)', JSON.stringify(stats.duplicates.slice(0, 3)));
    const perCopy = await reportMailsByProgramme(h);
    const wrongCount = clones.filter((id) => perCopy.get(id) !== perProgramme);
    inv.check(
      wrongCount.length === 0,
      `every programme got its ${perProgramme} report emails`,
      wrongCount
        .slice(0, 5)
        .map((id) => `${id}: ${perCopy.get(id) ?? 0}`)
        .join(', '),
    );
    await commonChecks(inv, h, [template.id, probe.id, ...clones]);
    db.client.destroy();
  } finally {
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 4. dynalite killed and stopped under writes

async function drillDynaliteRestart(inv: Invariants): Promise<void> {
  const h = await startHarness({ name: 'drill-dynalite', persist: true });
  try {
    const api = new ApiClient(h.apiUrl);
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
    const acked = new Map<string, string>(); // Idempotency-Key → programme id (201/200)
    const pendingKeys: string[] = [];
    const decided = new Set<string>();
    const deciding_ = new Set<string>();
    const lostAnswers = new Set<string>();
    const bodies = new Map<string, ReturnType<typeof proposal>>();
    const rawAcked: number[] = [];
    const statuses: Record<string, number> = {};
    const count = (k: string) => (statuses[k] = (statuses[k] ?? 0) + 1);
    let running = true;
    let rawN = 0;

    const proposer = proposers[0];
    // People retry a request that failed, with the same Idempotency-Key, a moment later.
    const proposing = Array.from({ length: 3 }, async () => {
      while (running) {
        const key = `drill-${randomBytes(6).toString('hex')}`;
        const body = proposal(proposer);
        pendingKeys.push(key);
        while (running) {
          try {
            const r = await api.as(proposer.userId, 'POST', '/v1/programs', body, { 'idempotency-key': key });
            count(`propose ${r.status}`);
            if (r.status === 201 || r.status === 200) {
              acked.set(key, jsonOf<{ id: string }>(r).id);
              pendingKeys.splice(pendingKeys.indexOf(key), 1);
              bodies.delete(key);
              break;
            }
          } catch {
            count('propose no answer');
          }
          bodies.set(key, body);
          await sleep(300);
        }
      }
    });
    const deciding = Array.from({ length: 2 }, async () => {
      while (running) {
        const id = [...acked.values()].find((x) => !decided.has(x) && !deciding_.has(x) && !lostAnswers.has(x));
        if (!id) {
          await sleep(200);
          continue;
        }
        deciding_.add(id);
        while (running) {
          try {
            const r = await api.as(reviewer, 'POST', `/v1/programs/${id}/decisions`, { decision: 'approve', comment: '' }, { 'idempotency-key': `d-${id}` });
            count(`decide ${r.status}`);
            if (r.status === 200) {
              decided.add(id);
              break;
            }
            // Decided already: an earlier attempt went through but its answer was lost (not counted as
            // acknowledged). Any other 409 ("being recorded") is retried like a 503.
            if (r.status === 409 && /already decided/i.test(r.text)) {
              lostAnswers.add(id);
              break;
            }
          } catch {
            count('decide no answer');
          }
          await sleep(300);
        }
        deciding_.delete(id);
      }
    });
    const writing = Array.from({ length: 3 }, async () => {
      while (running) {
        const n = rawN++;
        try {
          await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: `BENCH#${n}`, sk: 'BENCH', n, at: new Date().toISOString() } }));
          rawAcked.push(n);
        } catch {
          count('raw put failed');
          await sleep(300);
        }
      }
    });

    for (const [round, how] of [
      [1, 'kill'],
      [2, 'stop'],
    ] as const) {
      await sleep(8000);
      log(
        `round ${round}: ${how === 'kill' ? 'kill -9' : 'stop (SIGTERM)'} dynalite for 3 s (${acked.size} proposals, ${decided.size} decisions, ${rawAcked.length} raw writes acknowledged so far)`,
      );
      const down = new Date().toISOString().slice(11, 23);
      if (how === 'kill') await h.dynalite.kill();
      else await h.dynalite.stop();
      await sleep(3000);
      await h.dynalite.start();
      log(`round ${round}: dynalite down from ${down} to ${new Date().toISOString().slice(11, 23)} (UTC)`);
    }
    await sleep(8000);
    running = false;
    await Promise.all([...proposing, ...deciding, ...writing]);
    log(`load stopped: ${JSON.stringify(statuses)}; ${lostAnswers.size} decisions answered 409 on retry (their first attempt had gone through)`);

    // Proposals that got no clear answer are retried with their key and the same body, as a
    // client does: each must come back as one programme, created then (201) or earlier (200).
    const replays = await pool(pendingKeys, 4, async (key) => {
      const body = bodies.get(key);
      if (!body) return { key, status: -1, id: null };
      for (let i = 0; i < 30; i++) {
        const r = await api.as(proposer.userId, 'POST', '/v1/programs', body, { 'idempotency-key': key }).catch(() => null);
        if (r && (r.status === 201 || r.status === 200 || r.status === 422))
          return { key, status: r.status, id: r.status === 422 ? null : jsonOf<{ id: string }>(r).id };
        await sleep(2000);
      }
      return { key, status: 0, id: null };
    });
    for (const r of replays) if (r.id) acked.set(r.key, r.id);
    await untilQuiet(h, 5);

    const rawMissing = (
      await pool(rawAcked, 20, async (n) =>
        (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: `BENCH#${n}`, sk: 'BENCH' }, ConsistentRead: true }))).Item ? null : n,
      )
    ).filter((x) => x !== null);
    inv.check(
      rawMissing.length === 0,
      `no acknowledged write lost: ${rawAcked.length} raw PutItems all read back`,
      `missing ${rawMissing.slice(0, 10).join(', ')}`,
    );
    const ids = [...new Set(acked.values())];
    const programmes = await pool(ids, 10, async (id) => ({ id, r: await api.as('pemantau', 'GET', `/v1/programs/${id}`) }));
    const lostProgrammes = programmes.filter((p) => p.r.status !== 200);
    inv.check(
      lostProgrammes.length === 0,
      `no acknowledged proposal lost: ${ids.length} programmes readable`,
      JSON.stringify(lostProgrammes.slice(0, 3).map((p) => [p.id, p.r.status])),
    );
    const stageOf = new Map(programmes.map((p) => [p.id, p.r.status === 200 ? jsonOf<{ stage: string }>(p.r).stage : '?']));
    const decidedLost = [...decided].filter((id) => stageOf.get(id) === 'diskominfo_review');
    inv.check(decidedLost.length === 0, `no acknowledged decision lost: ${decided.size} programmes past the review`, decidedLost.slice(0, 5).join(', '));
    const replayed = replays.filter((r) => r.status === 200).length;
    const createdNow = replays.filter((r) => r.status === 201).length;
    inv.check(
      replays.every((r) => r.status === 200 || r.status === 201),
      `every unanswered proposal settled on retry with its Idempotency-Key and body (${replays.length}: ${replayed} had been created before, ${createdNow} created now)`,
      JSON.stringify(replays.filter((r) => r.status !== 200 && r.status !== 201).slice(0, 3)),
    );
    // None twice: the table holds exactly one programme per key that was answered with one.
    const stored = await programIdsOf(db);
    inv.check(
      stored.length === ids.length && ids.every((id) => stored.includes(id)),
      `one programme per Idempotency-Key, none twice (${ids.length} keys answered, ${stored.length} programmes stored)`,
      `${stored.filter((id) => !ids.includes(id)).length} stored without a key's answer`,
    );
    // The store and the workflow agree on where each programme is.
    const disagree = (
      await pool(ids, 10, async (id) => {
        const view = await h.client.workflow.getHandle(workflowIdOf(id)).query(programState);
        return view.stage === stageOf.get(id) ? null : { id, workflow: view.stage, store: stageOf.get(id) };
      })
    ).filter((x) => x !== null);
    inv.check(disagree.length === 0, 'the store and the workflows agree on every stage', JSON.stringify(disagree.slice(0, 3)));
    await commonChecks(inv, h, ids);
    db.client.destroy();
  } finally {
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 5. API restarted during a burst of link clicks

async function drillApiRestart(inv: Invariants): Promise<void> {
  const P = option('click-programmes', 150, 40);
  const h = await startHarness({ name: 'drill-api', persist: true });
  try {
    const api = new ApiClient(h.apiUrl);
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
    const ids = await pool(
      Array.from({ length: P }, (_, i) => i),
      10,
      (i) => programDirect(h.client, proposers[i % proposers.length]!, 'review', fourOffices),
    );
    await untilQuiet(h, 3);
    const l1 = await linksByProgramme(h, emails.reviewer1, '.1.diskominfo_review.');
    const l2 = await linksByProgramme(h, emails.reviewer2, '.1.diskominfo_review.');
    // Each programme: reviewer 1 double-clicks, reviewer 2 clicks once; all shuffled.
    const clicks = ids
      .flatMap((id) => [
        { id, who: 'reviewer-kominfo-1', link: l1.get(id)! },
        { id, who: 'reviewer-kominfo-1', link: l1.get(id)! },
        { id, who: 'reviewer-kominfo-2', link: l2.get(id)! },
      ])
      .sort(() => Math.random() - 0.5);
    type Outcome = 'done' | 'already_done' | 'retry';
    const results: { id: string; who: string; answers: string[]; final: Outcome }[] = [];
    const classify = (r: HttpResponse | null): [Outcome, string] => {
      if (!r) return ['retry', 'no answer'];
      const a = answerOf(r);
      if (r.status === 200 && a === 'done') return ['done', '200 done'];
      if ((r.status === 200 || r.status === 409) && a === 'already_done') return ['already_done', `${r.status} already_done`];
      if (r.status === 409) return ['retry', '409 busy'];
      return ['retry', `${r.status}`];
    };
    // Each click is a person: told to retry (or no answer at all), they click again a moment later.
    let settled = 0;
    const restarts: string[] = [];
    const restarter = (async () => {
      for (const [share, how] of [
        [0.25, 'kill'],
        [0.6, 'stop'],
      ] as const) {
        while (settled < share * clicks.length) await sleep(20);
        log(`${how === 'kill' ? 'kill -9' : 'stop (SIGTERM)'} the API after ${settled} of ${clicks.length} clicks had an answer`);
        if (how === 'kill') await h.api.kill();
        else await h.api.stop();
        restarts.push(how);
        await h.api.start();
      }
    })();
    await pool(clicks, 30, async (c) => {
      const rec: { id: string; who: string; answers: string[]; final: Outcome } = { id: c.id, who: c.who, answers: [], final: 'retry' };
      results.push(rec);
      for (let i = 0; i < 120 && rec.final === 'retry'; i++) {
        if (i > 0) await sleep(rand(500, 1500));
        const [final, answer] = classify(await api.act(c.link, { decision: 'approve', comment: '' }).catch(() => null));
        rec.answers.push(answer);
        rec.final = final;
      }
      settled += 1;
    });
    await restarter;
    const firstRound = results.flatMap((r) => r.answers).reduce<Record<string, number>>((a, x) => ({ ...a, [x]: (a[x] ?? 0) + 1 }), {});
    log(`answers to all attempts: ${JSON.stringify(firstRound)}`);
    await untilQuiet(h, 3);

    inv.check(restarts.length === 2, 'the API was killed and stopped during the burst');
    inv.check(
      results.every((r) => r.final !== 'retry'),
      'every click got a definite answer after retrying (acted, or already decided)',
      JSON.stringify(results.filter((r) => r.final === 'retry').slice(0, 3)),
    );
    const trails = await pool(ids, 10, (id) => trailOf(db, id));
    const decidedTwice = trails.filter((t) => t.events.filter((e) => e.type === 'decided' && e.stageSeq === 1).length !== 1);
    inv.check(
      decidedTwice.length === 0,
      `every programme decided exactly once (${P} programmes, ${clicks.length} clicks)`,
      JSON.stringify(decidedTwice.slice(0, 3).map((t) => t.id)),
    );
    const bothDone = ids.filter((id) => new Set(results.filter((r) => r.id === id && r.answers.includes('200 done')).map((r) => r.who)).size > 1);
    inv.check(bothDone.length === 0, 'no programme acted by both reviewers', bothDone.slice(0, 5).join(', '));
    const deciderOf = new Map(trails.map((t) => [t.id, t.events.find((e) => e.type === 'decided' && e.stageSeq === 1)?.actor ?? null]));
    const wrongDone = results.filter((r) => r.answers.includes('200 done') && deciderOf.get(r.id) !== r.who);
    inv.check(wrongDone.length === 0, 'every "done" answer belongs to the reviewer the audit trail names', JSON.stringify(wrongDone.slice(0, 3)));
    const stages = await pool(ids, 10, async (id) => (await h.store.programs.getProgram(id))?.stage);
    inv.check(
      stages.every((s) => s === 'sekda_approval'),
      'every programme moved on to the Sekda',
    );
    const retried = results.filter((r) => r.answers.length > 1);
    const doneTwice = results.filter((r) => r.answers.filter((a) => a === '200 done').length > 1).length;
    console.log(
      `\napi-restart: ${clicks.length} clicks; ${retried.length} were told to retry (or got no answer) and clicked again; ${doneTwice} links answered "done" twice (the same Update's answer, repeated after a lost response); answers to all attempts: ${JSON.stringify(firstRound)}`,
    );
    await commonChecks(inv, h, ids);
    db.client.destroy();
  } finally {
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 6. One address refused for good by the mail server

async function drillRefusedAddress(inv: Invariants): Promise<void> {
  const P = option('refused-programmes', 100, 20);
  const h = await startHarness({ name: 'drill-refused', persist: true, refuseMailTo: [emails.reviewer2] });
  try {
    const db = dynamoFor(`${h.env['DYNAMODB_ENDPOINT']}/bench`);
    const api = new ApiClient(h.apiUrl);
    const started = Date.now();
    const ids = await pool(
      Array.from({ length: P }, (_, i) => i),
      10,
      (i) => programDirect(h.client, proposers[i % proposers.length]!, 'review', fourOffices),
    );
    await untilQuiet(h, 3);
    log(`refused-address: ${P} proposals asked both reviewers; reviewer 2's address is refused (550); settled in ${fmt((Date.now() - started) / 1000)} s`);

    const statuses = await pool(ids, 10, async (id) => (await h.client.workflow.getHandle(workflowIdOf(id)).describe()).status.name);
    inv.check(
      statuses.every((s) => s === 'RUNNING'),
      `every programme's workflow still running (${P})`,
      JSON.stringify(statuses.filter((s) => s !== 'RUNNING').slice(0, 5)),
    );
    const links = await linksByProgramme(h, emails.reviewer1, '.1.diskominfo_review.');
    inv.check(
      ids.every((id) => links.has(id)),
      'the other reviewer got every review request',
      ids
        .filter((id) => !links.has(id))
        .slice(0, 5)
        .join(', '),
    );
    const trails = await pool(ids, 10, (id) => trailOf(db, id));
    const refusalsPer = trails.map((t) => t.events.filter((e) => e.type === 'mail_refused').length);
    inv.check(
      refusalsPer.every((n) => n === 1),
      'each programme recorded the refusal once in its audit trail',
      JSON.stringify(refusalsPer.filter((n) => n !== 1).slice(0, 5)),
    );
    const notices = await h.mailList({ contains: '.mail-refused.' });
    inv.check(notices.length === 1, `the secretariat was told once (${notices.length} notices for ${P} refusals)`);
    inv.check((await h.mailList({ to: emails.reviewer2 })).length === 0, 'nothing reached the refused address');

    // The programmes go on: reviewer 1 approves every one through the emailed link.
    const approved = await pool(ids, 10, async (id) => (await api.act(links.get(id) ?? '', { decision: 'approve', comment: '' })).status);
    await untilQuiet(h, 3);
    const stages = await pool(ids, 10, async (id) => (await h.store.programs.getProgram(id))?.stage);
    inv.check(
      approved.every((s) => s === 200) && stages.every((s) => s === 'sekda_approval'),
      'every programme moved on to the Sekda after the other reviewer approved',
      JSON.stringify({ statuses: approved.filter((s) => s !== 200).slice(0, 5), stages: stages.filter((s) => s !== 'sekda_approval').slice(0, 5) }),
    );
    console.log(`\nrefused-address: ${P} programmes, ${P} refusals recorded, ${notices.length} notice to the secretariat, every workflow running`);
    await commonChecks(inv, h, ids, [], [emails.reviewer2]);
    db.client.destroy();
  } finally {
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------

const drills: Record<string, (inv: Invariants) => Promise<void>> = {
  'worker-kill': drillWorkerKill,
  'temporal-restart': drillTemporalRestart,
  'smtp-down': drillSmtpDown,
  'dynalite-restart': drillDynaliteRestart,
  'api-restart': drillApiRestart,
  'refused-address': drillRefusedAddress,
  'audit-chains': drillAuditChains,
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'all';
  // The audit-chain check runs last, over every stack the others left.
  const names = [...(wanted === 'all' ? Object.keys(drills) : wanted.split(',')).filter((n) => n !== 'audit-chains'), 'audit-chains'];
  const rec = new Recorder('drills', quick(), { drills: names.join(','), kills, outageSeconds, smtpDownSeconds });
  const all = new Invariants();
  for (const n of names) if (!drills[n]) throw new Error(`unknown drill ${n}; one of: all, ${Object.keys(drills).join(', ')}`);
  const results: [string, string, number, string][] = [];
  const stopDeadline = deadline(maxMinutes, () => Promise.resolve());
  for (const name of names) {
    log(`=== drill ${name}`);
    const inv = new Invariants();
    const started = Date.now();
    try {
      await drills[name]!(inv);
    } catch (e) {
      inv.check(false, `drill ${name} ran to the end`, String(e).slice(0, 2000));
    }
    console.log(`\n${name}: ${inv.summary()}\n`);
    all.passed.push(...inv.passed.map((x) => `${name}: ${x}`));
    all.failed.push(...inv.failed.map((x) => `${name}: ${x}`));
    rec.figure({
      id: `drill.${name}.violated`,
      label: `drill ${name}: invariants violated (of ${inv.passed.length + inv.failed.length})`,
      value: inv.failed.length,
      unit: '',
      target: { kind: 'value-max', limit: 0 },
    });
    results.push([
      name,
      inv.failed.length === 0 ? 'passed' : 'FAILED',
      (Date.now() - started) / 1000,
      `${inv.passed.length} held, ${inv.failed.length} violated`,
    ]);
  }
  stopDeadline();
  console.log('\n## Fault drills\n');
  console.log(table(['drill', 'result', 'seconds', 'invariants'], results));
  const failed = results.filter((r) => r[1] !== 'passed');
  if (failed.length > 0) console.log(`\n${failed.length} drill(s) found a violated invariant; see above.`);
  log(`raw results: ${rec.write(all)}`);
  return failed.length === 0 ? 0 : 1;
}

process.exit(await main());
