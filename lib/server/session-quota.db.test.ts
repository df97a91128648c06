import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issueChallenge } from './challenges';
import { db } from './db';
import { storeEngineWindows } from './engine-windows';
import { HttpError } from './http';
import type { TMember } from './members';
import { SESSION_CAPS } from './session-quota';
import { engineBatch, makeLiveInterview, makeMember, roomEvent } from './testing/fixtures';

/** CANDOR_TEST_PORT_OFFSET=70 npx tsx scripts/stack.ts test -- npx vitest run lib/server/session-quota.db.test.ts */
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' && r.reason instanceof HttpError ? r.reason.code : r.status;

describe.runIf(Boolean(process.env.DATABASE_URL))('per-session caps and closed sessions', () => {
  let owner: TMember;

  async function openSession() {
    const interview = await makeLiveInterview(owner);
    const opened = await roomEvent(
      interview.roomName,
      `RM_q${Date.now()}${Math.random()}`,
      'room_started',
    );
    return { interview, sessionId: opened!.sessionId };
  }

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `quota-${Date.now()}` } });
    owner = await makeMember(org.id, 'OWNER');
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test('concurrent challenge issues cannot pass the cap', async () => {
    const { sessionId } = await openSession();
    const tries = SESSION_CAPS.challengeIssues + 20;
    const results = await Promise.allSettled(
      Array.from({ length: tries }, () => issueChallenge(owner, sessionId)),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'fulfilled')).toHaveLength(SESSION_CAPS.challengeIssues);
    expect(codes.filter((c) => c === 'session_cap_reached')).toHaveLength(20);
    expect(await db.challengeIssue.count({ where: { sessionId } })).toBe(
      SESSION_CAPS.challengeIssues,
    );
    const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
    expect(usage.challengeIssues).toBe(SESSION_CAPS.challengeIssues);
  });

  test('windows: duplicates are not counted; concurrent batches are all counted once', async () => {
    const { sessionId } = await openSession();
    const t0 = Date.now() - 60_000;
    const batches = Array.from({ length: 10 }, (_, i) => engineBatch(5, t0 + i * 5000));
    await Promise.all(batches.map((b) => storeEngineWindows(owner, sessionId, b)));
    await Promise.all(batches.map((b) => storeEngineWindows(owner, sessionId, b))); // retries
    const rows = await db.signalWindow.count({ where: { sessionId, source: 'TRUSTED' } });
    const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
    expect(rows).toBe(50);
    expect(usage.engineWindows).toBe(50);
  });

  test('windows: a batch that would pass the cap is refused whole (429), nothing written or counted', async () => {
    const { sessionId } = await openSession();
    await storeEngineWindows(owner, sessionId, engineBatch(2, Date.now() - 20_000));
    // Filling 21,600 real windows is slow: the counter the real path wrote is moved near the cap.
    await db.sessionUsage.update({
      where: { sessionId },
      data: { engineWindows: SESSION_CAPS.engineWindows - 2 },
    });
    const over = await Promise.allSettled([
      storeEngineWindows(owner, sessionId, engineBatch(3, Date.now() - 10_000)),
    ]);
    expect(over.map(codeOf)).toEqual(['session_cap_reached']);
    expect(await db.signalWindow.count({ where: { sessionId } })).toBe(2);
    expect((await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } })).engineWindows).toBe(
      SESSION_CAPS.engineWindows - 2,
    );
    // Exactly up to the cap is taken; a resent (duplicate) batch counts nothing and is not refused.
    const last = engineBatch(2, Date.now() - 5000);
    expect((await storeEngineWindows(owner, sessionId, last)).stored).toBe(2);
    expect((await storeEngineWindows(owner, sessionId, last)).duplicate).toBe(2);
    expect((await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } })).engineWindows).toBe(
      SESSION_CAPS.engineWindows,
    );
  });

  test('windows: another organization’s member and a REVIEWER get 404, nothing written', async () => {
    const { sessionId } = await openSession();
    const other = await db.organization.create({ data: { name: `quota-other-${Date.now()}` } });
    const stranger = await makeMember(other.id, 'OWNER');
    const reviewer = await makeMember(owner.organizationId, 'REVIEWER');
    const tries = await Promise.allSettled([
      storeEngineWindows(stranger, sessionId, engineBatch(2, Date.now() - 5000)),
      storeEngineWindows(reviewer, sessionId, engineBatch(2, Date.now() - 5000)),
    ]);
    expect(tries.map(codeOf)).toEqual(['not_found', 'not_found']);
    expect(await db.signalWindow.count({ where: { sessionId } })).toBe(0);
    expect(await db.sessionUsage.findUnique({ where: { sessionId } })).toBeNull();
  });

  test('a CLOSED session takes no windows produced after it (nor challenges): 409 session_closed', async () => {
    const { interview, sessionId } = await openSession();
    await storeEngineWindows(owner, sessionId, engineBatch(3, Date.now() - 10_000));
    const sid = (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).roomSid!;
    // Closed earlier than close + grace before the next windows (late-windows.db.test.ts: within it).
    await roomEvent(interview.roomName, sid, 'room_finished', new Date(Date.now() - 5 * 60_000));
    const late = await Promise.allSettled([
      storeEngineWindows(owner, sessionId, engineBatch(3, Date.now() - 3000)),
      issueChallenge(owner, sessionId),
    ]);
    expect(late.map(codeOf)).toEqual(['session_closed', 'session_closed']);
    expect(await db.signalWindow.count({ where: { sessionId } })).toBe(3);
    expect(await db.challengeIssue.count({ where: { sessionId } })).toBe(0);
  });
});
