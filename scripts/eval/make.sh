#!/usr/bin/env bash
# npm run eval:make [-- --classes a,b] [--publish DIR] [--publish-only]
# Builds the evaluation suite under .data/eval/{tune,test}/<class>/ (git-ignored; see docs/evaluation.md).
# Prerequisites are checked (and the Python environment created) here, so a fresh machine works.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=$ROOT/.data/eval-venv
OUT=$ROOT/.data/eval
PUBLISH=""
GENERATE=1
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --publish) PUBLISH="$2"; shift 2 ;;
    --publish-only) GENERATE=0; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "eval:make needs $1: $2" >&2; exit 2; }; }
need ffmpeg 'apt-get install -y ffmpeg'
need ffprobe 'apt-get install -y ffmpeg'
need python3 'apt-get install -y python3 python3-venv'
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  { echo 'eval:make needs Python >= 3.10 (apt-get install -y python3 python3-venv)' >&2; exit 2; }
[ -f models/face_landmarker.task ] || npx tsx scripts/models/install.ts

REQ=scripts/eval/suite/requirements.txt
if ! cmp -s "$REQ" "$VENV/.requirements" 2>/dev/null; then
  echo "[eval:make] creating $VENV (pip install -r $REQ)"
  rm -rf "$VENV"
  python3 -m venv "$VENV" ||
    { echo 'python3 -m venv failed: apt-get install -y python3-venv' >&2; exit 2; }
  "$VENV/bin/pip" install -q -r "$REQ" ||
    { echo "pip install failed: run $VENV/bin/pip install -r $REQ (needs PyPI)" >&2; exit 2; }
  cp "$REQ" "$VENV/.requirements"
fi

if [ "$GENERATE" = 1 ]; then
  mkdir -p "$OUT"
  start=$(date +%s)
  # one BLAS thread: the suite's small linear solves are slower with a thread pool on a busy machine
  (cd scripts/eval/suite && OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$VENV/bin/python" make_suite.py --out "$OUT" ${ARGS[@]+"${ARGS[@]}"}) 2>&1 |
    grep --line-buffered -v -E '^(W0000|I0000|INFO: Created TensorFlow|WARNING: All log messages)'
  echo "[eval:make] done in $(($(date +%s) - start)) s: $OUT"
fi

if [ -n "$PUBLISH" ]; then
  mkdir -p "$PUBLISH"
  for half in tune test; do
    rm -rf "${PUBLISH:?}/$half"
    cp -r "$OUT/$half" "$PUBLISH/$half"
  done
  cp "$OUT/manifest.json" "$OUT/split.json" "$PUBLISH/"
  {
    echo "suite made $(date -u +%FT%TZ) by npm run eval:make (branch h-eval)"
    echo "classes: $(ls "$OUT/test" | tr '\n' ' ')"
    for half in tune test; do
      for d in "$OUT/$half"/*/; do echo "$half/$(basename "$d"): $(ls "$d" | wc -l) clips"; done
    done
  } >"$PUBLISH/READY"
  echo "[eval:make] published to $PUBLISH"
  cat "$PUBLISH/READY"
fi
