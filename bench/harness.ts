/**
 * The whole engine on free loopback ports, each part in its own process so a bench can measure
 * it and a drill can stop, kill and restart it:
 *
 *   Temporal dev server   dev/temporal-cli.ts (a Go process; SQLite file unless `temporalDb: 'memory'`)
 *   dynalite              bench/procs/dynalite.ts (LevelDB folder when `persist`)
 *   SMTP sink             bench/procs/mail-sink.ts (dev/mail-sink.ts; .eml folder when `persist`)
 *   worker                bench/procs/worker.ts (= worker/main.ts, with the workflow bundle prebuilt once)
 *   API                   bench/procs/api.ts (= api/server.ts, on 127.0.0.1)
 *   baseline worker/API   bench/procs/baseline-worker.ts, bench/procs/baseline-api.ts (when asked for)
 *
 * The bench process itself keeps a Temporal client and a store connection for set-up and checks.
 * Children are started as `node --import tsx <file>`, so the pid is the process itself: a
 * SIGKILL reaches it. Every child is killed when the bench process exits, whatever the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { seedReferenceData } from '../data/reference-data.js';
import { freePort } from '../dev/stack.js';
import { ensureTemporalCli, startTemporalDevServer, type TemporalDevServer } from '../dev/temporal-cli.js';
import type { SignerOffice } from '../domain/signing.js';
import { createStore, type Store } from '../store/index.js';
import { bundlerOptions, workflowsPath } from '../worker/create-worker.js';
import { log, sleep, stringOption } from './lib/util.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const CLK_TCK = 100;

/** Every child pid we started and have not seen exit: killed on our exit. */
const livePids = new Set<number>();
process.on('exit', () => {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Resident set size and its peak (VmRSS, VmHWM) in bytes, from /proc. */
export function rssOf(pid: number | undefined): { rss: number; peak: number } {
  if (pid === undefined) return { rss: 0, peak: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** Our own child whose command line contains every one of `parts`. */
function findChildPid(parts: string[]): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (parts.every((p) => cmdline.includes(p))) return Number(name);
    } catch {
      // raced with an exit
    }
  }
  return undefined;
}

const pidAlive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

// ---------------------------------------------------------------------------------------

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  pid: number;
}

/** A Node child process the harness can start, stop (SIGTERM), kill (SIGKILL) and start again. */
export class ChildProc {
  child: ChildProcess | undefined;
  pid: number | undefined;
  starts = 0;
  /** Extra node arguments (e.g. --cpu-prof) for the next start. */
  nodeArgs: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private logStream: WriteStream | undefined;

  constructor(
    readonly name: string,
    private readonly file: string,
    public env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get running(): boolean {
    return this.pid !== undefined;
  }

  /** Starts the process and resolves with what it said when ready. */
  async start(timeoutMs = 180_000): Promise<Record<string, unknown>> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.logStream ??= createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...this.nodeArgs, '--import', 'tsx', this.file], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.starts += 1;
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${this.name} could not be started`);
    this.pid = pid;
    livePids.add(pid);
    const stamp = () => new Date().toISOString().slice(11, 23);
    this.logStream.write(`--- ${stamp()} start #${this.starts} pid ${pid}\n`);
    child.stdout?.on('data', (d: Buffer) => this.logStream?.write(d));
    child.stderr?.on('data', (d: Buffer) => this.logStream?.write(d));
    let tail = '';
    child.stderr?.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-3000)));
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        livePids.delete(pid);
        if (this.child === child) {
          this.child = undefined;
          this.pid = undefined;
        }
        this.logStream?.write(`--- ${stamp()} exit pid ${pid} ${signal ?? `code ${code}`}\n`);
        for (const p of this.pending.values()) p.reject(new Error(`${this.name} exited`));
        this.pending.clear();
        resolve();
      }),
    );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.name} was not ready within ${timeoutMs / 1000} s\n${tail}`));
      }, timeoutMs);
      child.on('message', (raw: unknown) => {
        const m = raw as { ready?: boolean; id?: number; result?: unknown; error?: string };
        if (m.ready) {
          clearTimeout(timer);
          resolve(m);
          return;
        }
        if (typeof m.id === 'number') {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.error !== undefined) p?.reject(new Error(m.error));
          else p?.resolve(m.result);
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited before it was ready\n${tail}`));
      });
    });
  }

  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves once it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || this.pid === undefined) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9, and wait until it is gone. */
  kill(): Promise<void> {
    return this.stop('SIGKILL', 0);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  ask<T>(type: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    const child = this.child;
    if (!child) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send({ id, type, args });
    });
  }

  memory(): Promise<MemoryUsage> {
    return this.ask<MemoryUsage>('memory');
  }

  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  closeLog(): void {
    this.logStream?.end();
    this.logStream = undefined;
  }
}

/** The Temporal dev server (a Go process), which a drill can stop or kill and start again on the same SQLite file. */
export class TemporalProc {
  server: TemporalDevServer | undefined;
  pid: number | undefined;
  starts = 0;

  constructor(
    readonly port: number,
    readonly uiPort: number,
    readonly dbFile: string | undefined,
    private readonly logFile: string,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const out = createWriteStream(this.logFile, { flags: 'a' });
    out.write(`--- ${new Date().toISOString()} start #${this.starts + 1}\n`);
    this.server = await startTemporalDevServer({
      port: this.port,
      uiPort: this.uiPort,
      ...(this.dbFile ? { dbFile: this.dbFile } : {}),
      log: (line) => out.write(`${line}\n`),
    });
    this.starts += 1;
    this.pid = findChildPid(['start-dev', '--port', String(this.port)]);
    if (this.pid !== undefined) livePids.add(this.pid);
  }

  /** Graceful stop (SIGTERM, SIGKILL after 5 s). */
  async stop(): Promise<void> {
    await this.server?.stop();
    if (this.pid !== undefined) livePids.delete(this.pid);
    this.server = undefined;
    this.pid = undefined;
  }

  /** kill -9. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return this.stop();
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 200 && pidAlive(pid); i++) await sleep(50);
    await this.stop();
  }

  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  /** The SQLite database with its WAL and shared-memory files, in bytes. */
  dbBytes(): { db: number; wal: number; shm: number; total: number } {
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    if (!this.dbFile) return { db: 0, wal: 0, shm: 0, total: 0 };
    const db = size(this.dbFile);
    const wal = size(`${this.dbFile}-wal`);
    const shm = size(`${this.dbFile}-shm`);
    return { db, wal, shm, total: db + wal + shm };
  }
}

// ---------------------------------------------------------------------------------------

export interface HarnessOptions {
  /** Prefix of the temporary data folder. */
  name: string;
  /** Temporal's persistence: a SQLite file (as `npm start`), or memory. Default file. */
  temporalDb?: 'file' | 'memory';
  /** dynalite on a LevelDB folder and the sink on an .eml folder (survive restarts). Default false. */
  persist?: boolean;
  maxCachedWorkflows?: number;
  /** Start the worker now (default true). */
  worker?: boolean;
  /** Start the API now (default true). */
  api?: boolean;
  baselineWorker?: boolean;
  baselineApi?: boolean;
  /** Offices that sign a commitment, stored as the signing policy (default: the seeded policy). */
  signingOffices?: SignerOffice[];
  /** Keep the data folder after stop (also BENCH_KEEP=1). */
  keep?: boolean;
  /** Addresses the SMTP sink refuses for good (550), as a server refuses a mistyped address. */
  refuseMailTo?: string[];
  /** Run these parts under the V8 CPU profiler (profiles in <dir>/profiles/<part>, written when the part stops). */
  profile?: ('worker' | 'api')[];
}

export interface MailStats {
  count: number;
  distinct: number;
  duplicates: { id: string; n: number }[];
  duplicateCount: number;
  /** Their size as received, all together. */
  bytes: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
}

export interface SinkMessageSummary {
  id: string;
  messageId: string | null;
  to: string[];
  subject: string;
  receivedAt: string;
  text?: string;
}

export const taskQueue = 'alur';
export const baselineTaskQueue = 'bench-baseline';
export const tableName = 'alur';

export interface Harness {
  dir: string;
  ports: { api: number; temporal: number; temporalUi: number; dynamodb: number; smtp: number; mailbox: number; baselineApi: number };
  apiUrl: string;
  baselineApiUrl: string;
  /** The environment the worker and API get (docs/product.md §4 names). */
  env: Record<string, string>;
  secrets: { AUTH_JWT_SECRET: string; LINK_TOKEN_SECRET: string; AUDIT_HMAC_SECRET: string };
  temporal: TemporalProc;
  dynalite: ChildProc;
  sink: ChildProc;
  worker: ChildProc;
  api: ChildProc;
  baselineWorker: ChildProc;
  baselineApi: ChildProc;
  /** The bench's own connections. */
  client: Client;
  store: Store;
  mailStats(contains?: string, to?: string): Promise<MailStats>;
  mailList(filter: { contains?: string; to?: string; withText?: boolean }): Promise<SinkMessageSummary[]>;
  /** Of the messages received since the first `skip`, the one whose size is nearest their mean, with its parts. */
  mailSample(skip: number): Promise<{ subject: string; text: string; html: string; size: number } | null>;
  /** DynamoDB requests so far, by "caller operation" (callers: worker, api, bench, baseline). */
  dynamoCounts(reset?: boolean): Promise<Record<string, number>>;
  /** CPU seconds used so far by each part (and by this process). */
  cpu(): Record<string, number>;
  stop(): Promise<void>;
}

/** Builds the workflow bundle once, as the production image does (scripts/bundle-workflows.ts). */
async function bundleOnce(file: string): Promise<void> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    ...bundlerOptions,
    logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: (m) => log(`bundle: ${m}`) },
  });
  await writeFile(file, code);
  log(`workflow bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s (${Math.round(code.length / 1024)} KiB)`);
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  const contract = /^(PORT|PUBLIC_BASE_URL|TEMPORAL_|DYNAMODB_|AWS_|SMTP_URL|MAIL_FROM|AUTH_|ALUR_|LINK_|WORKER_|WORKFLOW_BUNDLE|BENCH_)/;
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !contract.test(k)) base[k] = v;
  return { ...base, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

/** Starts the harness; a port taken by someone else between choosing it and listening on it means another try. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startHarnessOnce(options);
    } catch (e) {
      if (attempt >= 4 || !/EADDRINUSE|already in use/.test(String(e))) throw e;
      log(`a port was taken meanwhile (${String(e).split('\n')[0]}); trying again with other ports`);
    }
  }
}

async function startHarnessOnce(options: HarnessOptions): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), `alur-bench-${options.name}-`));
  await mkdir(join(dir, 'logs'), { recursive: true });
  const keep = options.keep ?? process.env['BENCH_KEEP'] === '1';
  const persist = options.persist ?? false;
  const ports = {
    api: await freePort(),
    temporal: await freePort(),
    temporalUi: await freePort(),
    dynamodb: await freePort(),
    smtp: await freePort(),
    mailbox: await freePort(),
    baselineApi: await freePort(),
  };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const logFile = (n: string) => join(dir, 'logs', `${n}.log`);
  log(`harness ${options.name}: data in ${dir}${keep ? ' (kept)' : ''}`);

  await ensureTemporalCli();
  const bundlePath = join(dir, 'workflow-bundle.js');
  const bundled = bundleOnce(bundlePath);

  // --temporal-db=memory (or BENCH_TEMPORAL_DB=memory) runs any bench against an in-memory Temporal, for comparison.
  const temporalDb = options.temporalDb ?? (stringOption('temporal-db', 'file') === 'memory' ? 'memory' : 'file');
  const temporal = new TemporalProc(ports.temporal, ports.temporalUi, temporalDb === 'file' ? join(dir, 'temporal.sqlite') : undefined, logFile('temporal'));
  const dynalite = new ChildProc(
    'dynalite',
    join(here, 'procs/dynalite.ts'),
    childEnv({ BENCH_DYNALITE_PORT: String(ports.dynamodb), ...(persist ? { BENCH_DYNALITE_PATH: join(dir, 'dynamodb') } : {}) }),
    logFile('dynalite'),
  );
  const sink = new ChildProc(
    'sink',
    join(here, 'procs/mail-sink.ts'),
    childEnv({
      BENCH_SINK_SMTP_PORT: String(ports.smtp),
      BENCH_SINK_HTTP_PORT: String(ports.mailbox),
      ...(persist ? { BENCH_SINK_DIR: join(dir, 'mailbox') } : {}),
      ...(options.refuseMailTo ? { BENCH_SINK_REFUSE: options.refuseMailTo.join(',') } : {}),
    }),
    logFile('sink'),
  );

  const secrets = {
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    LINK_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    AUDIT_HMAC_SECRET: randomBytes(32).toString('base64url'),
  };
  const env: Record<string, string> = {
    PORT: String(ports.api),
    PUBLIC_BASE_URL: apiUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.dynamodb}`,
    DYNAMODB_TABLE: tableName,
    AWS_REGION: 'ap-southeast-3',
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    ALUR_DEV_LOGIN: '1',
    WORKFLOW_BUNDLE: bundlePath,
    ...(options.maxCachedWorkflows !== undefined ? { WORKER_MAX_CACHED_WORKFLOWS: String(options.maxCachedWorkflows) } : {}),
    ...secrets,
  };
  // dynalite ignores the path of a request: each part gets its own, so bench/procs/dynalite.ts can count who asks what.
  const endpointFor = (caller: string) => ({ DYNAMODB_ENDPOINT: `${env['DYNAMODB_ENDPOINT']}/${caller}` });
  const worker = new ChildProc('worker', join(here, 'procs/worker.ts'), childEnv({ ...env, ...endpointFor('worker') }), logFile('worker'));
  const api = new ChildProc('api', join(here, 'procs/api.ts'), childEnv({ ...env, ...endpointFor('api') }), logFile('api'));
  const baselineWorker = new ChildProc(
    'baseline-worker',
    join(here, 'procs/baseline-worker.ts'),
    childEnv({ ...env, ...endpointFor('baseline-worker'), BENCH_BASELINE_TASK_QUEUE: baselineTaskQueue }),
    logFile('baseline-worker'),
  );
  const baselineApi = new ChildProc(
    'baseline-api',
    join(here, 'procs/baseline-api.ts'),
    childEnv({ ...env, ...endpointFor('baseline'), PORT: String(ports.baselineApi) }),
    logFile('baseline-api'),
  );

  for (const part of options.profile ?? []) {
    const proc = part === 'worker' ? worker : api;
    proc.nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'profiles', part)}`];
  }
  const all = [worker, api, baselineWorker, baselineApi, sink, dynalite];
  let connection: Connection | undefined;
  let store: Store | undefined;
  const stop = async () => {
    for (const p of all) await p.stop().catch(() => {});
    await temporal.stop().catch(() => {});
    await connection?.close().catch(() => {});
    store?.close();
    for (const p of all) p.closeLog();
    if (!keep) {
      // The logs outlive the run (they are the evidence when a drill finds something): /tmp/alur-bench-logs/<run>.
      const kept = join(tmpdir(), 'alur-bench-logs', basename(dir));
      await mkdir(dirname(kept), { recursive: true });
      await rename(join(dir, 'logs'), kept).catch(() => {});
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      log(`logs of every process: ${kept}`);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the harness`);
      void stop().finally(() => process.exit(130));
    });
  }

  try {
    await Promise.all([temporal.start(), dynalite.start(), sink.start()]);
    store = createStore({ endpoint: endpointFor('bench').DYNAMODB_ENDPOINT, region: env['AWS_REGION']!, tableName });
    await store.ensureTable();
    await seedReferenceData(store, { devRoster: true });
    if (options.signingOffices) {
      const current = await store.signing.readSigningPolicy();
      const by = { userId: 'bench', name: 'bench harness', via: 'api' as const };
      await store.signing.updateSigningPolicy(current.policy, current.version, { default: options.signingOffices }, by, new Date());
    }
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: 'default' });
    await bundled;
    await Promise.all([
      options.worker === false ? null : worker.start(),
      options.api === false ? null : api.start(),
      options.baselineWorker ? baselineWorker.start() : null,
      options.baselineApi ? baselineApi.start() : null,
    ]);
    log(
      `harness ${options.name}: temporal ${temporal.address}${temporal.dbFile ? ' (SQLite file)' : ' (memory)'}, API ${apiUrl}, dynalite :${ports.dynamodb}, SMTP :${ports.smtp}`,
    );
    const s = store;
    return {
      dir,
      ports,
      apiUrl,
      baselineApiUrl: `http://127.0.0.1:${ports.baselineApi}`,
      env,
      secrets,
      temporal,
      dynalite,
      sink,
      worker,
      api,
      baselineWorker,
      baselineApi,
      client,
      store: s,
      mailStats: (contains, to) => sink.ask<MailStats>('stats', { ...(contains ? { contains } : {}), ...(to ? { to } : {}) }),
      mailList: (filter) => sink.ask<SinkMessageSummary[]>('list', filter, 300_000),
      mailSample: (skip) => sink.ask('sample', { skip }),
      dynamoCounts: (reset = false) => dynalite.ask<Record<string, number>>('counts', { reset }),
      cpu: () => {
        const self = process.cpuUsage();
        return {
          temporal: temporal.cpuSeconds(),
          worker: worker.cpuSeconds(),
          api: api.cpuSeconds(),
          dynalite: dynalite.cpuSeconds(),
          sink: sink.cpuSeconds(),
          'baseline-worker': baselineWorker.cpuSeconds(),
          'baseline-api': baselineApi.cpuSeconds(),
          'bench driver': (self.user + self.system) / 1e6,
        };
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** CPU seconds each part used between two `cpu()` snapshots, busiest first, with the share of the wall time. */
export function cpuBetween(before: Record<string, number>, after: Record<string, number>, wallSeconds: number): [string, number, string][] {
  return Object.keys(after)
    .map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)] as const)
    .filter(([, s]) => s > 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([k, s]) => [k, s, `${Math.round((100 * s) / wallSeconds)} %`]);
}
