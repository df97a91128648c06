import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '../db';
import {
  accountLockedFor,
  BACKOFF,
  clearSigninFailures,
  counterKey,
  hitLimit,
  lockSeconds,
  recordSigninFailure,
  sweepExpiredCounters,
} from './rate-limit';

describe('lockSeconds', () => {
  test.each([
    [0, 0],
    [4, 0],
    [5, 2],
    [6, 4],
    [10, 64],
    [20, BACKOFF.maxLockS],
  ])('%i failures → %i s', (failures, seconds) => {
    expect(lockSeconds(failures)).toBe(seconds);
  });
});

/** Runs against the real PostgreSQL started by scripts/stack.ts. */
describe.runIf(Boolean(process.env.DATABASE_URL))('rate limits in PostgreSQL', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  test('a fixed window allows max hits, then refuses with a Retry-After', async () => {
    const limit = { scope: `t-${randomUUID()}`, max: 3, windowS: 60 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await hitLimit(limit, '10.0.0.1'));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[4]!.retryAfterS).toBeGreaterThan(50);
    // Another subject has its own counter.
    expect((await hitLimit(limit, '10.0.0.2')).allowed).toBe(true);
  });

  test('concurrent hits are counted exactly once each (atomic upsert)', async () => {
    const limit = { scope: `t-${randomUUID()}`, max: 10, windowS: 60 };
    const results = await Promise.all(Array.from({ length: 25 }, () => hitLimit(limit, 'shared')));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  test('a window that ended restarts, and ended counters are swept', async () => {
    const limit = { scope: `t-${randomUUID()}`, max: 1, windowS: 1 };
    expect((await hitLimit(limit, 'x')).allowed).toBe(true);
    expect((await hitLimit(limit, 'x')).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await hitLimit(limit, 'x')).toMatchObject({ allowed: true, count: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await sweepExpiredCounters()).toBeGreaterThanOrEqual(1);
    const key = counterKey(limit.scope, 'x');
    expect(await db.rateLimitCounter.count({ where: { key } })).toBe(0);
  });

  test('sign-in backoff locks an account after repeated failures; success clears it', async () => {
    const account = `victim-${randomUUID()}@example.test`;
    for (let i = 0; i < BACKOFF.free - 1; i++) await recordSigninFailure(account);
    expect(await accountLockedFor(account)).toBe(0);
    await recordSigninFailure(account);
    const wait = await accountLockedFor(account);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(lockSeconds(BACKOFF.free));
    await recordSigninFailure(account);
    expect(await accountLockedFor(account)).toBeGreaterThan(lockSeconds(BACKOFF.free));
    await clearSigninFailures(account);
    expect(await accountLockedFor(account)).toBe(0);
  });
});
