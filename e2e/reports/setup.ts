import { expect, request, type BrowserContext, type Page } from '@playwright/test';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { seedReportSession } from './seed';

/** An organization with one PASS and one FAIL interview, each session written by the real routes. */
export async function seedReportsOrg(baseURL: string, prefix: string) {
  const owner = await signUpOwner(baseURL, prefix);
  const anon = await request.newContext({ baseURL });
  try {
    const passInterview = await createInterview(owner.api, 'Pat Passmore');
    const failInterview = await createInterview(owner.api, 'Fran Failsworth');
    const pass = await seedReportSession(
      owner.api,
      anon,
      { ...passInterview, id: passInterview.interview.id },
      'pass',
    );
    const fail = await seedReportSession(
      owner.api,
      anon,
      { ...failInterview, id: failInterview.interview.id },
      'fail',
    );
    return {
      owner,
      pass: { ...pass, interviewId: passInterview.interview.id },
      fail: { ...fail, interviewId: failInterview.interview.id },
    };
  } finally {
    await anon.dispose();
  }
}

/**
 * The report's running score ends exactly at the stored verdict's score: the verdict and the report
 * read the same evidence through one module (lib/server/evidence). Checked in every report spec.
 */
export async function expectFinalScoreIsVerdict(page: Page, sessionId: string): Promise<void> {
  const verdict = await testDb().verdict.findFirstOrThrow({
    where: { sessionId },
    orderBy: { createdAt: 'desc' },
  });
  await expect(page.getByTestId('verdict-score')).toHaveText(String(verdict.score));
  await expect(page.getByTestId('track-final-score')).toHaveText(String(verdict.score));
}

/** Lets a browser context act as `account` (the API context holds its session cookie). */
export async function signInContext(context: BrowserContext, account: TestAccount): Promise<void> {
  const state = await account.api.storageState();
  await context.addCookies(state.cookies);
}

export const SCREENSHOTS = '.data/screenshots';
