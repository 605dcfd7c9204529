/**
 * Benchmark 5 — cold start of the Lambda entry.
 *
 * Bundles api/lambda.ts with esbuild exactly as infra/lib/bundle-api.ts does for the Lambda
 * asset (one minified ESM file, every dependency inside), prints its size, then measures,
 * five times, the time from spawning `node` on a tiny harness that imports the bundle and
 * invokes `handler` with an API Gateway REST API (payload 1.0, as infra/lib/front-door.ts deploys) `GET /health` event, until the
 * answer comes back — against the real components (Temporal dev server, dynalite), so /health
 * connects to both (the API holds no SMTP settings: it sends no mail). Median of the runs.
 *
 * Baseline in the same run: the same harness on a bundle whose handler answers at once
 * (Node's own start plus the harness), and the process start of `node -e 0`.
 *
 *   tsx bench/lambda-cold-start.ts [--runs=5]
 *
 * Exits non-zero when /health does not answer 200 (a dependency not reached from a cold start).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { startHarness } from './harness.js';
import { Recorder } from './lib/results.js';
import { deadline, fmt, Invariants, log, median, mib, option, quick, table } from './lib/util.js';

const runs = option('runs', 5);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The options of infra/lib/bundle-api.ts (the Lambda asset), kept in step by hand. */
async function bundle(outfile: string): Promise<number> {
  const result = await build({
    entryPoints: ['api/lambda.ts'],
    outfile,
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
    banner: {
      js: [
        "import { createRequire as __alurCreateRequire } from 'node:module';",
        "import { fileURLToPath as __alurFileURLToPath } from 'node:url';",
        "import { dirname as __alurDirname } from 'node:path';",
        'const require = __alurCreateRequire(import.meta.url);',
        'const __filename = __alurFileURLToPath(import.meta.url);',
        'const __dirname = __alurDirname(__filename);',
      ].join('\n'),
    },
  });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.text).join('; '));
  return (await readFile(outfile)).length;
}

/** Imports the bundle, invokes the handler once with the event, prints one JSON line, exits. */
const invokeHarness = `
const t0 = performance.now();
const { handler } = await import(process.argv[2]);
const t1 = performance.now();
const res = await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: 'bench', functionName: 'alur-api', getRemainingTimeInMillis: () => 30000 });
const t2 = performance.now();
process.stdout.write(JSON.stringify({ statusCode: res.statusCode, body: res.body, untilMain: t0, importMs: t1 - t0, invokeMs: t2 - t1 }) + '\\n');
process.exit(0);
`;

const emptyHandler = `export const handler = async () => ({ statusCode: 200, body: '{"status":"ok"}' });\n`;

/** `GET /health` as the REST API (infra/lib/front-door.ts: a proxy resource, stage `live`) hands it to the function: payload 1.0. */
function healthEvent() {
  const now = new Date();
  const host = 'abcdef1234.execute-api.ap-southeast-3.amazonaws.com';
  const headers = { Host: host, Accept: 'application/json', 'User-Agent': 'bench', 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' };
  return {
    resource: '/{proxy+}',
    path: '/health',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: 'health' },
    stageVariables: null,
    requestContext: {
      resourceId: 'abc123',
      resourcePath: '/{proxy+}',
      httpMethod: 'GET',
      extendedRequestId: 'bench',
      requestTime: now.toUTCString(),
      path: '/live/health',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'live',
      domainPrefix: 'abcdef1234',
      requestTimeEpoch: now.getTime(),
      requestId: 'bench',
      identity: { sourceIp: '203.0.113.7', userAgent: 'bench', accessKey: null, accountId: null, caller: null, user: null, userArn: null },
      domainName: host,
      apiId: 'abcdef1234',
    },
    body: null,
    isBase64Encoded: false,
  };
}

interface Run {
  totalMs: number;
  untilMain: number;
  importMs: number;
  invokeMs: number;
  statusCode: number;
  body: string;
}

function coldRun(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let answered: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (answered === undefined && out.includes('\n')) answered = performance.now() - t0;
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const totalMs = answered ?? performance.now() - t0;
      if (!out.trim()) {
        if (code === 0) resolve({ totalMs, untilMain: NaN, importMs: NaN, invokeMs: NaN, statusCode: 0, body: '' });
        else reject(new Error(`exit ${code}: ${err.slice(-2000)}`));
        return;
      }
      const r = JSON.parse(out.split('\n')[0]!) as Omit<Run, 'totalMs'>;
      resolve({ ...r, totalMs });
    });
  });
}

async function main(): Promise<number> {
  const h = await startHarness({ name: 'lambda', worker: false, api: false, temporalDb: 'memory' });
  const stopDeadline = deadline(15, () => h.stop());
  const inv = new Invariants();
  const rec = new Recorder('lambda-cold-start', quick(), { runs });
  try {
    const dir = join(h.dir, 'lambda');
    await mkdir(dir, { recursive: true });
    const started = performance.now();
    const bytes = await bundle(join(dir, 'index.mjs'));
    const gz = gzipSync(await readFile(join(dir, 'index.mjs'))).length;
    log(`bundle: ${mib(bytes)} (${fmt(bytes / 1024, 0)} KiB; gzip ${fmt(gz / 1024, 0)} KiB), built in ${fmt((performance.now() - started) / 1000)} s`);
    await writeFile(join(dir, 'invoke.mjs'), invokeHarness);
    await writeFile(join(dir, 'empty.mjs'), emptyHandler);

    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', BENCH_EVENT: JSON.stringify(healthEvent()) };
    for (const k of [
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_TASK_QUEUE',
      'DYNAMODB_ENDPOINT',
      'DYNAMODB_TABLE',
      'AWS_REGION',
      'AUTH_JWT_SECRET',
      'LINK_TOKEN_SECRET',
    ])
      env[k] = h.env[k]!;
    env['PUBLIC_BASE_URL'] = 'https://alur.solselkab.example';
    env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

    const alur: Run[] = [];
    const empty: Run[] = [];
    const bare: Run[] = [];
    // A first, unmeasured run of each warms the OS file cache, as a warm Lambda host would have it.
    await coldRun([join(dir, 'invoke.mjs'), join(dir, 'index.mjs')], env);
    await coldRun([join(dir, 'invoke.mjs'), join(dir, 'empty.mjs')], env);
    for (let i = 0; i < runs; i++) {
      alur.push(await coldRun([join(dir, 'invoke.mjs'), join(dir, 'index.mjs')], env));
      empty.push(await coldRun([join(dir, 'invoke.mjs'), join(dir, 'empty.mjs')], env));
      bare.push(await coldRun(['-e', '0'], env));
      log(`run ${i + 1}: alur ${fmt(alur.at(-1)!.totalMs)} ms (status ${alur.at(-1)!.statusCode}), empty handler ${fmt(empty.at(-1)!.totalMs)} ms`);
    }
    const statuses = alur.map((r) => r.statusCode);
    inv.check(
      statuses.every((s) => s === 200),
      'GET /health answered 200 on every cold start',
      `statuses ${statuses.join(', ')}; last body ${alur.at(-1)?.body ?? ''}`,
    );

    const m = (rs: Run[], k: keyof Run) => median(rs.map((r) => r[k] as number));
    console.log(`\n## Lambda cold start — api/lambda.ts, ${runs} runs, medians\n`);
    console.log(`bundle (esbuild, as infra/lib/bundle-api.ts): ${fmt(bytes / 1024, 0)} KiB (${mib(bytes)}), gzip ${fmt(gz / 1024, 0)} KiB\n`);
    console.log(
      table(
        ['process', 'spawn → answer ms', 'node start → harness ms', 'import ms', 'first invoke ms'],
        [
          ['api/lambda.ts bundle, GET /health', m(alur, 'totalMs'), m(alur, 'untilMain'), m(alur, 'importMs'), m(alur, 'invokeMs')],
          ['baseline: empty handler, same harness', m(empty, 'totalMs'), m(empty, 'untilMain'), m(empty, 'importMs'), m(empty, 'invokeMs')],
          ['baseline: node -e 0 (exit)', m(bare, 'totalMs'), NaN, NaN, NaN],
        ],
      ),
    );
    console.log(
      `\nratio to the empty handler: ${fmt(m(alur, 'totalMs') / m(empty, 'totalMs'), 2)}×; the bundle adds ${fmt(m(alur, 'totalMs') - m(empty, 'totalMs'), 0)} ms (import ${fmt(m(alur, 'importMs'), 0)} ms, first request ${fmt(m(alur, 'invokeMs'), 0)} ms)`,
    );
    console.log(`all runs (ms): ${alur.map((r) => fmt(r.totalMs, 0)).join(', ')}`);
    rec.figure({
      id: 'lambda.cold-start',
      label: 'Lambda cold start, spawn → GET /health answered, median',
      value: m(alur, 'totalMs'),
      unit: 'ms',
      baseline: { label: 'empty handler, same harness', value: m(empty, 'totalMs') },
      note: `bundle ${fmt(bytes / 1024, 0)} KiB, gzip ${fmt(gz / 1024, 0)} KiB; import ${fmt(m(alur, 'importMs'), 0)} ms, first request ${fmt(m(alur, 'invokeMs'), 0)} ms`,
    });
    rec.series(
      'cold start, api/lambda.ts',
      'ms',
      alur.map((r) => r.totalMs),
    );
    rec.series(
      'cold start, empty handler',
      'ms',
      empty.map((r) => r.totalMs),
    );
    rec.series(
      'node -e 0',
      'ms',
      bare.map((r) => r.totalMs),
    );
    console.log(`\n${inv.summary()}`);
    log(`raw results: ${rec.write(inv)}`);
    return inv.failed.length === 0 ? 0 : 1;
  } finally {
    stopDeadline();
    await h.stop();
  }
}

process.exit(await main());
