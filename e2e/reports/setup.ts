import type { BrowserContext } from '@playwright/test';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { seedReportSession } from './seed';

/** An organization with one PASS and one FAIL interview, each with a fully seeded session. */
export async function seedReportsOrg(baseURL: string, prefix: string) {
  const owner = await signUpOwner(baseURL, prefix);
  const db = testDb();
  const passInterview = (await createInterview(owner.api, 'Pat Passmore')).interview.id;
  const failInterview = (await createInterview(owner.api, 'Fran Failsworth')).interview.id;
  const pass = await seedReportSession(db, passInterview, 'pass');
  const fail = await seedReportSession(db, failInterview, 'fail');
  return {
    owner,
    pass: { ...pass, interviewId: passInterview },
    fail: { ...fail, interviewId: failInterview },
  };
}

/** Lets a browser context act as `account` (the API context holds its session cookie). */
export async function signInContext(context: BrowserContext, account: TestAccount): Promise<void> {
  const state = await account.api.storageState();
  await context.addCookies(state.cookies);
}

export const SCREENSHOTS = '.data/screenshots';
