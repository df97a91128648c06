import { signUpOwner } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { expectFinalScoreIsVerdict, seedReportsOrg, signInContext } from './setup';

/** A candidate's deletion request, from the interview page: biometric data goes, the verdict and audit stay. */
test('an owner deletes a candidate’s biometric data from the interview page', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const seeded = await seedReportsOrg(baseURL!, 'delete');
  await signInContext(context, seeded.owner);
  const db = testDb();
  const s = seeded.fail.sessionId;
  await page.goto(`/sessions/${s}`);
  await expectFinalScoreIsVerdict(page, s);
  const verdicts = await db.verdict.count({ where: { sessionId: s } });
  const frames = seeded.fail.evidenceIds.length;
  expect(frames, 'one evidence frame per answered challenge').toBe(2);
  await page.goto(`/interviews/${seeded.fail.interviewId}`);
  await page.getByRole('button', { name: "Delete candidate's biometric data" }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('status')).toContainText('Deleted:');

  expect(await db.signalWindow.count({ where: { sessionId: s } })).toBe(0);
  expect(await db.evidence.count({ where: { sessionId: s, thumbnail: { not: null } } })).toBe(0);
  expect(await db.evidence.count({ where: { sessionId: s } })).toBe(frames);
  expect(await db.verdict.count({ where: { sessionId: s } })).toBe(verdicts);
  const challenges = await db.challengeResult.findMany({ where: { sessionId: s } });
  expect(challenges.map((c) => c.outcome)).toEqual(['FAILED', 'NOT_PERFORMED']);
  // The measured face figures go; the outcome and evidence times stay.
  for (const c of challenges) {
    expect(c.measured).toMatchObject({ type: 'verdict', values: {} });
    expect((c.measured as { values: object }).values).toEqual({});
  }
  // The other candidate's session is untouched.
  expect(
    await db.signalWindow.count({ where: { sessionId: seeded.pass.sessionId } }),
  ).toBeGreaterThan(0);
  const interview = await db.interview.findUniqueOrThrow({
    where: { id: seeded.fail.interviewId },
  });
  const audit = await db.auditLog.findFirstOrThrow({
    where: { action: 'candidate.biometrics.delete', target: `candidate:${interview.candidateId}` },
  });
  expect(audit.data).toMatchObject({ sessions: 1, thumbnails: frames });

  expect((await seeded.owner.api.get(`/api/evidence/${seeded.fail.evidenceIds[0]}`)).status()).toBe(
    404,
  );
  await page.goto(`/sessions/${s}`);
  await expect(page.getByTestId('verdict-label')).toHaveText('FAIL');
  await expect(page.getByText(/Biometric data .* was deleted/)).toBeVisible();
  await expect(page.locator('.thumb-gone')).toHaveCount(frames);
});

test('only an owner sets the retention period, within 1–730 days, and it is audited', async ({
  page,
  context,
  baseURL,
}) => {
  const owner = await signUpOwner(baseURL!, 'retention');
  const reviewer = await signUpOwner(baseURL!, 'retrev');
  const db = testDb();
  const reviewerUser = await db.user.findUniqueOrThrow({ where: { email: reviewer.email } });
  await db.membership.updateMany({
    where: { userId: reviewerUser.id },
    data: { role: 'REVIEWER' },
  });
  expect(
    (
      await reviewer.api.post('/api/organization/retention', { data: { retentionDays: 5 } })
    ).status(),
  ).toBe(403);
  for (const retentionDays of [0, 731, 1.5]) {
    expect(
      (await owner.api.post('/api/organization/retention', { data: { retentionDays } })).status(),
    ).toBe(400);
  }
  await signInContext(context, owner);
  await page.goto('/settings');
  await page.getByLabel('Keep biometric data for (days)').fill('45');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  const user = await db.user.findUniqueOrThrow({
    where: { email: owner.email },
    include: { memberships: { include: { organization: true } } },
  });
  const org = user.memberships[0]!.organization;
  expect(org.retentionDays).toBe(45);
  const audit = await db.auditLog.findFirstOrThrow({
    where: { organizationId: org.id, action: 'organization.retention' },
  });
  expect(audit.data).toEqual({ from: 90, to: 45 });
});
