#!/usr/bin/env bash
# The one command that sets up and runs Candor on http://127.0.0.1:3000 (Ctrl-C stops everything).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/setup.sh
stamp=.next/BUILD_ID
if [[ ! -f $stamp ]] || [[ -n $(find app lib components next.config.ts package-lock.json public -newer "$stamp" -print -quit 2>/dev/null) ]]; then
  echo "[run] building the app (next build)…"
  node_modules/.bin/next build
fi
exec npx --no-install tsx scripts/stack.ts app
