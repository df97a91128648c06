import { describe, expect, test } from 'vitest';
import type { AudioEnvelope, FrameFeatures } from '../types';
import { rng } from '../testing/synthetic-face';
import { makeFlashSteps, verifyChallenge, verifyFlash, verifyProfile } from './index';
import { ISSUED, ctxFor, flashSkin, live } from './testing';
import female from './fixtures/intel_headpose_female_profiles.json';
import occlusion from './fixtures/mediapipe_hand_occlusion.json';
import astronaut from './fixtures/astronaut_motion_640x480_15fps.json';

/** Real per-frame features of the test clips (browser engine), compacted by fixtures/make-fixtures.ts. */
interface Clip {
  frames: FrameFeatures[];
  audio: AudioEnvelope | null;
}
const clips = { female, occlusion, astronaut } as unknown as Record<
  'female' | 'occlusion' | 'astronaut',
  Clip
>;
const whole = (c: Clip) => ({
  issuedAtMs: 0,
  deadlineMs: (c.frames[c.frames.length - 1]?.t ?? 0) + 1,
});

describe('challenge verifiers on recorded clips', () => {
  test('female profiles: the right-profile turn it performs passes; it never reaches a left profile', () => {
    // The clip opens turned to her right (MediaPipe −43°, landmark estimate −60°), swings to +30° and back.
    const right = verifyProfile(clips.female.frames, {
      ...whole(clips.female),
      direction: 'right',
    });
    expect(right.outcome, right.note).toBe('passed');
    expect(right.measured.peakYawDeg).toBeCloseTo(43.2, 0);
    expect(right.measured.geoYawDeg).toBeGreaterThan(55);
    expect(right.measured.residual3d).toBeGreaterThan(0.04);
    expect(right.swapSuspect).toBe(false);
    const left = verifyProfile(clips.female.frames, { ...whole(clips.female), direction: 'left' });
    expect(left.outcome).toBe('not_performed');
    expect(left.measured.maxYawDeg).toBeLessThan(35);
  });

  test('hand occlusion: the fist and thumbs-up over nose and mouth pass, with no swap tells', () => {
    const v = verifyChallenge(clips.occlusion.frames, {
      kind: 'hand_occlusion',
      params: { type: 'none' },
      ...whole(clips.occlusion),
    });
    expect(v.outcome, v.note).toBe('passed');
    expect(v.swapSuspect).toBe(false);
    expect(v.latencyMs).toBeGreaterThan(1800); // the hand reaches the face ~2.1 s in
    expect(v.measured.occludedMs).toBeGreaterThan(3000);
    expect(v.measured.recovered).toBe(false); // the clip ends with the hand still up
  });

  test.each(['profile_left', 'profile_right', 'blink_twice', 'hand_occlusion', 'smile'] as const)(
    'a panned photo (astronaut) does not pass %s',
    (kind) => {
      const v = verifyChallenge(clips.astronaut.frames, {
        kind,
        params: { type: 'none' },
        ...whole(clips.astronaut),
      });
      expect(v.outcome, v.note).toBe('not_performed');
    },
  );
});

describe('screen-colour flash', () => {
  const steps = makeFlashSteps(rng(11));

  test.each([
    ['3 % reflection, 150 ms lag, noise σ=1', 0.03, 150, 'passed'],
    ['3 % reflection, 400 ms lag, noise σ=1', 0.03, 400, 'passed'],
    ['no reflection (virtual camera), noise σ=1', 0, 150, 'failed'],
  ] as const)('%s', (_name, share, lagMs, outcome) => {
    const frames = live({ fps: 15, skin: flashSkin(steps, { share, lagMs, noise: 1 }) });
    const v = verifyFlash(frames, { ...ctxFor(8000), steps });
    expect(v.outcome, v.note).toBe(outcome);
    if (outcome === 'passed') {
      expect(v.measured.lagMs).toBeGreaterThanOrEqual(lagMs - 40);
      expect(v.measured.lagMs).toBeLessThanOrEqual(lagMs + 40);
      expect(v.measured.peakCorr).toBeGreaterThan(0.7);
    }
  });

  test.each(['female', 'occlusion', 'astronaut'] as const)(
    'recorded clip %s (no screen flash) correlates near zero',
    (name) => {
      const c = clips[name];
      // The schedule starts at the clip's first frame so the sequence covers as many frames as it can.
      const short = makeFlashSteps(rng(3), 10, 0);
      const v = verifyFlash(c.frames, {
        issuedAtMs: c.frames[0]?.t ?? 0,
        deadlineMs: ISSUED + 20_000,
        steps: short,
      });
      expect(v.outcome).not.toBe('passed');
      expect(Math.abs(Number(v.measured.peakCorr ?? 0))).toBeLessThan(0.4);
    },
  );
});
