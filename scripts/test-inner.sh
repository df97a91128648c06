#!/usr/bin/env bash
# Runs inside scripts/stack.ts (DATABASE_URL, LIVEKIT_*, secrets are set). Every step runs; the
# exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
ran=0
step() {
  local name=$1
  shift
  ran=$((ran + 1))
  echo
  echo "=== $name ==="
  local t0=$SECONDS
  if "$@"; then echo "=== $name: ok ($((SECONDS - t0)) s)"; else echo "=== $name: FAILED ($((SECONDS - t0)) s)"; failed+=("$name"); fi
}
step typecheck node_modules/.bin/tsc --noEmit -p .
step lint node_modules/.bin/eslint --max-warnings=0 .
step format node_modules/.bin/prettier --check --log-level=warn .
step unit node_modules/.bin/vitest run
step build node_modules/.bin/next build
rm -f .data/e2e-report.json # a stale report must not be read as this run's
step e2e node_modules/.bin/playwright test
# CI shows the tail of the output: failed e2e attempts (retried or not) and their errors go last
node_modules/.bin/tsx scripts/e2e-failures.ts || true
echo
echo "checks: $((ran - ${#failed[@]})) passed, ${#failed[@]} failed"
if ((${#failed[@]})); then
  echo "FAILED steps: ${failed[*]}"
  exit 1
fi
echo "all test steps passed"
