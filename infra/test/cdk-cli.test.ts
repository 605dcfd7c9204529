/**
 * `cdk synth` through the real CLI, as CI and an operator run it: no AWS credentials or
 * configuration in the environment, and a `docker` that records any call and fails. Synth must
 * succeed without either (the API is bundled by esbuild; the worker image is only staged).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { infraRoot } from '../lib/paths.js';

const work = mkdtempSync(join(tmpdir(), 'alur-cdk-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cdk synth (CLI)', () => {
  it('synthesizes both stacks without AWS credentials and without Docker', async () => {
    const bin = join(work, 'bin');
    const calls = join(work, 'docker-calls');
    const docker = join(bin, 'docker');
    mkdirSync(bin, { recursive: true });
    writeFileSync(docker, `#!/bin/sh\necho "$*" >> '${calls}'\nexit 97\n`);
    chmodSync(docker, 0o755);
    const outdir = join(work, 'cdk.out');
    const home = join(work, 'home');

    // Only what a shell needs: no AWS_* variables, no credentials file, no instance metadata.
    const env: Record<string, string> = {
      PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      HOME: home,
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      CDK_DOCKER: docker,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CDK_DISABLE_VERSION_CHECK: '1',
      npm_config_update_notifier: 'false',
    };
    const started = Date.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(
        join(infraRoot, 'node_modules', '.bin', 'cdk'),
        ['synth', '--no-notices', '--no-version-reporting', '-c', 'alur:allowPlaceholders=true', '-o', outdir],
        { cwd: infraRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (c) => resolve({ code: c, output: out }));
    });
    expect(code, output).toBe(0);
    expect(output).toContain('Successfully synthesized');
    expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '', 'docker was called').toBe('');
    for (const stack of ['AlurSecrets', 'Alur']) {
      const template = JSON.parse(readFileSync(join(outdir, `${stack}.template.json`), 'utf8')) as { Resources: Record<string, unknown> };
      expect(Object.keys(template.Resources).length, stack).toBeGreaterThan(0);
    }
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; environment?: string }> };
    // With no AWS configuration at all, the stacks still go to Jakarta, not the CLI's us-east-1.
    for (const stack of ['AlurSecrets', 'Alur']) expect(manifest.artifacts[stack]?.environment, stack).toBe('aws://unknown-account/ap-southeast-3');
    expect(
      Object.entries(manifest.artifacts)
        .filter(([, a]) => a.type === 'aws:cloudformation:stack')
        .map(([id]) => id)
        .sort(),
    ).toEqual(['Alur', 'AlurSecrets']);
    console.log(`cdk synth took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
