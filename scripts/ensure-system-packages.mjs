// Runs before `npm test`: the Debian packages the tests drive, never downloaded from a website.
// The browser tier drives Debian's Chromium (playwright-core never downloads a browser here);
// the commitment PDF is read back with poppler-utils (pdftotext, pdftoppm), as a reader would.
// When one is missing and we are root, install it with apt-get; otherwise say how, and fail,
// rather than let a test tier fail later with a riddle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';

/** Debian package → a file it installs. */
const required = {
  chromium: '/usr/bin/chromium',
  'poppler-utils': '/usr/bin/pdftotext',
};

const missing = Object.entries(required)
  .filter(([, file]) => !existsSync(file))
  .map(([pkg]) => pkg);
const aptGet = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;

if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    process.stderr.write(
      `ensure-system-packages: missing ${missing.join(', ')}; install once as root: apt-get install --no-install-recommends ${missing.join(' ')}\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`ensure-system-packages: installing Debian ${missing.join(', ')} for the tests...\n`);
  const install = () => aptGet('install', '-y', '--no-install-recommends', ...missing);
  // A fresh image has no package lists yet: fetch them once and try again.
  if (!install() && !(aptGet('update') && install())) process.exit(1);
}
