import 'server-only';
import { Prisma, type PrismaClient } from '@prisma/client';
import type { TBiometricsDeleted } from '@/lib/schemas/report';
import { deleteRecording } from './async/storage';
import { appendAudit } from './audit';
import { purgeOriginObservations } from './origin/origin-retention';
import { db, type TTx } from './db';
import { notFound } from './http';
import type { TMember } from './members';

/**
 * Biometric data retention. What goes: signal windows (face measurements over time, and the device
 * reports stored beside them), evidence thumbnails (face images), challenge measured frames, and
 * the report cache derived from them. What stays: the verdict, challenge outcomes, evidence rows
 * (time and reason, no image), notes, decisions and the audit trail — the record of what was decided
 * and why, without the biometric data.
 */

const BATCH = 100;

export interface TRetentionRun {
  organizations: number;
  sessions: number;
  thumbnails: number;
  windows: number;
}

/** Deletes the biometric data of `sessionIds` inside `tx`; idempotent. */
export async function purgeSessionBiometrics(
  tx: TTx,
  sessionIds: string[],
  now: Date,
): Promise<TBiometricsDeleted> {
  if (sessionIds.length === 0) return { sessions: 0, thumbnails: 0, windows: 0 };
  // Marking the sessions first takes their row locks: a challenge result being recorded holds a
  // share lock on its session (challenges.ts), so it either commits before this purge (and is
  // purged) or sees the mark after it (and is refused). Nothing slips in between.
  await tx.session.updateMany({
    where: { id: { in: sessionIds } },
    data: { biometricsDeletedAt: now },
  });
  const windows = await tx.signalWindow.deleteMany({ where: { sessionId: { in: sessionIds } } });
  // face identity templates (mean + exemplars) are biometric; the alerts they raised are not
  await tx.identityTemplate.deleteMany({ where: { sessionId: { in: sessionIds } } });
  const thumbnails = await tx.evidence.updateMany({
    where: { sessionId: { in: sessionIds }, thumbnail: { not: null } },
    data: { thumbnail: null },
  });
  // The measured values of a challenge (yaw, blink and mouth figures) are face measurements; the
  // outcome, latency, note and evidence times stay (ZStoredChallengeMeasured, type 'verdict').
  await tx.$executeRaw`
    UPDATE "ChallengeResult" SET measured = jsonb_set(measured, '{values}', '{}'::jsonb)
    WHERE "sessionId" IN (${Prisma.join(sessionIds)})
      AND measured->>'type' = 'verdict' AND measured->'values' <> '{}'::jsonb`;
  await tx.reportCache.deleteMany({ where: { sessionId: { in: sessionIds } } });
  await purgeRecordings(tx, sessionIds, now);
  return { sessions: sessionIds.length, thumbnails: thumbnails.count, windows: windows.count };
}

/**
 * Async-interview recordings (video of the face): the files or objects go first, then their keys;
 * a transaction that rolls back leaves keys whose deletion a rerun repeats harmlessly.
 */
async function purgeRecordings(tx: TTx, sessionIds: string[], now: Date): Promise<void> {
  const answers = await tx.asyncAnswer.findMany({
    where: { sessionId: { in: sessionIds }, storageKey: { not: null } },
    select: { id: true, storageKey: true },
  });
  for (const a of answers) await deleteRecording(a.storageKey!);
  await tx.asyncAnswer.updateMany({
    where: { id: { in: answers.map((a) => a.id) } },
    data: { storageKey: null, recordingDeletedAt: now },
  });
}

async function purgeOrganization(
  client: PrismaClient,
  org: { id: string; retentionDays: number },
  now: Date,
) {
  const cutoff = new Date(now.getTime() - org.retentionDays * 86_400_000);
  const total: TBiometricsDeleted = { sessions: 0, thumbnails: 0, windows: 0 };
  for (;;) {
    const expired = await client.session.findMany({
      where: {
        biometricsDeletedAt: null,
        interview: { organizationId: org.id },
        OR: [{ endedAt: { lt: cutoff } }, { endedAt: null, startedAt: { lt: cutoff } }],
      },
      select: { id: true },
      take: BATCH,
    });
    if (expired.length === 0) return total;
    const ids = expired.map((s) => s.id);
    const done = await client.$transaction(async (tx) => {
      const counts = await purgeSessionBiometrics(tx, ids, now);
      await appendAudit(tx, {
        organizationId: org.id,
        actorId: null,
        action: 'retention.purge',
        target: `organization:${org.id}`,
        data: {
          ...counts,
          sessionIds: ids,
          retentionDays: org.retentionDays,
          cutoff: cutoff.toISOString(),
        },
      });
      return counts;
    });
    total.sessions += done.sessions;
    total.thumbnails += done.thumbnails;
    total.windows += done.windows;
  }
}

/** The retention job: every organization's sessions older than its retentionDays (by end, else start). */
export async function runRetention(
  now = new Date(),
  client: PrismaClient = db,
): Promise<TRetentionRun> {
  const orgs = await client.organization.findMany({ select: { id: true, retentionDays: true } });
  const run: TRetentionRun = { organizations: 0, sessions: 0, thumbnails: 0, windows: 0 };
  for (const org of orgs) {
    const done = await purgeOrganization(client, org, now);
    await purgeOriginObservations(org, now, client);
    if (done.sessions > 0) run.organizations++;
    run.sessions += done.sessions;
    run.thumbnails += done.thumbnails;
    run.windows += done.windows;
  }
  return run;
}

/** A candidate's request: every session of every interview of that person (same email) in the organization. */
export async function deleteCandidateBiometrics(
  member: TMember,
  candidateId: string,
): Promise<TBiometricsDeleted> {
  const candidate = await db.candidate.findFirst({
    where: { id: candidateId, organizationId: member.organizationId },
  });
  if (!candidate) throw notFound('Candidate not found');
  const sessions = await db.session.findMany({
    where: {
      interview: { organizationId: member.organizationId, candidate: { email: candidate.email } },
    },
    select: { id: true },
  });
  const now = new Date();
  return db.$transaction(async (tx) => {
    const counts = await purgeSessionBiometrics(
      tx,
      sessions.map((s) => s.id),
      now,
    );
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'candidate.biometrics.delete',
      target: `candidate:${candidate.id}`,
      data: { ...counts, sessionIds: sessions.map((s) => s.id) },
    });
    return counts;
  });
}

export async function setRetentionDays(member: TMember, retentionDays: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({
      where: { id: member.organizationId },
      select: { retentionDays: true },
    });
    await tx.organization.update({ where: { id: member.organizationId }, data: { retentionDays } });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'organization.retention',
      target: `organization:${member.organizationId}`,
      data: { from: before.retentionDays, to: retentionDays },
    });
  });
}

export async function getRetentionDays(member: TMember): Promise<number> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: member.organizationId },
    select: { retentionDays: true },
  });
  return org.retentionDays;
}
