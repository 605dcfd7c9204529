/**
 * One time-skipping environment per test file: the Java test server (time skipping is global to
 * one server, so tests in a file run one after another), dynalite and the SMTP sink in process,
 * the seeded store, and a worker with the real activities.
 *
 * Time on the test server only moves forward by itself at real speed; `advanceTo` skips it to an
 * instant (every timer on the way fires, and the server holds the clock while a workflow task or
 * an activity runs, so the effects of one wake-up land before the next).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { seedReferenceData } from '../../data/reference-data.js';
import roster from '../../data/roster-dev.json' with { type: 'json' };
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import { ensureJavaTestServer } from '../../dev/java-test-server.js';
import { startMailSink, type MailSink, type StoredMessage } from '../../dev/mail-sink.js';
import type { Proposal } from '../../domain/proposal.js';
import { actorOf, type Actor, type Person } from '../../domain/roles.js';
import { createMailer, type Mailer } from '../../mail/mailer.js';
import { createStore, type Store } from '../../store/index.js';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';
import { decide, proposalRecorded, sign, workflowIdOf, type ProgramWorkflowInput } from '../../workflows/messages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';
import { WIB_MS } from './timeskip-calendar.js';

export const people = roster.people as Person[];

/** The seeded person with this id, as an actor. */
export function actor(id: string): Actor {
  const p = people.find((x) => x.id === id);
  if (!p) throw new Error(`no person ${id} in data/roster-dev.json`);
  return actorOf(p);
}

export type ProgramHandle = WorkflowHandleWithFirstExecutionRunId<typeof programWorkflow>;

export interface TimeskipEnv {
  env: TestWorkflowEnvironment;
  store: Store;
  sink: MailSink;
  mailer: Mailer;
  taskQueue: string;
  /** Server time, ms since the epoch. */
  now(): Promise<number>;
  /** Skips server time forward to `instantMs` (no-op if it has passed). */
  advanceTo(instantMs: number): Promise<void>;
  teardown(): Promise<void>;
}

/**
 * The time-skipping test server is a JVM that the SDK gives 5 s to start; on two busy cores a
 * cold JVM sometimes needs longer. A start that timed out is tried again (twice at most); any
 * other failure is thrown at once.
 */
async function startTestServer(): Promise<TestWorkflowEnvironment> {
  const path = await ensureJavaTestServer();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('did not start within')) throw e;
    }
  }
}

export async function startTimeskipEnv(name: string): Promise<TimeskipEnv> {
  const env = await startTestServer();
  let db: Dynalite | undefined;
  let sink: MailSink | undefined;
  try {
    db = await startDynalite({ port: 0 });
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  } catch (e) {
    await db?.stop();
    await env.teardown();
    throw e;
  }
  const store = createStore({ endpoint: db.endpoint, region: 'ap-southeast-3', tableName: 'alur-ts' });
  await store.ensureTable();
  await seedReferenceData(store, { devRoster: true });
  // The mailer pools its connections (mail/mailer.ts): the sink (smtp-server) waits 100 ms before
  // greeting each new connection, so unpooled every email cost ~110 ms of real time, pooled ~14 ms.
  const mailer = createMailer({ smtpUrl: sink.smtpUrl, from: 'alur <alur@solselkab.example>' }, store.mailLog);
  const taskQueue = `timeskip-${name}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    bundlerOptions,
    activities: createActivities({ store, mailer, linkSecret: 'x'.repeat(32), publicBaseUrl: 'http://alur.test', linkTtlDays: 30 }),
  });
  const running = worker.run();
  const mailSink = sink;
  const dynalite = db;

  const now = () => env.currentTimeMs();
  return {
    env,
    store,
    sink: mailSink,
    mailer,
    taskQueue,
    now,
    async advanceTo(instantMs: number) {
      const ms = instantMs - (await now());
      if (ms > 0) await env.sleep(ms);
    },
    async teardown() {
      worker.shutdown();
      await running;
      mailer.close();
      store.close();
      await mailSink.stop();
      await dynalite.stop();
      await env.teardown();
    },
  };
}

/** A programme id no other test uses (no dots: Message-IDs are split on them). */
export const newProgramId = () => `ts${randomBytes(6).toString('hex')}`;

export function proposalOf(overrides: Partial<Proposal> = {}): Proposal {
  return {
    title: `Telemedisin Puskesmas ${randomBytes(3).toString('hex')}`,
    summary: 'Layanan konsultasi jarak jauh antara puskesmas dan RSUD untuk nagari terpencil.',
    opdId: 'dinkes',
    dimension: 'living',
    quickWin: false,
    budgetIdr: 750_000_000,
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    reportingCadence: 'monthly',
    kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
    ...overrides,
  };
}

/** Starts a programme proposed by the head of Dinas Kesehatan and waits until it is recorded. */
export async function propose(
  t: TimeskipEnv,
  opts: { proposal?: Proposal; continueAsNewAfterEvents?: number } = {},
): Promise<{ programId: string; handle: ProgramHandle }> {
  const programId = newProgramId();
  const input: ProgramWorkflowInput = {
    programId,
    proposal: opts.proposal ?? proposalOf(),
    proposer: actor('kadis-kesehatan'),
    requestHash: 'x',
    ...(opts.continueAsNewAfterEvents === undefined ? {} : { continueAsNewAfterEvents: opts.continueAsNewAfterEvents }),
  };
  const handle = await t.env.client.workflow.start<typeof programWorkflow>('programWorkflow', {
    workflowId: workflowIdOf(programId),
    taskQueue: t.taskQueue,
    args: [input],
  });
  await handle.executeUpdate(proposalRecorded);
  return { programId, handle };
}

export const requestBase = (actorId: string) => ({ requestId: randomUUID(), actor: actor(actorId), channel: 'api' as const });

/** Review and Sekda approval, then every default office signs: the programme is in implementation. */
export async function approveAndSign(handle: ProgramHandle): Promise<string> {
  await handle.executeUpdate(decide, { args: [{ ...requestBase('reviewer-kominfo-1'), stageSeq: 1, decision: 'approve', comment: 'layak' }] });
  await handle.executeUpdate(decide, { args: [{ ...requestBase('sekda'), stageSeq: 2, decision: 'approve', comment: '' }] });
  const signers = [
    ['bupati', 'bupati'],
    ['wabup', 'wakil_bupati'],
    ['sekda', 'sekda'],
    ['kadis-kesehatan', 'opd_head'],
  ] as const;
  let hash: string | null = null;
  for (const [who, office] of signers) {
    const r = await handle.executeUpdate(sign, { args: [{ ...requestBase(who), stageSeq: 3, office }] });
    hash = r.commitmentHash;
  }
  if (!hash) throw new Error('the commitment was not completed');
  return hash;
}

/** The failure type a refused Update carries (undefined if it was accepted). */
export async function refusalOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof WorkflowUpdateFailedError)) throw e;
    return e.cause instanceof ApplicationFailure ? (e.cause.type ?? 'unknown') : 'unknown';
  }
}

// ---- email, read through the Message-IDs the activities derive ----

export interface SentMail {
  messageId: string;
  programId: string;
  stageSeq: number | null;
  /** Stage name, 'report-<period>', or 'commitment'. */
  subject: string;
  /** 'first' for a first request (no kind in the Message-ID), or the reminder kind; 'reroute-<n>' for a re-routed signing request. */
  kind: string;
  /** The WIB day a reminder/escalation was meant for (null for first requests). */
  date: string | null;
  /** Signing only: the office the request is for. */
  office: string | null;
  userId: string;
  to: string[];
  message: StoredMessage;
}

const kinds = new Set(['reminder', 'overdue_reminder', 'escalation']);

/** Parses alur's Message-IDs: alur.<programId>.<stageSeq>.<stage>[.<kind>.<date>][.<office>].<userId>@domain, and alur.<programId>.commitment.<userId>@domain. */
export function parseMessageId(message: StoredMessage): SentMail | null {
  const raw = (message.messageId ?? '').replace(/^<|>$/g, '');
  const at = raw.lastIndexOf('@');
  if (at < 0 || !raw.startsWith('alur.')) return null;
  const parts = raw.slice(0, at).split('.');
  const programId = parts[1]!;
  const base = { messageId: raw, programId, to: message.to, message };
  if (parts[2] === 'commitment') return { ...base, stageSeq: null, subject: 'commitment', kind: 'first', date: null, office: null, userId: parts[3]! };
  const stageSeq = Number(parts[2]);
  const subject = parts[3]!;
  const rest = parts.slice(4);
  const userId = rest.pop()!;
  let kind = 'first';
  let date: string | null = null;
  if (rest[0] !== undefined && kinds.has(rest[0])) {
    kind = rest.shift()!;
    date = rest.shift() ?? null;
  } else if (rest[0]?.startsWith('reroute-')) {
    kind = rest.shift()!;
  }
  const office = rest.shift() ?? null;
  if (rest.length > 0) throw new Error(`unexpected Message-ID shape: ${raw}`);
  return { ...base, stageSeq, subject, kind, date, office, userId };
}

/** Every alur email about one programme, parsed, oldest first. */
export function mailOf(t: TimeskipEnv, programId: string): SentMail[] {
  return t.sink
    .messages()
    .map(parseMessageId)
    .filter((m): m is SentMail => m !== null && m.programId === programId);
}

/** A reminder or escalation as the tests compare them: "kind date userId" (plus the office for signing). */
export const notificationKey = (m: { kind: string; date: string | null; userId: string; office?: string | null }) =>
  [m.kind, m.date, m.office ?? '', m.userId].filter((x) => x !== '').join(' ');

/** Message-IDs sent more than once (the sink keeps every delivery). */
export function duplicateMessageIds(t: TimeskipEnv): string[] {
  const seen = new Map<string, number>();
  for (const m of t.sink.messages()) if (m.messageId) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The WIB calendar day of a server instant. */
export const wibDay = (ms: number) => new Date(ms + WIB_MS).toISOString().slice(0, 10);

/** The personal /act/ link in an email's text. */
export function actionLink(m: SentMail): string | null {
  return /https?:\/\/alur\.test\/act\/[A-Za-z0-9_-]+/.exec(m.message.text)?.[0] ?? null;
}

/** A new Kepala Dinas Kesehatan, not in the seeded roster: the person an office is handed over to. */
export const newHead: Person = {
  id: 'kadis-kesehatan-baru',
  name: 'dr. Fitri Yanti, M.K.M.',
  title: 'Kepala Dinas Kesehatan',
  email: 'fitri.dinkes@solselkab.example',
  roles: ['opd_head'],
  opdId: 'dinkes',
};
