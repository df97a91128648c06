/**
 * Display-grid samples per clip from per-frame feature dumps (`npm run eval -- … --dump-dir <dir>`):
 * the face's median box width, the samples from 64-px and from 32-px patches (the patch size
 * follows from the face's width in the analysed frame, as in lib/ml/display-grid-sampler.ts: 64 from
 * 96 px, 32 from 48 px), their median / max peak and how many reach peakMin, and the session's
 * display-grid assessment. Reads dumps only.
 *
 *   npx tsx scripts/eval/probe-grid.ts <dump.json...>
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { FUSION_CONFIG } from '../../lib/analysis/fusion-config';
import { windowize } from '../../lib/analysis/session';
import { DisplayGridStats, assessDisplayGrid } from '../../lib/analysis/signals/display-grid';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';

const peakMin = FUSION_CONFIG.displayGrid.peakMin;
const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const fmt = (p: number[]): string =>
  p.length
    ? `${String(p.length).padStart(3)} med ${median(p).toFixed(2)} max ${Math.max(...p).toFixed(2)} hits ${p.filter((v) => v >= peakMin).length}`
    : '  0'.padEnd(30);

for (const file of process.argv.slice(2)) {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as {
    frames: FrameFeatures[];
    audio: AudioEnvelope | null;
  };
  const faces = dump.frames.flatMap((f) => (f.face ? [f.face] : []));
  const big: number[] = [];
  const small: number[] = [];
  for (const f of faces) if (f.grid) (f.box.w * 0.67 >= 64 ? big : small).push(f.grid.peak);
  const stats = new DisplayGridStats();
  for (const w of windowize(dump.frames, dump.audio ?? null)) stats.add(w.startMs, w.endMs, w.grid);
  const a = assessDisplayGrid(stats);
  const name = `${basename(dirname(file))}/${basename(file, '.json')}`;
  console.log(
    `${name.slice(0, 64).padEnd(64)} face ${String(Math.round(median(faces.map((f) => f.box.w)))).padStart(3)} px | 64: ${fmt(big)} | 32: ${fmt(small)} | ${a.finding?.severity ?? (a.informative ? 'inf' : '-')} ${a.value ?? ''}`,
  );
}
