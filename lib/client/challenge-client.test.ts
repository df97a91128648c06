import { describe, expect, test } from 'vitest';
import { excursion, live, poseHash } from '@/lib/analysis/challenges/testing';
import type { TIssuedChallenge } from '@/lib/schemas/challenges';
import { challengePromptKey, signPrompt } from '@/lib/server/challenge-params';
import { ChallengeRunner } from './challenge-runner';
import { describePrompt, verifyChallengeMessage } from './challenge-prompt';

process.env.BETTER_AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123';

const prompt = {
  v: 1 as const,
  id: 'c1',
  sessionId: 's1',
  kind: 'read_phrase' as const,
  attempt: 1,
  windowMs: 10_000,
  params: { type: 'phrase' as const, words: ['apple', 'river', 'candle'] },
  issuedAt: 1_000_000,
};

describe('candidate prompt verification', () => {
  test.each([
    ['genuine', () => signPrompt(prompt), 's1', 1_000_500, true],
    ['other session', () => signPrompt(prompt), 's2', 1_000_500, false],
    ['stale', () => signPrompt(prompt), 's1', 1_100_000, false],
    [
      'tampered body',
      () => ({ ...signPrompt(prompt), body: signPrompt({ ...prompt, kind: 'smile' }).body }),
      's1',
      1_000_500,
      false,
    ],
    ['junk', () => ({ type: 'x' }), 's1', 1_000_500, false],
  ] as const)('%s', async (_n, msg, session, now, ok) => {
    const r = await verifyChallengeMessage(msg(), challengePromptKey('s1'), session, now);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(describePrompt(r.prompt).phrase).toBe('apple river candle');
  });
});

describe('interviewer-side runner', () => {
  test('collects the window, verifies and builds the body', () => {
    const yaw = excursion(70);
    const frames = live({
      durationMs: 11_000,
      motion: (t) => ({ yaw: yaw(t) }),
      hash: poseHash(yaw),
    });
    const issued = {
      id: 'c2',
      kind: 'profile_left',
      attempt: 1,
      issuedAt: '',
      deadlineAt: '',
      params: { type: 'none' },
      message: signPrompt({ ...prompt, kind: 'profile_left', params: { type: 'none' } }),
    } satisfies TIssuedChallenge;
    const runner = new ChallengeRunner(
      issued,
      1000,
      frames.filter((f) => f.t < 1000),
    );
    let state = 'collecting';
    for (const f of frames.filter((f) => f.t >= 1000)) state = runner.push(f);
    expect(state).toBe('complete');
    const { verdict } = runner.result();
    expect(verdict.outcome).toBe('passed');
    const body = runner.body({ peak: '/9j/2Q==' });
    expect(body.type === 'verdict' && body.evidence.map((e) => e.role)).toEqual(['peak']);
  });
});
