// The local Temporal server is `temporal server start-dev` from the Temporal CLI. Nothing can be
// downloaded from GitHub releases here, so the CLI is built from its Go module (the Go proxy is
// reachable) once per machine and cached outside the repo. v1.5.1 is pinned because it is the
// newest release whose go.mod has no `replace` directive, which `go install pkg@version` rejects.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import { buildOnce, runStep } from './build-cache.js';

const CLI_VERSION = 'v1.5.1';
const CLI_MODULE = 'github.com/temporalio/cli';

export async function ensureTemporalCli(): Promise<string> {
  return buildOnce(`temporal-cli-${CLI_VERSION}`, 'temporal', async (tmpDir) => {
    process.stderr.write(`building Temporal CLI ${CLI_VERSION} from its Go module (first run only, a few minutes)...\n`);
    const started = Date.now();
    await runStep(
      `building Temporal CLI ${CLI_VERSION}`,
      'go',
      [
        'install',
        // Same flags as the project's release build: a static binary that reports its version
        // (without -X it says 0.0.0-DEV) and carries no debug info (~210 MB instead of ~250 MB).
        '-trimpath',
        `-ldflags=-s -w -X ${CLI_MODULE}/temporalcli.Version=${CLI_VERSION.slice(1)}`,
        `${CLI_MODULE}/cmd/temporal@${CLI_VERSION}`,
      ],
      { ...process.env, GOBIN: tmpDir, CGO_ENABLED: '0' },
    );
    process.stderr.write(`built Temporal CLI ${CLI_VERSION} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  });
}

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service, as `Connection.connect({ address })` wants it. */
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_LINES = 40;

export async function startTemporalDevServer(opts: {
  port: number;
  uiPort: number;
  /** SQLite file to persist to; in memory when omitted. */
  dbFile?: string;
  /** Extra namespace to create next to `default`. */
  namespace?: string;
  log?: (line: string) => void;
}): Promise<TemporalDevServer> {
  const binary = await ensureTemporalCli();
  const host = '127.0.0.1';
  const address = `${host}:${opts.port}`;
  const namespaces = [...new Set(['default', opts.namespace ?? 'default'])];

  const args = ['server', 'start-dev', '--ip', host, '--port', String(opts.port), '--ui-port', String(opts.uiPort)];
  for (const ns of namespaces) args.push('--namespace', ns);
  args.push('--log-level', 'warn', '--log-format', 'pretty');
  // Approvals are Updates. Recent servers enable them by default; saying so explicitly keeps the
  // approval flow working whatever the pinned server's defaults are.
  args.push(
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  );
  if (opts.dbFile) {
    // The dev server funnels all persistence through one SQLite connection, so commit cost is
    // its throughput ceiling (temporal#9686); WAL makes commits appends with fewer fsyncs.
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=WAL');
  }

  // A leftover server on the same port would pass every readiness probe below while ours dies
  // on "address already in use", so refuse up front.
  for (const port of [opts.port, opts.uiPort]) {
    const inUse = await tcpAccepts(host, port).then(
      () => true,
      () => false,
    );
    if (inUse) throw new Error(`cannot start the Temporal dev server: ${host}:${port} is already in use (a leftover server?)`);
  }

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderrTail: string[] = [];
  const onLine = (line: string, isStderr: boolean): void => {
    if (isStderr) {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    }
    opts.log?.(line);
  };
  createInterface({ input: child.stdout }).on('line', (l) => onLine(l, false));
  createInterface({ input: child.stderr }).on('line', (l) => onLine(l, true));

  const exited = new Promise<string>((resolve) => {
    child.on('error', (err) => resolve(`could not be started: ${err.message}`));
    child.on('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  });
  let exitReason: string | undefined;
  void exited.then((r) => (exitReason = r));

  // An orphaned server keeps its ports and SQLite file locked, which breaks the next start;
  // `exit` handlers must be synchronous, so this can only be a SIGKILL.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (exitReason !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const failure = (why: string): Error => new Error(`Temporal dev server on ${address} ${why}\n--- stderr tail ---\n${stderrTail.join('\n')}`);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    await waitUntil(
      deadline,
      () => exitReason,
      () => tcpAccepts(host, opts.port),
    );
    await waitUntil(
      deadline,
      () => exitReason,
      () => namespacesReady(address, namespaces),
    );
  } catch (err) {
    await stop();
    throw failure(exitReason ?? (err as Error).message);
  }
  return { address, uiUrl: `http://${host}:${opts.uiPort}`, stop };
}

/** Polls `probe` until it succeeds, the process exits (`exitReason` set), or the deadline. */
async function waitUntil(deadline: number, exitReason: () => string | undefined, probe: () => Promise<void>): Promise<void> {
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    const reason = exitReason();
    if (reason !== undefined) throw new Error(reason);
    try {
      await probe();
      return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`was not ready within ${READY_TIMEOUT_MS / 1000} s (last error: ${lastError})`);
}

function tcpAccepts(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (err) => {
      socket.destroy();
      reject(err);
    });
  });
}

// The port opens before the frontend has registered the namespaces; a client call proves the
// server can actually take work.
async function namespacesReady(address: string, namespaces: string[]): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    for (const namespace of namespaces) await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}
