/**
 * Probe (session 9): the FULLEST phase of the long phase folds (lib/analysis/signals/long-fold.ts)
 * on per-frame feature dumps. A video shot at a higher rate than the camera that films its screen
 * (30 → 25 fps) is sampled on the camera's clock with one source frame skipped every 5 camera
 * frames: folded at 5, one phase carries a double step of motion. The existing fold tests the
 * emptiest phase (duplicates); this prints, per period, the fullest phase's mean / mean and its z.
 *
 *   npx tsx scripts/eval/probe-skip.ts <dump.json...>
 *
 * Reads dumps only.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { windowize } from '../../lib/analysis/session';
import {
  foldSlot,
  LONG_FOLD_MAX_PERIOD,
  LONG_FOLD_SLOTS,
} from '../../lib/analysis/signals/long-fold';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';
import type { TWindowSignals } from '../../lib/schemas/signals';

function fullest(windows: readonly TWindowSignals[], key: 'lfold' | 'sfold') {
  const n = new Array<number>(LONG_FOLD_SLOTS).fill(0);
  const s = new Array<number>(LONG_FOLD_SLOTS).fill(0);
  let q = 0;
  for (const w of windows) {
    const f = w[key];
    if (!f) continue;
    f.n.forEach((v, i) => (n[i] = (n[i] ?? 0) + v));
    f.s.forEach((v, i) => (s[i] = (s[i] ?? 0) + v));
    q += f.q;
  }
  const total = (n[0] ?? 0) + (n[1] ?? 0);
  const sum = (s[0] ?? 0) + (s[1] ?? 0);
  if (total < 2) return null;
  const mean = sum / total;
  const sd = Math.sqrt(Math.max(0, q / total - mean * mean));
  let best = { p: 0, ratio: 0, z: -Infinity };
  for (let p = 2; p <= LONG_FOLD_MAX_PERIOD; p++) {
    for (let j = 0; j < p; j++) {
      const cnt = n[foldSlot(p, j)] ?? 0;
      if (cnt < 1) continue;
      const m = (s[foldSlot(p, j)] ?? 0) / cnt;
      const se = sd * Math.sqrt(Math.max(0, 1 / cnt - 1 / total));
      const z = se > 0 ? (m - mean) / se : 0;
      if (z > best.z) best = { p, ratio: m / mean, z };
    }
  }
  return { ...best, samples: total };
}

for (const file of process.argv.slice(2)) {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as {
    frames: FrameFeatures[];
    audio: AudioEnvelope | null;
  };
  const windows = windowize(dump.frames, dump.audio ?? null);
  const out = (['lfold', 'sfold'] as const).map((k) => {
    const r = fullest(windows, k);
    return r ? `${k} p${r.p} ${r.ratio.toFixed(2)} z ${r.z.toFixed(1)} (${r.samples})` : `${k} -`;
  });
  const name = `${basename(dirname(file))}/${basename(file, '.json')}`;
  console.log(`${name.slice(0, 70).padEnd(70)} ${out.join(' | ')}`);
}
