/**
 * Pure texture measurements around the face hull (no canvas, no DOM), unit-testable in Node and
 * identical in the worker. A face swap renders the inner face elsewhere (another camera, often at
 * 128 px, then warped and upscaled) and blends it in at the landmark hull, so the fine-noise field
 * inside the hull differs from the camera noise outside it, and its colour/noise steps at the hull.
 *
 * The image is cut into small blocks; each block gets a normalised radius rho (0 at the hull's
 * centroid, 1 on the hull along the same direction) and an angle, and carries its mean absolute
 * Laplacian (finest-band energy: sensor noise + fine texture), luma and chroma.
 */
import type { FaceTexture } from '../analysis/types';
import type { Rgba } from './pixels';

export const BLOCK = 6;
const ANGLE_BINS = 72;

interface Block {
  rho: number;
  /** angle in radians, image coords (y down): +pi/2 is below the centre (chin) */
  theta: number;
  lap: number;
  y: number;
  cb: number;
  cr: number;
}

type Pt = readonly [number, number];

/** Hull radius per angle bin, by casting rays from `c` through the polygon's edges. */
export function hullRadii(hull: readonly Pt[], c: Pt): Float64Array {
  const radii = new Float64Array(ANGLE_BINS);
  for (let k = 0; k < ANGLE_BINS; k++) {
    const a = ((k + 0.5) / ANGLE_BINS) * 2 * Math.PI - Math.PI;
    const dx = Math.cos(a);
    const dy = Math.sin(a);
    let best = 0;
    for (let i = 0; i < hull.length; i++) {
      const p = hull[i];
      const q = hull[(i + 1) % hull.length];
      if (!p || !q) continue;
      // Solve c + s*(dx,dy) = p + u*(q-p), s >= 0, 0 <= u <= 1.
      const ex = q[0] - p[0];
      const ey = q[1] - p[1];
      const den = dx * ey - dy * ex;
      if (Math.abs(den) < 1e-9) continue;
      const px = p[0] - c[0];
      const py = p[1] - c[1];
      const s = (px * ey - py * ex) / den;
      const u = (px * dy - py * dx) / den;
      if (s > 0 && u >= 0 && u <= 1) best = Math.max(best, s);
    }
    radii[k] = best;
  }
  return radii;
}

function greyOf(img: Rgba): Float32Array {
  const { width: w, height: h, data } = img;
  const grey = new Float32Array(w * h);
  for (let i = 0, j = 0; i < w * h; i++, j += 4)
    grey[i] = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
  return grey;
}

/** Sum of |Laplacian| and of R, G, B over one block (caller keeps it 1 px inside the image). */
function blockSums(img: Rgba, grey: Float32Array, bx: number, by: number): number[] {
  const { width: w, data } = img;
  let lap = 0,
    sr = 0,
    sg = 0,
    sb = 0;
  for (let y = by; y < by + BLOCK; y++) {
    for (let x = bx, i = y * w + bx; x < bx + BLOCK; x++, i++) {
      lap += Math.abs(4 * grey[i]! - grey[i - 1]! - grey[i + 1]! - grey[i - w]! - grey[i + w]!);
      sr += data[i * 4]!;
      sg += data[i * 4 + 1]!;
      sb += data[i * 4 + 2]!;
    }
  }
  return [lap, sr, sg, sb];
}

function blocksOf(img: Rgba, hull: readonly Pt[]): Block[] {
  const { width: w, height: h } = img;
  const grey = greyOf(img);
  const c: Pt = [
    hull.reduce((a, p) => a + p[0], 0) / hull.length,
    hull.reduce((a, p) => a + p[1], 0) / hull.length,
  ];
  const radii = hullRadii(hull, c);
  const out: Block[] = [];
  const n = BLOCK * BLOCK;
  for (let by = 1; by + BLOCK < h; by += BLOCK) {
    for (let bx = 1; bx + BLOCK < w; bx += BLOCK) {
      const dx = bx + BLOCK / 2 - c[0];
      const dy = by + BLOCK / 2 - c[1];
      const theta = Math.atan2(dy, dx);
      const bin = Math.min(
        ANGLE_BINS - 1,
        Math.floor(((theta + Math.PI) / (2 * Math.PI)) * ANGLE_BINS),
      );
      const rad = radii[bin] ?? 0;
      if (rad <= 0) continue;
      const rho = Math.hypot(dx, dy) / rad;
      if (rho >= 1.9) continue;
      const [lap = 0, sr = 0, sg = 0, sb = 0] = blockSums(img, grey, bx, by);
      const [r, g, b] = [sr / n, sg / n, sb / n];
      out.push({
        rho,
        theta,
        lap: lap / n,
        y: 0.299 * r + 0.587 * g + 0.114 * b,
        cb: -0.1687 * r - 0.3313 * g + 0.5 * b,
        cr: 0.5 * r - 0.4187 * g - 0.0813 * b,
      });
    }
  }
  return out;
}

function quantileOf(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))] ?? NaN;
}

const meanOf = (xs: readonly number[]): number =>
  xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/** Rings (rho ranges) of equal width: two inside the hull, one just outside. */
const REF: Pt = [0.62, 0.8];
const IN: Pt = [0.82, 1.0];
const OUT: Pt = [1.02, 1.2];

interface Band {
  lap: number;
  cb: number;
  cr: number;
}

function band(bs: readonly Block[], r: Pt): Band | null {
  const sel = bs.filter((b) => b.rho >= r[0] && b.rho < r[1]);
  if (sel.length < 2) return null;
  return {
    lap: quantileOf(
      sel.map((b) => b.lap),
      0.5,
    ),
    cb: meanOf(sel.map((b) => b.cb)),
    cr: meanOf(sel.map((b) => b.cr)),
  };
}

/** Noise step (|log ratio|) and chroma step (grey levels) between two bands. */
function step(a: Band, b: Band): [number, number] {
  return [Math.abs(Math.log((a.lap + 0.5) / (b.lap + 0.5))), Math.hypot(a.cb - b.cb, a.cr - b.cr)];
}

/**
 * Seam excess over the forehead and chin sectors, where skin continues across the hull on a
 * genuine face: |step across the hull - step across an equally wide interior ring boundary|
 * (the difference cancels lighting, skin tone and the face's own texture gradient).
 */
function seam(bs: readonly Block[]): { noise: number; colour: number } | null {
  const noise: number[] = [];
  const colour: number[] = [];
  const sectors = 8;
  for (let k = 0; k < sectors; k++) {
    // Upper sectors (forehead) centred on -pi/2, lower (chin/jaw) on +pi/2, each +-pi/4.
    const centre = (k < 4 ? -Math.PI / 2 : Math.PI / 2) + ((k % 4) - 1.5) * (Math.PI / 8);
    const sel = bs.filter(
      (b) =>
        Math.abs(Math.atan2(Math.sin(b.theta - centre), Math.cos(b.theta - centre))) < Math.PI / 16,
    );
    const [ref, inner, outer] = [band(sel, REF), band(sel, IN), band(sel, OUT)];
    if (!ref || !inner || !outer) continue;
    const across = step(inner, outer);
    const within = step(ref, inner);
    // Absolute: the blend boundary may fall on either ring boundary (masks are often eroded
    // inside the landmark hull), so a step at either one that the other lacks is the tell.
    noise.push(Math.abs(across[0] - within[0]));
    colour.push(Math.abs(across[1] - within[1]));
  }
  if (noise.length < 4) return null;
  return { noise: quantileOf(noise, 0.5), colour: quantileOf(colour, 0.5) };
}

/**
 * Measures one frame. `hull` is the face-oval contour in the image's pixel coordinates; the image
 * should extend to at least ~1.8x the hull's size around it (hair, ears, neck, background).
 * Returns null when the face is too small to have an inner region and a surround.
 */
export function measureFaceTexture(img: Rgba, hull: readonly Pt[]): FaceTexture | null {
  if (hull.length < 8) return null;
  const bs = blocksOf(img, hull);
  const inner = bs.filter((b) => b.rho < 0.7);
  const surround = bs.filter((b) => b.rho >= 1.25 && b.rho < 1.9);
  if (inner.length < 12 || surround.length < 12) return null;
  // Low quantiles: the flattest blocks (cheeks, plain background) carry the noise floor; eyes,
  // mouth, hair strands and edges only lift the upper quantiles.
  const innerNoise = quantileOf(
    inner.map((b) => b.lap),
    0.3,
  );
  const surroundNoise = quantileOf(
    surround.map((b) => b.lap),
    0.3,
  );
  const s = seam(bs);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    inner: r3(innerNoise),
    surround: r3(surroundNoise),
    innerY: r3(meanOf(inner.map((b) => b.y))),
    surroundY: r3(meanOf(surround.map((b) => b.y))),
    seamNoise: s ? r3(s.noise) : null,
    seamColour: s ? r3(s.colour) : null,
  };
}
