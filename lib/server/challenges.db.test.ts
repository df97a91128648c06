import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Role } from '@prisma/client';
import type { TChallengeResultInput, TChallengeVerdict } from '@/lib/schemas/challenges';
import { signPrompt, verifyPromptSignature } from './challenge-params';
import { issueChallenge, recordChallengeResult } from './challenges';
import { loadChallengeSummaries } from './evidence/load-session-evidence';
import { db } from './db';
import type { TMember } from './members';

/** Runs against the PostgreSQL of scripts/stack.ts (CANDOR_TEST_PORT_OFFSET=60 npx tsx scripts/stack.ts test -- …). */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9,
]).toString('base64');

const verdict = (
  kind: TChallengeVerdict['kind'],
  outcome: TChallengeVerdict['outcome'],
): TChallengeVerdict => ({
  kind,
  outcome,
  latencyMs: 900,
  evidence: { before: 1000, peak: 2500, after: 4000 },
  measured: { peakYawDeg: 48 },
  swapSuspect: false,
  note: 'test',
});
const body = (v: TChallengeVerdict, jpeg = JPEG): TChallengeResultInput => ({
  type: 'verdict',
  issuedMediaMs: 1000,
  verdict: v,
  evidence: [{ role: 'peak', mediaMs: 2500, jpegBase64: jpeg }],
});

describe.runIf(Boolean(process.env.DATABASE_URL))('challenges in PostgreSQL', () => {
  let sessionId = '';
  const members: Record<'owner' | 'reviewer' | 'stranger', TMember> = {} as Record<
    'owner' | 'reviewer' | 'stranger',
    TMember
  >;

  async function memberOf(orgId: string, role: Role, tag: string): Promise<TMember> {
    const user = await db.user.create({
      data: { id: `u-${tag}-${Date.now()}`, name: tag, email: `${tag}-${Date.now()}@example.test` },
    });
    await db.membership.create({ data: { organizationId: orgId, userId: user.id, role } });
    return {
      userId: user.id,
      name: tag,
      email: user.email,
      organizationId: orgId,
      organizationName: 'x',
      role,
    };
  }

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `challenges-${Date.now()}` } });
    const other = await db.organization.create({
      data: { name: `challenges-other-${Date.now()}` },
    });
    members.owner = await memberOf(org.id, 'OWNER', 'owner');
    members.reviewer = await memberOf(org.id, 'REVIEWER', 'reviewer');
    members.stranger = await memberOf(other.id, 'OWNER', 'stranger');
    const candidate = await db.candidate.create({
      data: { organizationId: org.id, name: 'C', email: 'c@example.test' },
    });
    const interview = await db.interview.create({
      data: {
        organizationId: org.id,
        candidateId: candidate.id,
        createdById: members.owner.userId,
        title: 't',
        kind: 'LIVE',
        roomName: `room-${Date.now()}`,
      },
    });
    sessionId = (await db.session.create({ data: { interviewId: interview.id } })).id;
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test('issues a signed prompt with random parameters', async () => {
    const c = await issueChallenge(members.owner, sessionId, { kind: 'read_phrase' });
    expect(c.params.type === 'phrase' && c.params.words).toHaveLength(5);
    expect(verifyPromptSignature(sessionId, c.message)).toBe(true);
    const forged = signPrompt({
      v: 1,
      id: c.id,
      sessionId: 'another',
      kind: 'read_phrase',
      attempt: 1,
      windowMs: 10_000,
      params: c.params,
      issuedAt: 0,
    });
    expect(verifyPromptSignature(sessionId, { ...c.message, sig: forged.sig })).toBe(false);
    const random = await issueChallenge(members.owner, sessionId, {});
    expect(random.kind).toBeTruthy();
  });

  test('recording is idempotent, also under concurrent retries', async () => {
    const c = await issueChallenge(members.owner, sessionId, { kind: 'profile_left' });
    const first = await recordChallengeResult(
      members.owner,
      sessionId,
      c.id,
      body(verdict('profile_left', 'passed')),
    );
    expect(first).toMatchObject({ outcome: 'PASSED', duplicate: false, latencyMs: 900 });
    expect(first.evidenceIds).toHaveLength(1);
    const again = await recordChallengeResult(
      members.owner,
      sessionId,
      c.id,
      body(verdict('profile_left', 'failed')),
    );
    expect(again).toMatchObject({ id: first.id, outcome: 'PASSED', duplicate: true });
    const d = await issueChallenge(members.owner, sessionId, { kind: 'smile' });
    const both = await Promise.all(
      [1, 2].map(() =>
        recordChallengeResult(members.owner, sessionId, d.id, body(verdict('smile', 'passed'))),
      ),
    );
    expect(new Set(both.map((r) => r.id)).size).toBe(1);
    expect(await db.challengeResult.count({ where: { challengeId: { in: [c.id, d.id] } } })).toBe(
      2,
    );
    expect(
      await db.evidence.count({
        where: { challengeResult: { challengeId: { in: [c.id, d.id] } } },
      }),
    ).toBe(2);
  });

  test('one retry per challenge; a retried no-show drops out of the fusion input', async () => {
    const c = await issueChallenge(members.owner, sessionId, { kind: 'hand_occlusion' });
    await recordChallengeResult(
      members.owner,
      sessionId,
      c.id,
      body(verdict('hand_occlusion', 'not_performed')),
    );
    const retry = await issueChallenge(members.owner, sessionId, { retryOf: c.id });
    expect(retry).toMatchObject({ kind: 'hand_occlusion', attempt: 2 });
    await expect(issueChallenge(members.owner, sessionId, { retryOf: c.id })).rejects.toMatchObject(
      { status: 409 },
    );
    await expect(
      issueChallenge(members.owner, sessionId, { retryOf: retry.id }),
    ).rejects.toMatchObject({ status: 409 });
    await recordChallengeResult(
      members.owner,
      sessionId,
      retry.id,
      body(verdict('hand_occlusion', 'passed')),
    );
    const summaries = await loadChallengeSummaries(sessionId);
    expect(summaries.filter((s) => s.kind === 'hand_occlusion').map((s) => s.outcome)).toEqual([
      'pass',
    ]);
  });

  test('an accessible alternative is recorded as ALTERNATIVE and never counts as a fail', async () => {
    const c = await issueChallenge(members.owner, sessionId, { kind: 'profile_right' });
    const r = await recordChallengeResult(members.owner, sessionId, c.id, {
      type: 'alternative',
      note: 'neck injury: did look up instead',
    });
    expect(r.outcome).toBe('ALTERNATIVE');
    const s = (await loadChallengeSummaries(sessionId)).find((x) => x.id === c.id);
    expect(s?.outcome).toBe('inconclusive');
  });

  test('refuses non-JPEG evidence, a mismatched kind, and other people', async () => {
    const c = await issueChallenge(members.owner, sessionId, { kind: 'blink_twice' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]).toString('base64');
    await expect(
      recordChallengeResult(
        members.owner,
        sessionId,
        c.id,
        body(verdict('blink_twice', 'passed'), png),
      ),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      recordChallengeResult(members.owner, sessionId, c.id, body(verdict('smile', 'passed'))),
    ).rejects.toMatchObject({ status: 400 });
    await expect(issueChallenge(members.reviewer, sessionId, {})).rejects.toMatchObject({
      status: 404,
    });
    await expect(issueChallenge(members.stranger, sessionId, {})).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      recordChallengeResult(
        members.stranger,
        sessionId,
        c.id,
        body(verdict('blink_twice', 'passed')),
      ),
    ).rejects.toMatchObject({ status: 404 });
  });
});
