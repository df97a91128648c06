import { signUpOwner, type TestAccount } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { test, expect } from '../fixtures/base';
import { seedReportsOrg, signInContext } from './setup';

/** A reviewer of another organization gets 403/404 — never data — for reports, images and exports. */
test.describe('report authorization', () => {
  let seeded: Awaited<ReturnType<typeof seedReportsOrg>>;
  let outsider: TestAccount;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(300_000);
    seeded = await seedReportsOrg(baseURL!, 'isola');
    outsider = await signUpOwner(baseURL!, 'isolb');
    const user = await testDb().user.findUniqueOrThrow({ where: { email: outsider.email } });
    await testDb().membership.updateMany({
      where: { userId: user.id },
      data: { role: 'REVIEWER' },
    });
  });

  test('API routes answer 403/404 with nothing of the other organization in the body', async () => {
    const s = seeded.fail.sessionId;
    const candidate = await testDb().interview.findUniqueOrThrow({
      where: { id: seeded.fail.interviewId },
    });
    const attempts = [
      outsider.api.get(`/sessions/${s}`),
      outsider.api.get(`/api/evidence/${seeded.fail.evidenceIds[0]}`),
      outsider.api.get(`/api/sessions/${s}/export.json`),
      outsider.api.get(`/api/sessions/${s}/export.pdf`),
      outsider.api.post(`/api/sessions/${s}/notes`, { data: { body: 'sneaky' } }),
      outsider.api.post(`/api/sessions/${s}/decision`, { data: { decision: 'ACCEPT' } }),
      outsider.api.post(`/api/candidates/${candidate.candidateId}/delete-biometrics`, { data: {} }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([403, 404], `${res.url()} → ${res.status()}`).toContain(res.status());
      const body = await res.text();
      expect(body).not.toContain('Fran Failsworth');
      expect(body).not.toContain('JFIF');
    }
    expect(await testDb().reviewNote.count({ where: { sessionId: s } })).toBe(0);
    expect(await testDb().evidence.count({ where: { sessionId: s, thumbnail: null } })).toBe(0);
  });

  test('the outsider cannot open the report page or the image in a browser', async ({
    page,
    context,
  }) => {
    await signInContext(context, outsider);
    const res = await page.goto(`/sessions/${seeded.pass.sessionId}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByText('Pat Passmore')).toHaveCount(0);
    const img = await page.request.get(`/api/evidence/${seeded.pass.evidenceIds[0]}`);
    expect(img.status()).toBe(404);
  });

  test('anonymous callers get 401 from the API and a sign-in redirect from the page', async ({
    request,
  }) => {
    expect((await request.get(`/api/sessions/${seeded.pass.sessionId}/export.json`)).status()).toBe(
      401,
    );
    expect((await request.get(`/api/evidence/${seeded.pass.evidenceIds[0]}`)).status()).toBe(401);
    const page = await request.get(`/sessions/${seeded.pass.sessionId}`, { maxRedirects: 0 });
    expect([302, 303, 307]).toContain(page.status());
  });

  test('the owning organization can fetch the image with a private cache policy', async () => {
    const res = await seeded.owner.api.get(`/api/evidence/${seeded.pass.evidenceIds[0]}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/jpeg');
    expect(res.headers()['cache-control']).toMatch(/^private/);
  });
});
