#!/usr/bin/env bash
# Installs everything Candor needs on a fresh machine; safe to re-run (each step skips what is done).
#   scripts/setup.sh          app prerequisites
#   scripts/setup.sh --test   plus what the test suite needs (Chromium, ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  ((${#missing[@]} == 0)) && return 0
  echo "[setup] installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

command -v node >/dev/null || { echo "[setup] Node.js >= 20.9 is required" >&2; exit 1; }
# ffmpeg normalises media for the analysis CLI; chromium runs the browser engine offline and the e2e suite.
apt_install ffmpeg
if ((want_test)); then apt_install chromium fonts-dejavu-core poppler-utils; fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[setup] npm ci"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
fi

# Prisma 6.19 generate wants to fetch engines it does not use with engineType="client" and a
# driver adapter; point it at a placeholder so it works offline (see README, "Database").
mkdir -p .data
touch .data/prisma-engine-placeholder.so.node
PRISMA_QUERY_ENGINE_LIBRARY="$PWD/.data/prisma-engine-placeholder.so.node" \
PRISMA_SCHEMA_ENGINE_BINARY=/bin/true \
  npx --no-install prisma generate >/dev/null
echo "[setup] prisma client generated"

npx --no-install tsx scripts/models/install.ts
npx --no-install tsx --conditions=react-server scripts/ip-db-cache.ts
if [[ -f scripts/assets/copy-vendor.ts ]]; then npx --no-install tsx scripts/assets/copy-vendor.ts; fi

if [[ -z "${LIVEKIT_URL:-}" ]]; then
  npx --no-install tsx -e "import('./scripts/stack/livekit.ts').then(m => console.log('[setup] livekit-server:', m.ensureLivekitBinary()))"
fi
