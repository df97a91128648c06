import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from './db';
import { storeEngineWindows } from './engine-windows';
import { roomService } from './livekit';
import type { TMember } from './members';
import { reconcileSessions } from './reconciler';
import { staleVerdictSessions } from './session-lifecycle';
import { engineBatch, makeLiveInterview, makeMember, roomEvent } from './testing/fixtures';

/**
 * Against the PostgreSQL and livekit-server of scripts/stack.ts:
 * CANDOR_TEST_PORT_OFFSET=70 npx tsx scripts/stack.ts test -- npx vitest run lib/server/session-lifecycle.db.test.ts
 */
const live = Boolean(process.env.DATABASE_URL && process.env.LIVEKIT_URL);
const TEN_MIN_AGO = () => new Date(Date.now() - 10 * 60_000);

describe.runIf(live)('session lifecycle and reconciler', () => {
  let owner: TMember;
  const rooms: string[] = [];

  /** An interview with an OPEN session (opened 10 min ago by a room_started event) and 5 windows. */
  async function openSessionWithWindows(sid: string) {
    const interview = await makeLiveInterview(owner);
    const opened = await roomEvent(interview.roomName, sid, 'room_started', TEN_MIN_AGO());
    const sessionId = opened!.sessionId;
    await storeEngineWindows(owner, sessionId, engineBatch(5, Date.now() - 5000));
    return { interview, sessionId };
  }

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `lifecycle-${Date.now()}` } });
    owner = await makeMember(org.id, 'OWNER');
  });
  afterAll(async () => {
    for (const r of rooms)
      await roomService()
        .deleteRoom(r)
        .catch(() => undefined);
    await db.$disconnect();
  });

  test('room_finished closes the session in its transaction; the verdict comes after commit', async () => {
    const { interview, sessionId } = await openSessionWithWindows(`RM_f${Date.now()}`);
    const sid = (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).roomSid!;
    const before = await db.verdict.count({ where: { sessionId } });
    const out = await roomEvent(interview.roomName, sid, 'room_finished');
    expect(out).toEqual({ sessionId, closed: true });
    const s = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(s.status).toBe('CLOSED');
    // Nothing computed inside the close: this is the state a crash right after commit leaves.
    expect(await db.verdict.count({ where: { sessionId } })).toBe(before);
    expect(await staleVerdictSessions(3600_000)).toContain(sessionId);
    const r = await reconcileSessions();
    expect(r.ran).toBe(true);
    expect(r.recomputed).toBeGreaterThanOrEqual(1);
    const v = await db.verdict.findFirstOrThrow({
      where: { sessionId },
      orderBy: { createdAt: 'desc' },
    });
    expect(v.createdAt.getTime()).toBeGreaterThanOrEqual(s.endedAt!.getTime());
    expect(await staleVerdictSessions(3600_000)).not.toContain(sessionId);
  });

  test('a closed session with trusted windows completes the interview even without participant_joined', async () => {
    // openSessionWithWindows stores real engine windows but no participant_joined event (a
    // delivery lost while the app was down): the candidate was still analysed, so it is COMPLETED.
    const { interview, sessionId } = await openSessionWithWindows(`RM_c${Date.now()}`);
    const sid = (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).roomSid!;
    await roomEvent(interview.roomName, sid, 'room_finished');
    expect((await db.interview.findUniqueOrThrow({ where: { id: interview.id } })).status).toBe(
      'COMPLETED',
    );
    // An unattended room (no candidate event, no windows) leaves the interview scheduled.
    const empty = await makeLiveInterview(owner);
    const esid = `RM_e${Date.now()}`;
    await roomEvent(empty.roomName, esid, 'room_started', TEN_MIN_AGO());
    await roomEvent(empty.roomName, esid, 'room_finished');
    expect((await db.interview.findUniqueOrThrow({ where: { id: empty.id } })).status).toBe(
      'SCHEDULED',
    );
  });

  test('closes sessions whose LiveKit room is gone, keeps those whose room exists', async () => {
    const gone = await openSessionWithWindows(`RM_g${Date.now()}`);
    const alive = await openSessionWithWindows(`RM_a${Date.now()}`);
    await roomService().createRoom({ name: alive.interview.roomName, emptyTimeout: 300 });
    rooms.push(alive.interview.roomName);
    const r = await reconcileSessions();
    expect(r.ran).toBe(true);
    expect(r.closed).toBeGreaterThanOrEqual(1);
    const [g, a] = await Promise.all(
      [gone, alive].map((x) => db.session.findUniqueOrThrow({ where: { id: x.sessionId } })),
    );
    expect(g!.status).toBe('CLOSED');
    expect(a!.status).toBe('OPEN');
    expect(await db.verdict.count({ where: { sessionId: gone.sessionId } })).toBeGreaterThan(0);
    const audit = await db.auditLog.count({
      where: { action: 'session.close', target: `session:${gone.sessionId}` },
    });
    expect(audit).toBe(1);
  });

  test('a session younger than the grace period is left alone', async () => {
    const interview = await makeLiveInterview(owner);
    const opened = await roomEvent(interview.roomName, `RM_y${Date.now()}`, 'room_started');
    await reconcileSessions();
    const s = await db.session.findUniqueOrThrow({ where: { id: opened!.sessionId } });
    expect(s.status).toBe('OPEN');
  });

  test('one instance at a time: a held lock makes a pass do nothing', async () => {
    const gone = await openSessionWithWindows(`RM_l${Date.now()}`);
    const r = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('candor:reconciler'))`;
      return reconcileSessions();
    });
    expect(r).toEqual({ ran: false, closed: 0, recomputed: 0 });
    const s = await db.session.findUniqueOrThrow({ where: { id: gone.sessionId } });
    expect(s.status).toBe('OPEN');
    expect((await reconcileSessions()).ran).toBe(true);
  });

  test('LiveKit unreachable: nothing is closed', async () => {
    const s = await openSessionWithWindows(`RM_u${Date.now()}`);
    await expect(
      reconcileSessions({ listRooms: () => Promise.reject(new Error('connect ECONNREFUSED')) }),
    ).rejects.toThrow(/ECONNREFUSED/);
    const row = await db.session.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(row.status).toBe('OPEN');
  });
});
