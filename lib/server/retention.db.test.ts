import { afterAll, describe, expect, test } from 'vitest';
import { verifyAuditChain } from './audit';
import { issueChallenge, recordChallengeResult } from './challenges';
import { db } from './db';
import type { TMember } from './members';
import { deleteCandidateBiometrics, runRetention } from './retention';

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9,
]).toString('base64');

async function ownerOf(organizationId: string): Promise<TMember> {
  const tag = `owner-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const user = await db.user.create({
    data: { id: tag, name: 'Owner', email: `${tag}@example.test` },
  });
  await db.membership.create({ data: { organizationId, userId: user.id, role: 'OWNER' } });
  const o = { organizationName: 'x', name: 'Owner', email: user.email };
  return { ...o, userId: user.id, organizationId, role: 'OWNER' };
}

/** A challenge answered through the real code path: measured values and one evidence JPEG. */
async function answerChallenge(member: TMember, sessionId: string) {
  const c = await issueChallenge(member, sessionId, { kind: 'profile_left' });
  return recordChallengeResult(member, sessionId, c.id, {
    type: 'verdict',
    issuedMediaMs: 1000,
    verdict: {
      kind: 'profile_left',
      outcome: 'passed',
      latencyMs: 900,
      evidence: { before: 1000, peak: 2500, after: 4000 },
      measured: { peakYawDeg: 63 },
      swapSuspect: false,
      note: 'turned',
    },
    evidence: [{ role: 'peak', mediaMs: 2500, jpegBase64: JPEG }],
  });
}

/** Runs against the real PostgreSQL started by scripts/stack.ts (npm test). */
describe.runIf(Boolean(process.env.DATABASE_URL))('biometric data retention', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  const DAY = 86_400_000;

  async function seedSession(
    organizationId: string,
    candidateId: string,
    ageDays: number,
    now: Date,
  ) {
    const owner = await ownerOf(organizationId);
    const interview = await db.interview.create({
      data: {
        organizationId,
        candidateId,
        createdById: owner.userId,
        title: `age ${ageDays}`,
        kind: 'LIVE',
        roomName: `retention-${Math.random()}`,
      },
    });
    const startedAt = new Date(now.getTime() - ageDays * DAY);
    // Open while the interviewer answers a challenge, then closed as if `ageDays` had passed.
    const session = await db.session.create({ data: { interviewId: interview.id, startedAt } });
    await answerChallenge(owner, session.id);
    await db.session.update({
      where: { id: session.id },
      data: { status: 'CLOSED', endedAt: new Date(startedAt.getTime() + 60_000) },
    });
    const values = { v: 1, startMs: 0, endMs: 1000 };
    await db.signalWindow.createMany({
      data: [0, 1, 2].map((i) => ({
        sessionId: session.id,
        source: 'TRUSTED' as const,
        clientBatchId: 'b',
        windowStart: new Date(startedAt.getTime() + i * 1000),
        windowEnd: new Date(startedAt.getTime() + (i + 1) * 1000),
        values,
      })),
    });
    await db.verdict.create({
      data: { sessionId: session.id, score: 91, label: 'PASS', reasons: [], configVersion: 'test' },
    });
    await db.reportCache.create({ data: { sessionId: session.id, key: 'k', data: {} } });
    return session.id;
  }

  async function snapshot(sessionId: string) {
    const [windows, thumbs, evidence, verdicts, challenge, cache, session] = await Promise.all([
      db.signalWindow.count({ where: { sessionId } }),
      db.evidence.count({ where: { sessionId, thumbnail: { not: null } } }),
      db.evidence.count({ where: { sessionId } }),
      db.verdict.count({ where: { sessionId } }),
      db.challengeResult.findFirstOrThrow({ where: { sessionId } }),
      db.reportCache.count({ where: { sessionId } }),
      db.session.findUniqueOrThrow({ where: { id: sessionId } }),
    ]);
    return {
      windows,
      thumbs,
      evidence,
      verdicts,
      outcome: challenge.outcome,
      measured: challenge.measured,
      cache,
      deleted: session.biometricsDeletedAt !== null,
    };
  }

  test('deletes biometric data past each organization’s retention, keeps verdicts, outcomes and audit', async () => {
    const now = new Date();
    const short = await db.organization.create({
      data: { name: `ret-short-${Date.now()}`, retentionDays: 30 },
    });
    const long = await db.organization.create({
      data: { name: `ret-long-${Date.now()}`, retentionDays: 365 },
    });
    const cs = await db.candidate.create({
      data: { organizationId: short.id, name: 'S', email: 's@example.test' },
    });
    const cl = await db.candidate.create({
      data: { organizationId: long.id, name: 'L', email: 'l@example.test' },
    });
    const expired = await seedSession(short.id, cs.id, 31, now);
    const fresh = await seedSession(short.id, cs.id, 29, now);
    const keptByLongerPolicy = await seedSession(long.id, cl.id, 200, now);
    const expiredLong = await seedSession(long.id, cl.id, 400, now);

    const run = await runRetention(now);
    expect(run.sessions).toBeGreaterThanOrEqual(2);

    for (const id of [expired, expiredLong]) {
      expect(await snapshot(id)).toEqual({
        windows: 0,
        thumbs: 0,
        evidence: 1,
        verdicts: 1,
        outcome: 'PASSED',
        measured: expect.objectContaining({ type: 'verdict', note: 'turned', values: {} }),
        cache: 0,
        deleted: true,
      });
    }
    for (const id of [fresh, keptByLongerPolicy]) {
      expect(await snapshot(id)).toMatchObject({
        windows: 3,
        thumbs: 1,
        cache: 1,
        deleted: false,
        measured: expect.objectContaining({ values: { peakYawDeg: 63 } }),
      });
    }
    const audit = await db.auditLog.findMany({
      where: { organizationId: short.id, action: 'retention.purge' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({
      sessions: 1,
      windows: 3,
      thumbnails: 1,
      sessionIds: [expired],
      retentionDays: 30,
    });
    expect(await verifyAuditChain(short.id)).toMatchObject({ ok: true });

    // A second run finds nothing new for these organizations.
    await runRetention(now);
    expect(
      await db.auditLog.count({
        where: { organizationId: { in: [short.id, long.id] }, action: 'retention.purge' },
      }),
    ).toBe(2);
  });

  test('deletion on request clears measured values and images, and refuses new ones', async () => {
    const org = await db.organization.create({ data: { name: `delete-req-${Date.now()}` } });
    const cand = await db.candidate.create({
      data: { organizationId: org.id, name: 'D', email: 'd@example.test' },
    });
    const owner = await ownerOf(org.id);
    const interview = await db.interview.create({
      data: {
        organizationId: org.id,
        candidateId: cand.id,
        createdById: owner.userId,
        title: 'delete on request',
        kind: 'LIVE',
        roomName: `delete-${Math.random()}`,
      },
    });
    const session = await db.session.create({ data: { interviewId: interview.id } });
    await answerChallenge(owner, session.id);
    const pending = await issueChallenge(owner, session.id, { kind: 'profile_right' });

    const counts = await deleteCandidateBiometrics(owner, cand.id);
    expect(counts).toMatchObject({ sessions: 1, thumbnails: 1 });
    const result = await db.challengeResult.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(result.outcome).toBe('PASSED');
    expect(result.measured).toMatchObject({ type: 'verdict', values: {} });
    expect(
      await db.evidence.count({ where: { sessionId: session.id, thumbnail: { not: null } } }),
    ).toBe(0);

    // A challenge issued before the request cannot bring images or measurements back, nor can a new one.
    await expect(
      recordChallengeResult(owner, session.id, pending.id, {
        type: 'verdict',
        issuedMediaMs: 1000,
        verdict: {
          kind: 'profile_right',
          outcome: 'passed',
          latencyMs: 800,
          evidence: { before: 1000, peak: 2500, after: 4000 },
          measured: { peakYawDeg: 61 },
          swapSuspect: false,
          note: 'late',
        },
        evidence: [{ role: 'peak', mediaMs: 2500, jpegBase64: JPEG }],
      }),
    ).rejects.toMatchObject({ status: 409, code: 'biometrics_deleted' });
    await expect(issueChallenge(owner, session.id, {})).rejects.toMatchObject({ status: 409 });
    expect(await db.challengeResult.count({ where: { sessionId: session.id } })).toBe(1);
    expect(
      await db.evidence.count({ where: { sessionId: session.id, thumbnail: { not: null } } }),
    ).toBe(0);
  });
});
