#!/usr/bin/env bash
# The one command that runs the whole test suite on a fresh machine: installs what it needs, starts
# a fresh embedded PostgreSQL and a livekit-server on test ports, then runs every check.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/setup.sh --test
exec npx --no-install tsx scripts/stack.ts test -- bash scripts/test-inner.sh
