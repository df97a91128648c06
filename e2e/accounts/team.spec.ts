import { createHash } from 'node:crypto';
import { request, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y';
import { createInterview, signUpOwner, uniqueEmail, type TestAccount } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { seedReportSession } from '../reports/seed';

/**
 * Team workflows and what each role can do. The owner invites a reviewer and an interviewer by
 * link from /settings; each signs up through the link; then every page and route is tried as
 * each role, and the rows the real routes wrote are read back.
 */
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'a long enough password';
let owner: TestAccount;
let interviewId: string;
let sessionId: string;
const people = { reviewer: uniqueEmail('rev'), interviewer: uniqueEmail('int') };
const links: Record<keyof typeof people, string> = { reviewer: '', interviewer: '' };

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  owner = await signUpOwner(baseURL!, 'team');
  const created = await createInterview(owner.api, 'Robin Rolecheck');
  interviewId = created.interview.id;
  const anon = await request.newContext({ baseURL });
  sessionId = (
    await seedReportSession(
      owner.api,
      anon,
      { id: interviewId, inviteUrl: created.inviteUrl },
      'pass',
    )
  ).sessionId;
  await anon.dispose();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** A POST from the page's own origin, as the browser's fetch would send it. */
const post = (page: Page, url: string, data: unknown = {}) =>
  page.request.post(url, { data, headers: { origin: new URL(page.url()).origin } });

test('the owner invites a reviewer and an interviewer by link from settings', async ({ page }) => {
  await page.goto('/signin');
  await expectNoSeriousA11yViolations(page, 'sign-in');
  await signIn(page, owner.email, owner.password);
  await expectNoSeriousA11yViolations(page, 'dashboard');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await expect(page.getByRole('heading', { name: 'Team', exact: true })).toBeVisible();
  await expect(page.getByTestId('team-member')).toHaveCount(1);
  for (const [who, role] of [
    ['reviewer', 'REVIEWER'],
    ['interviewer', 'INTERVIEWER'],
  ] as const) {
    await page.getByLabel("Teammate's email").fill(people[who]);
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await expect(page.getByText(`Send this link to ${people[who]}`)).toBeVisible();
    links[who] = await page.getByTestId('team-invite-url').inputValue();
    expect(links[who]).toMatch(/\/join\/[\w-]+\.[\w-]+$/);
    await expect(page.getByTestId('team-invite').filter({ hasText: people[who] })).toBeVisible();
  }
  await expectNoSeriousA11yViolations(page, 'settings (owner)');
  await page.screenshot({ path: '.data/screenshots/settings-team.png', fullPage: true });

  const db = testDb();
  const rows = await db.teamInvite.findMany({
    where: { organization: { memberships: { some: { user: { email: owner.email } } } } },
    orderBy: { createdAt: 'asc' },
  });
  expect(rows.map((r) => [r.email, r.role])).toEqual([
    [people.reviewer, 'REVIEWER'],
    [people.interviewer, 'INTERVIEWER'],
  ]);
  // Only the hash of each link is stored.
  for (const [i, who] of (['reviewer', 'interviewer'] as const).entries()) {
    const token = new URL(links[who]).pathname.split('/').pop()!;
    expect(rows[i]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows[i])).not.toContain(token.split('.')[1]);
  }
});

test('each teammate signs up through the link and joins with that role', async ({ browser }) => {
  for (const who of ['reviewer', 'interviewer'] as const) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(links[who]);
    await expect(page.getByRole('heading', { name: /Join team Org/ })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(people[who]);
    await expectNoSeriousA11yViolations(page, `join page (${who})`);
    await page.getByLabel('Your name').fill(`Terry ${who}`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText(`(${who})`)).toBeVisible();
    await ctx.close();
  }
  const db = testDb();
  const org = await db.membership.findFirstOrThrow({ where: { user: { email: owner.email } } });
  const members = await db.membership.findMany({
    where: { organizationId: org.organizationId },
    include: { user: true },
    orderBy: { createdAt: 'asc' },
  });
  expect(members.map((m) => [m.user.email, m.role])).toEqual([
    [owner.email, 'OWNER'],
    [people.reviewer, 'REVIEWER'],
    [people.interviewer, 'INTERVIEWER'],
  ]);
  const invites = await db.teamInvite.findMany({ where: { organizationId: org.organizationId } });
  expect(invites.every((v) => v.acceptedAt && v.acceptedById)).toBe(true);
  const actions = (
    await db.auditLog.findMany({
      where: { organizationId: org.organizationId, action: { startsWith: 'team.' } },
      orderBy: { seq: 'asc' },
    })
  ).map((a) => a.action);
  expect(actions).toEqual(['team.invite', 'team.invite', 'team.join', 'team.join']);
});

test('a used link is refused and creates nothing', async ({ page }) => {
  await page.goto(links.reviewer);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(/already used/);
  const res = await post(page, '/api/team/join', {
    mode: 'signup',
    token: new URL(links.reviewer).pathname.split('/').pop(),
    name: 'Second Use',
    password: PASSWORD,
  });
  expect(res.status()).toBe(410);
  expect(await testDb().user.count({ where: { name: 'Second Use' } })).toBe(0);
});

test('a reviewer reads reports and changes nothing', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, people.reviewer, PASSWORD);
  const db = testDb();
  const before = {
    interviews: await db.interview.count(),
    invites: await db.invite.count({ where: { interviewId } }),
    challenges: await db.challengeIssue.count({ where: { sessionId } }),
    teamInvites: await db.teamInvite.count(),
  };
  await expect(page.getByRole('link', { name: 'New interview' })).toHaveCount(0);
  await expect(page.getByText('Robin Rolecheck')).toBeVisible();

  await page.goto(`/interviews/${interviewId}`);
  await expect(page.getByTestId('invite-url')).toHaveCount(0);
  await expect(page.getByText('shown to owners and interviewers only').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /join room/i })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Candidate data' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Withdraw/ })).toHaveCount(0);
  await page.goto(`/interviews/${interviewId}/room`);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    /Only owners and interviewers/,
  );
  await page.goto('/interviews/new');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    /Reviewers cannot create interviews/,
  );
  await page.goto(`/sessions/${sessionId}`);
  await expect(page.getByTestId('verdict-label')).toHaveText('PASS');
  await expectNoSeriousA11yViolations(page, 'report (reviewer)');
  await page.goto('/settings');
  await expect(page.getByTestId('team-member')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Create invitation link' })).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'settings (reviewer)');

  expect((await page.request.get(`/api/sessions/${sessionId}`)).status()).toBe(200);
  expect((await page.request.get(`/api/sessions/${sessionId}/export.json`)).status()).toBe(200);
  const inviteId = (await db.invite.findFirstOrThrow({ where: { interviewId } })).id;
  const candidateId = (await db.interview.findUniqueOrThrow({ where: { id: interviewId } }))
    .candidateId;
  const memberId = (
    await db.membership.findFirstOrThrow({ where: { user: { email: owner.email } } })
  ).id;
  const refused: Array<[string, unknown, number]> = [
    [
      '/api/interviews',
      { title: 'x', kind: 'LIVE', candidate: { name: 'x', email: 'x@y.z' } },
      403,
    ],
    [`/api/interviews/${interviewId}/invites`, {}, 403],
    [`/api/interviews/${interviewId}/room-token`, {}, 403],
    [`/api/invites/${inviteId}/revoke`, {}, 403],
    [`/api/sessions/${sessionId}/challenges`, {}, 404],
    [`/api/candidates/${candidateId}/delete-biometrics`, {}, 403],
    ['/api/organization/retention', { retentionDays: 1 }, 403],
    ['/api/team/invites', { email: 'x@example.test', role: 'OWNER' }, 403],
    [`/api/team/members/${memberId}/role`, { role: 'REVIEWER' }, 403],
    [`/api/team/members/${memberId}/remove`, {}, 403],
  ];
  for (const [url, data, status] of refused) {
    expect((await post(page, url, data)).status(), url).toBe(status);
  }
  expect((await page.request.get(`/api/interviews/${interviewId}/live-session`)).status()).toBe(
    403,
  );
  expect({
    interviews: await db.interview.count(),
    invites: await db.invite.count({ where: { interviewId } }),
    challenges: await db.challengeIssue.count({ where: { sessionId } }),
    teamInvites: await db.teamInvite.count(),
  }).toEqual(before);
  expect((await db.invite.findUniqueOrThrow({ where: { id: inviteId } })).revokedAt).toBeNull();
  expect(
    (
      await db.organization.findFirstOrThrow({
        where: { interviews: { some: { id: interviewId } } },
      })
    ).retentionDays,
  ).toBe(90);
  await ctx.close();
});

test('an interviewer runs interviews but not the team, retention or deletion', async ({
  browser,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, people.interviewer, PASSWORD);
  await page.goto(`/interviews/${interviewId}`);
  await expect(page.getByTestId('invite-url').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /join room/i })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Candidate data' })).toHaveCount(0);
  await page.goto('/settings');
  await expect(page.getByRole('button', { name: 'Create invitation link' })).toHaveCount(0);

  const created = await post(page, '/api/interviews', {
    title: 'Interviewer-made',
    kind: 'LIVE',
    candidate: { name: 'Ivy Interviewee', email: uniqueEmail('ivy') },
  });
  expect(created.status()).toBe(201);
  const made = await testDb().interview.findUniqueOrThrow({
    where: { id: ((await created.json()) as { interview: { id: string } }).interview.id },
  });
  expect(made.title).toBe('Interviewer-made');
  expect((await post(page, `/api/interviews/${interviewId}/invites`, {})).status()).toBe(201);

  const candidateId = made.candidateId;
  for (const [url, data] of [
    [`/api/candidates/${candidateId}/delete-biometrics`, {}],
    ['/api/organization/retention', { retentionDays: 1 }],
    ['/api/team/invites', { email: 'x@example.test', role: 'OWNER' }],
  ] as const) {
    expect((await post(page, url, data)).status(), url).toBe(403);
  }
  await ctx.close();
});

test('the owner changes a role and removes a member, whose sessions end', async ({
  page,
  browser,
}) => {
  const revCtx = await browser.newContext();
  const revPage = await revCtx.newPage();
  await signIn(revPage, people.reviewer, PASSWORD);

  await signIn(page, owner.email, owner.password);
  await page.goto('/settings');
  await page.getByLabel(`Role of ${people.interviewer}`).selectOption('REVIEWER');
  await expect(page.getByLabel(`Role of ${people.interviewer}`)).toHaveValue('REVIEWER');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: `Remove ${people.reviewer}` }).click();
  await expect(page.getByTestId('team-member')).toHaveCount(2);

  const db = testDb();
  const interviewer = await db.user.findUniqueOrThrow({
    where: { email: people.interviewer },
    include: { memberships: true },
  });
  expect(interviewer.memberships.map((m) => m.role)).toEqual(['REVIEWER']);
  const reviewer = await db.user.findUniqueOrThrow({
    where: { email: people.reviewer },
    include: { memberships: true, sessions: true },
  });
  expect(reviewer.memberships).toEqual([]);
  expect(reviewer.sessions).toEqual([]);
  expect((await revPage.request.get('/api/interviews')).status()).toBe(401);
  const org = await db.membership.findFirstOrThrow({ where: { user: { email: owner.email } } });
  const last = await db.auditLog.findMany({
    where: { organizationId: org.organizationId, action: { startsWith: 'team.' } },
    orderBy: { seq: 'desc' },
    take: 2,
  });
  expect(last.map((a) => [a.action, a.target])).toEqual([
    ['team.member.remove', `user:${reviewer.id}`],
    ['team.role.change', `user:${interviewer.id}`],
  ]);
  await revCtx.close();
});

test('the last owner can be neither demoted nor removed', async () => {
  const db = testDb();
  const me = await db.membership.findFirstOrThrow({ where: { user: { email: owner.email } } });
  const demote = await owner.api.post(`/api/team/members/${me.id}/role`, {
    data: { role: 'REVIEWER' },
  });
  expect(demote.status()).toBe(409);
  expect(((await demote.json()) as { error: { code: string } }).error.code).toBe('last_owner');
  expect((await owner.api.post(`/api/team/members/${me.id}/remove`, { data: {} })).status()).toBe(
    409,
  );
  expect((await db.membership.findUniqueOrThrow({ where: { id: me.id } })).role).toBe('OWNER');
});

test('team routes refuse other organizations, bad input, cross-origin and huge bodies', async ({
  baseURL,
}) => {
  const other = await signUpOwner(baseURL!, 'teamx');
  const db = testDb();
  const me = await db.membership.findFirstOrThrow({ where: { user: { email: owner.email } } });
  const invitesBefore = await db.teamInvite.count();
  // Another organization's owner: the membership does not exist for them.
  for (const [url, data] of [
    [`/api/team/members/${me.id}/role`, { role: 'REVIEWER' }],
    [`/api/team/members/${me.id}/remove`, {}],
  ] as const) {
    expect((await other.api.post(url, { data })).status(), url).toBe(404);
  }
  const cases: Array<
    [APIRequestContext, string, Parameters<APIRequestContext['post']>[1], number]
  > = [
    [owner.api, '/api/team/invites', { data: { email: 'nope', role: 'OWNER' } }, 400],
    [owner.api, '/api/team/invites', { data: { email: 'a@b.test', role: 'ADMIN' } }, 400],
    [owner.api, '/api/team/invites', { data: { email: 'a@b.test', role: 'OWNER', x: 1 } }, 400],
    [owner.api, '/api/team/invites', { data: { email: owner.email, role: 'OWNER' } }, 409],
    [
      owner.api,
      '/api/team/invites',
      { data: { email: 'a@b.test', role: 'OWNER' }, headers: { origin: 'https://evil.test' } },
      403,
    ],
    [
      owner.api,
      '/api/team/invites',
      { data: { email: 'a@b.test', role: 'OWNER', pad: 'x'.repeat(5000) } },
      413,
    ],
    [
      owner.api,
      '/api/team/join',
      { data: { mode: 'signup', token: 'x'.repeat(20), name: 'n', password: PASSWORD } },
      400,
    ],
    [owner.api, '/api/team/join', { data: { mode: 'signed-in' } }, 400],
  ];
  for (const [api, url, options, status] of cases) {
    const res = await api.post(url, options);
    expect(res.status(), `${url} ${JSON.stringify(options).slice(0, 80)}`).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
  }
  expect(await db.teamInvite.count()).toBe(invitesBefore);
  await other.api.dispose();
});
