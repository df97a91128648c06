import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../db';
import { createInterview, createInvite } from '../interviews';
import type { TMember } from '../members';
import { refreshOriginAlerts } from './origin-alerts';
import { observeCandidateRequest } from './record-origin';
import { purgeOriginObservations } from './origin-retention';
import { findReuse } from './reuse-queries';

/**
 * Reuse queries over rows written by the real recorder (observeCandidateRequest), against the
 * PostgreSQL of scripts/stack.ts:
 *   CANDOR_TEST_PORT_OFFSET=50 npx tsx scripts/stack.ts test -- npx vitest run lib/server/origin/reuse.db.test.ts
 */
describe.runIf(Boolean(process.env.DATABASE_URL))('origin reuse in PostgreSQL', () => {
  const tag = Date.now().toString(36);
  const ip = (last: number) => `23.24.9.${last}`;
  let owner: TMember;
  let stranger: TMember;

  async function memberOf(name: string): Promise<TMember> {
    const org = await db.organization.create({ data: { name: `${name}-${tag}` } });
    const user = await db.user.create({
      data: { id: `u-${name}-${tag}`, name, email: `${name}-${tag}@example.test` },
    });
    await db.membership.create({
      data: { organizationId: org.id, userId: user.id, role: 'OWNER' },
    });
    return {
      userId: user.id,
      name,
      email: user.email,
      organizationId: org.id,
      organizationName: name,
      role: 'OWNER',
    };
  }

  /** An interview with an invite, and one consent-route request from `address`. */
  async function candidateFrom(member: TMember, name: string, email: string, address: string) {
    const interview = await createInterview(member, {
      title: 'Backend',
      kind: 'LIVE',
      candidate: { name, email },
    });
    const { token } = await createInvite(member, interview.id);
    const headers = new Headers({ 'x-forwarded-for': address });
    await observeCandidateRequest({ headers }, token, 'consent');
    await observeCandidateRequest({ headers }, token, 'consent'); // a retry: deduplicated
    return { interview, token, candidateId: interview.candidateId };
  }

  let subject: Awaited<ReturnType<typeof candidateFrom>>;
  beforeAll(async () => {
    process.env.TRUST_PROXY = '1';
    owner = await memberOf('origin-owner');
    stranger = await memberOf('origin-stranger');
    subject = await candidateFrom(owner, 'Sam Subject', `sam-${tag}@example.test`, ip(10));
    await candidateFrom(owner, 'Ivy Sameip', `ivy-${tag}@example.test`, ip(10));
    await candidateFrom(owner, 'Pia Prefix', `pia-${tag}@example.test`, ip(77));
    await candidateFrom(owner, 'Samuel S.', `sam-${tag}@example.test`, ip(10)); // same email
    await candidateFrom(stranger, 'Olga Otherorg', `olga-${tag}@example.test`, ip(10));
  }, 120_000); // the first lookup maps the IP tables
  afterAll(async () => {
    await db.$disconnect();
  });

  const subjectOf = async () => {
    const c = await db.candidate.findUniqueOrThrow({ where: { id: subject.candidateId } });
    return {
      organizationId: owner.organizationId,
      candidateId: c.id,
      name: c.name,
      email: c.email,
    };
  };

  test('the recorder stores one row per address and route in the dedupe period', async () => {
    const rows = await db.originObservation.findMany({
      where: { interviewId: subject.interview.id },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ip: ip(10), networkPrefix: '23.24.9.0/24', asn: 7922 });
  });

  test('same address and same /24 within the organization; same email and other orgs excluded', async () => {
    const hits = await findReuse(await subjectOf(), {
      ips: [ip(10)],
      prefixes: ['23.24.9.0/24'],
      devices: [],
    });
    expect(hits.map((h) => [h.match, h.candidateName]).sort()).toEqual([
      ['ip', 'Ivy Sameip'],
      ['prefix', 'Pia Prefix'],
    ]);
  });

  test('nothing older than the 90-day window', async () => {
    const later = new Date(Date.now() + 91 * 86_400_000);
    const hits = await findReuse(
      await subjectOf(),
      { ips: [ip(10)], prefixes: ['23.24.9.0/24'], devices: [] },
      later,
    );
    expect(hits).toEqual([]);
  });

  test('alerts are written once per network and recomputation is idempotent', async () => {
    const session = await db.session.create({ data: { interviewId: subject.interview.id } });
    await refreshOriginAlerts(session.id);
    await refreshOriginAlerts(session.id);
    const alerts = await db.sessionAlert.findMany({ where: { sessionId: session.id } });
    expect(alerts.map((a) => a.dedupeKey).sort()).toEqual([
      `network:ip:${ip(10)}`,
      'network:prefix:23.24.9.0/24',
    ]);
    expect(alerts.every((a) => a.organizationId === owner.organizationId)).toBe(true);
  });

  test('retention removes an organization request addresses after its period, and only its own', async () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    const removed = await purgeOriginObservations(
      { id: stranger.organizationId, retentionDays: 90 },
      later,
    );
    expect(removed).toBe(1);
    expect(
      await db.originObservation.count({ where: { organizationId: owner.organizationId } }),
    ).toBe(4);
  });
});
