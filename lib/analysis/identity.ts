/**
 * Face identity maths (pure): descriptor distance, per-session templates, matching, and the
 * 128-bit sign hash used as a database prefilter. Descriptors are dlib ResNet outputs (128-d,
 * roughly unit length); "same person" is Euclidean distance <= FUSION_CONFIG.identity.matchDistance.
 */
import { FUSION_CONFIG } from './fusion-config';

export const IDENTITY_DIM = 128;
const cfg = FUSION_CONFIG.identity;

export interface IdentitySample {
  /** session time of the frame, ms */
  t: number;
  e: readonly number[];
}

export interface IdentityTemplate {
  /** mean descriptor of the samples that agree with the session's main face */
  mean: number[];
  /** a few individual descriptors spread over the session */
  exemplars: number[][];
  /** how many descriptors the template rests on */
  n: number;
}

export function distance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`descriptor length ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    s += d * d;
  }
  return Math.sqrt(s);
}

export function meanVector(vs: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(IDENTITY_DIM).fill(0);
  for (const v of vs) for (let i = 0; i < IDENTITY_DIM; i++) out[i]! += (v[i] ?? 0) / vs.length;
  return out;
}

/** The sample with the least summed distance to the others (robust centre). */
export function medoid(vs: readonly (readonly number[])[]): readonly number[] | null {
  let best: readonly number[] | null = null;
  let bestSum = Infinity;
  for (const a of vs) {
    const s = vs.reduce((acc, b) => acc + distance(a, b), 0);
    if (s < bestSum) [best, bestSum] = [a, s];
  }
  return best;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * The session's template: descriptors within matchDistance of the medoid (the main face; a second
 * person who appears briefly does not pollute it), their mean, and up to `templateExemplars`
 * evenly spaced in time. Null when fewer than templateMinSamples agree.
 */
export function buildTemplate(samples: readonly IdentitySample[]): IdentityTemplate | null {
  const centre = medoid(samples.map((s) => s.e));
  if (!centre) return null;
  const main = samples.filter((s) => distance(s.e, centre) <= cfg.matchDistance);
  if (main.length < cfg.templateMinSamples) return null;
  const k = Math.min(cfg.templateExemplars, main.length);
  const exemplars = Array.from({ length: k }, (_, i) => {
    const s = main[Math.floor(((i + 0.5) * main.length) / k)] ?? main[0]!;
    return s.e.map(round4);
  });
  return { mean: meanVector(main.map((s) => s.e)).map(round4), exemplars, n: main.length };
}

export interface TemplateMatch {
  /** distance between the two means */
  meanDistance: number;
  /** median over exemplar pairs (robust to one bad exemplar) */
  exemplarDistance: number;
  match: boolean;
}

/** Two sessions show the same person when both the means and the typical exemplar pair agree. */
export function matchTemplates(a: IdentityTemplate, b: IdentityTemplate): TemplateMatch {
  const meanDistance = distance(a.mean, b.mean);
  const pairs = a.exemplars.flatMap((x) => b.exemplars.map((y) => distance(x, y)));
  pairs.sort((p, q) => p - q);
  const exemplarDistance = pairs[Math.floor(pairs.length / 2)] ?? Infinity;
  return {
    meanDistance: round4(meanDistance),
    exemplarDistance: round4(exemplarDistance),
    match: meanDistance <= cfg.matchDistance && exemplarDistance <= cfg.matchDistance,
  };
}

/**
 * 128-bit sign hash of a descriptor (bit i set when component i > 0, most significant bit first).
 * Near descriptors share most bits, so a Hamming-distance prefilter keeps true matches
 * (recall measured by npm run bench:identity).
 */
export function signBits(v: readonly number[]): Uint8Array {
  const out = new Uint8Array(IDENTITY_DIM / 8);
  for (let i = 0; i < IDENTITY_DIM; i++) if ((v[i] ?? 0) > 0) out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

export function hamming(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    let x = (a[i] ?? 0) ^ (b[i] ?? 0);
    while (x) {
      n += x & 1;
      x >>= 1;
    }
  }
  return n;
}
