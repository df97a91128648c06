import { signInviteToken } from '../../lib/server/invite-token';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { test, expect } from '../fixtures/base';

/**
 * Organization isolation: a member of org B must get 403/404 — never data — for org A's ids on
 * every route; candidates reach exactly one interview through a valid, unrevoked, unexpired token.
 */
test.describe('authorization', () => {
  let a: TestAccount;
  let b: TestAccount;
  let aInterviewId: string;
  let aInviteId: string;
  let aSessionId: string;
  let aInviteUrl: string;

  test.beforeAll(async ({ baseURL }) => {
    a = await signUpOwner(baseURL!, 'orga');
    b = await signUpOwner(baseURL!, 'orgb');
    const created = await createInterview(a.api);
    aInterviewId = created.interview.id;
    aInviteUrl = created.inviteUrl;
    const db = testDb();
    aInviteId = (await db.invite.findFirstOrThrow({ where: { interviewId: aInterviewId } })).id;
    aSessionId = (await db.session.create({ data: { interviewId: aInterviewId } })).id;
  });

  test('org B cannot read or change org A data on any route', async () => {
    const attempts = [
      b.api.get(`/api/interviews/${aInterviewId}`),
      b.api.post(`/api/interviews/${aInterviewId}/invites`, { data: {} }),
      b.api.post(`/api/invites/${aInviteId}/revoke`, { data: {} }),
      b.api.get(`/api/sessions/${aSessionId}`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([403, 404], `${res.url()} → ${res.status()}`).toContain(res.status());
      const text = await res.text();
      expect(text).not.toContain(aInterviewId);
      expect(text).not.toContain('Casey');
    }
    const list = await (await b.api.get('/api/interviews')).json();
    expect(list.interviews).toEqual([]);
    // Pages as well: the interview page is a 404 for org B.
    expect((await b.api.get(`/interviews/${aInterviewId}`)).status()).toBe(404);
    const invite = await testDb().invite.findUniqueOrThrow({ where: { id: aInviteId } });
    expect(invite.revokedAt).toBeNull();
    expect(await testDb().invite.count({ where: { interviewId: aInterviewId } })).toBe(1);
  });

  test('org A can read its own data', async () => {
    const res = await a.api.get(`/api/interviews/${aInterviewId}`);
    expect(res.status()).toBe(200);
    expect((await res.json()).interview.id).toBe(aInterviewId);
    expect((await a.api.get(`/api/sessions/${aSessionId}`)).status()).toBe(200);
  });

  test('anonymous callers get 401', async ({ request }) => {
    for (const res of [
      await request.get('/api/interviews'),
      await request.get(`/api/interviews/${aInterviewId}`),
      await request.post('/api/interviews', { data: {} }),
    ]) {
      expect(res.status()).toBe(401);
    }
  });

  test('tampered, expired, revoked and unknown invite tokens are refused with a clear message', async ({
    page,
  }) => {
    const token = new URL(aInviteUrl).pathname.split('/').pop()!;
    const [body, sig] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      v: 1;
      n: string;
      i: string;
      e: number;
    };
    const forged = Buffer.from(JSON.stringify({ ...payload, e: payload.e + 86400 })).toString(
      'base64url',
    );
    const secret = process.env.INVITE_SECRET!;
    const expired = signInviteToken(secret, { ...payload, e: Math.floor(Date.now() / 1000) - 60 });
    const unknown = signInviteToken(secret, { ...payload, n: 'x'.repeat(24) });

    const cases: Array<[string, RegExp]> = [
      [`${forged}.${sig}`, /not valid/],
      [body, /incomplete or damaged/],
      [expired, /expired/],
      [unknown, /not valid/],
    ];
    for (const [t, message] of cases) {
      await page.goto(`/i/${t}`);
      await expect(page.locator('.alert-error')).toHaveText(message);
      const res = await page.request.post('/api/consent', {
        data: { token: t, noticeVersion: '2026-11-27', agreed: true },
      });
      expect(res.status()).toBeGreaterThanOrEqual(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    expect(await testDb().consentRecord.count({ where: { interviewId: aInterviewId } })).toBe(0);

    // Revocation cuts off a link that was valid a moment ago.
    expect((await a.api.post(`/api/invites/${aInviteId}/revoke`, { data: {} })).status()).toBe(200);
    await page.goto(aInviteUrl);
    await expect(page.locator('.alert-error')).toHaveText(/withdrawn/);
  });
});
