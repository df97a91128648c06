import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from './db';
import { storeEngineWindows } from './engine-windows';
import { loadFusionInput } from './evidence/load-session-evidence';
import { HttpError } from './http';
import type { TMember } from './members';
import { finalizeSession, staleVerdictSessions } from './session-lifecycle';
import { LATE_WINDOW_GRACE_MS } from './session-quota';
import { engineBatch, makeLiveInterview, makeMember, roomEvent } from './testing/fixtures';

/**
 * Windows produced before a session closed that arrive after it (an offline buffer drained after a
 * reconnect) are kept in the record, marked late (kind ENGINE_LATE), and change nothing final.
 *
 *   CANDOR_TEST_PORT_OFFSET=200 npx tsx scripts/stack.ts test -- npx vitest run lib/server/late-windows.db.test.ts
 */
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof HttpError ? e.code : String(e)),
  );

describe.runIf(Boolean(process.env.DATABASE_URL))('late windows after close', () => {
  let owner: TMember;

  /** A session with `before` windows from t0, closed at `closedAt` and finalized as the webhook would. */
  async function closedSession(t0: number, before: number, closedAt: Date) {
    const interview = await makeLiveInterview(owner);
    const sid = `RM_late${Date.now()}${Math.random()}`;
    const opened = await roomEvent(interview.roomName, sid, 'room_started', new Date(t0 - 1000));
    const sessionId = opened!.sessionId;
    const first = engineBatch(before, t0);
    await storeEngineWindows(owner, sessionId, first);
    await roomEvent(interview.roomName, sid, 'room_finished', closedAt);
    expect(await finalizeSession(sessionId)).toBe(true);
    return { sessionId, first };
  }

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `late-${Date.now()}` } });
    owner = await makeMember(org.id, 'OWNER');
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test(
    'windows produced before the close are stored late; the final verdict is not rewritten',
    { timeout: 90_000 },
    async () => {
      const t0 = Date.now() - 60_000;
      // 20 windows before the close (t0 … t0+20 s), closed at t0+30 s; 8 more produced t0+20…28 s arrive late.
      const { sessionId } = await closedSession(t0, 20, new Date(t0 + 30_000));
      // The live verdict of the first batch, then the final one written after the close.
      const verdicts = await db.verdict.findMany({
        where: { sessionId },
        orderBy: { createdAt: 'asc' },
      });
      expect(verdicts.length).toBeGreaterThan(0);
      const final = verdicts.slice(-1);

      const late = engineBatch(8, t0 + 20_000);
      const res = await storeEngineWindows(owner, sessionId, late);
      expect(res).toEqual({ stored: 8, duplicate: 0, late: 8 });
      // A retry of the same late batch stores nothing twice.
      expect(await storeEngineWindows(owner, sessionId, late)).toMatchObject({
        stored: 0,
        duplicate: 8,
      });

      const kinds = await db.signalWindow.groupBy({
        by: ['kind'],
        where: { sessionId },
        _count: { _all: true },
      });
      expect(Object.fromEntries(kinds.map((k) => [k.kind, k._count._all]))).toEqual({
        ENGINE: 20,
        ENGINE_LATE: 8,
      });
      const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
      expect(usage.engineWindows).toBe(28);

      // No verdict was written; the reconciler does not see the session as stale; a recomputation
      // (what the reconciler does for a stale one) reads the same 20 windows as the close did.
      expect(
        await db.verdict.findMany({ where: { sessionId }, orderBy: { createdAt: 'asc' } }),
      ).toEqual(verdicts);
      expect(await staleVerdictSessions(3600_000, 10_000)).not.toContain(sessionId);
      expect((await loadFusionInput(sessionId)).windows).toHaveLength(20);
      await finalizeSession(sessionId);
      const again = await db.verdict.findFirstOrThrow({
        where: { sessionId },
        orderBy: { createdAt: 'desc' },
      });
      expect({ score: again.score, label: again.label }).toEqual({
        score: final[0]!.score,
        label: final[0]!.label,
      });
    },
  );

  test('a batch resent after the close that had landed before it is all duplicates', async () => {
    const t0 = Date.now() - 60_000;
    const { sessionId, first } = await closedSession(t0, 10, new Date(t0 + 15_000));
    expect(await storeEngineWindows(owner, sessionId, first)).toMatchObject({
      stored: 0,
      duplicate: 10,
    });
    expect(await db.signalWindow.count({ where: { sessionId } })).toBe(10);
  });

  test('windows ending after close + grace are refused whole (409), nothing written', async () => {
    const t0 = Date.now() - 10 * 60_000;
    const closedAt = new Date(t0 + 15_000);
    const { sessionId } = await closedSession(t0, 10, closedAt);
    // One window inside the grace, the next past it: the whole batch is refused.
    const start = closedAt.getTime() + LATE_WINDOW_GRACE_MS - 1500;
    expect(await codeOf(storeEngineWindows(owner, sessionId, engineBatch(3, start)))).toBe(
      'session_closed',
    );
    expect(await db.signalWindow.count({ where: { sessionId } })).toBe(10);
    const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
    expect(usage.engineWindows).toBe(10);
  });
});
