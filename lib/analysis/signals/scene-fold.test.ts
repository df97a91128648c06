import { describe, expect, test } from 'vitest';
import { gaussian, rng } from '../testing/synthetic-face';
import { sceneOf, withThumbs } from '../testing/synthetic-thumbs';
import { genuineSession, retimed } from '../testing/scenarios';
import { analyzeRecording, fuseSession, windowize } from '../session';
import { ZWindowSignals } from '../../schemas/signals';
import { SCENE_SIZE, type FrameFeatures } from '../types';
import { sceneMaxChange } from './long-fold';

/**
 * The second long fold (`sfold`): the largest 24x24 scene-cell change per adjacent pair. Synthetic
 * rooms: a still textured background, a talker whose head barely moves and whose mouth (a 2x2-cell
 * patch, ~12 grey levels from closed to open) and eyes (one row of 3 cells) change with the content,
 * and fresh coding noise on every cell of every *output* frame (a re-encode re-quantises each copy).
 */

const MOUTH = [
  [15, 11],
  [15, 12],
  [16, 11],
  [16, 12],
] as const;
const EYES = [
  [10, 10],
  [10, 11],
  [10, 13],
] as const;

/** Clean scene of each source frame: background + the face's content (mouth, blink). */
function withContentScene(frames: readonly FrameFeatures[]): FrameFeatures[] {
  const bg = sceneOf(640, 480, 0, 0, 0, rng(1));
  return frames.map((f) => {
    const scene = [...bg];
    const jaw = f.face?.blend.jawOpen ?? 0;
    const blink = f.face?.blend.eyeBlinkLeft ?? 0;
    for (const [r, c] of MOUTH) scene[r * SCENE_SIZE + c] = 60 + 100 * jaw;
    for (const [r, c] of EYES) scene[r * SCENE_SIZE + c] = 110 - 30 * blink;
    return { ...f, scene };
  });
}

/** Fresh per-cell coding noise (grey levels, std) on every frame: the second encode. */
function reencodeScene(frames: readonly FrameFeatures[], noise: number, seed: number) {
  const rand = rng(seed);
  return frames.map((f) =>
    f.scene ? { ...f, scene: f.scene.map((v) => v + noise * gaussian(rand)) } : f,
  );
}

/**
 * Speech-like jaw opening: syllables of random length (120–320 ms) and height, joined by cosine
 * ramps. Not periodic: a strictly periodic mouth would itself fold into a phase pattern.
 */
function syllables(seed: number, durationS: number): (t: number) => number {
  const rand = rng(seed);
  const knots: [number, number][] = [];
  for (let t = 0; t <= durationS + 1; t += 0.12 + 0.2 * rand())
    knots.push([t, 0.05 + 0.3 * rand()]);
  return (t) => {
    const i = Math.max(0, knots.findIndex(([kt]) => kt > t) - 1);
    const [t0, a] = knots[i] ?? [0, 0.05];
    const [t1, b] = knots[i + 1] ?? [t0 + 1, a];
    const u = Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
    return a + ((b - a) * (1 - Math.cos(Math.PI * u))) / 2;
  };
}

/** A talker whose head barely moves (a breathing sway of 1–1.5°) but whose mouth and eyes do. */
const stillTalker = (fps: number, seed: number) =>
  genuineSession(12_500, {
    fps,
    noisePx: 0,
    seed,
    motion: (t) => ({ yaw: 1.5 * Math.sin(0.7 * t), pitch: 1 * Math.sin(0.5 * t + 1) }),
    jawOpen: syllables(seed, 12.5),
  });

/**
 * Face features as the landmarker and the 8x8 crop see a small, still face after re-encoding: the
 * landmarks jitter by more than the head moves and the crop's coding noise is larger than the
 * mouth's share of its mean change, so the face fold sees mostly noise.
 */
const noisyFace = (frames: readonly FrameFeatures[], seed: number) =>
  withThumbs(frames, { noise: 1.5, seed, jitterPx: 0.8 });

const foldOf = (frames: FrameFeatures[]) => {
  const { verdict, signals } = analyzeRecording(frames, null);
  return {
    verdict,
    signal: signals.find((s) => s.signal === 'cadenceFold'),
    reason: verdict.reasons.find((r) => r.signal === 'cadenceFold'),
  };
};

/** A 30 → 60 fps replay of the still talker, re-encoded (face and scene noise on every copy). */
const replay = (sceneNoise: number, seed = 51) =>
  reencodeScene(
    noisyFace(retimed(withContentScene(stillTalker(30, seed)), 30, 60), seed),
    sceneNoise,
    seed,
  );

describe('largest scene-cell change', () => {
  test('is the largest absolute cell difference; null when a thumbnail is missing or mismatched', () => {
    expect(sceneMaxChange([1, 5, 3], [2, 1, 3])).toBe(4);
    expect(sceneMaxChange(undefined, [1])).toBeNull();
    expect(sceneMaxChange([1, 2], [1])).toBeNull();
    expect(sceneMaxChange([], [])).toBeNull();
  });
});

describe('long fold of the largest scene-cell change (re-timed replay of a still talker)', () => {
  test('30 → 60 fps, re-encoded, only the mouth and eyes move: REVIEW from the scene fold, which the face fold misses', () => {
    const { verdict, signal, reason } = foldOf(replay(0.25));
    expect(signal?.informative).toBe(true);
    // the face fold (the previous code's only fold) stays under its thresholds
    const face =
      /face: emptiest phase at period \d+ ([\d.]+) of the mean change \(z (-?[\d.]+)\)/.exec(
        signal?.note ?? '',
      );
    expect(face).not.toBeNull();
    const [ratio, z] = [Number(face?.[1]), Number(face?.[2])];
    expect(z >= 4.5 && ratio <= 0.85).toBe(false);
    expect(reason?.severity).toBe('review');
    expect(reason?.text).toMatch(/the part of the picture that changes most changes \d+% less/);
    expect(reason?.text).toMatch(/in one frame change out of every (2|4|6|8|10)\b/);
    expect(verdict.label).toBe('REVIEW');
  });

  test('the same still talker live at 30 fps with the same coding noise shows no phase', () => {
    const live = reencodeScene(noisyFace(withContentScene(stillTalker(30, 53)), 53), 0.25, 53);
    const { signal, reason } = foldOf(live);
    expect(signal?.informative).toBe(true);
    expect(reason).toBeUndefined();
  });

  test('a live camera that duplicates ~27 % of frames irregularly is not a re-timed file', () => {
    const rand = rng(9);
    let held: FrameFeatures | null = null;
    const dup = withContentScene(stillTalker(30, 55)).map((f) => {
      held = held && rand() < 0.4 ? held : rand() < 0.4 ? f : null;
      return held ? { ...f, face: held.face, scene: held.scene } : f;
    });
    const { reason } = foldOf(reencodeScene(noisyFace(dup, 55), 0.25, 55));
    expect(reason).toBeUndefined();
  });

  test('where it stops: coding noise comparable to the mouth change per frame hides the phase', () => {
    // The mouth changes 0–4 grey levels per 30-fps source frame. At 0.25 grey of noise per cell the
    // duplicate phase's largest cell is 0.80 of the mean (z 16); at 0.7 grey the largest of 576 noisy
    // cells (~3 grey) rivals the mouth in every pair: 0.94 of the mean, over maxRatio 0.85, although
    // z (7.4) still says the phase is real. (Measured on this synthetic room, not on video.)
    expect(foldOf(replay(0.7)).reason).toBeUndefined();
  });
});

describe('the stored fold (window field sfold)', () => {
  const windows = windowize(
    replay(0.25).filter((f) => f.t >= 0),
    null,
  );

  test('windows carry it and it passes the schema', () => {
    expect(windows.filter((w) => w.sfold).length).toBeGreaterThan(8);
    for (const w of windows) expect(ZWindowSignals.safeParse(w).success).toBe(true);
  });

  test('a malformed fold is rejected', () => {
    const w = windows.find((x) => x.sfold);
    expect(w?.sfold).toBeTruthy();
    if (!w?.sfold) return;
    for (const bad of [
      { n: w.sfold.n.slice(1) },
      { s: w.sfold.s.map(() => -1) },
      { q: Number.NaN },
    ])
      expect(ZWindowSignals.safeParse({ ...w, sfold: { ...w.sfold, ...bad } }).success).toBe(false);
  });

  test('older windows without it parse and fuse without the scene fold', () => {
    const old = windows.map(({ sfold: _s, ...rest }) => rest);
    for (const w of old) expect(ZWindowSignals.safeParse(w).success).toBe(true);
    expect(fuseSession(windows).label).toBe('REVIEW');
    expect(fuseSession(old).reasons.find((r) => r.signal === 'cadenceFold')).toBeUndefined();
  });
});
