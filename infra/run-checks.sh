#!/usr/bin/env bash
# The offline checks of the AWS deployment, for the root `npm test` (or by hand):
#   bash infra/run-checks.sh
# Installs infra's own packages when infra/node_modules is missing or older than its lock file,
# then type-checks and runs infra/test (vitest). Needs the engine's install (root node_modules)
# and the Temporal CLI the root tests build (~/.cache/alur), as the checks bundle and run the
# engine's code against the local stack. No AWS credentials, no Docker.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d ../node_modules ]; then
  echo "infra checks: install the engine first (npm ci at the repository root)" >&2
  exit 1
fi
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
fi
npm test
