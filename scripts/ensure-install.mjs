// Runs before `npm test` / `npm start` so a fresh clone (or a pull that changed dependencies)
// works without a separate install step. npm writes node_modules/.package-lock.json at the end
// of every install, so it being missing or older than the manifests means node_modules is stale.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import process from 'node:process';

const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;
const installed = mtime('node_modules/.package-lock.json');
const npm = (command) => spawnSync('npm', [command, '--no-audit', '--no-fund'], { stdio: 'inherit' }).status === 0;

if (installed === undefined || ['package-lock.json', 'package.json'].some((f) => (mtime(f) ?? 0) > installed)) {
  process.stderr.write('ensure-install: node_modules is missing or stale, running npm ci...\n');
  if (!npm('ci')) {
    // `npm ci` rejects the lockfile when the registry lacks a platform-only optional package
    // (vite's napi-windows-process-start-time is missing from the registry used here) although
    // it is complete for this platform; `npm install` still installs exactly the locked versions.
    process.stderr.write('ensure-install: npm ci failed, falling back to npm install...\n');
    if (!npm('install')) process.exit(1);
  }
}
