import 'server-only';
import { createHash } from 'node:crypto';
import { db } from '../db';

/**
 * Fixed-window counters in PostgreSQL, so every app instance shares them. One atomic upsert per
 * hit (no check-then-insert race); a window that has ended restarts at 1. Keys are sha256 hashes,
 * so an attacker's long or odd input cannot grow a row. Expired rows are swept now and then.
 */
export interface TLimit {
  scope: string;
  max: number;
  windowS: number;
}

export interface TLimitResult {
  allowed: boolean;
  count: number;
  retryAfterS: number;
}

/** Sign-in attempts per client IP (the account backoff below comes on top). */
export const SIGNIN_PER_IP: TLimit = { scope: 'signin-ip', max: 10, windowS: 60 };

/** New accounts (each makes an organization) per client IP. */
export const SIGNUP_PER_IP: TLimit = { scope: 'signup-ip', max: 10, windowS: 3600 };

export const limiterDisabled = () => process.env.CANDOR_DISABLE_RATE_LIMIT === '1';

export const counterKey = (scope: string, subject: string) =>
  createHash('sha256').update(`${scope}:${subject}`).digest('hex');

/** Counts one hit against `subject` in `limit` and says whether it is within the limit. */
export async function hitLimit(limit: TLimit, subject: string): Promise<TLimitResult> {
  const key = counterKey(limit.scope, subject);
  const rows = await db.$queryRaw<Array<{ count: number; retryAfterS: number }>>`
    INSERT INTO "RateLimitCounter" ("key", "scope", "count", "resetAt", "updatedAt")
    VALUES (${key}, ${limit.scope}, 1, now() + make_interval(secs => ${limit.windowS}), now())
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitCounter"."resetAt" <= now() THEN 1
                     ELSE "RateLimitCounter"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimitCounter"."resetAt" <= now() THEN EXCLUDED."resetAt"
                       ELSE "RateLimitCounter"."resetAt" END,
      "updatedAt" = now()
    RETURNING "count",
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("resetAt" - now()))))::int AS "retryAfterS"`;
  const row = rows[0]!;
  await maybeSweep();
  return { allowed: row.count <= limit.max, count: row.count, retryAfterS: row.retryAfterS };
}

/**
 * Per-account sign-in backoff: after `free` failures, each further failure locks the account's
 * sign-in for 2^(failures − free) seconds (capped), counted from that failure. A success clears it.
 */
export const BACKOFF = { scope: 'signin-account', free: 5, maxLockS: 15 * 60, forgetS: 24 * 3600 };

export const lockSeconds = (failures: number) =>
  failures < BACKOFF.free ? 0 : Math.min(BACKOFF.maxLockS, 2 ** (failures - BACKOFF.free + 1));

/** Seconds the account must still wait before another sign-in attempt (0: may try now). */
export async function accountLockedFor(account: string): Promise<number> {
  const rows = await db.$queryRaw<Array<{ count: number; since: number }>>`
    SELECT "count", EXTRACT(EPOCH FROM (now() - "updatedAt"))::float8 AS "since"
    FROM "RateLimitCounter"
    WHERE "key" = ${counterKey(BACKOFF.scope, account)} AND "resetAt" > now()`;
  const row = rows[0];
  if (!row) return 0;
  return Math.max(0, Math.ceil(lockSeconds(row.count) - row.since));
}

export async function recordSigninFailure(account: string): Promise<void> {
  await hitLimit({ scope: BACKOFF.scope, max: Infinity, windowS: BACKOFF.forgetS }, account);
}

export async function clearSigninFailures(account: string): Promise<void> {
  await db.rateLimitCounter.deleteMany({ where: { key: counterKey(BACKOFF.scope, account) } });
}

let lastSweep = 0;
async function maybeSweep(): Promise<void> {
  if (Date.now() - lastSweep < 60_000) return;
  lastSweep = Date.now();
  await sweepExpiredCounters();
}

/** Deletes counters whose window ended; returns how many. Runs at most once a minute per process. */
export async function sweepExpiredCounters(): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "resetAt" < now()`;
}
