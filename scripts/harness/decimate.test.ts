import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decimate, mergeRuns, splitParts, type Part } from './analyze-file';
import type { PageRunResult } from './page';
import { frameBytes, probeMedia, rawFrames, rgbaFrames, selectExpression } from './media';

const at = (fps: number, n: number) => Array.from({ length: n }, (_, i) => (i * 1000) / fps);

describe('decimate', () => {
  test.each([
    // [source fps, max fps, kept frames of 1 s + 1 frame]
    [30, 15, 16],
    [30, 60, 31],
    [25, 15, 13], // every other frame: 12.5 fps (never more than the limit),
    [15, 15, 16],
    [12, 15, 13],
  ])('%i fps at most %i fps keeps %i frames', (src, max, kept) => {
    expect(decimate(at(src, src + 1), max)).toHaveLength(kept);
  });

  test('keeps every frame without a limit, and always the first', () => {
    expect(decimate(at(30, 10), undefined)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(decimate([0, 5, 10], 1)).toEqual([0]);
  });
});

describe('selectExpression', () => {
  test.each([
    [[0, 2, 4, 6], 'between(n,0,6)*not(mod(n-0,2))'],
    [[0, 1, 2], 'between(n,0,2)'],
    [[3], 'eq(n,3)'],
    [[0, 2, 4, 7, 9], 'between(n,0,4)*not(mod(n-0,2))+between(n,7,9)*not(mod(n-7,2))'],
    [[0, 5, 6], 'between(n,0,5)*not(mod(n-0,5))+eq(n,6)'],
  ])('%o → %s', (keep, want) => expect(selectExpression(keep)).toBe(want));

  test('gives up on an irregular list (frames are then picked after decoding)', () => {
    let n = 0;
    const irregular = Array.from({ length: 2000 }, (_, i) => (n += 1 + (i % 3)));
    expect(selectExpression(irregular)).toBeNull();
  });
});

describe('rgbaFrames / rawFrames with kept indices', () => {
  test('ffmpeg converts only the kept frames, byte for byte the ones picked from every frame', async () => {
    const p = await probeMedia(path.resolve('../shared/media/genuine/intel_headpose_male.mp4'));
    p.frameTimes = p.frameTimes.slice(0, 24);
    const keep = decimate(p.frameTimes, 5);
    const all: Buffer[] = [];
    for await (const f of rgbaFrames(p)) all.push(Buffer.from(f));
    const kept: Buffer[] = [];
    for await (const f of rgbaFrames(p, keep)) kept.push(Buffer.from(f));
    expect(keep.length).toBeGreaterThan(2);
    expect(keep.length).toBeLessThan(24);
    expect(kept).toHaveLength(keep.length);
    keep.forEach((k, i) => expect(kept[i]!.equals(all[k]!)).toBe(true));
  }, 60_000);

  test('i420: 1.5 bytes per pixel, the same kept frames, luma close to the RGBA frames', async () => {
    const p = await probeMedia(path.resolve('../shared/media/genuine/intel_headpose_male.mp4'));
    p.frameTimes = p.frameTimes.slice(0, 24);
    const keep = decimate(p.frameTimes, 5);
    expect(frameBytes(p, 'i420')).toBe((p.outW * p.outH * 3) / 2);
    const rgba: Buffer[] = [];
    for await (const f of rawFrames(p, keep, { format: 'rgba' })) rgba.push(Buffer.from(f));
    const yuv: Buffer[] = [];
    for await (const f of rawFrames(p, keep, { format: 'i420' })) yuv.push(Buffer.from(f));
    expect(yuv).toHaveLength(keep.length);
    yuv.forEach((f, i) => {
      expect(f.length).toBe(frameBytes(p, 'i420'));
      // BT.601 limited-range luma of the RGBA frame against the Y plane: the same picture
      const px = rgba[i]!;
      let err = 0;
      for (let j = 0; j < p.outW * p.outH; j++) {
        const y =
          16 + (65.481 * px[4 * j]! + 128.553 * px[4 * j + 1]! + 24.966 * px[4 * j + 2]!) / 255;
        err += Math.abs(y - f[j]!);
      }
      expect(err / (p.outW * p.outH)).toBeLessThan(2);
    });
  }, 60_000);
});

describe('splitParts', () => {
  const times = at(30, 601); // 20 s at 30 fps
  const keep = decimate(times, 15);

  test('a short file stays in one part', () => {
    expect(splitParts(times.slice(0, 90), keep.slice(0, 45), 2)).toEqual([
      { keep: keep.slice(0, 45), fromMs: -Infinity },
    ]);
  });

  test('two parts: the second starts the overlap before its boundary; merged, every kept frame once and in order', () => {
    const parts = splitParts(times, keep, 2, 1500);
    expect(parts).toHaveLength(2);
    const [a, b] = parts as [Part, Part];
    expect(a.fromMs).toBe(-Infinity);
    expect(a.keep[0]).toBe(0);
    const boundary = b.fromMs;
    expect(boundary).toBeGreaterThan(9000);
    expect(boundary).toBeLessThan(11000);
    expect(times[b.keep[0]!]).toBeGreaterThanOrEqual(boundary - 1500);
    expect(times[b.keep[0]!]! - (boundary - 1500)).toBeLessThan(1000 / 15);
    expect(b.keep[b.keep.length - 1]).toBe(keep[keep.length - 1]);
    const fake = (p: Part) =>
      ({
        frames: p.keep.map((i) => ({ t: times[i]! })),
        timings: [],
        errors: [],
        initMs: 0,
        wallMs: 0,
        feedWaitMs: 0,
        progress: [],
      }) as unknown as PageRunResult;
    const merged = mergeRuns(parts.map(fake), parts);
    expect(merged.frames.map((f) => f.t)).toEqual(keep.map((i) => times[i]));
  });

  test('never more parts than the media allows', () => {
    expect(splitParts(times, keep, 8, 1500, 4000)).toHaveLength(5);
  });
});
