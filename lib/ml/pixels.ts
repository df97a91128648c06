/**
 * Pure pixel measurements on an RGBA face crop (no canvas, no DOM), so they are unit-testable in
 * Node and identical in the worker and in tests.
 */

export interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rec. 601 luma of an RGBA buffer. */
export function toGrey(img: Rgba): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    out[i] = 0.299 * (d[i * 4] ?? 0) + 0.587 * (d[i * 4 + 1] ?? 0) + 0.114 * (d[i * 4 + 2] ?? 0);
  }
  return out;
}

/**
 * Area-average resampling of a grey image. Box filtering (rather than bilinear) keeps the
 * hash and the diff stable under small crop jitter, which is what replay/freeze detection needs.
 */
export function resampleArea(
  grey: Float32Array,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Float32Array {
  const out = new Float32Array(outW * outH);
  for (let oy = 0; oy < outH; oy++) {
    const y0 = Math.floor((oy * h) / outH);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * h) / outH));
    for (let ox = 0; ox < outW; ox++) {
      const x0 = Math.floor((ox * w) / outW);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * w) / outW));
      let sum = 0;
      let count = 0;
      for (let y = y0; y < Math.min(y1, h); y++) {
        for (let x = x0; x < Math.min(x1, w); x++) {
          sum += grey[y * w + x] ?? 0;
          count++;
        }
      }
      out[oy * outW + ox] = count > 0 ? sum / count : 0;
    }
  }
  return out;
}

/** 64-bit difference hash (9x8 grey, left < right per row) as 16 lowercase hex chars. */
export function dHash(grey: Float32Array, w: number, h: number): string {
  const small = resampleArea(grey, w, h, 9, 8);
  let hex = '';
  for (let row = 0; row < 8; row++) {
    let byte = 0;
    for (let col = 0; col < 8; col++) {
      const left = small[row * 9 + col] ?? 0;
      const right = small[row * 9 + col + 1] ?? 0;
      byte = (byte << 1) | (left < right ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Mean absolute difference of two equally sized grey thumbnails (0..255). */
export function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / n;
}

/** Sum of RGB and pixel count inside `rect` (clamped to the image). */
function accumulate(img: Rgba, rect: Rect, acc: [number, number, number, number]): void {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(img.width, Math.ceil(rect.x + rect.w));
  const y1 = Math.min(img.height, Math.ceil(rect.y + rect.h));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      acc[0] += img.data[i] ?? 0;
      acc[1] += img.data[i + 1] ?? 0;
      acc[2] += img.data[i + 2] ?? 0;
      acc[3] += 1;
    }
  }
}

/** Mean RGB over several skin patches, pooled pixel-wise; zeros when no pixel falls inside. */
export function meanRgb(img: Rgba, patches: readonly Rect[]): { r: number; g: number; b: number } {
  const acc: [number, number, number, number] = [0, 0, 0, 0];
  for (const p of patches) accumulate(img, p, acc);
  const n = acc[3];
  if (n === 0) return { r: 0, g: 0, b: 0 };
  return { r: acc[0] / n, g: acc[1] / n, b: acc[2] / n };
}
