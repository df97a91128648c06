import { test, expect } from '../fixtures/base';
import { uniqueEmail } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y';

test('a person signs up, creates an interview and opens the candidate invite link', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('flow');
  await page.goto('/signup');
  await expectNoSeriousA11yViolations(page, 'sign-up');
  await page.getByLabel('Your name').fill('Riley Recruiter');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByLabel('Organization').fill('Acme Hiring');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Interviews', exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'New interview' }).first().click();
  await expect(page.getByLabel('Interview title')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'new interview');
  await page.getByLabel('Interview title').fill('Senior backend interview');
  await page.getByLabel('Name', { exact: true }).fill('Casey Candidate');
  await page.getByLabel('Email', { exact: true }).fill('casey@example.test');
  await page.getByLabel('Claimed time zone (optional)').fill('America/Chicago');
  await page.getByRole('button', { name: 'Create interview and invite link' }).click();
  await expect(page.getByRole('heading', { name: /Senior backend interview/ })).toBeVisible();
  const inviteUrl = await page.getByTestId('invite-url').first().inputValue();
  expect(inviteUrl).toMatch(/\/i\/[\w-]+\.[\w-]+$/);
  await page.screenshot({ path: '.data/screenshots/interview.png', fullPage: true });
  await expectNoSeriousA11yViolations(page, 'interview');

  // The candidate opens the link in a separate browser context (no account, no cookies).
  const candidate = await browser.newContext();
  const cpage = await candidate.newPage();
  await cpage.goto(inviteUrl);
  await expect(
    cpage.getByRole('heading', { name: /Senior backend interview with Acme Hiring/ }),
  ).toBeVisible();
  await expect(cpage.getByText('How long it is kept:')).toBeVisible();
  await expectNoSeriousA11yViolations(cpage, 'consent');
  await cpage.screenshot({ path: '.data/screenshots/invite-landing.png', fullPage: true });
  await cpage.getByLabel(/I have read this notice/).check();
  await cpage.getByRole('button', { name: /I agree/ }).click();
  await expect(cpage.getByText('Your consent is recorded.')).toBeVisible();
  await candidate.close();

  const db = testDb();
  const user = await db.user.findUniqueOrThrow({
    where: { email },
    include: { memberships: { include: { organization: true } } },
  });
  expect(user.memberships).toHaveLength(1);
  expect(user.memberships[0]!.role).toBe('OWNER');
  expect(user.memberships[0]!.organization.name).toBe('Acme Hiring');
  const account = await db.account.findFirstOrThrow({
    where: { userId: user.id, providerId: 'credential' },
  });
  expect(account.password).toBeTruthy();
  expect(account.password).not.toContain('a long enough password');
  const orgId = user.memberships[0]!.organizationId;
  const interview = await db.interview.findFirstOrThrow({
    where: { organizationId: orgId },
    include: { candidate: true, invites: true, consents: true },
  });
  expect(interview.title).toBe('Senior backend interview');
  expect(interview.kind).toBe('LIVE');
  expect(interview.candidate.claimedTimeZone).toBe('America/Chicago');
  expect(interview.invites).toHaveLength(1);
  expect(interview.consents).toHaveLength(1);
  expect(interview.consents[0]!.inviteId).toBe(interview.invites[0]!.id);
  const actions = (
    await db.auditLog.findMany({ where: { organizationId: orgId }, orderBy: { seq: 'asc' } })
  ).map((a) => a.action);
  expect(actions).toEqual([
    'organization.create',
    'interview.create',
    'invite.create',
    'consent.record',
  ]);
});

test('pages need a session', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/signin\?next=%2Fdashboard/);
});
