import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y';
import { SCREENSHOTS, expectFinalScoreIsVerdict, seedReportsOrg, signInContext } from './setup';

/** Dashboard and report pages render real data: verdicts, plots, thumbnails, facts; reviewers act on them. */
test.describe('hiring-manager reports', () => {
  let seeded: Awaited<ReturnType<typeof seedReportsOrg>>;

  test.beforeAll(async ({ baseURL }) => {
    // Written through the real routes (webhooks, windows, challenges): slower than raw inserts.
    test.setTimeout(300_000);
    seeded = await seedReportsOrg(baseURL!, 'reports');
  });

  test.beforeEach(async ({ context }) => {
    await signInContext(context, seeded.owner);
  });

  async function expectChartsAndThumbs(page: Page, thumbs: number) {
    const charts = page.locator('figure.chart svg');
    await expect(charts).toHaveCount(6);
    for (const d of await page
      .locator('figure.chart path.line')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) {
      expect(d.length, 'every plot draws a line').toBeGreaterThan(20);
    }
    const imgs = page.locator('.thumb img');
    await expect(imgs).toHaveCount(thumbs);
    await expect
      .poll(() =>
        imgs.evaluateAll((els) =>
          els.every(
            (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
          ),
        ),
      )
      .toBe(true);
  }

  test('dashboard shows verdict badges, filters and searches', async ({ page }) => {
    await page.goto('/dashboard');
    const rows = page.locator('table.dashboard tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(
      rows.filter({ hasText: 'Pat Passmore' }).locator('.badge-pass').first(),
    ).toHaveText('PASS');
    await expect(
      rows.filter({ hasText: 'Fran Failsworth' }).locator('.badge-fail').first(),
    ).toHaveText('FAIL');
    await page.screenshot({ path: `${SCREENSHOTS}/reports-dashboard.png`, fullPage: true });
    await expectNoSeriousA11yViolations(page, 'dashboard (PASS and FAIL rows)');

    await page.selectOption('select[name=verdict]', 'FAIL');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/verdict=FAIL/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Fran Failsworth');

    await page.goto('/dashboard?q=passm&sort=candidate&status=bogus');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Pat Passmore');
  });

  test('PASS report: verdict, reasons, plots, challenge frames', async ({ page }) => {
    await page.goto(`/sessions/${seeded.pass.sessionId}`);
    await expect(page.getByTestId('verdict-label')).toHaveText('PASS');
    await expectFinalScoreIsVerdict(page, seeded.pass.sessionId);
    await expect(page.locator('ul.reasons li')).not.toHaveCount(0);
    // profile, a blink no-show and its retry: one evidence frame each
    await expectChartsAndThumbs(page, 3);
    await expect(page.getByText('retried, not counted in the verdict')).toHaveCount(1);
    await expect(page.getByText('FaceTime HD Camera (05ac:8514) (1 camera)')).toBeVisible();
    await expect(page.locator('tr.mismatch')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/reports-pass.png`, fullPage: true });
  });

  test('FAIL report: hard reasons, flagged moments, untrusted facts with mismatches', async ({
    page,
  }) => {
    await page.goto(`/sessions/${seeded.fail.sessionId}`);
    await expect(page.getByTestId('verdict-label')).toHaveText('FAIL');
    await expectFinalScoreIsVerdict(page, seeded.fail.sessionId);
    await expectChartsAndThumbs(page, 2);
    await expectNoSeriousA11yViolations(page, 'report (FAIL)');
    // The device facts table marks the candidate's column as untrusted (the network-origin card
    // marks its candidate-reported rows too, so look inside the table).
    await expect(
      page.locator('table.facts-table').getByText('untrusted', { exact: true }),
    ).toBeVisible();
    // The candidate's own report, as the real route stored it, shown and flagged.
    await expect(page.getByText('OBS Virtual Camera (2 cameras)')).toBeVisible();
    await expect(page.getByText('name of a virtual-camera program')).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Asia/Kolkata' })).toBeVisible();
    // the origin section reads the same stored device row (browser time zone: untrusted)
    await expect(
      page.getByRole('region', { name: 'Network origin' }).getByText('Asia/Kolkata · en-US'),
    ).toBeVisible();
    await expect(page.getByText('browser time zone differs from the claimed one')).toBeVisible();
    await expect(
      page.getByText('received more pixels than the camera reportedly delivered'),
    ).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/reports-fail.png`, fullPage: true });
  });

  test('a reviewer adds a note and records the final decision, both audited', async ({ page }) => {
    await page.goto(`/sessions/${seeded.fail.sessionId}`);
    await page.getByLabel('Add a note').fill('Photo held up to the camera at 0:06.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.locator('ul.notes')).toContainText('Photo held up to the camera');
    await page.getByLabel(/Reject/).check();
    await page.getByLabel('Comment (optional)').fill('Proxy attempt');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect(page.getByTestId('final-decision')).toContainText('REJECT');
    const db = testDb();
    const decision = await db.reviewDecision.findFirstOrThrow({
      where: { sessionId: seeded.fail.sessionId },
      include: { reviewer: true },
    });
    expect(decision).toMatchObject({ decision: 'REJECT', comment: 'Proxy attempt' });
    expect(decision.reviewer.email).toBe(seeded.owner.email);
    const audit = await db.auditLog.findMany({
      where: { target: `session:${seeded.fail.sessionId}` },
      orderBy: { seq: 'asc' },
    });
    // The session itself was opened and closed by LiveKit's webhooks (audited too).
    expect(audit.map((a) => a.action)).toEqual([
      'session.open',
      'session.close',
      'review.note',
      'review.decision',
    ]);
    expect(audit[3]!.actorId).toBe(decision.reviewerId);
  });
});
