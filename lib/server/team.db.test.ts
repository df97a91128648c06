import { afterAll, describe, expect, test } from 'vitest';
import { verifyAuditChain } from './audit';
import { db } from './db';
import { HttpError } from './http';
import type { TMember } from './members';
import { changeMemberRole, createTeamInvite, removeMember } from './team';
import { joinTeamSignedIn, resolveTeamInvite } from './team-join';

async function org() {
  const o = await db.organization.create({ data: { name: `team-test-${Date.now()}` } });
  return o.id;
}

async function memberOf(organizationId: string, role: TMember['role']) {
  const tag = `tm-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const user = await db.user.create({ data: { id: tag, name: tag, email: `${tag}@example.test` } });
  const m = await db.membership.create({ data: { organizationId, userId: user.id, role } });
  const member: TMember = {
    userId: user.id,
    name: tag,
    email: user.email,
    organizationId,
    organizationName: 'x',
    role,
  };
  return { member, membershipId: m.id };
}

const code = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 'ok' : r.reason instanceof HttpError ? r.reason.code : 'error';

afterAll(async () => {
  await db.$disconnect();
});

describe.runIf(Boolean(process.env.DATABASE_URL))('team (PostgreSQL)', () => {
  test('two owners demoting each other at once: exactly one wins, one owner remains', async () => {
    const o = await org();
    const a = await memberOf(o, 'OWNER');
    const b = await memberOf(o, 'OWNER');
    const results = await Promise.allSettled([
      changeMemberRole(a.member, b.membershipId, 'REVIEWER'),
      changeMemberRole(b.member, a.membershipId, 'REVIEWER'),
    ]);
    expect(results.map(code).sort()).toEqual(['last_owner', 'ok']);
    expect(await db.membership.count({ where: { organizationId: o, role: 'OWNER' } })).toBe(1);
    expect((await verifyAuditChain(o)).ok).toBe(true);
  });

  test('two owners removing each other at once: one owner remains', async () => {
    const o = await org();
    const a = await memberOf(o, 'OWNER');
    const b = await memberOf(o, 'OWNER');
    const results = await Promise.allSettled([
      removeMember(a.member, b.membershipId),
      removeMember(b.member, a.membershipId),
    ]);
    expect(results.map(code).sort()).toEqual(['last_owner', 'ok']);
    expect(await db.membership.count({ where: { organizationId: o, role: 'OWNER' } })).toBe(1);
  });

  test('an owner of another organization cannot touch a membership (404), nothing changes', async () => {
    const o1 = await org();
    const o2 = await org();
    const a = await memberOf(o1, 'OWNER');
    const r = await memberOf(o1, 'REVIEWER');
    const x = await memberOf(o2, 'OWNER');
    await expect(changeMemberRole(x.member, r.membershipId, 'OWNER')).rejects.toMatchObject({
      status: 404,
    });
    await expect(removeMember(x.member, a.membershipId)).rejects.toMatchObject({ status: 404 });
    expect((await db.membership.findUniqueOrThrow({ where: { id: r.membershipId } })).role).toBe(
      'REVIEWER',
    );
  });

  test('a link is single use, even when two accept at once', async () => {
    const o = await org();
    const a = await memberOf(o, 'OWNER');
    const tag = `tm-join-${Date.now()}`;
    const user = await db.user.create({
      data: { id: tag, name: 'Joiner', email: `${tag}@example.test` },
    });
    const { url } = await createTeamInvite(a.member, { email: user.email, role: 'INTERVIEWER' });
    const token = new URL(url).pathname.split('/').pop()!;
    expect((await resolveTeamInvite(token)).ok).toBe(true);
    const results = await Promise.allSettled([
      joinTeamSignedIn(token, user),
      joinTeamSignedIn(token, user),
    ]);
    expect(results.map(code).sort()).toEqual(['invite_refused', 'ok']);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
    const again = await resolveTeamInvite(token);
    expect(again.ok ? 'ok' : again.message).toMatch(/already used/);
  });

  test('a signed-in account whose email the link does not name is refused', async () => {
    const o = await org();
    const a = await memberOf(o, 'OWNER');
    const { url } = await createTeamInvite(a.member, {
      email: 'someone-else@example.test',
      role: 'REVIEWER',
    });
    const token = new URL(url).pathname.split('/').pop()!;
    const other = await memberOf(await org(), 'OWNER');
    await expect(
      joinTeamSignedIn(token, { id: other.member.userId, email: other.member.email }),
    ).rejects.toMatchObject({ status: 403, code: 'wrong_account' });
    expect((await resolveTeamInvite(token)).ok).toBe(true);
  });
});
