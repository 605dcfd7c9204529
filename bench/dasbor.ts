/**
 * Benchmark — the portfolio: `/dasbor` and both exports over a large portfolio.
 *
 * N programmes (default 2,000) running five years (2022–2026) with a monthly report for every
 * period of the ones in implementation or completed, written straight into dynalite (its own
 * process) through the store: programmes with `createProgram`; reports as the report items and
 * the rollup items the store keeps for them (`reportKeys`, `rollupItem`), in batches, because
 * three writes per report through `putReport` would take most of the run. A sample of
 * programmes is then reported on through `putReport` itself, and their rollups must equal
 * the ones written in bulk (an invariant).
 *
 * Then, through the API (in this process, over HTTP):
 *  - GET /dasbor (signed in as the Sekda), unfiltered and filtered by year and OPD;
 *  - GET /ekspor/program.csv and /ekspor/program.xlsx (bearer token), unfiltered;
 * beside, in the same run, the bare Query of the same items (every programme and every rollup
 * through `byKind`, paged, nothing computed): the floor the page stands on. And once, what
 * reading each programme's reports would cost instead (one Query per programme, 16 at once).
 * About 7 minutes on 2 cores at the default size (most of it writing the reports); `--quick`, 1.
 *
 *   tsx bench/dasbor.ts [--n=2000; 200] [--samples=7; 5] [--export-samples=3] [--quick]
 *
 * Raw results: bench/results/dasbor-*.json. Exits non-zero when an invariant is violated: a
 * request failed, or the bulk-written rollups differ from the store's own.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { createAuth } from '../api/auth.js';
import { seedReferenceData, opds } from '../data/reference-data.js';
import { newestReports, type ReportSummary } from '../domain/portfolio.js';
import type { ProgramRecord } from '../domain/program.js';
import type { ProgressReport } from '../domain/reports.js';
import { hashLinkToken } from '../security/link-tokens.js';
import { connectDynamo } from '../store/client.js';
import { createStore } from '../store/index.js';
import { queryKind, queryPrefix, withoutKeys } from '../store/items.js';
import { rollupItem, summaryOf } from '../store/portfolio.js';
import { reportKeys } from '../store/reports.js';
import { itemKeys, programChildPrefix } from '../store/table.js';
import { deadline, fmt, Invariants, log, option, percentiles, pool, table, type Percentiles } from './lib/util.js';

const N = option('n', 2000, 200);
const samples = option('samples', 7, 5);
const exportSamples = option('export-samples', 3, 3);
const checkedByStore = option('checked', 20, 5);
const years = [2022, 2023, 2024, 2025, 2026];
const startedAt = new Date().toISOString();
const invariants = new Invariants();

const head = { userId: 'kadis-kesehatan', name: 'Kepala', title: 'Kepala Dinas' };
const stageMix: ProgramRecord['stage'][] = [
  'diskominfo_review',
  'signing',
  'implementation',
  'implementation',
  'implementation',
  'implementation',
  'implementation',
  'implementation',
  'completed',
  'completed',
];
const kpiNames = ['Layanan daring', 'Pengguna terdaftar', 'Kepuasan pengguna'];

function programOf(i: number): ProgramRecord {
  const id = i.toString(16).padStart(20, '0');
  const stage = stageMix[i % stageMix.length]!;
  const waiting = stage === 'diskominfo_review' || stage === 'signing';
  const dueAt = waiting ? new Date(Date.UTC(2026, 10, 1 + (i % 60))).toISOString() : null;
  return {
    id,
    workflowId: `program-${id}`,
    proposal: {
      title: `Program Smart City ${i + 1}`,
      summary: 'Program untuk pengukuran.',
      opdId: opds[i % opds.length]!.id,
      dimension: ['governance', 'branding', 'economy', 'living', 'society', 'environment'][i % 6]!,
      quickWin: i % 7 === 0,
      budgetIdr: 5 * 200_000_000,
      budgetByYear: years.map((year) => ({ year, amountIdr: 200_000_000 })),
      startDate: '2022-01-03',
      endDate: '2026-12-31',
      reportingCadence: 'monthly',
      kpis: kpiNames.map((name, k) => ({
        name,
        unit: 'unit',
        target: 100 * (k + 1),
        type: 'output' as const,
        baseline: { value: 0, year: 2021 },
        targetsByYear: years.map((year, y) => ({ year, target: 20 * (y + 1) * (k + 1) })),
      })),
    },
    proposalVersion: 1,
    proposer: head,
    requestHash: 'bench',
    stage,
    stageSeq: waiting ? 1 : 5,
    stageOpenedAt: '2022-01-03T01:00:00.000Z',
    awaiting: [],
    dueAt,
    dueDate: dueAt?.slice(0, 10) ?? null,
    eventSeq: 1,
    createdAt: new Date(Date.UTC(2021, 11, 1) + i * 1000).toISOString(),
    updatedAt: '2022-01-03T01:00:00.000Z',
  };
}

function reportsOf(p: ProgramRecord): ProgressReport[] {
  if (p.stage !== 'implementation' && p.stage !== 'completed') return [];
  return years.flatMap((year, y) =>
    Array.from({ length: 12 }, (_, m) => ({
      programId: p.id,
      period: `${year}-${String(m + 1).padStart(2, '0')}`,
      version: 1,
      percentComplete: Math.min(100, Math.round(((y * 12 + m + 1) / 60) * 100)),
      narrative: 'Kegiatan berjalan sesuai rencana.',
      kpiValues: kpiNames.map((name, k) => ({ name, value: (y * 12 + m) * (k + 1) })),
      evidenceLinks: [],
      budgetRealisedIdr: 15_000_000 + m * 100_000,
      submittedBy: head,
      channel: 'api' as const,
      at: `${year}-${String(m + 1).padStart(2, '0')}-28T03:00:00.000Z`,
    })),
  );
}

/** dynalite in its own process (bench/procs/dynalite.ts), so the API and it do not share a core. */
function startDynaliteProcess(): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = fork(join(import.meta.dirname, 'procs/dynalite.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DYNALITE_PORT: '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before it was ready`)));
    child.on('message', (m: { ready?: boolean; endpoint?: string }) => {
      if (m.ready && m.endpoint) resolve({ child, endpoint: m.endpoint });
    });
  });
}

async function batchWrite(db: ReturnType<typeof connectDynamo>, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length > 0) {
    const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
    pending = (out.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
  }
}

async function timed(n: number, run: () => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return ms;
}

async function get(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  invariants.check(res.status === 200, `GET ${new URL(url).pathname}${new URL(url).search} answers 200`, `status ${res.status}`);
  return body.byteLength;
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

function writeResult(
  file: string,
  name: string,
  ms: number[],
  baseline: { name: string; stats: Percentiles; samples: number[] },
  extra: Record<string, unknown>,
) {
  const stats = percentiles(ms);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const record = {
    name,
    unit: 'ms',
    samples: ms,
    p50: stats.p50,
    p95: stats.p95,
    baseline: { name: baseline.name, unit: 'ms', samples: baseline.samples, p50: baseline.stats.p50, p95: baseline.stats.p95 },
    machine,
    commit,
    startedAt,
    ...extra,
  };
  writeFileSync(join(dir, file), `${JSON.stringify(record, null, 2)}\n`);
}

async function main(): Promise<void> {
  const dynalite = await startDynaliteProcess();
  let server: ServerType | undefined;
  const stop = () => {
    server?.close();
    dynalite.child.kill('SIGTERM');
    return Promise.resolve();
  };
  const cancel = deadline(option('max-minutes', 15), stop);
  const tableName = 'alur-bench-dasbor';
  const settings = { endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName };
  const store = createStore(settings);
  const db = connectDynamo(settings);
  await store.ensureTable();
  await seedReferenceData(store, { devRoster: true });

  // ---- the portfolio ----
  const programs = Array.from({ length: N }, (_, i) => programOf(i));
  let t = performance.now();
  await pool(programs, 16, (p) => store.programs.createProgram(p));
  log(`${N} programmes written in ${fmt((performance.now() - t) / 1000)} s`);
  const checked = new Set(
    programs
      .filter((p) => reportsOf(p).length > 0)
      .slice(0, checkedByStore)
      .map((p) => p.id),
  );
  t = performance.now();
  let reportCount = 0;
  await pool(programs, 4, async (p) => {
    const reports = reportsOf(p);
    reportCount += reports.length;
    const items = reports.map((r) => ({ ...reportKeys.report(r.programId, r.period, r.version), kind: 'report', ...r }));
    if (checked.has(p.id)) {
      for (const r of reports) await store.reports.putReport(r);
      return;
    }
    for (let i = 0; i < items.length; i += 25) await batchWrite(db, items.slice(i, i + 25));
    if (reports.length > 0) await batchWrite(db, [rollupItem(p.id, newestReports(reports.map(summaryOf)))]);
  });
  log(`${reportCount} reports written in ${fmt((performance.now() - t) / 1000)} s (${checked.size} programmes through putReport)`);

  for (const id of checked) {
    const viaStore = (await store.portfolio.loadPortfolio()).find((p) => p.program.id === id)?.reports;
    const bulk = newestReports(reportsOf(programs.find((p) => p.id === id)!).map(summaryOf));
    invariants.check(JSON.stringify(viaStore) === JSON.stringify(bulk), `rollup of ${id} through putReport equals the bulk one`);
    break; // one full load is enough to compare; the rest are the same shape
  }

  // ---- the API ----
  const secret = randomBytes(32).toString('hex');
  const auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, (id) => store.roster.getPerson(id));
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('Temporal is not used by the portfolio')) }) as unknown as Client;
  const app = createApp({
    store,
    temporal: unused,
    taskQueue: 'alur',
    publicBaseUrl: 'http://127.0.0.1',
    auth,
    devLogin: false,
    checks: { temporal: () => Promise.resolve(), dynamodb: () => store.ping() },
  });
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  const base = `http://127.0.0.1:${port}`;
  const cookie = randomBytes(32).toString('base64url');
  await store.sessions.create({
    idHash: hashLinkToken(cookie),
    personId: 'sekda',
    csrfToken: randomBytes(32).toString('base64url'),
    method: 'dev',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  });
  const web = { cookie: `alur_sesi=${cookie}` };
  const bearer = { authorization: `Bearer ${await auth.issueDevToken('sekda')}` };

  // Warm up: module loading, connections, the V8 code of the page.
  await get(`${base}/dasbor`, web);

  const bareQuery = async () => {
    await Promise.all([queryKind(db, 'program', (i) => i), queryKind(db, 'rollup', (i) => i)]);
  };
  const baselineMs = await timed(samples, bareQuery);
  const baseline = { name: 'bare Query of every programme and rollup item (byKind, paged, in parallel)', stats: percentiles(baselineMs), samples: baselineMs };
  log(`baseline: bare Query p50 ${fmt(baseline.stats.p50)} ms, p95 ${fmt(baseline.stats.p95)} ms`);

  const sizes: Record<string, number> = {};
  const measure = async (key: string, path: string, headers: Record<string, string>, n: number) => {
    const ms = await timed(n, async () => {
      sizes[key] = await get(`${base}${path}`, headers);
    });
    return ms;
  };
  const page = await measure('page', '/dasbor', web, samples);
  const filtered = await measure('filtered', `/dasbor?tahun=2025&opd=${opds[0]!.id}`, web, samples);
  const csv = await measure('csv', '/ekspor/program.csv', bearer, exportSamples);
  const xlsx = await measure('xlsx', '/ekspor/program.xlsx', bearer, exportSamples);

  // What one Query per programme would cost instead of the rollups.
  const perProgramme = await timed(1, async () => {
    await pool(programs, 16, (p) => queryPrefix(db, itemKeys.program(p.id).pk, programChildPrefix.report, withoutKeys<ReportSummary>));
  });

  const common = { programmes: N, reports: reportCount };
  writeResult('dasbor-page.json', `GET /dasbor (${N} programmes, 5 years of monthly reports)`, page, baseline, { ...common, bytes: sizes['page'] });
  writeResult('dasbor-page-filtered.json', 'GET /dasbor?tahun&opd', filtered, baseline, { ...common, bytes: sizes['filtered'] });
  writeResult('dasbor-csv.json', 'GET /ekspor/program.csv', csv, baseline, { ...common, bytes: sizes['csv'] });
  writeResult('dasbor-xlsx.json', 'GET /ekspor/program.xlsx', xlsx, baseline, { ...common, bytes: sizes['xlsx'] });
  writeResult('dasbor-per-programme-queries.json', 'one Query per programme for its reports (16 at once), instead of rollups', perProgramme, baseline, common);

  const row = (what: string, ms: number[], bytes?: number) => {
    const s = percentiles(ms);
    return [what, s.n, s.p50, s.p95, s.p95 / baseline.stats.p95, bytes === undefined ? '—' : `${fmt(bytes / 1024, 0)} KiB`];
  };
  console.log(
    `\n${table(
      ['measure', 'n', 'p50 ms', 'p95 ms', '× bare Query p95', 'size'],
      [
        row('bare Query (baseline)', baselineMs),
        row('GET /dasbor', page, sizes['page']),
        row('GET /dasbor?tahun&opd', filtered, sizes['filtered']),
        row('GET /ekspor/program.csv', csv, sizes['csv']),
        row('GET /ekspor/program.xlsx', xlsx, sizes['xlsx']),
        row('a Query per programme', perProgramme),
      ],
    )}\n`,
  );
  console.log(invariants.summary());
  cancel();
  store.close();
  db.client.destroy();
  await stop();
  process.exit(invariants.failed.length === 0 ? 0 : 1);
}

await main();
