/**
 * `npm run bench:report`: writes bench/RESULTS.md from every result file under bench/results/
 * (the newest run of each bench script, and any other file with samples and percentiles).
 *
 *   tsx bench/report.ts [--check]   # --check: exit 1 when RESULTS.md is not what the files give
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderReport, type ResultFile } from './lib/report.js';
import { resultsDir } from './lib/results.js';
import { flag, log } from './lib/util.js';

const resultsFile = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

function readResults(): ResultFile[] {
  let names: string[];
  try {
    names = readdirSync(resultsDir).filter((n) => n.endsWith('.json'));
  } catch {
    names = [];
  }
  return names.sort().map((n) => ({ path: `bench/results/${n}`, data: JSON.parse(readFileSync(`${resultsDir}${n}`, 'utf8')) as unknown }));
}

const files = readResults();
// Formatted as `npm run format` would, so the format check holds for the generated file.
const text = await format(renderReport(files), { ...(await resolveConfig(resultsFile)), filepath: resultsFile });
if (flag('check')) {
  const current = readFileSync(resultsFile, 'utf8');
  if (current !== text) {
    log('bench/RESULTS.md is not what bench/results/ gives: run npm run bench:report');
    process.exit(1);
  }
  log('bench/RESULTS.md matches bench/results/');
} else {
  writeFileSync(resultsFile, text);
  log(`bench/RESULTS.md written from ${files.length} result file(s)`);
}
