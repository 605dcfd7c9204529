/**
 * The first step of a fresh deployment (docs/product.md §10): `npm run first-account` creates the
 * first secretariat account once, against the table the stack uses, and refuses a second run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { as } from '../support/api.js';
import { stack } from '../support/stack.js';

const run = promisify(execFile);

/** Runs the command as an operator would, configured by the environment only. */
async function firstAccount(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { dynamodbEndpoint, tableName } = stack();
  const env = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    DYNAMODB_TABLE: tableName,
    PUBLIC_BASE_URL: stack().api,
    // Required of every entry point, as in production; this command signs nothing with it.
    LINK_TOKEN_SECRET: 'first-account-test-secret-0123456789abcdef',
  };
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['scripts/first-account.ts', ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const account = [
  '--nip',
  '197803152003122004',
  '--nama',
  'Hj. Rosmaniar, S.H.',
  '--jabatan',
  'Kepala Bagian Organisasi Setda',
  '--surel',
  'rosmaniar@solselkab.example',
];

describe('the first account', () => {
  it('refuses a bad NIP without writing anything, then creates the secretariat account once and says what to do next', async () => {
    const bad = await firstAccount('--nip', '197803152003123004', ...account.slice(2));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--nip');

    const first = await firstAccount(...account);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${stack().api}/masuk`);

    const listed = await as<{ items: { email: string; roles: string[]; nip: string }[] }>('sekretariat-1', 'GET', '/v1/people?q=rosmaniar');
    expect(listed.body.items).toEqual([expect.objectContaining({ email: 'rosmaniar@solselkab.example', roles: ['secretariat'], nip: '197803152003122004' })]);

    const second = await firstAccount('--nip', '198001012005011002', '--nama', 'Orang Kedua', '--jabatan', 'Staf', '--surel', 'kedua@solselkab.example');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already created');
    expect((await as<{ items: unknown[] }>('sekretariat-1', 'GET', '/v1/people?q=kedua@solselkab')).body.items).toEqual([]);
  });
});
