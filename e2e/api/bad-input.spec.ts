import type { APIRequestContext } from '@playwright/test';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { test, expect } from '../fixtures/base';

/**
 * Every JSON route handler: malformed JSON, wrong types, unknown fields, oversized bodies and a
 * wrong content type give a 4xx with a clear error, and write nothing.
 */
interface RouteCase {
  name: string;
  path: () => string;
  valid: () => Record<string, unknown>;
  wrongTypes: Record<string, unknown>;
  asOwner: boolean;
}

let owner: TestAccount;
let interviewId = '';
let inviteId = '';
let inviteToken = '';

const routes: RouteCase[] = [
  {
    name: 'signup',
    path: () => '/api/account/signup',
    valid: () => ({
      name: 'N',
      email: 'valid@example.test',
      password: 'long enough pw',
      organizationName: 'O',
    }),
    wrongTypes: { name: 42, email: ['x'], password: true, organizationName: null },
    asOwner: false,
  },
  {
    name: 'create interview',
    path: () => '/api/interviews',
    valid: () => ({ title: 'T', kind: 'LIVE', candidate: { name: 'C', email: 'c@example.test' } }),
    wrongTypes: { title: 1, kind: 'VIDEO', candidate: 'someone' },
    asOwner: true,
  },
  {
    name: 'create invite',
    path: () => `/api/interviews/${interviewId}/invites`,
    valid: () => ({ ttlHours: 24 }),
    wrongTypes: { ttlHours: 'forever' },
    asOwner: true,
  },
  {
    name: 'revoke invite',
    path: () => `/api/invites/${inviteId}/revoke`,
    valid: () => ({}),
    wrongTypes: [] as unknown as Record<string, unknown>,
    asOwner: true,
  },
  {
    name: 'consent',
    path: () => '/api/consent',
    valid: () => ({ token: inviteToken, noticeVersion: '2026-11-27', agreed: true }),
    wrongTypes: { token: 5, noticeVersion: {}, agreed: 'yes' },
    asOwner: false,
  },
  {
    // Validation runs before the session lookup, so an id of the right shape is enough here.
    name: 'engine windows',
    path: () => '/api/sessions/clbadinput00000000000000000/windows',
    valid: () => ({ clientBatchId: 'batch-0000000000000001', windows: [] }),
    wrongTypes: { clientBatchId: 7, windows: 'many' },
    asOwner: true,
  },
];

async function counts() {
  const db = testDb();
  const [users, interviews, invites, revoked, consents, audit] = await Promise.all([
    db.user.count(),
    db.interview.count(),
    db.invite.count(),
    db.invite.count({ where: { revokedAt: { not: null } } }),
    db.consentRecord.count(),
    db.auditLog.count(),
  ]);
  return { users, interviews, invites, revoked, consents, audit };
}

test.beforeAll(async ({ baseURL }) => {
  owner = await signUpOwner(baseURL!, 'badinput');
  const created = await createInterview(owner.api);
  interviewId = created.interview.id;
  inviteToken = new URL(created.inviteUrl).pathname.split('/').pop()!;
  inviteId = (await testDb().invite.findFirstOrThrow({ where: { interviewId } })).id;
});

for (const route of routes) {
  test(`${route.name}: bad bodies are refused and write nothing`, async ({
    playwright,
    baseURL,
  }) => {
    const anon = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL! },
    });
    const api: APIRequestContext = route.asOwner ? owner.api : anon;
    const before = await counts();
    const json = { 'content-type': 'application/json' };
    const bodies: Array<
      [string, { data: Buffer; headers: Record<string, string> }, number[], RegExp]
    > = [
      [
        'malformed JSON',
        { data: Buffer.from('{"title": '), headers: json },
        [400],
        /not valid JSON/,
      ],
      [
        'wrong types',
        { data: Buffer.from(JSON.stringify(route.wrongTypes)), headers: json },
        [400],
        /Invalid input/,
      ],
      [
        'unknown field',
        { data: Buffer.from(JSON.stringify({ ...route.valid(), isAdmin: true })), headers: json },
        [400],
        /Invalid input|[Uu]nrecognized/,
      ],
      [
        'oversized',
        {
          data: Buffer.from(JSON.stringify({ ...route.valid(), pad: 'x'.repeat(300_000) })),
          headers: json,
        },
        [413],
        /larger than/,
      ],
      [
        'wrong content type',
        {
          data: Buffer.from('a=b'),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        [415],
        /application\/json/,
      ],
    ];
    for (const [label, req, statuses, message] of bodies) {
      const res = await api.post(route.path(), req);
      expect(statuses, `${label}: got ${res.status()} ${await res.text()}`).toContain(res.status());
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message, label).toMatch(message);
    }
    expect(await counts()).toEqual(before);
    await anon.dispose();
  });
}
