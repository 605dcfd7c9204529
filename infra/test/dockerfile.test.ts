/**
 * The worker image without Docker: its base is glibc Debian at the deployed Node version, its
 * build commands (run by the global setup exactly as the Dockerfile spells them) produce the
 * files it starts, everything they read is in the .dockerignore allow-list, and the worker needs
 * only the packages `npm ci --omit=dev` installs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../lib/paths.js';
import { readSettings } from '../lib/settings.js';
import { dockerfileText } from './support/image.js';

const dockerfile = dockerfileText();
const defaults = readSettings(
  (k) =>
    ({
      'alur:temporalAddress': 'ns.acct.tmprl.cloud:7233',
      'alur:temporalNamespace': 'ns.acct',
      'alur:authJwksUrl': 'https://idp.example/jwks',
      'alur:alarmEmail': 'it@solselkab.go.id',
      'alur:domainName': 'alur.solselkab.go.id',
    })[k],
);

/** Top-level folders and files the .dockerignore allow-list lets into the build context. */
function allowListed(): string[] {
  return readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).trim());
}

describe('the Dockerfile', () => {
  it('builds on Debian bookworm (glibc: the Temporal native bridge does not load on Alpine), at the deployed Node version', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const image of froms) expect(image).toBe('node:${NODE_MAJOR}-bookworm-slim');
    const instructions = dockerfile
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    expect(instructions).not.toMatch(/alpine|musl/i);
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_MAJOR=${defaults.nodeMajor}$`, 'm'));
  });

  it('starts the bundled worker with the prebuilt workflow bundle, as a non-root user, without colour codes', () => {
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/worker\.mjs"\]$/m);
    expect(dockerfile).toMatch(/WORKFLOW_BUNDLE=\/app\/dist\/workflow-bundle\.js/);
    expect(dockerfile).toMatch(/NO_COLOR=1/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('produces, with its own build commands, the worker and the workflow bundle it names', () => {
    const image = inject('workerImage');
    expect(image.commands.join('\n')).toContain('--outfile=dist/worker.mjs');
    expect(image.commands.join('\n')).toContain('scripts/bundle-workflows.ts dist/workflow-bundle.js');
    expect(readFileSync(image.workerFile, 'utf8').length).toBeGreaterThan(1000);
    expect(image.commands.join('\n')).toContain('--outfile=dist/health-check.mjs');
    expect(readFileSync(image.healthCheckFile, 'utf8')).toContain('/health');
    // A Temporal workflow bundle registers the workflows module and the SDK's interceptors.
    const bundle = readFileSync(image.workflowBundle, 'utf8');
    expect(bundle).toContain('__TEMPORAL__');
    expect(bundle).toMatch(/programWorkflow/);
  });

  it('reads only sources the .dockerignore allow-list lets into the context', () => {
    const image = inject('workerImage');
    const meta = JSON.parse(readFileSync(image.metafile, 'utf8')) as { inputs: Record<string, unknown> };
    const sources = Object.keys(meta.inputs).filter((p) => !p.includes('node_modules/'));
    const allowed = allowListed();
    const outside = sources.filter((p) => !allowed.some((a) => p === a || p.startsWith(`${a}/`)));
    expect(outside).toEqual([]);
    expect(allowed).toContain('scripts/bundle-workflows.ts');
  });

  it('imports at run time only production dependencies (the image has no devDependencies)', () => {
    const image = inject('workerImage');
    const meta = JSON.parse(readFileSync(image.metafile, 'utf8')) as { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const packages = new Set<string>();
    for (const output of Object.values(meta.outputs)) {
      for (const i of output.imports) {
        if (!i.external || i.path.startsWith('node:') || i.path.startsWith('.')) continue;
        packages.add(i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]!);
      }
    }
    const builtins = new Set([
      'fs',
      'path',
      'url',
      'crypto',
      'os',
      'net',
      'http',
      'https',
      'stream',
      'util',
      'events',
      'child_process',
      'module',
      'zlib',
      'tls',
      'dns',
      'buffer',
      'assert',
      'worker_threads',
      'process',
      'timers',
      'v8',
      'vm',
    ]);
    const missing = [...packages].filter((p) => !builtins.has(p) && !(p in pkg.dependencies));
    expect(missing).toEqual([]);
    expect(packages.has('@temporalio/worker')).toBe(true);
  });

  it('copies the workflow sources the fallback bundler needs: workflows/ imports only workflows/ and domain/', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(repoRoot, 'workflows', 'index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      packages: 'external',
      platform: 'neutral',
      absWorkingDir: repoRoot,
      logLevel: 'silent',
    });
    const folders = [...new Set(Object.keys(result.metafile.inputs).map((p) => p.split('/')[0]!))].sort();
    expect(
      folders.every((f) => f === 'workflows' || f === 'domain'),
      folders.join(', '),
    ).toBe(true);
    expect(dockerfile).toMatch(/^COPY workflows \.\/workflows$/m);
    expect(dockerfile).toMatch(/^COPY domain \.\/domain$/m);
  });
});
