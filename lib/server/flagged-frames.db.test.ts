import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TFlaggedFrameInput } from '@/lib/schemas/flagged';
import { db } from './db';
import { storeFlaggedFrame } from './flagged-frames';
import { HttpError } from './http';
import type { TMember } from './members';
import { deleteCandidateBiometrics } from './retention';
import { SESSION_CAPS } from './session-quota';
import { makeLiveInterview, makeMember } from './testing/fixtures';

/**
 * POST /api/sessions/[id]/flagged-frames's server module against the PostgreSQL of scripts/stack.ts
 * (CANDOR_TEST_PORT_OFFSET=… npx tsx scripts/stack.ts test -- npx vitest run lib/server/flagged-frames.db.test.ts).
 */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9,
]).toString('base64');

const frame = (over: Partial<TFlaggedFrameInput> = {}): TFlaggedFrameInput => ({
  code: 'PLANAR_MOTION',
  severity: 'hard',
  at: new Date().toISOString(),
  jpegBase64: JPEG,
  ...over,
});

async function status(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof HttpError) return `${e.status} ${e.code}`;
    throw e;
  }
}

const flagged = (sessionId: string) =>
  db.evidence.findMany({
    where: { sessionId, reason: { startsWith: 'flag:' } },
    orderBy: { at: 'asc' },
  });

describe.runIf(Boolean(process.env.DATABASE_URL))('flagged frames in PostgreSQL', () => {
  let owner: TMember;
  let interviewer: TMember;
  let reviewer: TMember;
  let stranger: TMember;

  async function openSession(): Promise<string> {
    const interview = await makeLiveInterview(owner);
    return (await db.session.create({ data: { interviewId: interview.id } })).id;
  }

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `flagged-${Date.now()}` } });
    const other = await db.organization.create({ data: { name: `flagged-x-${Date.now()}` } });
    owner = await makeMember(org.id, 'OWNER');
    interviewer = await makeMember(org.id, 'INTERVIEWER');
    reviewer = await makeMember(org.id, 'REVIEWER');
    stranger = await makeMember(other.id, 'OWNER');
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test('owner and interviewer store a frame (audited); a reviewer and another organization get 404 and nothing is stored', async () => {
    const sessionId = await openSession();
    const a = await storeFlaggedFrame(owner, sessionId, frame());
    expect(a).toMatchObject({ reason: 'flag:hard:PLANAR_MOTION', duplicate: false });
    const b = await storeFlaggedFrame(
      interviewer,
      sessionId,
      frame({ code: 'REPLAY_LOOP', severity: 'review' }),
    );
    expect(b.reason).toBe('flag:review:REPLAY_LOOP');
    expect(await status(storeFlaggedFrame(reviewer, sessionId, frame()))).toBe('404 not_found');
    expect(await status(storeFlaggedFrame(stranger, sessionId, frame()))).toBe('404 not_found');
    const rows = await flagged(sessionId);
    expect(rows.map((r) => r.reason).sort()).toEqual([
      'flag:hard:PLANAR_MOTION',
      'flag:review:REPLAY_LOOP',
    ]);
    expect(rows.every((r) => r.challengeResultId === null && r.mimeType === 'image/jpeg')).toBe(
      true,
    );
    const audits = await db.auditLog.count({
      where: { action: 'evidence.flagged_frame', target: { in: [a.id, b.id] } },
    });
    expect(audits).toBe(2);
    const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
    expect(usage.flaggedFrames).toBe(2);
  });

  test('bad frames are refused and change nothing: not a JPEG, too large, time outside the session', async () => {
    const sessionId = await openSession();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
    expect(await status(storeFlaggedFrame(owner, sessionId, frame({ jpegBase64: png })))).toBe(
      '400 invalid_evidence',
    );
    const huge = Buffer.alloc(300_000, 0xff);
    huge[0] = 0xff;
    huge[1] = 0xd8;
    expect(
      await status(
        storeFlaggedFrame(owner, sessionId, frame({ jpegBase64: huge.toString('base64') })),
      ),
    ).toBe('400 invalid_evidence');
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await status(storeFlaggedFrame(owner, sessionId, frame({ at: future })))).toBe(
      '400 invalid_evidence',
    );
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(await status(storeFlaggedFrame(owner, sessionId, frame({ at: past })))).toBe(
      '400 invalid_evidence',
    );
    expect(await flagged(sessionId)).toEqual([]);
    expect(await db.sessionUsage.findUnique({ where: { sessionId } })).toBeNull();
  });

  test('a retried post (same rule, same frame time) returns the stored row and counts once, also when concurrent', async () => {
    const sessionId = await openSession();
    const f = frame();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => storeFlaggedFrame(owner, sessionId, f)),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await flagged(sessionId)).toHaveLength(1);
    const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
    expect(usage.flaggedFrames).toBe(1);
  });

  test(`at most ${SESSION_CAPS.flaggedFrames} frames per session, even under concurrency; a retry of a stored frame at the cap still answers its row`, async () => {
    const sessionId = await openSession();
    const cap = SESSION_CAPS.flaggedFrames;
    const t0 = Date.now() - 30_000;
    const post = (i: number) =>
      status(
        storeFlaggedFrame(owner, sessionId, frame({ at: new Date(t0 + i * 10).toISOString() })),
      );
    // fill all but 5 slots, then 12 concurrent posts race for the last 5
    for (let i = 0; i < cap - 5; i++) expect(await post(i)).toBe('ok');
    const out = await Promise.all(Array.from({ length: 12 }, (_, k) => post(cap + k)));
    expect(out.filter((s) => s === 'ok')).toHaveLength(5);
    expect(out.filter((s) => s === '429 session_cap_reached')).toHaveLength(7);
    expect(await flagged(sessionId)).toHaveLength(cap);
    const usage = await db.sessionUsage.findUniqueOrThrow({ where: { sessionId } });
    expect(usage.flaggedFrames).toBe(cap);
    const stored = (await flagged(sessionId))[0]!;
    const again = await storeFlaggedFrame(owner, sessionId, frame({ at: stored.at.toISOString() }));
    expect(again).toMatchObject({ id: stored.id, duplicate: true });
  });

  test('a closed session and a session after a deletion request refuse frames (409) and store nothing', async () => {
    const closed = await openSession();
    await db.session.update({
      where: { id: closed },
      data: { status: 'CLOSED', endedAt: new Date() },
    });
    expect(await status(storeFlaggedFrame(owner, closed, frame()))).toBe('409 session_closed');
    expect(await flagged(closed)).toEqual([]);

    const deleted = await openSession();
    await storeFlaggedFrame(owner, deleted, frame());
    const s = await db.session.findUniqueOrThrow({
      where: { id: deleted },
      include: { interview: true },
    });
    await deleteCandidateBiometrics(owner, s.interview.candidateId);
    const rows = await flagged(deleted);
    // the evidence row stays as a record (time and reason), its image is gone
    expect(rows.every((r) => r.thumbnail === null)).toBe(true);
    expect(
      await status(
        storeFlaggedFrame(owner, deleted, frame({ at: new Date(Date.now() - 1000).toISOString() })),
      ),
    ).toBe('409 biometrics_deleted');
    expect(await flagged(deleted)).toHaveLength(rows.length);
  });
});
