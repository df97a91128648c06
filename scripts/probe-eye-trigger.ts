/**
 * npx tsx scripts/probe-eye-trigger.ts [clip…]
 * Measures the async worker's eye-change trigger (lib/ml/carry.ts patchDelta) against blinks: each
 * clip is analysed with the worker's settings twice, once with the landmarker on every analysed
 * frame (the blinks found there are the reference) and once at the lower rate with the trigger off
 * (every frame the landmarker may skip is carried and carries its `eyeDelta`). Prints the eyeDelta
 * distribution of the carried frames inside a reference blink (± 1 frame) and outside, per clip and
 * in all. Prints only.
 */
import { basename } from 'node:path';
import { detectBlinks } from '../lib/analysis/signals/blinks';
import { interpolateCarried } from '../lib/ml/carry';
import { createAnalyzer } from './harness/analyze-file';
import { ASYNC_ENGINE, ASYNC_FRAME_FORMAT, asyncFps } from './harness/recording-analyzer';

const CLIPS = process.argv.slice(2);
const q = (xs: number[], p: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!
    : NaN;
const fmt = (xs: number[]) =>
  `n ${xs.length}, p10 ${q(xs, 0.1).toFixed(1)}, p50 ${q(xs, 0.5).toFixed(1)}, p90 ${q(xs, 0.9).toFixed(1)}, p99 ${q(xs, 0.99).toFixed(1)}, max ${q(xs, 1).toFixed(1)}`;
const analyzer = await createAnalyzer({ warm: true, pages: 1 });
const allIn: number[] = [];
const allOut: number[] = [];
try {
  for (const clip of CLIPS) {
    const run = (engine: object) =>
      analyzer.analyze(clip, {
        maxFps: asyncFps(),
        engine: { ...ASYNC_ENGINE, ...engine },
        frameFormat: ASYNC_FRAME_FORMAT,
        parts: 1,
      });
    const full = await run({ landmarkerIntervalMs: 0 });
    const low = await run({ landmarkerIntervalMs: 120, eyeTriggerLevel: 1e9 });
    const blinks = detectBlinks(full.frames).events;
    const lowBlinks = detectBlinks(interpolateCarried(low.frames)).events;
    const gap = 1000 / asyncFps();
    const inBlink = (t: number) => blinks.some((b) => t >= b.startMs - gap && t <= b.endMs + gap);
    const dIn: number[] = [];
    const dOut: number[] = [];
    for (const f of low.frames) {
      const d = f.face?.eyeDelta;
      if (d === undefined) continue;
      (inBlink(f.t) ? dIn : dOut).push(d);
    }
    allIn.push(...dIn);
    allOut.push(...dOut);
    console.log(
      `${basename(clip)}: ${blinks.length} blinks at full rate, ${lowBlinks.length} at the lower rate without the trigger`,
    );
    console.log(`  in a blink:  ${fmt(dIn)}`);
    console.log(`  outside:     ${fmt(dOut)}`);
  }
  console.log(`all clips, in a blink: ${fmt(allIn)}`);
  console.log(`all clips, outside:    ${fmt(allOut)}`);
  for (const th of [1, 2, 3, 4, 5, 6, 8, 10])
    console.log(
      `  level ${th}: triggers on ${((100 * allOut.filter((d) => d >= th).length) / Math.max(1, allOut.length)).toFixed(0)} % of carried frames outside blinks, ${((100 * allIn.filter((d) => d >= th).length) / Math.max(1, allIn.length)).toFixed(0)} % inside`,
    );
} finally {
  await analyzer.close();
}
