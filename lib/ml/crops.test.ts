import { describe, expect, it } from 'vitest';
import { antiSpoofCropBox, textureCropBox } from './crops';

describe('antiSpoofCropBox (Silent-Face _get_new_box)', () => {
  it('scales around the centre when it fits', () => {
    expect(antiSpoofCropBox({ x: 300, y: 200, w: 40, h: 50 }, 2.7, 640, 480)).toEqual({
      x: 266,
      y: 158,
      w: 109,
      h: 136,
    });
  });
  it('shifts a crop that would leave the frame back inside', () => {
    const b = antiSpoofCropBox({ x: 10, y: 10, w: 100, h: 100 }, 4.0, 640, 480);
    expect(b.x).toBe(0);
    expect(b.y).toBe(0);
    expect(b.x + b.w).toBeLessThanOrEqual(640);
    expect(b.y + b.h).toBeLessThanOrEqual(480);
  });
  it('caps the scale so the crop never exceeds the frame', () => {
    const b = antiSpoofCropBox({ x: 200, y: 100, w: 200, h: 200 }, 4.0, 640, 480);
    expect(b.h).toBeLessThanOrEqual(480);
    expect(b.y).toBeGreaterThanOrEqual(0);
  });
});

describe('textureCropBox', () => {
  it('is a square 1.3x the larger side, same centre', () => {
    expect(textureCropBox({ x: 100, y: 100, w: 100, h: 80 })).toEqual({
      x: 85,
      y: 75,
      w: 130,
      h: 130,
    });
  });
});
