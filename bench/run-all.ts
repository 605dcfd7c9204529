/**
 * `npm run bench`: every benchmark, one after the other, each in its own process
 * with its own stack on free loopback ports. Options are passed on to each (`--quick` for a
 * small run; see bench/README.md). Exits non-zero when a benchmark found a violated invariant.
 *
 *   tsx bench/run-all.ts [--quick] [--only=lifecycle-throughput,scale] [other options]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { log, stringOption, table } from './lib/util.js';

const all = ['lifecycle-throughput', 'action-latency', 'scale', 'reminder-burst', 'lambda-cold-start'];
const only = stringOption('only', '');
const scripts = only ? only.split(',') : all;
const passOn = process.argv.slice(2).filter((a) => !a.startsWith('--only'));

function run(script: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./${script}.ts`, import.meta.url)), ...passOn], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const results: [string, string, number][] = [];
for (const script of scripts) {
  if (!all.includes(script)) throw new Error(`unknown benchmark ${script}; one of ${all.join(', ')}`);
  log(`=== ${script} ${passOn.join(' ')}`);
  const started = Date.now();
  const code = await run(script);
  results.push([script, code === 0 ? 'ok' : `exit ${code}`, (Date.now() - started) / 1000]);
}
console.log('\n## Benchmarks\n');
console.log(table(['benchmark', 'result', 'seconds'], results));
const failed = results.filter((r) => r[1] !== 'ok').length;
console.log(failed === 0 ? '\nno invariant violated' : `\n${failed} benchmark(s) exited non-zero; see their output above`);
process.exit(failed === 0 ? 0 : 1);
