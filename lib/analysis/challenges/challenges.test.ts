import { describe, expect, test } from 'vitest';
import type { TChallengeKind, TVerifierOutcome } from '../../schemas/challenges';
import type { AudioEnvelope, FrameFeatures } from '../types';
import { verifyChallenge } from './index';
import { handArrival } from './occlusion';
import {
  BASE_HASH,
  ISSUED,
  ctxFor,
  dropFaces,
  ease,
  editFaceAt,
  excursion,
  flipBits,
  live,
  poseHash,
  speaking,
  voice,
  withScene,
} from './testing';

type Case = [
  name: string,
  kind: TChallengeKind,
  frames: () => FrameFeatures[],
  outcome: TVerifierOutcome,
  audio?: AudioEnvelope | null,
];

const turn = (peak: number) => {
  const yaw = excursion(peak);
  return live({ motion: (t) => ({ yaw: yaw(t) }), hash: poseHash(yaw) });
};
const nod = (peak: number) => {
  const pitch = excursion(peak);
  return live({ motion: (t) => ({ pitch: pitch(t) }), hash: poseHash(() => 0, pitch) });
};
const still = () => live({ hash: () => BASE_HASH });
const blinks = (...at: number[]) =>
  live({
    hash: () => BASE_HASH,
    eyeBlink: (t) => (at.some((a) => t >= a && t < a + 0.15) ? 0.9 : 0.1),
  });
const hand = (glitch = false) => {
  const covered = (t: number) => t >= 2.5 && t < 3.5;
  const frames = live({
    hash: (i, t) => (covered(t) ? flipBits(BASE_HASH, 14 + (i % 3)) : BASE_HASH),
  });
  return glitch
    ? editFaceAt(frames, 3000, (f) => ({
        ...f,
        pts: f.pts.map((v, k) => (k % 4 === 0 ? v + 25 : v)),
      }))
    : frames;
};
/** The face box (and so the painted body) moved sideways by `px(t)` pixels. */
const swayed = (frames: FrameFeatures[], px: (t: number) => number): FrameFeatures[] =>
  frames.map((f) =>
    f.face
      ? { ...f, face: { ...f.face, box: { ...f.face.box, x: f.face.box.x + px(f.t / 1000) } } }
      : f,
  );
/** A talker's body sways 44 px (1.65 scene cells, inside the 0.35-face-width "steady" limit). */
const sway = (t: number): number => 44 * (ease(t, 2.2, 2.5) - ease(t, 3.5, 3.8));
const talking = (jaw: (t: number) => number) => live({ hash: () => BASE_HASH, jawOpen: jaw });

const cases: Case[] = [
  ['live turn to the left profile (70°)', 'profile_left', () => turn(70), 'passed'],
  ['live turn to the right profile (−70°)', 'profile_right', () => turn(-70), 'passed'],
  ['turning right when asked for left', 'profile_left', () => turn(-70), 'not_performed'],
  ['a half turn (30°)', 'profile_left', () => turn(30), 'not_performed'],
  ['no movement', 'profile_left', still, 'not_performed'],
  [
    'a photo swung round its vertical axis (reads 45°, no parallax)',
    'profile_left',
    () =>
      live({
        planar: true,
        motion: (t) => ({ yaw: excursion(90)(t) }),
        hash: poseHash(excursion(45)),
      }),
    'failed',
  ],
  [
    'face lost at profile for 0.8 s, then back',
    'profile_left',
    () => dropFaces(turn(70), 2800, 3600),
    'passed',
  ],
  [
    'a swap losing track at profile (landmark jump)',
    'profile_left',
    () =>
      editFaceAt(turn(70), 3000, (f) => ({
        ...f,
        pts: f.pts.map((v, k) => (k % 4 === 0 ? v + 25 : v)),
      })),
    'failed',
  ],
  [
    'a swap flickering at profile (one odd frame)',
    'profile_left',
    () => editFaceAt(turn(70), 3000, (f) => ({ ...f, hash: flipBits(f.hash, 24, 7) })),
    'failed',
  ],
  ['too few frames (2 fps)', 'profile_left', () => live({ fps: 0.6 }), 'unreliable'],
  ['look up 25°', 'look_up', () => nod(25), 'passed'],
  ['look down 25°', 'look_down', () => nod(-25), 'passed'],
  ['look up asked, looked down', 'look_up', () => nod(-25), 'not_performed'],
  ['look down 8° only', 'look_down', () => nod(-8), 'not_performed'],
  ['double blink 0.5 s apart', 'blink_twice', () => blinks(2, 2.5), 'passed'],
  ['one blink', 'blink_twice', () => blinks(2.2), 'not_performed'],
  ['two spontaneous blinks 4 s apart', 'blink_twice', () => blinks(1.5, 5.5), 'not_performed'],
  ['no blinks', 'blink_twice', still, 'not_performed'],
  [
    'blinks in profile (eyes not judged)',
    'blink_twice',
    () => live({ motion: () => ({ yaw: 60 }), eyeBlink: (t) => (t % 1 < 0.15 ? 0.9 : 0.1) }),
    'unreliable',
  ],
  ['hand over the face for 1 s', 'hand_occlusion', () => hand(), 'passed'],
  ['hand, and the swap glitches under it', 'hand_occlusion', () => hand(true), 'failed'],
  ['no hand', 'hand_occlusion', still, 'not_performed'],
  [
    'hand over the face, seen arriving beside it',
    'hand_occlusion',
    () => withScene(hand(), { hand: (t) => t >= 2.2 && t < 3.8 }),
    'passed',
  ],
  [
    'the face crop changes but nothing comes into view around it (a warped still)',
    'hand_occlusion',
    () => withScene(hand()),
    'not_performed',
  ],
  [
    'the face crop changes while the background is dragged by a cell (a warp, no hand)',
    'hand_occlusion',
    () => withScene(hand(), { shift: (t) => (t >= 2.5 && t < 3.5 ? 1 : 0) }),
    'not_performed',
  ],
  [
    'a hand waved out at the side while the face crop changes (talking): it never reaches the face',
    'hand_occlusion',
    () => withScene(hand(), { gesture: (t) => t >= 2.2 && t < 3.8 }),
    'not_performed',
  ],
  [
    'the body sways 1.65 cells while the face crop changes (talking), no hand: its edges are not a hand',
    'hand_occlusion',
    () => withScene(swayed(hand(), sway), { body: true }),
    'not_performed',
  ],
  [
    'a hand over the face of a person whose body is in view',
    'hand_occlusion',
    () => withScene(hand(), { body: true, hand: (t) => t >= 2.2 && t < 3.8 }),
    'passed',
  ],
  [
    'a hand over the face while the body sways',
    'hand_occlusion',
    () => withScene(swayed(hand(), sway), { body: true, hand: (t) => t >= 2.2 && t < 3.8 }),
    'passed',
  ],
  [
    'a hand seen long before the face changed (and gone) does not count',
    'hand_occlusion',
    () => withScene(hand(), { hand: (t) => t >= 0.2 && t < 0.6 }),
    'not_performed',
  ],
  [
    'head turned away (the crop changes, the pose too)',
    'hand_occlusion',
    () => turn(60),
    'not_performed',
  ],
  [
    'face gone for the whole window',
    'hand_occlusion',
    () => dropFaces(still(), 0, 20_000),
    'unreliable',
  ],
  [
    'reading aloud, voice 80 ms after the mouth',
    'read_phrase',
    () => talking(speaking(1.8, 5.5)),
    'passed',
    voice(1.8, 5.5, 80),
  ],
  [
    'voice, but the mouth stays shut',
    'read_phrase',
    () => talking(() => 0.05),
    'failed',
    voice(1.8, 5.5, 80),
  ],
  ['silence', 'read_phrase', () => talking(() => 0.05), 'not_performed', voice(0, 0, 0, true)],
  ['no audio track', 'read_phrase', () => talking(speaking(1.8, 5.5)), 'unreliable', null],
];

/** Opens the inner lips (LANDMARK_SUBSET 28/29) by `gap(t)` face sizes, leaving jawOpen alone. */
const withLipGap = (frames: FrameFeatures[], gap: (t: number) => number): FrameFeatures[] =>
  frames.map((f) => {
    if (!f.face) return f;
    const pts = [...f.face.pts];
    const size = Math.sqrt(f.face.box.w * f.face.box.h);
    pts[2 * 29 + 1] = (pts[2 * 28 + 1] ?? 0) + gap(f.t / 1000) * size;
    pts[2 * 29] = pts[2 * 28] ?? 0;
    return { ...f, face: { ...f.face, pts } };
  });

describe('read aloud', () => {
  const ctx = ctxFor(10_000);
  const judge = (frames: FrameFeatures[], audio: AudioEnvelope) =>
    verifyChallenge(frames, { kind: 'read_phrase', params: { type: 'none' }, audio, ...ctx });

  test('lips that open with the voice while the jawOpen blendshape stays flat (a beard) are not a still mouth', () => {
    const lips = (t: number) => 0.1 * (speaking(1.8, 5.5)(t) - 0.05);
    const v = judge(
      withLipGap(
        talking(() => 0.05),
        lips,
      ),
      voice(1.8, 5.5, 80),
    );
    expect(v.outcome, v.note).toBe('passed');
    expect(v.measured.lipStd).toBeGreaterThan(0.006);
  });

  test('a still jaw and still lips during clear speech fail', () => {
    const v = judge(
      withLipGap(
        talking(() => 0.05),
        () => 0.01,
      ),
      voice(1.8, 5.5, 80),
    );
    expect(v.outcome, v.note).toBe('failed');
    expect(v.note).toMatch(/mouth stayed still/);
  });

  test('a moving mouth only weakly related to the voice is unreliable, not a fail (genuine speech reads this low in some windows)', () => {
    // the mouth moves on its own rhythm, the voice on another: correlation near zero
    const v = judge(
      talking((t) => 0.05 + 0.3 * Math.max(0, Math.sin(2 * Math.PI * 5.1 * t))),
      voice(1.8, 5.5, 80),
    );
    expect(Number(v.measured.peakCorr)).toBeLessThan(0.1); // the old rule failed this
    expect(v.outcome, v.note).toBe('unreliable');
  });
});

describe('hand arrival (occlusion)', () => {
  const ctx = ctxFor(7000);
  const measure = (frames: FrameFeatures[]) =>
    verifyChallenge(frames, { kind: 'hand_occlusion', params: { type: 'none' }, ...ctx });

  test('the share of the surround that showed something new is reported on a pass', () => {
    const v = measure(withScene(hand(), { hand: (t) => t >= 2.2 && t < 3.8 }));
    expect(v.outcome, v.note).toBe('passed');
    expect(v.measured.handSeenShare).toBeGreaterThan(0.15);
  });

  test('a crop change while talking before the hand came does not use up the answer', () => {
    const changed = (t: number) => (t >= 1.6 && t < 2.2) || (t >= 4.2 && t < 5.2);
    const frames = live({
      hash: (i, t) => (changed(t) ? flipBits(BASE_HASH, 14 + (i % 3)) : BASE_HASH),
    });
    const v = measure(withScene(frames, { hand: (t) => t >= 3.8 && t < 5.2 }));
    expect(v.outcome, v.note).toBe('passed');
    expect(v.latencyMs).toBeGreaterThan(3000); // the hand's episode, not the first change at 1.6 s
  });

  test('without scene thumbnails the test is skipped (older recordings, no surround)', () => {
    const v = measure(hand());
    expect(v.outcome, v.note).toBe('passed');
    expect(v.measured.handSeenShare).toBeNull();
  });

  test('the note says no hand came into view', () => {
    const v = measure(withScene(hand()));
    expect(v.note).toMatch(/no hand came into view/);
    expect(v.measured.handSeenShare).toBeLessThan(0.02);
  });

  test('handArrival is null when the face fills the frame (no surround cells)', () => {
    const frames = withScene(hand()).map((f) =>
      f.face ? { ...f, face: { ...f.face, box: { x: -100, y: -100, w: 900, h: 700 } } } : f,
    );
    const base = frames.slice(0, 10);
    expect(handArrival(base, { x: -100, y: -100, w: 900, h: 700 })).toBeNull();
  });
});

describe('challenge verifiers on synthetic answers', () => {
  test.each(cases)('%s: %s → %s', (_name, kind, frames, outcome, audio) => {
    const v = verifyChallenge(frames(), {
      kind,
      params: { type: 'none' },
      ...ctxFor(7000),
      audio: audio ?? null,
    });
    expect(v.outcome, v.note).toBe(outcome);
    if (outcome === 'passed') {
      expect(v.latencyMs).not.toBeNull();
      expect(v.evidence.before).not.toBeNull();
      expect(v.evidence.peak).not.toBeNull();
      expect(v.evidence.after).not.toBeNull();
      expect(v.evidence.peak ?? 0).toBeGreaterThanOrEqual(v.evidence.before ?? Infinity);
    }
  });

  test('latency counts from the prompt to the start of the movement', () => {
    const v = verifyChallenge(turn(70), {
      kind: 'profile_left',
      params: { type: 'none' },
      ...ctxFor(7000),
    });
    // yaw passes 15° about 2.2 s into the clip; the prompt went out at 1 s
    expect(v.latencyMs).toBeGreaterThan(1000);
    expect(v.latencyMs).toBeLessThan(1500);
    expect(v.measured.mode).toBe('hold');
  });

  test('swap tells are reported as measured values with the flag', () => {
    const frames = editFaceAt(turn(70), 3000, (f) => ({
      ...f,
      pts: f.pts.map((v, k) => (k % 4 === 0 ? v + 25 : v)),
    }));
    const v = verifyChallenge(frames, {
      kind: 'profile_left',
      params: { type: 'none' },
      ...ctxFor(7000),
    });
    expect(v.swapSuspect).toBe(true);
    expect(v.measured.landmarkJump).toBeGreaterThan(0.08);
  });

  test('a profile reached before the prompt and merely held is judged on the window only', () => {
    const frames = live({ motion: () => ({ yaw: 70 }), hash: () => BASE_HASH });
    const v = verifyChallenge(frames, {
      kind: 'profile_left',
      params: { type: 'none' },
      issuedAtMs: ISSUED,
      deadlineMs: ISSUED + 7000,
    });
    expect(v.outcome).toBe('not_performed'); // never frontal: a profile photo is no turn
  });
});
