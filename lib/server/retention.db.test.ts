import { afterAll, describe, expect, test } from 'vitest';
import { verifyAuditChain } from './audit';
import { db } from './db';
import { runRetention } from './retention';

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
    const interview = await db.interview.create({
      data: {
        organizationId,
        candidateId,
        createdById: 'nobody',
        title: `age ${ageDays}`,
        kind: 'ASYNC',
        roomName: `retention-${Math.random()}`,
      },
    });
    const startedAt = new Date(now.getTime() - ageDays * DAY);
    const session = await db.session.create({
      data: {
        interviewId: interview.id,
        status: 'CLOSED',
        startedAt,
        endedAt: new Date(startedAt.getTime() + 60_000),
      },
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
    const challenge = await db.challengeResult.create({
      data: {
        sessionId: session.id,
        kind: 'profile_left',
        outcome: 'PASSED',
        measured: { peakYawDeg: 63, frames: [[1, 2]] },
        issuedAt: startedAt,
      },
    });
    await db.evidence.create({
      data: {
        sessionId: session.id,
        challengeResultId: challenge.id,
        at: startedAt,
        reason: 'profile',
        thumbnail: Buffer.from([0xff, 0xd8, 0xff]),
      },
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
        measured: { peakYawDeg: 63 },
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
        measured: { peakYawDeg: 63, frames: [[1, 2]] },
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
    expect(await verifyAuditChain(short.id)).toEqual({ ok: true, rows: 1 });

    // A second run finds nothing new for these organizations.
    await runRetention(now);
    expect(
      await db.auditLog.count({
        where: { organizationId: { in: [short.id, long.id] }, action: 'retention.purge' },
      }),
    ).toBe(2);
  });
});
