#!/usr/bin/env bash
# The one command that sets up and runs Candor on http://127.0.0.1:3000 (Ctrl-C stops everything).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/setup.sh
stamp=${NEXT_DIST_DIR:-.next}/BUILD_ID
if [[ ! -f $stamp ]] || [[ -n $(find app lib components next.config.ts package-lock.json public -newer "$stamp" -print -quit 2>/dev/null) ]]; then
  echo "[run] building the app (next build)…"
  node_modules/.bin/next build
fi
# exec all the way down (package.json runs `exec bash scripts/run.sh`): `npm run app`'s PID has
# scripts/stack.ts as its only child, so the SIGTERM/SIGINT npm forwards reaches the supervisor.
exec node --import tsx scripts/stack.ts app
