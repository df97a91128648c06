/**
 * Replays the whole-picture loop rule (lib/analysis/signals/scene-loop.ts) on per-frame feature
 * dumps (`npm run analyze -- --no-models --dump-dir <dir> <clips>`), as measured in
 * docs/temporal-signals.md "Whole-picture loops":
 *
 *   npx tsx scripts/eval/probe-scene-loop.ts [--fps <n>] <dump.json...>
 *
 * Per dump: the label and score with the rule switched off and on, the loop reason's source, and
 * the per-window ratios d/med and d/loc (`*` = loop-like). `--fps` keeps a frame only when at
 * least 1/fps after the last kept one (regular decimation: the async worker's step, the live
 * room's rate). Reads dumps only; never tune on the test half with it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { FUSION_CONFIG } from '../../lib/analysis/fusion-config';
import { analyzeRecording } from '../../lib/analysis/session';
import { loopLike } from '../../lib/analysis/signals/scene-loop';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { fps: { type: 'string' } },
});
const fps = values.fps ? Number(values.fps) : null;
const scene = FUSION_CONFIG.loop.scene as { minWindows: number };
const minWindows = scene.minWindows;

function decimate(frames: readonly FrameFeatures[]): FrameFeatures[] {
  if (!fps) return [...frames];
  const kept: FrameFeatures[] = [];
  let next = -Infinity;
  for (const f of frames) {
    if (f.t < next - 1) continue;
    kept.push(f);
    next = f.t + 1000 / fps;
  }
  return kept;
}

function run(frames: FrameFeatures[], audio: AudioEnvelope | null, on: boolean) {
  scene.minWindows = on ? minWindows : Number.MAX_SAFE_INTEGER;
  try {
    return analyzeRecording(frames, audio);
  } finally {
    scene.minWindows = minWindows;
  }
}

for (const file of positionals) {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as {
    frames: FrameFeatures[];
    audio: AudioEnvelope | null;
  };
  const frames = decimate(dump.frames);
  const off = run(frames, dump.audio, false);
  const on = run(frames, dump.audio, true);
  const note = on.signals.find((s) => s.signal === 'loop')?.note ?? '';
  const source = /whole picture/.test(note)
    ? 'scene'
    : /segment repeats/.test(note)
      ? 'face-hash'
      : '-';
  const windows = on.windows
    .map((w) => {
      const s = w.sloop;
      if (!s || s.loc === null || s.med <= 0 || s.loc <= 0) return '-';
      return `${(s.d / s.med).toFixed(2)}/${(s.d / s.loc).toFixed(2)}${loopLike(s) ? '*' : ''}`;
    })
    .join(' ');
  console.log(
    `${basename(file).slice(0, 56).padEnd(56)} ${String(frames.length).padStart(4)} ` +
      `${off.verdict.label} ${off.verdict.score} -> ${on.verdict.label} ${on.verdict.score} ` +
      `[${source}] ${windows}`,
  );
}
