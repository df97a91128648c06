/**
 * Two recorded answers on one session clock, as the async worker stores them: every pair of feature
 * dumps (file 1 + 2, 3 + 4, … in name order; `npm run analyze -- --dump-dir <dir> <a1> <a2> …`) is
 * fused with answer 1 at 3.5 s and answer 2 placed 10.5–20 s after it in 0.25-s steps, and the
 * verdicts are tallied by label and hard reasons. A genuine pair must never FAIL on the gap alone
 * (docs/temporal-signals.md "A run never bridges a stretch without samples").
 *
 *   npx tsx scripts/eval/probe-answer-gaps.ts <dump-dir>
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fuseSession, windowize } from '../../lib/analysis/session';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';

interface Dump {
  frames: FrameFeatures[];
  audio: AudioEnvelope | null;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: probe-answer-gaps.ts <dump-dir>');
  process.exit(2);
}
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (f: string): Dump => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Dump;
const shift = (d: Dump, off: number): Dump => ({
  frames: d.frames.map((f) => ({ ...f, t: f.t + off })),
  audio: d.audio && { ...d.audio, t0: d.audio.t0 + off },
});

const ANSWER_1_AT_MS = 3500;
const tally = new Map<string, number>();
let n = 0;
for (let p = 0; p + 1 < files.length; p += 2) {
  const d1 = load(files[p]!);
  const d2 = load(files[p + 1]!);
  for (let gap = 10_500; gap <= 20_000; gap += 250) {
    const a = shift(d1, ANSWER_1_AT_MS);
    const b = shift(d2, ANSWER_1_AT_MS + gap);
    const v = fuseSession([...windowize(a.frames, a.audio), ...windowize(b.frames, b.audio)]);
    const hard = v.reasons.filter((r) => r.severity === 'hard').map((r) => r.code);
    const key = `${v.label}${hard.length > 0 ? ` (${hard.join(', ')})` : ''}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    n++;
  }
}
console.log(`${Math.floor(files.length / 2)} answer pairs, ${n} placements`);
for (const [k, c] of [...tally].sort()) console.log(`  ${k}: ${c}`);
