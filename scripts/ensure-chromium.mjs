// Runs before `npm test`: the browser tier drives Debian's Chromium (playwright-core never
// downloads a browser here). When it is missing and we are root, install it with apt-get;
// otherwise say how, and fail, rather than let the browser tier fail later with a riddle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';

const chromium = '/usr/bin/chromium';
const aptGet = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;

if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    process.stderr.write(`ensure-chromium: ${chromium} is missing; install it once as root: apt-get install --no-install-recommends chromium\n`);
    process.exit(1);
  }
  process.stderr.write('ensure-chromium: installing Debian chromium for the browser tests...\n');
  const install = () => aptGet('install', '-y', '--no-install-recommends', 'chromium');
  // A fresh image has no package lists yet: fetch them once and try again.
  if (!install() && !(aptGet('update') && install())) process.exit(1);
}
