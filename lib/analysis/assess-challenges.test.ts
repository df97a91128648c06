import { describe, expect, test } from 'vitest';
import type { TChallengeSummary } from '../schemas/signals';
import { assessChallenges, challengeScore } from './assess-models';
import { FUSION_CONFIG } from './fusion-config';

const answer = (
  kind: TChallengeSummary['kind'],
  outcome: TChallengeSummary['outcome'],
  i = 0,
): TChallengeSummary => ({
  id: `c${i}`,
  kind,
  outcome,
  startMs: 10_000 + i * 10_000,
  endMs: 18_000 + i * 10_000,
});

describe('challenge evidence by what never-answering footage passes', () => {
  const full = FUSION_CONFIG.challenges.passCredit;

  test('a profile pass, which footage that was never asked does not reach, gets full credit', () => {
    expect(challengeScore(answer('profile_left', 'pass'))).toBeCloseTo(full, 6);
    expect(challengeScore(answer('flash', 'pass'))).toBeCloseTo(full, 6);
  });

  test('blink twice and read aloud, which talking replays pass by chance, count for less', () => {
    const blink = challengeScore(answer('blink_twice', 'pass'));
    const phrase = challengeScore(answer('read_phrase', 'pass'));
    expect(blink).toBeGreaterThan(0);
    expect(blink).toBeLessThanOrEqual(full / 2 + 1e-9);
    expect(phrase).toBeLessThan(blink);
    expect(challengeScore(answer('hand_occlusion', 'pass'))).toBeLessThan(full);
  });

  test('a fail or a missing answer counts in full whatever the kind', () => {
    for (const kind of ['blink_twice', 'profile_right', 'read_phrase'] as const) {
      expect(challengeScore(answer(kind, 'fail'))).toBe(-1);
      expect(challengeScore(answer(kind, 'no_response'))).toBe(-0.5);
    }
  });

  test('every kind has a chance rate in [0, 1)', () => {
    for (const r of Object.values(FUSION_CONFIG.challenges.chancePass)) {
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
  });

  test('a session that passed only blink twice gets less challenge evidence than one that turned to a profile', () => {
    const blink = assessChallenges([answer('blink_twice', 'pass')]);
    const profile = assessChallenges([answer('profile_left', 'pass')]);
    expect(blink.evidence).toBeLessThan(profile.evidence);
    expect(blink.note).toMatch(/blink twice: footage never asked passes it by chance in 50%/);
    expect(profile.note).toBe('1/1 challenges passed');
  });

  test('the note names every weak kind that passed, with the range of their chance rates', () => {
    const a = assessChallenges([
      answer('smile', 'pass', 0),
      answer('read_phrase', 'pass', 1),
      answer('look_down', 'pass', 2),
    ]);
    expect(a.note).toMatch(/^3\/3 challenges passed \(smile, read phrase: .* in 35%–65% of/);
    expect(a.finding).toBeNull();
  });

  test('the mean over answers: a weak pass does not wash out a fail', () => {
    const a = assessChallenges([answer('blink_twice', 'pass', 0), answer('smile', 'fail', 1)]);
    expect(a.evidence).toBeLessThan(0);
    expect(a.finding?.code).toBe('CHALLENGE_FAILED');
  });
});
