/**
 * npm run eval:identity [-- --max-frames N]
 *
 * Measures the face identity model on the faces available offline: runs the real browser engine
 * (lib/ml worker, headless Chromium) over each still and clip, collects the descriptors, and
 * prints same-person vs different-person distance distributions and the false-match /
 * false-non-match rates at the configured threshold (and a sweep). Method: docs/identity.md.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FUSION_CONFIG } from '../lib/analysis/fusion-config';
import { distance } from '../lib/analysis/identity';
import { createAnalyzer } from './harness/analyze-file';

const MEDIA =
  process.env.CANDOR_MEDIA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'media');

/** person label per source; every clip is its own person unless listed here */
const PERSON: Record<string, string> = {
  'obama.jpg': 'obama',
  'obama1.jpg': 'obama',
  'obama2.jpg': 'obama',
  'obama3.jpg': 'obama',
  'biden.jpg': 'biden',
  'biden2.jpg': 'biden',
  'edtalk_obama_weekly_address_still_talking.mp4': 'obama',
};

function sources(): string[] {
  const dirs = ['identity', 'genuine', 'calibration/genuine'].map((d) => join(MEDIA, d));
  return dirs
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.(jpg|png|mp4)$/.test(f))
        .sort()
        .map((f) => join(d, f)),
    );
}

interface Desc {
  person: string;
  source: string;
  t: number;
  e: number[];
}

function pairs(ds: Desc[]): { same: number[]; diff: number[] } {
  const same: number[] = [];
  const diff: number[] = [];
  for (let i = 0; i < ds.length; i++)
    for (let j = i + 1; j < ds.length; j++) {
      const a = ds[i]!;
      const b = ds[j]!;
      // same source: only frames at least 2 s apart (different pose / expression / lighting)
      if (a.source === b.source && Math.abs(a.t - b.t) < 2000) continue;
      (a.person === b.person ? same : diff).push(distance(a.e, b.e));
    }
  return { same, diff };
}

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const rate = (xs: number[], f: (x: number) => boolean): string =>
  `${((100 * xs.filter(f).length) / Math.max(1, xs.length)).toFixed(2)}%`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'max-frames': { type: 'string', default: '450' } } });
  const maxFrames = Number(values['max-frames']);
  const analyzer = await createAnalyzer();
  const ds: Desc[] = [];
  try {
    for (const file of sources()) {
      const name = basename(file);
      const a = await analyzer.analyze(file, {
        maxFrames,
        engine: { models: false, identityIntervalMs: 1000 },
      });
      const got = a.frames.flatMap((f) =>
        f.face?.identity ? [{ t: f.t, e: f.face.identity }] : [],
      );
      // a still image yields the same descriptor on every frame: keep one
      const kept = a.media.isImage ? got.slice(0, 1) : got;
      for (const g of kept) ds.push({ person: PERSON[name] ?? name, source: name, ...g });
      console.log(`${name}: ${kept.length} descriptors`);
    }
  } finally {
    await analyzer.close();
  }
  const { same, diff } = pairs(ds);
  const t = FUSION_CONFIG.identity.matchDistance;
  const people = new Set(ds.map((d) => d.person)).size;
  console.log(
    `\n${ds.length} descriptors, ${people} people; ${same.length} same-person pairs, ${diff.length} different-person pairs`,
  );
  console.log(
    `same-person distance  p50 ${q(same, 0.5).toFixed(3)}  p95 ${q(same, 0.95).toFixed(3)}  max ${Math.max(...same).toFixed(3)}`,
  );
  console.log(
    `different-person      min ${Math.min(...diff).toFixed(3)}  p1 ${q(diff, 0.01).toFixed(3)}  p50 ${q(diff, 0.5).toFixed(3)}`,
  );
  for (const th of [0.45, 0.5, 0.55, 0.6, 0.65])
    console.log(
      `threshold ${th.toFixed(2)}${th === t ? ' (configured)' : '             '}  FMR ${rate(diff, (d) => d <= th)}  FNMR ${rate(same, (d) => d > th)}`,
    );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
