import { describe, expect, test } from 'vitest';
import { ThumbRing } from './thumb-ring';

const jpeg = (tag: number) => new Blob([new Uint8Array([0xff, 0xd8, tag, 0xff, 0xd9])]);
const tagOf = async (b: Blob | null | undefined) =>
  b ? new Uint8Array(await b.arrayBuffer())[2] : null;

describe('ThumbRing (snapshots of analysed frames, from the worker)', () => {
  test('within() picks the stretch’s snapshot nearest the preferred time, or null outside it', async () => {
    const ring = new ThumbRing();
    for (let i = 0; i < 10; i++) ring.add(1000 + i * 250, jpeg(i));
    const shot = ring.within(1400, 2100, 2100);
    expect(shot?.t).toBe(2000);
    expect(await tagOf(shot?.blob)).toBe(4);
    expect(ring.within(5000, 6000, 6000)).toBeNull();
  });

  test('nearest() answers only within 400 ms', async () => {
    const ring = new ThumbRing();
    for (let i = 0; i <= 5; i++) ring.add(1000 + i * 200, jpeg(i)); // 5 snapshots a second
    expect(await tagOf(ring.nearest(1090))).toBe(0);
    expect(await tagOf(ring.nearest(2390))).toBe(5);
    expect(ring.nearest(2410)).toBeNull();
  });

  test('at a low analysed rate nearest() reaches 1.5 snapshot gaps, never beyond 1.5 s', async () => {
    const ring = new ThumbRing();
    for (let i = 0; i < 6; i++) ring.add(1000 + i * 600, jpeg(i)); // 1.7 analysed frames/s
    expect(await tagOf(ring.nearest(1000 + 5 * 600 + 850))).toBe(5);
    expect(ring.nearest(1000 + 5 * 600 + 901)).toBeNull();
    const sparse = new ThumbRing();
    for (let i = 0; i < 4; i++) sparse.add(1000 + i * 4000, jpeg(i));
    expect(sparse.nearest(3000)).toBeNull();
    expect(await tagOf(sparse.nearest(2400))).toBe(0);
  });

  test('keeps only the last 15 s', () => {
    const ring = new ThumbRing();
    for (let t = 0; t <= 20_000; t += 500) ring.add(t, jpeg(t % 256));
    expect(ring.within(0, 4_999, 0)).toBeNull();
    expect(ring.within(5_000, 20_000, 5_000)?.t).toBe(5_000);
  });
});
