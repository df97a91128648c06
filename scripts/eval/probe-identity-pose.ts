/**
 * Probe (issue 9, session 9): does a face's identity descriptor wander with pose more on a swap or an
 * animated portrait than on a live face? A frontal donor picture warped onto a turning head keeps the
 * target's contour, so the descriptor might drift between two people as the head turns.
 *
 * npx tsx scripts/eval/probe-identity-pose.ts <dump.json…>   (dumps of `npm run eval -- --dump-dir`)
 *
 * Per clip: descriptors (one a second), median pairwise distance, the median over pairs whose pose
 * differs by < 6° ("near") and ≥ 12° ("far"), and the least-squares slope of distance on pose
 * difference (per 10°). Read-only. Result: no separation (docs/face-swap-signals.md).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { distance } from '../../lib/analysis/identity';
import type { FrameFeatures } from '../../lib/analysis/types';

interface Sample {
  e: readonly number[];
  yaw: number;
  pitch: number;
}

const median = (xs: readonly number[]): number => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length ? (a[a.length >> 1] ?? NaN) : NaN;
};

for (const file of process.argv.slice(2)) {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as { frames: FrameFeatures[] };
  const s: Sample[] = dump.frames.flatMap((f) =>
    f.face?.identity
      ? [{ e: f.face.identity, yaw: f.face.pose.yaw, pitch: f.face.pose.pitch }]
      : [],
  );
  const name = basename(file, '.json').slice(0, 55).padEnd(55);
  const cls = basename(dirname(file)).padEnd(18);
  if (s.length < 5) {
    console.log(`${cls} ${name} NA (${s.length} descriptors)`);
    continue;
  }
  const pairs: { dp: number; d: number }[] = [];
  for (let i = 0; i < s.length; i++)
    for (let j = i + 1; j < s.length; j++) {
      const a = s[i]!;
      const b = s[j]!;
      pairs.push({ dp: Math.hypot(a.yaw - b.yaw, a.pitch - b.pitch), d: distance(a.e, b.e) });
    }
  const near = pairs.filter((p) => p.dp < 6).map((p) => p.d);
  const far = pairs.filter((p) => p.dp >= 12).map((p) => p.d);
  const mx = pairs.reduce((a, p) => a + p.dp, 0) / pairs.length;
  const my = pairs.reduce((a, p) => a + p.d, 0) / pairs.length;
  const sxx = pairs.reduce((a, p) => a + (p.dp - mx) ** 2, 0);
  const slope = pairs.reduce((a, p) => a + (p.dp - mx) * (p.d - my), 0) / Math.max(1e-9, sxx);
  const yaws = s.map((x) => x.yaw);
  console.log(
    `${cls} ${name} n ${String(s.length).padStart(3)} yaw ${Math.min(...yaws).toFixed(0)}..${Math.max(...yaws).toFixed(0)}` +
      ` median ${median(pairs.map((p) => p.d)).toFixed(3)} near ${median(near).toFixed(3)} (${near.length})` +
      ` far ${median(far).toFixed(3)} (${far.length}) slope/10° ${(slope * 10).toFixed(3)}`,
  );
}
