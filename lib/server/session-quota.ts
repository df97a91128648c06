import 'server-only';
import { Prisma } from '@prisma/client';
import type { TTx } from './db';
import { HttpError, notFound } from './http';

/**
 * Per-session caps on every TRUSTED row type. Each write counts its inserted rows in SessionUsage in
 * the SAME transaction as the insert, with a conditional upsert (… SET n = n + k WHERE n + k <= cap):
 * PostgreSQL's row lock makes concurrent posts queue on that row, so no interleaving can pass a cap
 * (a check-then-insert could). Over the cap the transaction rolls back and the caller gets 429.
 */
export const SESSION_CAPS = {
  /** 1-s engine windows: six hours of interview. */
  engineWindows: 6 * 3600,
  /** network-stats windows (one every 4 s): six hours. */
  networkStats: (6 * 3600) / 4,
  challengeIssues: 40,
  challengeResults: 40,
  /** three thumbnails per challenge result */
  evidence: 120,
  /** still frames at flagged moments (flagged-frames.ts): a few per rule, a handful of rules */
  flaggedFrames: 60,
} as const;
export type TQuotaKind = keyof typeof SESSION_CAPS;

const COLUMN: Record<TQuotaKind, Prisma.Sql> = {
  engineWindows: Prisma.raw('"engineWindows"'),
  networkStats: Prisma.raw('"networkStats"'),
  challengeIssues: Prisma.raw('"challengeIssues"'),
  challengeResults: Prisma.raw('"challengeResults"'),
  evidence: Prisma.raw('"evidence"'),
  flaggedFrames: Prisma.raw('"flaggedFrames"'),
};

export const sessionCapReached = (kind: TQuotaKind) =>
  new HttpError(
    429,
    'session_cap_reached',
    `This session already holds the most ${kind} allowed (${SESSION_CAPS[kind]})`,
  );

/**
 * The conditional SessionUsage upsert, the one place the counting rule is written: adds the count
 * that `source` yields (a `VALUES` or `SELECT` of (sessionId, k), k ≤ the cap) unless the total
 * would pass the cap, in which case no row is returned; else RETURNING the new total as `n`. Used
 * by reserveQuota and, inside its one statement, by storeEngineWindows (engine-windows.ts).
 */
export function quotaUpsertSql(kind: TQuotaKind, source: Prisma.Sql): Prisma.Sql {
  const col = COLUMN[kind];
  return Prisma.sql`
    INSERT INTO "SessionUsage" ("sessionId", ${col}) ${source}
    ON CONFLICT ("sessionId") DO UPDATE SET ${col} = "SessionUsage".${col} + EXCLUDED.${col}
    WHERE "SessionUsage".${col} + EXCLUDED.${col} <= ${SESSION_CAPS[kind]}
    RETURNING ${col}::int AS n`;
}

/** Counts `k` more rows of `kind` for the session, or throws 429 (rolling the caller's transaction back). */
export async function reserveQuota(
  tx: TTx,
  sessionId: string,
  kind: TQuotaKind,
  k: number,
): Promise<number | null> {
  if (k <= 0) return null;
  const cap = SESSION_CAPS[kind];
  if (k > cap) throw sessionCapReached(kind);
  const rows = await tx.$queryRaw<Array<{ n: number }>>(
    quotaUpsertSql(kind, Prisma.sql`VALUES (${sessionId}, ${k})`),
  );
  if (rows.length === 0) throw sessionCapReached(kind);
  return rows[0]!.n;
}

/**
 * How far past its session's end a late window may reach: windows stamped by the interviewer's
 * browser clock, produced before the close, drained from its offline buffer after a reconnect
 * (applied by storeEngineWindows' statement in engine-windows.ts).
 */
export const LATE_WINDOW_GRACE_MS = 60_000;

type TLockedSession = { status: string; endedAt: Date | null };

async function lockSession(tx: TTx, sessionId: string): Promise<TLockedSession> {
  const [s] = await tx.$queryRaw<Array<TLockedSession & { deleted: boolean }>>`
    SELECT status::text AS status, "endedAt", ("biometricsDeletedAt" IS NOT NULL) AS deleted
    FROM "Session" WHERE id = ${sessionId} FOR SHARE`;
  if (!s) throw notFound('Session not found');
  if (s.deleted) throw biometricsDeleted();
  return s;
}

export const biometricsDeleted = () =>
  new HttpError(409, 'biometrics_deleted', 'This session’s biometric data was deleted');

export const sessionClosed = () =>
  new HttpError(
    409,
    'session_closed',
    'The session has ended: new data belongs to the interview’s current session',
  );

/**
 * Locks the session row against closing (FOR SHARE) for the rest of the transaction and checks it
 * may still be written: never into a CLOSED session (409 session_closed: the page then follows the
 * interview's current session) nor after a deletion request.
 */
export async function lockWritableSession(tx: TTx, sessionId: string): Promise<void> {
  if ((await lockSession(tx, sessionId)).status !== 'OPEN') throw sessionClosed();
}
