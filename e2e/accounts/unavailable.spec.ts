import { expectNoSeriousA11yViolations } from '../fixtures/a11y';
import { signUpOwner } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { startExtraServer, type TExtraServer } from '../fixtures/extra-server';

/**
 * The "Temporarily unavailable" page (app/error.tsx), reached for real: a second server of the
 * same build whose database is unreachable, visited with a valid session cookie (cookies on
 * 127.0.0.1 are shared across ports), so the sign-in check itself fails on the database.
 */
let server: TExtraServer | undefined;
test.afterAll(() => server?.stop());

test('the unavailable page is shown, accessible, and offers a retry', async ({
  browser,
  baseURL,
}) => {
  const owner = await signUpOwner(baseURL!, 'down');
  server = await startExtraServer({
    portOffset: 9,
    env: { DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:9/none' },
    readyPath: '/signin',
  });
  const ctx = await browser.newContext({ storageState: await owner.api.storageState() });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/dashboard`);
  await expect(page.getByRole('heading', { name: 'Temporarily unavailable' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'unavailable');
  await ctx.close();
});
