import type { Role } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { windowize } from '@/lib/analysis/session';
import { identityFrames, person } from '@/lib/analysis/testing/identity';
import { reviewAlert, listSessionAlerts } from './alerts';
import { db } from './db';
import { distance, matchTemplates } from '@/lib/analysis/identity';
import { findFaceMatches, fromBytes, updateSessionIdentity } from './identity';
import { identityIndexStats } from './identity-index';
import { getMatchThumbnail } from './identity-thumbnails';
import { exportSessionReport } from './reports/export';
import type { TMember } from './members';
import { purgeSessionBiometrics } from './retention';

/**
 * Runs against the real PostgreSQL started by scripts/stack.ts. Windows are built by the real
 * window builder from synthetic frames that carry descriptors (the worker's output format) and
 * stored as the engine-window route stores them; templates and alerts come from the real code.
 */
describe.runIf(Boolean(process.env.DATABASE_URL))('face identity across interviews', () => {
  const FACE_A = person(101);
  const FACE_B = person(202);
  const tag = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  let orgId = '';
  let otherOrgId = '';
  let owner: TMember;
  let stranger: TMember;

  async function memberOf(organizationId: string, role: Role, name: string): Promise<TMember> {
    const user = await db.user.create({
      data: { id: `u-${name}-${tag}`, name, email: `${name}-${tag}@example.test` },
    });
    await db.membership.create({ data: { organizationId, userId: user.id, role } });
    return {
      userId: user.id,
      name,
      email: user.email,
      organizationId,
      organizationName: 'x',
      role,
    };
  }

  async function interviewSession(
    organizationId: string,
    candidateName: string,
    parts: [readonly number[], number, number][],
    opts: { candidateId?: string; startedAt?: Date } = {},
  ): Promise<{ sessionId: string; candidateId: string }> {
    const candidateId =
      opts.candidateId ??
      (
        await db.candidate.create({
          data: {
            organizationId,
            name: candidateName,
            email: `${candidateName}-${tag}@example.test`,
          },
        })
      ).id;
    const interview = await db.interview.create({
      data: {
        organizationId,
        candidateId,
        createdById: 'nobody',
        title: `${candidateName} round`,
        kind: 'LIVE',
        roomName: `identity-${tag}-${Math.random()}`,
      },
    });
    const startedAt = opts.startedAt ?? new Date();
    const session = await db.session.create({
      data: { interviewId: interview.id, status: 'CLOSED', startedAt, endedAt: new Date() },
    });
    const windows = windowize(identityFrames(parts), null);
    await db.signalWindow.createMany({
      data: windows.map((w) => ({
        sessionId: session.id,
        source: 'TRUSTED' as const,
        clientBatchId: 'b1',
        windowStart: new Date(startedAt.getTime() + w.startMs),
        windowEnd: new Date(startedAt.getTime() + w.endMs),
        values: w,
      })),
    });
    return { sessionId: session.id, candidateId };
  }

  beforeAll(async () => {
    orgId = (await db.organization.create({ data: { name: `identity-${tag}` } })).id;
    otherOrgId = (await db.organization.create({ data: { name: `identity-other-${tag}` } })).id;
    owner = await memberOf(orgId, 'OWNER', 'owner');
    stranger = await memberOf(otherOrgId, 'OWNER', 'stranger');
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const kinds = async (sessionId: string): Promise<string[]> =>
    (await db.sessionAlert.findMany({ where: { sessionId } })).map((a) => a.kind).sort();

  test('one face under two names: the second session points at the first; other organizations see nothing', async () => {
    const first = await interviewSession(orgId, 'Alice', [[FACE_A, 0, 20]], {
      startedAt: new Date(Date.now() - 86_400_000),
    });
    expect(await updateSessionIdentity(first.sessionId)).not.toBeNull();
    const second = await interviewSession(orgId, 'Bob', [[FACE_A, 0, 20]]);
    await updateSessionIdentity(second.sessionId);
    await updateSessionIdentity(second.sessionId); // idempotent
    const alerts = await db.sessionAlert.findMany({ where: { sessionId: second.sessionId } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'SAME_FACE_OTHER_NAME',
      relatedSessionId: first.sessionId,
    });
    expect(String((alerts[0]?.details as { summary: string }).summary)).toMatch(
      /under the name Alice/,
    );
    const elsewhere = await interviewSession(otherOrgId, 'Carol', [[FACE_A, 0, 20]]);
    await updateSessionIdentity(elsewhere.sessionId);
    expect(await kinds(elsewhere.sessionId)).toEqual([]);
    // a different face under a new name matches nobody
    const dave = await interviewSession(orgId, 'Dave', [[FACE_B, 0, 20]]);
    await updateSessionIdentity(dave.sessionId);
    expect(await kinds(dave.sessionId)).toEqual([]);
  });

  test('a later round of the same candidate with another face is a proxy; a takeover is an identity change', async () => {
    const r1 = await interviewSession(orgId, 'Erin', [[FACE_A, 0, 20]], {
      startedAt: new Date(Date.now() - 3600_000),
    });
    await updateSessionIdentity(r1.sessionId);
    const r2 = await interviewSession(orgId, 'Erin', [[person(303), 0, 20]], {
      candidateId: r1.candidateId,
    });
    await updateSessionIdentity(r2.sessionId);
    expect(await kinds(r2.sessionId)).toEqual(['PROXY_DIFFERENT_PERSON']);
    const swap = await interviewSession(orgId, 'Frank', [
      [person(404), 0, 20],
      [person(505), 20, 30],
    ]);
    await updateSessionIdentity(swap.sessionId);
    const change = await db.sessionAlert.findFirstOrThrow({
      where: { sessionId: swap.sessionId, kind: 'IDENTITY_CHANGE' },
    });
    expect((change.details as { summary: string }).summary).toMatch(
      /different person appears from 0:2/,
    );
  });

  test('review is audited and scoped; deletion removes the template but keeps the match result', async () => {
    const alert = await db.sessionAlert.findFirstOrThrow({
      where: { organizationId: orgId, kind: 'SAME_FACE_OTHER_NAME' },
    });
    await expect(reviewAlert(stranger, alert.id, { decision: 'DISMISSED' })).rejects.toMatchObject({
      status: 404,
    });
    await reviewAlert(owner, alert.id, { decision: 'CONFIRMED', comment: 'same person' });
    const listed = await listSessionAlerts(owner, alert.sessionId);
    expect(listed[0]).toMatchObject({
      status: 'CONFIRMED',
      review: { by: 'owner', comment: 'same person' },
    });
    expect(await listSessionAlerts(stranger, alert.sessionId)).toEqual([]);
    const audit = await db.auditLog.findFirst({
      where: { organizationId: orgId, action: 'alert.confirm', target: `alert:${alert.id}` },
    });
    expect(audit).not.toBeNull();
    // recomputing keeps the reviewer's decision
    await updateSessionIdentity(alert.sessionId);
    expect((await db.sessionAlert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe(
      'CONFIRMED',
    );
    expect(await db.identityTemplate.count({ where: { sessionId: alert.sessionId } })).toBe(1);
    await db.$transaction((tx) => purgeSessionBiometrics(tx, [alert.sessionId], new Date()));
    expect(await db.identityTemplate.count({ where: { sessionId: alert.sessionId } })).toBe(0);
    expect(await db.sessionAlert.count({ where: { id: alert.id } })).toBe(1);
    // a deleted session never gets a template again
    expect(await updateSessionIdentity(alert.sessionId)).toBeNull();
  });

  test('the export carries match results (never the template); thumbnails stay in the org and go with the template', async () => {
    const JPEG = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, 0xff, 0xd9]);
    const face = person(909);
    const first = await interviewSession(orgId, 'Gina', [[face, 0, 20]], {
      startedAt: new Date(Date.now() - 7200_000),
    });
    await updateSessionIdentity(first.sessionId);
    // trusted frames of the first interview (as the challenge-result route stores them)
    const t0 = Date.now();
    await db.evidence.createMany({
      data: [
        ['challenge:profile_left:peak', 1],
        ['challenge:smile:before', 2],
        ['challenge:smile:peak', 3],
      ].map(([reason, n], i) => ({
        sessionId: first.sessionId,
        at: new Date(t0 + i * 1000),
        reason: String(reason),
        thumbnail: JPEG(Number(n)),
        mimeType: 'image/jpeg',
      })),
    });
    const second = await interviewSession(orgId, 'Hank', [
      [face, 0, 20],
      [person(910), 20, 30],
    ]);
    await updateSessionIdentity(second.sessionId);
    const alert = await db.sessionAlert.findFirstOrThrow({
      where: { sessionId: second.sessionId, kind: 'SAME_FACE_OTHER_NAME' },
    });

    const exported = await exportSessionReport(owner, second.sessionId);
    expect(exported.identity.alerts.map((a) => a.kind).sort()).toEqual([
      'IDENTITY_CHANGE',
      'SAME_FACE_OTHER_NAME',
    ]);
    const match = exported.identity.alerts.find((a) => a.kind === 'SAME_FACE_OTHER_NAME')!;
    expect(match).toMatchObject({
      status: 'OPEN',
      relatedSessionId: first.sessionId,
      review: null,
    });
    expect(match.meanDistance!).toBeLessThanOrEqual(match.threshold!);
    const change = exported.identity.alerts.find((a) => a.kind === 'IDENTITY_CHANGE')!;
    expect(change.relatedSessionId).toBeNull();
    expect(change.startMs).toBeGreaterThan(15_000);
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/"(exemplars|mean)":/);
    expect(text).not.toMatch(/(-?\d\.\d+,){100}/); // no descriptor-sized run of numbers
    await expect(exportSessionReport(stranger, second.sessionId)).rejects.toMatchObject({
      status: 404,
    });

    // the thumbnail: the first interview's "before" frame, for this organization only
    const listed = await listSessionAlerts(owner, second.sessionId);
    expect(listed.find((a) => a.id === alert.id)?.thumbnailUrl).toBe(
      `/api/alerts/${alert.id}/thumbnail`,
    );
    expect(listed.find((a) => a.kind === 'IDENTITY_CHANGE')?.thumbnailUrl).toBeNull();
    expect(Array.from((await getMatchThumbnail(owner, alert.id)).bytes)).toEqual(
      Array.from(JPEG(2)),
    );
    await expect(getMatchThumbnail(stranger, alert.id)).rejects.toMatchObject({ status: 404 });
    const within = listed.find((a) => a.kind === 'IDENTITY_CHANGE')!;
    await expect(getMatchThumbnail(owner, within.id)).rejects.toMatchObject({ status: 404 });

    // the reviewer's decision is exported
    await reviewAlert(owner, alert.id, { decision: 'DISMISSED', comment: 'twins' });
    const reviewed = await exportSessionReport(owner, second.sessionId);
    expect(reviewed.identity.alerts.find((a) => a.kind === 'SAME_FACE_OTHER_NAME')).toMatchObject({
      status: 'DISMISSED',
      review: { by: 'owner', comment: 'twins' },
    });

    // deleting the first interview's biometrics removes template and frames: no thumbnail
    await db.$transaction((tx) => purgeSessionBiometrics(tx, [first.sessionId], new Date()));
    const gone = await listSessionAlerts(owner, second.sessionId);
    expect(gone.find((a) => a.id === alert.id)?.thumbnailUrl).toBeNull();
    await expect(getMatchThumbnail(owner, alert.id)).rejects.toMatchObject({ status: 404 });
    expect(
      (await exportSessionReport(owner, second.sessionId)).identity.alerts.map((a) => a.status),
    ).toContain('DISMISSED');
  });

  test('the match query equals a brute-force scan of every template, and forgets a deleted one', async () => {
    // a third organization with near and far faces: templates written by the real code path
    const org = (await db.organization.create({ data: { name: `identity-scan-${tag}` } })).id;
    const faces = [101, 101, 202, 303, 303, 303, 404, 505, 606, 707].map((seed) => person(seed));
    const made: string[] = [];
    for (const [i, face] of faces.entries()) {
      const s = await interviewSession(org, `Person ${i}`, [[face, 0, 12]]);
      expect(await updateSessionIdentity(s.sessionId)).not.toBeNull();
      made.push(s.sessionId);
    }
    const rows = await db.identityTemplate.findMany({ where: { organizationId: org } });
    const tpl = (r: (typeof rows)[number]) => ({
      mean: fromBytes(r.mean)[0] ?? [],
      exemplars: fromBytes(r.exemplars),
      n: r.samples,
    });
    let nonEmpty = 0;
    for (const r of rows) {
      const brute = rows
        .filter((o) => o.sessionId !== r.sessionId && matchTemplates(tpl(r), tpl(o)).match)
        .map((o) => o.sessionId)
        .sort();
      const found = (await findFaceMatches(org, r.sessionId, tpl(r))).map((m) => m.sessionId);
      expect(found.sort()).toEqual(brute);
      if (brute.length > 0) nonEmpty++;
    }
    expect(nonEmpty, 'the set has matching pairs to find').toBeGreaterThanOrEqual(5);
    // some non-matching pairs lie near the threshold neither way: the scan is by the same distance
    expect(rows.some((a) => rows.some((b) => distance(tpl(a).mean, tpl(b).mean) > 0.5))).toBe(true);

    // deletion: the purged template no longer matches (the index is rebuilt from the table)
    const [keep, gone] = [made[3]!, made[4]!];
    const keepTpl = tpl(rows.find((r) => r.sessionId === keep)!);
    expect((await findFaceMatches(org, keep, keepTpl)).map((m) => m.sessionId)).toContain(gone);
    const rebuilds = identityIndexStats.rebuilds;
    await db.$transaction((tx) => purgeSessionBiometrics(tx, [gone], new Date()));
    const after = (await findFaceMatches(org, keep, keepTpl)).map((m) => m.sessionId);
    expect(after).not.toContain(gone);
    expect(after).toContain(made[5]);
    expect(identityIndexStats.rebuilds).toBe(rebuilds + 1);
  });

  test('the change stamp follows every write to the templates, and the index follows the stamp', async () => {
    const org = (await db.organization.create({ data: { name: `identity-stamp-${tag}` } })).id;
    const stamp = async () => {
      const [row] = await db.$queryRaw<Array<{ n: number; version: bigint }>>`
        SELECT n, version FROM "IdentityTemplateStamp" WHERE "organizationId" = ${org}`;
      return { n: row?.n ?? 0, version: Number(row?.version ?? 0) };
    };
    const count = () => db.identityTemplate.count({ where: { organizationId: org } });
    const made: string[] = [];
    for (const [i, seed] of [101, 101, 202].entries()) {
      const s = await interviewSession(org, `Stamp ${i}`, [[person(seed), 0, 12]]);
      expect(await updateSessionIdentity(s.sessionId)).not.toBeNull();
      made.push(s.sessionId);
    }
    const s0 = await stamp();
    expect(s0.n).toBe(3);
    expect(s0.n).toBe(await count());
    const mine = await db.identityTemplate.findUniqueOrThrow({ where: { sessionId: made[0]! } });
    const t0 = { mean: fromBytes(mine.mean)[0] ?? [], exemplars: fromBytes(mine.exemplars), n: 1 };
    expect((await findFaceMatches(org, made[0]!, t0)).map((m) => m.sessionId)).toEqual([made[1]]);

    // recomputing a template (an upsert that updates) moves the version, not the count
    await updateSessionIdentity(made[1]!);
    const s1 = await stamp();
    expect(s1).toEqual({ n: 3, version: s1.version });
    expect(s1.version).toBeGreaterThan(s0.version);

    // the index answers from memory while the stamp stands still (no rebuild, no merge)
    await findFaceMatches(org, made[0]!, t0);
    const before = { ...identityIndexStats };
    await findFaceMatches(org, made[0]!, t0);
    await findFaceMatches(org, made[0]!, t0);
    expect(identityIndexStats).toEqual(before);

    // a session deleted outright takes its template along (cascade): the stamp and the index follow
    await db.session.delete({ where: { id: made[1]! } });
    expect(await stamp()).toMatchObject({ n: 2 });
    expect(await count()).toBe(2);
    expect(await findFaceMatches(org, made[0]!, t0)).toEqual([]);

    // deleting the organization still works (the stamp has no foreign key to trip over)
    await db.organization.delete({ where: { id: org } });
    expect(await count()).toBe(0);
    expect(await stamp()).toMatchObject({ n: 0 });
  });
});
