// Time-skipping workflow tests need Temporal's test server. @temporalio/testing would download a
// native build from GitHub, which is unreachable here, so we use the Java build of the same
// server from Maven Central (reachable) and hand the SDK a wrapper script as an 'existing-path'
// executable. The SDK spawns that path directly with `<port> --enable-time-skipping`, gives it
// 5 s to accept connections, and SIGKILLs it at teardown.
import { spawn } from 'node:child_process';
import { chmod, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { buildOnce, runStep } from './build-cache.js';

// Newest release on Maven Central when this was written (its metadata said release 1.38.0);
// pinned so every checkout tests against the same server.
const TEST_SERVER_VERSION = '1.38.0';
// The server logs through SLF4J 1.7 (the version its POM resolves); without a binding every
// start prints a three-line "Failed to load class StaticLoggerBinder" warning into test output.
const SLF4J_VERSION = '1.7.36';

// Start-up, measured as createTimeSkipping() until ready, six at once on a busy 2-CPU machine:
// the plain JVM missed the SDK's 5 s window every time; with C1 only and the serial collector
// (fewer compiler and GC threads competing) about half missed; adding a class-data archive of
// the server's own classes (trained once at install) got all six up in 3-4.5 s. Alone: 1.5 s
// plain, 0.8 s with all three. The archive is only an optimisation: with -Xshare:auto a missing
// or stale one (e.g. after a JDK upgrade) is skipped, quietly because of -Xlog:cds*=off.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-Xlog:cds*=off'];
const ARCHIVE = 'classes.jsa';
const WRAPPER = 'temporal-test-server';
const MAIN_CLASS = 'io.temporal.testserver.TestServer';

export async function ensureJavaTestServer(): Promise<string> {
  return buildOnce(`temporal-test-server-${TEST_SERVER_VERSION}`, WRAPPER, async (tmpDir, finalDir) => {
    process.stderr.write(`fetching Temporal Java test server ${TEST_SERVER_VERSION} from Maven Central (first run only)...\n`);
    // A throwaway POM lets Maven resolve the full runtime classpath (gRPC, protobuf, ...) and
    // copy it into one folder; the POM stays in the cache as a record of what was fetched.
    await writeFile(join(tmpDir, 'pom.xml'), pom());
    await runStep(`fetching Temporal Java test server ${TEST_SERVER_VERSION}`, 'mvn', [
      '--batch-mode',
      '--quiet',
      '--file',
      join(tmpDir, 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(tmpDir, 'lib')}`,
    ]);
    // The JVM accepts an archive trained in this folder after it is renamed to finalDir, as long
    // as the jars keep their relative layout.
    await trainClassArchive(join(tmpDir, 'lib', '*'), join(tmpDir, ARCHIVE));

    // `exec` makes java the process the SDK started, so the SIGKILL at teardown reaches the JVM.
    const script = join(tmpDir, WRAPPER);
    const flags = [...JVM_FLAGS, `-XX:SharedArchiveFile=${join(finalDir, ARCHIVE)}`, '-cp', `${join(finalDir, 'lib')}/*`];
    await writeFile(script, `#!/bin/sh\nexec "\${JAVA_HOME:+$JAVA_HOME/bin/}java" ${flags.map(shellQuote).join(' ')} ${MAIN_CLASS} "$@"\n`);
    await chmod(script, 0o755);
  });
}

/**
 * Starts the server once with -XX:ArchiveClassesAtExit, makes one client call so the request path
 * is loaded too, and stops it with SIGTERM (a normal JVM exit, which is when the archive is
 * written). Failing here only costs speed, so it warns instead of throwing.
 */
async function trainClassArchive(classpath: string, archive: string): Promise<void> {
  const port = await freePort();
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const child = spawn(java, [...JVM_FLAGS, `-XX:ArchiveClassesAtExit=${archive}`, '-cp', classpath, MAIN_CLASS, String(port), '--enable-time-skipping'], {
    stdio: 'ignore',
  });
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code) => resolve(code));
  }).finally(() => (running = false));
  let ok = false;
  try {
    const deadline = Date.now() + 30_000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline || !running) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    await connection.workflowService.getSystemInfo({}).catch(() => undefined);
    await connection.close();
    child.kill('SIGTERM');
    // 143 = 128 + SIGTERM: the JVM's own orderly exit after running its shutdown hooks.
    const code = await exited;
    ok = (code === 0 || code === 143) && (await stat(archive)).size > 0;
  } catch {
    child.kill('SIGKILL');
    await exited;
  }
  if (!ok) {
    // A half-written archive crashes the JVM (SIGBUS) instead of being skipped: never keep one.
    await rm(archive, { force: true });
    process.stderr.write('alur: could not train a class-data archive for the Java test server; it will start more slowly\n');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function pom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.alur</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>${SLF4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
