/**
 * Replays the long phase folds (lib/analysis/signals/long-fold.ts: the face's change `lfold` and the
 * largest scene-cell change `sfold`) on per-frame feature dumps (`npm run analyze -- --no-models
 * --dump-dir <dir> <clips>`), as measured in docs/temporal-signals.md "Largest-cell fold":
 *
 *   npx tsx scripts/eval/probe-fold.ts [--fps <n>] [--scene off] <dump.json...>
 *
 * Per dump: the label and score, then for each fold the best period, its emptiest phase's ratio to
 * the mean, z, and whether it flags (`*`); at p ≥ 4 the peak phase's excess over the others and their
 * spread (`pk`, signals/long-fold.ts peakProfile), marked `drop` when the profile is frames dropped
 * on a fixed schedule (no finding from 12-01.9-retimed; a `*` fold marked `drop` was a REVIEW before). `--fps` decimates as the async worker does
 * (scripts/harness/analyze-file.ts decimate); `--scene off` drops `sfold` from the windows (the
 * engine before config 2026-12-01.7-retimed), so labels can be compared on the same features.
 * Reads dumps only; never tune on the test half with it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { FUSION_CONFIG } from '../../lib/analysis/fusion-config';
import { fuseSession, windowize } from '../../lib/analysis/session';
import {
  LongFoldStats,
  droppedFramesAt,
  peakProfile,
  type LongFoldResult,
} from '../../lib/analysis/signals/long-fold';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';
import type { TWindowSignals } from '../../lib/schemas/signals';
import { decimate } from '../harness/analyze-file';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { fps: { type: 'string' }, scene: { type: 'string' } },
});
const fps = values.fps ? Number(values.fps) : undefined;
const lf = FUSION_CONFIG.cadence.longFold;

function summed(windows: readonly TWindowSignals[], key: 'lfold' | 'sfold'): LongFoldResult | null {
  const st = new LongFoldStats();
  for (const w of windows) {
    const sums = w[key];
    if (sums) st.add(sums, w.startMs, w.endMs);
  }
  return st.summary();
}

function show(name: string, r: LongFoldResult | null, z: number, maxRatio: number): string {
  if (!r || r.samples < lf.minSamples) return `${name} -`;
  const flag = r.z >= z && r.ratio <= maxRatio ? '*' : ' ';
  const pp = peakProfile(r.phases);
  const d = droppedFramesAt(r, lf.dropped);
  const drop = d === null ? '' : ` drop@p${d}`;
  const peak = pp ? ` pk ${pp.excess.toFixed(2)}/${pp.spread.toFixed(2)}${drop}` : '';
  return `${name} p${r.period} ${r.ratio.toFixed(2)} / z ${r.z.toFixed(1)}${flag}${peak}`;
}

for (const file of positionals) {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as {
    frames: FrameFeatures[];
    audio: AudioEnvelope | null;
  };
  const frames = decimate(
    dump.frames.map((f) => f.t),
    fps,
  ).flatMap((i) => (dump.frames[i] ? [dump.frames[i]] : []));
  const all = windowize(frames, dump.audio ?? null);
  const windows = values.scene === 'off' ? all.map(({ sfold: _s, ...w }) => w) : all;
  const v = fuseSession(windows);
  const face = show('face', summed(windows, 'lfold'), lf.zReview, lf.maxRatio);
  const scene = show('scene', summed(windows, 'sfold'), lf.scene.zReview, lf.scene.maxRatio);
  console.log(
    `${basename(file, '.json').slice(0, 60).padEnd(60)} ${v.label.padEnd(12)} ${String(v.score).padStart(3)} | ${face} | ${scene} | ${frames.length} frames`,
  );
}
