/**
 * The worker image's build, without Docker: the Dockerfile's own build commands, run on this
 * machine into a folder laid out like the image (/app/dist, /app/workflows, /app/domain,
 * /app/node_modules), so the tests can check and run what the image would contain.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths.js';

export interface WorkerImage {
  /** Plays /app. */
  dir: string;
  /** dist/worker.mjs */
  workerFile: string;
  /** dist/workflow-bundle.js (what WORKFLOW_BUNDLE names in the image). */
  workflowBundle: string;
  /** The container health check's entry (dist/health-check.mjs). */
  healthCheckFile: string;
  /** esbuild's metafile of the worker bundle. */
  metafile: string;
  /** The commands run, as the Dockerfile spells them. */
  commands: string[];
}

export function dockerfileText(): string {
  return readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
}

/** The build stage's RUN step that bundles the workflows and the worker, split into its commands. */
export function dockerfileBuildCommands(text = dockerfileText()): string[] {
  const runs = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.startsWith('RUN '))
    .map((l) => l.slice(4).trim());
  const step = runs.find((r) => r.includes('bundle-workflows.ts') && r.includes('esbuild'));
  if (!step) throw new Error('the Dockerfile has no RUN step that bundles the workflows and the worker');
  return step.split('&&').map((c) => c.trim().replace(/\s+/g, ' '));
}

/** Runs the Dockerfile's build commands with /app/dist moved to `<dir>/dist`. */
export function buildWorkerImage(dir: string, nodeMajor: number): WorkerImage {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const metafile = join(dir, 'worker-meta.json');
  const commands = dockerfileBuildCommands();
  for (const [i, command] of commands.entries()) {
    // The worker's metafile is the one the checks read; other esbuild steps keep their own.
    const meta = command.includes('worker/main.ts') ? metafile : join(dir, `step-${i}-meta.json`);
    const resolved = command
      .replace(/\$\{NODE_MAJOR\}/g, String(nodeMajor))
      .replace(/(^|\s|=)dist\//g, `$1${dir}/dist/`)
      .concat(command.includes('esbuild') ? ` --metafile=${meta}` : '');
    try {
      execFileSync('sh', ['-c', resolved], { cwd: repoRoot, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`Dockerfile build step failed: ${resolved}\n${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`);
    }
  }
  // The runtime stage copies these beside dist/ (the fallback when the prebuilt bundle is not used;
  // copied, not linked: the workflow bundler must see them where the worker says they are).
  for (const folder of ['workflows', 'domain']) cpSync(join(repoRoot, folder), join(dir, folder), { recursive: true });
  // node_modules: the image has `npm ci --omit=dev`; a link to the full install stands in
  // (test/dockerfile.test.ts checks that the worker imports production dependencies only).
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  return {
    dir,
    workerFile: join(dir, 'dist', 'worker.mjs'),
    healthCheckFile: join(dir, 'dist', 'health-check.mjs'),
    workflowBundle: join(dir, 'dist', 'workflow-bundle.js'),
    metafile,
    commands,
  };
}
