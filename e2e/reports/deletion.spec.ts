import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { seedReportsOrg, signInContext } from './setup';

/** A candidate's deletion request, from the interview page: biometric data goes, the verdict and audit stay. */
test('an owner deletes a candidate’s biometric data from the interview page', async ({ page, context, baseURL }) => {
  const seeded = await seedReportsOrg(baseURL!, 'delete');
  await signInContext(context, seeded.owner);
  const db = testDb();
  await page.goto(`/interviews/${seeded.fail.interviewId}`);
  await page.getByRole('button', { name: "Delete candidate's biometric data" }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('status')).toContainText('Deleted:');

  const s = seeded.fail.sessionId;
  expect(await db.signalWindow.count({ where: { sessionId: s } })).toBe(0);
  expect(await db.evidence.count({ where: { sessionId: s, thumbnail: { not: null } } })).toBe(0);
  expect(await db.evidence.count({ where: { sessionId: s } })).toBe(4);
  expect(await db.verdict.count({ where: { sessionId: s } })).toBe(1);
  const challenges = await db.challengeResult.findMany({ where: { sessionId: s } });
  expect(challenges.map((c) => c.outcome)).toEqual(['FAILED', 'NOT_PERFORMED']);
  expect(challenges.every((c) => !('frames' in (c.measured as object)))).toBe(true);
  // The other candidate's session is untouched.
  expect(await db.signalWindow.count({ where: { sessionId: seeded.pass.sessionId } })).toBeGreaterThan(0);
  const interview = await db.interview.findUniqueOrThrow({ where: { id: seeded.fail.interviewId } });
  const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'candidate.biometrics.delete', target: `candidate:${interview.candidateId}` } });
  expect(audit.data).toMatchObject({ sessions: 1, thumbnails: 4 });

  expect((await seeded.owner.api.get(`/api/evidence/${seeded.fail.evidenceIds[0]}`)).status()).toBe(404);
  await page.goto(`/sessions/${s}`);
  await expect(page.getByTestId('verdict-label')).toHaveText('FAIL');
  await expect(page.getByText(/Biometric data .* was deleted/)).toBeVisible();
  await expect(page.locator('.thumb-gone')).toHaveCount(4);
});
