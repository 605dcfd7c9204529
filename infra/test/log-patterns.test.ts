/**
 * The alarms' log patterns (lib/observability.ts) against what the worker really prints: the
 * Temporal SDK's logger and the engine's mailer on failing SMTP servers, and Temporal Core when
 * the server goes away under a polling worker. The output is cut into log events the way the
 * awslogs driver does with the task's datetime format, then matched the way CloudWatch Logs
 * matches text terms (case-sensitive; `?term` = any of). After a deployment, the same patterns
 * can be tried on real events with `aws logs test-metric-filter` (infra/README.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodemailerErrorCodes, workerLogDatetimeFormat, workerLogPatterns } from '../lib/observability.js';
import { infraRoot, repoRoot } from '../lib/paths.js';

const tsx = join(infraRoot, 'node_modules', '.bin', 'tsx');
const fixtures = join(infraRoot, 'test', 'fixtures');

/** CloudWatch Logs text-term matching: every plain term, and at least one `?` term if any. */
export function cloudWatchMatches(pattern: string, event: string): boolean {
  const terms = [...pattern.matchAll(/(\?)?(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/g)].map((m) => ({
    any: !!m[1],
    text: (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'),
  }));
  const all = terms.filter((t) => !t.any);
  const any = terms.filter((t) => t.any);
  return all.every((t) => event.includes(t.text)) && (any.length === 0 || any.some((t) => event.includes(t.text)));
}

/** The awslogs driver with `awslogs-datetime-format`: a line starting with the timestamp starts an event. */
export function toLogEvents(output: string, datetimeFormat = workerLogDatetimeFormat): string[] {
  const start = new RegExp(
    '^' + datetimeFormat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([YmdHMS])/g, (_, f: string) => (f === 'Y' ? '\\d{4}' : '\\d{2}')),
  );
  const events: string[] = [];
  for (const line of output.replace(/\n+$/, '').split('\n')) {
    if (start.test(line) || events.length === 0) events.push(line);
    else events[events.length - 1] += `\n${line}`;
  }
  return events.filter((e) => e.trim() !== '');
}

const count = (pattern: string, events: string[]) => events.filter((e) => cloudWatchMatches(pattern, e)).length;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: infraRoot, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

describe('the pattern matcher model', () => {
  it('follows CloudWatch term semantics for the forms used here', () => {
    expect(cloudWatchMatches('"Activity failed"', 'x [WARN] Activity failed {')).toBe(true);
    expect(cloudWatchMatches('"Activity failed"', 'activity failed')).toBe(false);
    expect(cloudWatchMatches('?"a b" ?"c"', 'xx c')).toBe(true);
    expect(cloudWatchMatches('?"a b" ?"c"', 'a  b')).toBe(false);
  });
});

describe('activity and email failures', () => {
  const scenarios = ['smtp-550', 'smtp-451', 'smtp-unreachable', 'dynamodb'] as const;
  // Each scenario is a process of its own (a real logger, real SMTP failures); run them side by side.
  let outputs: Promise<Record<string, string[]>>;
  beforeAll(() => {
    outputs = Promise.all(scenarios.map(async (s) => [s, toLogEvents(await run(tsx, [join(fixtures, 'activity-failure-logs.ts'), s]))] as const)).then(
      (entries) => Object.fromEntries(entries) as Record<string, string[]>,
    );
    // Failures surface in the tests that await them.
    outputs.catch(() => undefined);
  });
  const eventsOf = async (s: (typeof scenarios)[number]) => (await outputs)[s]!;

  it.each(scenarios)('%s: one log event, counted once as an activity failure', async (scenario) => {
    const events = await eventsOf(scenario);
    const failures = events.filter((e) => e.includes('Activity failed'));
    expect(failures, events.join('\n---\n')).toHaveLength(1);
    // The whole entry (error, stack, properties) is one event, not one per line.
    expect(failures[0]!.split('\n').length).toBeGreaterThan(5);
    expect(count(workerLogPatterns.activityFailures.pattern, events)).toBe(1);
  });

  it.each(['smtp-550', 'smtp-451', 'smtp-unreachable'] as const)('%s: counted as an email failure', async (scenario) => {
    // At least the failing activity's entry (the activities may log their own line as well).
    expect(count(workerLogPatterns.emailFailures.pattern, await eventsOf(scenario))).toBeGreaterThanOrEqual(1);
  });

  it('a DynamoDB failure is an activity failure, not an email failure', async () => {
    const events = await eventsOf('dynamodb');
    expect(count(workerLogPatterns.activityFailures.pattern, events)).toBe(1);
    expect(count(workerLogPatterns.emailFailures.pattern, events)).toBe(0);
  });

  it('rest on text the code really contains', () => {
    const sdkActivity = readFileSync(join(repoRoot, 'node_modules', '@temporalio', 'worker', 'lib', 'activity.js'), 'utf8');
    expect(sdkActivity).toContain("warn('Activity failed'");
    expect(readFileSync(join(repoRoot, 'mail', 'mailer.ts'), 'utf8')).toContain('PermanentMailError');
    const nodemailerErrors = readFileSync(join(repoRoot, 'node_modules', 'nodemailer', 'dist', 'cjs', 'errors.js'), 'utf8');
    for (const code of nodemailerErrorCodes) expect(nodemailerErrors, code).toContain(`exports.${code} = '${code}'`);
  });
});

describe('a worker that cannot reach Temporal', () => {
  let server: { stop(): Promise<void> } | undefined;
  let worker: ChildProcess | undefined;
  afterAll(async () => {
    // tsx runs the fixture in a child process of its own: kill the whole group, not tsx alone.
    if (worker?.pid !== undefined) process.kill(-worker.pid, 'SIGKILL');
    await server?.stop();
  });

  it('prints what WorkerNotPolling counts, one event per line', async () => {
    const { startTemporalDevServer } = await import('../../dev/temporal-cli.js');
    const [port, uiPort] = [await freePort(), await freePort()];
    server = await startTemporalDevServer({ port, uiPort });
    const address = `127.0.0.1:${port}`;
    let output = '';
    worker = spawn(tsx, [join(fixtures, 'poll-worker.ts'), address, 'alur-poll-check'], {
      cwd: infraRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(
      () => output.includes('worker polling task queue'),
      30_000,
      () => output,
    );

    await server.stop();
    server = undefined;
    await waitFor(
      () => count(workerLogPatterns.pollErrors.pattern, toLogEvents(output)) >= 2,
      60_000,
      () => output,
    );

    const events = toLogEvents(output);
    const pollErrors = events.filter((e) => cloudWatchMatches(workerLogPatterns.pollErrors.pattern, e));
    // Core's lines start with the timestamp (NO_COLOR), so each is an event of its own.
    for (const e of pollErrors) expect(e.split('\n'), e).toHaveLength(1);
    expect(count(workerLogPatterns.activityFailures.pattern, events)).toBe(0);
    expect(count(workerLogPatterns.emailFailures.pattern, events)).toBe(0);
  });
});

async function waitFor(done: () => boolean, timeoutMs: number, show: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${show()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
