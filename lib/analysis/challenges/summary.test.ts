import { describe, expect, test } from 'vitest';
import { fuseSession, windowize } from '../session';
import { genuineSession } from '../testing/scenarios';
import { toChallengeSummary, type StoredChallenge } from './summary';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s));
const row = (over: Partial<StoredChallenge>): StoredChallenge => ({
  challengeId: 'c1',
  kind: 'profile_left',
  attempt: 1,
  retryOfId: null,
  outcome: 'PASSED',
  latencyMs: 800,
  measured: {
    type: 'verdict',
    v: 1,
    issuedMediaMs: 12_000,
    note: 'left profile reached 44°',
    swapSuspect: false,
    evidence: { before: 1, peak: 2, after: 3 },
    values: {},
  },
  issuedAt: at(12),
  completedAt: at(20),
  deadlineAt: at(23),
  ...over,
});

describe('stored challenge results → fusion input', () => {
  test.each([
    ['PASSED', 'pass'],
    ['FAILED', 'fail'],
    ['NOT_PERFORMED', 'no_response'],
    ['UNRELIABLE', 'inconclusive'],
    ['ALTERNATIVE', 'inconclusive'],
  ] as const)('%s → %s', (outcome, expected) => {
    const [s] = toChallengeSummary([row({ outcome })], at(0));
    expect(s).toMatchObject({
      id: 'c1',
      kind: 'profile_left',
      outcome: expected,
      startMs: 12_000,
      endMs: 20_000,
    });
  });

  test('a retried no-show is dropped, a retried fail stays', () => {
    const out = toChallengeSummary(
      [
        row({ outcome: 'NOT_PERFORMED' }),
        row({ challengeId: 'c2', attempt: 2, retryOfId: 'c1' }),
        row({ challengeId: 'c3', outcome: 'FAILED' }),
        row({ challengeId: 'c4', attempt: 2, retryOfId: 'c3' }),
      ],
      at(0),
    );
    expect(out.map((s) => s.id)).toEqual(['c2', 'c3', 'c4']);
  });

  test('a failed profile challenge is a hard FAIL in fusion; a pass keeps PASS', () => {
    const windows = windowize(genuineSession(40_000), null);
    const fail = toChallengeSummary(
      [
        row({
          outcome: 'FAILED',
          measured: {
            type: 'verdict',
            v: 1,
            issuedMediaMs: 12_000,
            note: 'face broke at profile',
            swapSuspect: true,
            evidence: { before: null, peak: null, after: null },
            values: {},
          },
        }),
      ],
      at(0),
    );
    expect(fail[0]?.detail).toContain('swap tells');
    expect(fuseSession(windows, { challenges: fail }).label).toBe('FAIL');
    const pass = toChallengeSummary([row({})], at(0));
    expect(fuseSession(windows, { challenges: pass }).score).toBeGreaterThanOrEqual(
      fuseSession(windows).score,
    );
  });
});
