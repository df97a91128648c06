import { serializeSignedCookie } from 'better-call';
import { describe, expect, it } from 'vitest';
import { auth } from './auth';
import { db } from './db';
import { serverEnv } from './env';
import { memberFromRequest, verifiedSessionToken } from './session-cookie';
import { makeMember } from './testing/fixtures';

/**
 * memberFromRequest must accept exactly what Better Auth's getSession accepts (cookies signed by
 * Better Auth itself, live auth_session rows) and name the member getMember would.
 */

async function signedIn(role: 'OWNER' | 'REVIEWER' = 'OWNER') {
  const org = await db.organization.create({ data: { name: 'cookie org' } });
  const member = await makeMember(org.id, role);
  const ctx = await auth().$context;
  const session = await ctx.internalAdapter.createSession(member.userId);
  const name = ctx.authCookies.sessionToken.name;
  // Better Auth's own signing (better-call), so the test does not check the verifier against itself.
  const setCookie = await serializeSignedCookie(
    name,
    session.token,
    serverEnv().BETTER_AUTH_SECRET,
  );
  const pair = setCookie.split(';')[0]!;
  return { org, member, session, name, pair, value: pair.slice(name.length + 1) };
}

const req = (cookie?: string) =>
  new Request('http://127.0.0.1/api/x', { method: 'POST', headers: cookie ? { cookie } : {} });

describe.runIf(Boolean(process.env.DATABASE_URL))('memberFromRequest', () => {
  it('names the member of a Better Auth session cookie, as getMember does', async () => {
    const { org, member, pair } = await signedIn();
    await expect(memberFromRequest(req(`other=1; ${pair}`))).resolves.toEqual({
      ...member,
      organizationName: org.name,
    });
  });

  it('refuses a missing, unsigned, tampered or foreign-secret cookie', async () => {
    const { name, session, value, pair } = await signedIn();
    expect(await memberFromRequest(req())).toBeNull();
    expect(await memberFromRequest(req(`${name}=${session.token}`))).toBeNull();
    const sig = decodeURIComponent(value).split('.').pop()!;
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect(
      await memberFromRequest(req(`${name}=${encodeURIComponent(`${session.token}.${flipped}`)}`)),
    ).toBeNull();
    const other = await serializeSignedCookie(name, session.token, 'x'.repeat(40));
    expect(await memberFromRequest(req(other.split(';')[0]))).toBeNull();
    // A token signed for one session does not sign another.
    expect(
      await memberFromRequest(req(`${name}=${encodeURIComponent(`${session.token}x.${sig}`)}`)),
    ).toBeNull();
    // better-call reads the first cookie of a name: a good one after a bad one is not used.
    expect(await memberFromRequest(req(`${name}=junk; ${pair}`))).toBeNull();
    expect(await verifiedSessionToken(req(pair))).toBe(session.token);
  });

  it('refuses an expired or signed-out session, and a user with no membership', async () => {
    const expired = await signedIn();
    await db.authSession.update({
      where: { token: expired.session.token },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await memberFromRequest(req(expired.pair))).toBeNull();

    const out = await signedIn();
    expect(await memberFromRequest(req(out.pair))).not.toBeNull();
    await (await auth().$context).internalAdapter.deleteSession(out.session.token);
    expect(await memberFromRequest(req(out.pair))).toBeNull();

    const removed = await signedIn();
    await db.membership.deleteMany({ where: { userId: removed.member.userId } });
    expect(await memberFromRequest(req(removed.pair))).toBeNull();
  });

  it('keeps the role, so routes can refuse non-interviewers', async () => {
    const { pair } = await signedIn('REVIEWER');
    expect((await memberFromRequest(req(pair)))?.role).toBe('REVIEWER');
  });
});
