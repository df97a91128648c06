import { describe, expect, it } from 'vitest';
import { dHash, meanAbsDiff, meanRgb, resampleArea, toGrey, type Rgba } from './pixels';

function image(w: number, h: number, px: (x: number, y: number) => [number, number, number]): Rgba {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = px(x, y);
      data.set([r, g, b, 255], (y * w + x) * 4);
    }
  return { data, width: w, height: h };
}

describe('pixels', () => {
  it('toGrey uses Rec. 601 weights', () => {
    const g = toGrey(image(1, 1, () => [255, 0, 0]));
    expect(g[0]).toBeCloseTo(0.299 * 255, 3);
  });

  it('resampleArea averages boxes', () => {
    const grey = Float32Array.from([0, 10, 20, 30]);
    expect(Array.from(resampleArea(grey, 4, 1, 2, 1))).toEqual([5, 25]);
  });

  it.each([
    ['increasing left to right', (x: number) => x * 10, 'ffffffffffffffff'],
    ['decreasing left to right', (x: number) => 255 - x * 10, '0000000000000000'],
    ['flat', () => 128, '0000000000000000'],
  ])('dHash of a %s ramp', (_n, f, hex) => {
    const img = image(18, 16, (x) => [f(x), f(x), f(x)]);
    expect(dHash(toGrey(img), 18, 16)).toBe(hex);
  });

  it('dHash is 16 hex chars and stable under uniform brightness change', () => {
    const a = image(40, 40, (x, y) => [(x * 7 + y * 3) % 200, (x * 5) % 200, (y * 11) % 200]);
    const b = image(40, 40, (x, y) => [
      ((x * 7 + y * 3) % 200) + 20,
      ((x * 5) % 200) + 20,
      ((y * 11) % 200) + 20,
    ]);
    const ha = dHash(toGrey(a), 40, 40);
    expect(ha).toMatch(/^[0-9a-f]{16}$/);
    expect(dHash(toGrey(b), 40, 40)).toBe(ha);
  });

  it('meanAbsDiff', () => {
    expect(meanAbsDiff(Float32Array.from([0, 10]), Float32Array.from([4, 4]))).toBe(5);
  });

  it('meanRgb pools patches and clamps to the image', () => {
    const img = image(10, 10, (x) => (x < 5 ? [100, 50, 0] : [200, 150, 100]));
    expect(meanRgb(img, [{ x: -5, y: 0, w: 10, h: 2 }])).toEqual({ r: 100, g: 50, b: 0 });
    expect(
      meanRgb(img, [
        { x: 0, y: 0, w: 1, h: 1 },
        { x: 9, y: 9, w: 5, h: 5 },
      ]),
    ).toEqual({ r: 150, g: 100, b: 50 });
    expect(meanRgb(img, [{ x: 20, y: 20, w: 2, h: 2 }])).toEqual({ r: 0, g: 0, b: 0 });
  });
});
