// A per-user cache for tools that are expensive to build (the Temporal CLI from Go, the Java
// test server from Maven). It lives outside the repo so every checkout and every test worker
// reuses one copy, and it must tolerate several processes (vitest forks, `npm start` in two
// terminals) asking for the same tool at the same moment.
import { spawn } from 'node:child_process';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';

function cacheDir(): string {
  return process.env.ALUR_CACHE_DIR ?? join(homedir(), '.cache', 'alur');
}

const LOCK_POLL_MS = 1000;
// A lock whose owner file never appeared (crash between mkdir and write) is abandoned after this.
const OWNERLESS_LOCK_STALE_MS = 30_000;
// Locks from another host (shared home over NFS) cannot be checked by pid; give up on them late.
const FOREIGN_LOCK_STALE_MS = 2 * 60 * 60 * 1000;

interface LockOwner {
  pid: number;
  host: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lockIsStale(lockDir: string): Promise<{ stale: boolean; owner: string }> {
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(lockDir)).mtimeMs;
  } catch {
    return { stale: false, owner: 'unknown' }; // released meanwhile; the next mkdir decides
  }
  let owner: LockOwner;
  try {
    owner = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
  } catch {
    return { stale: ageMs > OWNERLESS_LOCK_STALE_MS, owner: 'unknown' };
  }
  const label = `pid ${owner.pid} on ${owner.host}`;
  if (owner.host !== hostname()) return { stale: ageMs > FOREIGN_LOCK_STALE_MS, owner: label };
  return { stale: !pidAlive(owner.pid), owner: label };
}

/**
 * Makes sure `<cache>/<name>/<marker>` exists, calling `build` at most once across
 * processes. `build` fills a private temporary directory which is then renamed into place, so a
 * reader never sees a half-built tool: the marker file existing is the only "done" signal.
 *
 * Exclusion is an `mkdir` lock dir holding the owner's pid; a lock whose owner died is broken.
 * Two processes breaking the same stale lock at once could both build; that only costs time,
 * because installing is an atomic rename that never replaces a finished copy.
 */
export async function buildOnce(name: string, marker: string, build: (tmpDir: string, finalDir: string) => Promise<void>): Promise<string> {
  const root = cacheDir();
  const finalDir = join(root, name);
  const done = join(finalDir, marker);
  if (await exists(done)) return done;

  await mkdir(root, { recursive: true });
  const lockDir = join(root, `${name}.lock`);
  let announcedWait = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const { stale, owner } = await lockIsStale(lockDir);
    if (stale) {
      process.stderr.write(`alur: breaking stale lock ${lockDir} (${owner})\n`);
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announcedWait) {
      process.stderr.write(`alur: waiting for ${owner}, which is preparing ${name}...\n`);
      announcedWait = true;
    }
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    if (await exists(done)) return done;
  }

  const tmpDir = join(root, `.${name}.tmp-${process.pid}-${Date.now()}`);
  try {
    const owner: LockOwner = { pid: process.pid, host: hostname() };
    await writeFile(join(lockDir, 'owner.json'), JSON.stringify(owner));
    // Someone may have finished between our first check and taking the lock.
    if (await exists(done)) return done;
    // A build interrupted by Ctrl-C never reaches the `finally` below; its folder (the CLI alone
    // is ~200 MB) is swept here, by the next holder of the lock.
    for (const entry of await readdir(root)) {
      const pid = entry.startsWith(`.${name}.tmp-`) ? Number(entry.split('-').at(-2)) : NaN;
      if (pid > 0 && !pidAlive(pid)) await rm(join(root, entry), { recursive: true, force: true });
    }

    await mkdir(tmpDir, { recursive: true });
    await build(tmpDir, finalDir);
    // Another builder that broke the same stale lock may have won; keep its copy.
    if (await exists(done)) return done;
    if (await exists(finalDir)) {
      // An unfinished leftover (e.g. an interrupted manual build): move it aside, then drop it.
      const trash = `${tmpDir}-old`;
      await rename(finalDir, trash);
      await rm(trash, { recursive: true, force: true });
    }
    try {
      await rename(tmpDir, finalDir);
    } catch (err) {
      if (!(await exists(done))) throw err;
    }
    return done;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
    await rm(lockDir, { recursive: true, force: true });
  }
}

const TAIL_CHARS = 4000;

/**
 * Runs a build step quietly, printing a heartbeat so a long first build does not look hung in
 * CI logs, and on failure throws with the tail of the step's combined output.
 */
export function runStep(what: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const heartbeat = setInterval(() => {
      process.stderr.write(`alur: still ${what} (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }, 30_000);
    const fail = (reason: string): void => {
      clearInterval(heartbeat);
      reject(new Error(`${what} failed: \`${command} ${args.join(' ')}\` ${reason}\n--- output tail ---\n${output.trimEnd()}`));
    };
    child.on('error', (err) => fail(`could not start (${err.message})`));
    child.on('close', (code, signal) => {
      if (code === 0) {
        clearInterval(heartbeat);
        resolve();
      } else {
        fail(signal ? `was killed by ${signal}` : `exited with code ${code}`);
      }
    });
  });
}
