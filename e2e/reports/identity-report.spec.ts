import { request } from '@playwright/test';
import { ZReportExport } from '../../lib/schemas/report';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { expect, test } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { seedReportSession } from './seed';
import { SCREENSHOTS, signInContext } from './setup';

/**
 * Identity match results in the report and the JSON export, and the matched interview's thumbnail,
 * through the real routes: two interviews of one organization whose engine windows carry the same
 * (synthetic) face under two names → on close the server raises SAME_FACE_OTHER_NAME on the second.
 * The export carries the result and its review, never the template; the thumbnail route serves a
 * trusted frame of the first interview to its organization only, and stops once that interview's
 * biometric data is deleted (the alert itself stays).
 */

const FACE = 4242;

/** Every numeric array in a JSON value, with its path (a 128-d descriptor would be one). */
function numericArrays(v: unknown, at = '$'): Array<[string, number]> {
  if (Array.isArray(v)) {
    const here: Array<[string, number]> =
      v.length > 0 && v.every((x) => typeof x === 'number') ? [[at, v.length]] : [];
    return [...here, ...v.flatMap((x, i) => numericArrays(x, `${at}[${i}]`))];
  }
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => numericArrays(x, `${at}.${k}`));
  return [];
}

test.describe('identity match results and thumbnails', () => {
  let owner: TestAccount;
  let outsider: TestAccount;
  let first: { sessionId: string; candidateId: string };
  let second: { sessionId: string };

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(300_000);
    owner = await signUpOwner(baseURL!, 'idmatch');
    outsider = await signUpOwner(baseURL!, 'idmatchx');
    const anon = await request.newContext({ baseURL });
    try {
      const a = await createInterview(owner.api, 'Dana Doe');
      const s1 = await seedReportSession(owner.api, anon, { ...a, id: a.interview.id }, 'pass', {
        face: FACE,
      });
      const b = await createInterview(owner.api, 'Erin Roe');
      const s2 = await seedReportSession(owner.api, anon, { ...b, id: b.interview.id }, 'pass', {
        face: FACE,
      });
      const { candidateId } = await testDb().interview.findUniqueOrThrow({
        where: { id: a.interview.id },
      });
      first = { sessionId: s1.sessionId, candidateId };
      second = { sessionId: s2.sessionId };
    } finally {
      await anon.dispose();
    }
  });

  test('export carries the match and its review, never the template; thumbnail only within the org and until deletion', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const db = testDb();
    const alert = await db.sessionAlert.findFirstOrThrow({
      where: { sessionId: second.sessionId, kind: 'SAME_FACE_OTHER_NAME' },
    });
    expect(alert.relatedSessionId).toBe(first.sessionId);
    expect(await db.identityTemplate.count({ where: { sessionId: first.sessionId } })).toBe(1);

    // JSON export through the route: the match result, no descriptor anywhere
    const res = await owner.api.get(`/api/sessions/${second.sessionId}/export.json`);
    expect(res.status(), await res.text()).toBe(200);
    const exported = ZReportExport.parse(await res.json());
    expect(exported.identity.templateSamples).toBeGreaterThanOrEqual(5);
    expect(exported.identity.alerts).toEqual([
      expect.objectContaining({
        kind: 'SAME_FACE_OTHER_NAME',
        status: 'OPEN',
        relatedSessionId: first.sessionId,
        review: null,
      }),
    ]);
    const [match] = exported.identity.alerts;
    expect(match!.summary).toContain('Dana Doe');
    expect(match!.meanDistance).toBeLessThanOrEqual(match!.threshold!);
    expect(numericArrays(exported).filter(([, n]) => n >= 64)).toEqual([]);
    expect(JSON.stringify(exported)).not.toMatch(/"(exemplars|mean|identity\.e|e)":/);
    // another organization's export of the same id: nothing
    const foreign = await outsider.api.get(`/api/sessions/${second.sessionId}/export.json`);
    expect(foreign.status()).toBe(404);

    // the thumbnail: a trusted frame of the FIRST interview, for this organization only
    const url = `/api/alerts/${alert.id}/thumbnail`;
    const img = await owner.api.get(url);
    expect(img.status()).toBe(200);
    expect(img.headers()['content-type']).toBe('image/jpeg');
    expect(img.headers()['cache-control']).toContain('private');
    const bytes = await img.body();
    const frames = await db.evidence.findMany({ where: { sessionId: first.sessionId } });
    expect(frames.some((f) => f.thumbnail && Buffer.from(f.thumbnail).equals(bytes))).toBe(true);
    expect((await outsider.api.get(url)).status()).toBe(404);
    const anon = await request.newContext({ baseURL: new URL(img.url()).origin });
    expect((await anon.get(url)).status()).toBe(401);
    await anon.dispose();
    expect((await owner.api.get(`/api/alerts/nope-${alert.id}/thumbnail`)).status()).toBe(404);

    // the report shows it beside the alert, with a link to the first interview
    await signInContext(page.context(), owner);
    await page.goto(`/sessions/${second.sessionId}`);
    const item = page.locator('[data-testid="session-alert"][data-kind="SAME_FACE_OTHER_NAME"]');
    await expect(item.getByTestId('related-session')).toHaveAttribute(
      'href',
      `/sessions/${first.sessionId}`,
    );
    const thumb = item.getByTestId('match-thumbnail');
    await expect(thumb).toBeVisible();
    await expect
      .poll(() => thumb.evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}/identity-match.png`, fullPage: true });

    // a review shows in the export (and is audited by the review route)
    const reviewed = await owner.api.post(`/api/alerts/${alert.id}/review`, {
      data: { decision: 'CONFIRMED', comment: 'same person, two names' },
    });
    expect(reviewed.status(), await reviewed.text()).toBe(200);
    const after = ZReportExport.parse(
      await (await owner.api.get(`/api/sessions/${second.sessionId}/export.json`)).json(),
    );
    expect(after.identity.alerts[0]).toMatchObject({
      status: 'CONFIRMED',
      review: { comment: 'same person, two names' },
    });

    // deletion on request of the first candidate's biometric data: template and frame go together
    const del = await owner.api.post(`/api/candidates/${first.candidateId}/delete-biometrics`, {
      data: {},
    });
    expect(del.status(), await del.text()).toBe(200);
    expect(await db.identityTemplate.count({ where: { sessionId: first.sessionId } })).toBe(0);
    expect((await owner.api.get(url)).status()).toBe(404);
    await page.reload();
    await expect(item).toBeVisible();
    await expect(item.getByTestId('match-thumbnail')).toHaveCount(0);
    const kept = ZReportExport.parse(
      await (await owner.api.get(`/api/sessions/${second.sessionId}/export.json`)).json(),
    );
    expect(kept.identity.alerts.map((a) => a.status)).toEqual(['CONFIRMED']);
  });
});
