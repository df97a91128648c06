import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson } from '../../lib/server/audit-chain';
import { ZReportExport } from '../../lib/schemas/report';
import { test, expect } from '../fixtures/base';
import { SCREENSHOTS, expectFinalScoreIsVerdict, seedReportsOrg, signInContext } from './setup';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

/** Exports: the JSON validates against its documented schema and its hash recomputes; the PDF is the page. */
test.describe('report exports', () => {
  let seeded: Awaited<ReturnType<typeof seedReportsOrg>>;

  test.beforeAll(async ({ baseURL }) => {
    // Written through the real routes (webhooks, windows, challenges): slower than raw inserts.
    test.setTimeout(300_000);
    seeded = await seedReportsOrg(baseURL!, 'export');
  });

  test('JSON export validates and its integrity hash recomputes and matches the page', async ({
    page,
    context,
  }) => {
    const res = await seeded.owner.api.get(`/api/sessions/${seeded.fail.sessionId}/export.json`);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toContain('private');
    const report = ZReportExport.parse(await res.json());
    expect(report.verdict?.label).toBe('FAIL');
    expect(report.verdict?.reasons.some((r) => r.hard)).toBe(true);
    expect(report.challenges.map((c) => c.outcome)).toEqual(['FAILED', 'NOT_PERFORMED']);
    expect(report.challenges.every((c) => c.countedInVerdict)).toBe(true);
    expect(report.evidence.filter((e) => e.imageAvailable)).toHaveLength(2);
    // A challenge's frame sits on the analysed stream's clock like its challenge (the seed's
    // frames are 1.2 s after the prompt), not on the wall clock of the answer's arrival.
    for (const c of report.challenges)
      for (const id of c.evidenceIds)
        expect(report.evidence.find((e) => e.id === id)?.atMs).toBe(c.startMs! + 1200);
    // The candidate's device report (stored by the real route) is exported, with its flags.
    const camera = report.facts.find((f) => f.label === 'Camera');
    expect(camera).toMatchObject({
      candidate: 'OBS Virtual Camera (2 cameras)',
      flag: 'name of a virtual-camera program',
    });
    expect(report.facts.find((f) => f.label === 'Time zone')).toMatchObject({
      candidate: 'Asia/Kolkata',
      flag: 'browser time zone differs from the claimed one',
    });
    // Origin facts read the same stored rows: the browser's time zone (untrusted), the measured
    // round trips (480 ms in every stats window) and the answer latencies of the two challenges.
    expect(report.origin.reported.timeZone).toBe('Asia/Kolkata');
    expect(report.origin.latency.rttMs).toMatchObject({ count: 4, p50: 480 });
    expect(report.origin.latency.challengeLatencyMs).toEqual([1800]);
    // No face descriptors in this session: no template, no match results.
    expect(report.identity).toEqual({ templateSamples: null, alerts: [] });
    expect(report.signals.windows).toBe(40);
    expect(report.signals.summaries.length).toBeGreaterThan(5);
    const { integrity, ...rest } = report;
    expect(createHash('sha256').update(canonicalJson(rest)).digest('hex')).toBe(integrity.hash);

    // The same hash is printed on the report page (and so in the PDF).
    await signInContext(context, seeded.owner);
    await page.goto(`/sessions/${seeded.fail.sessionId}`);
    await expect(page.getByTestId('integrity-hash')).toHaveText(integrity.hash);
    await expectFinalScoreIsVerdict(page, seeded.fail.sessionId);
    expect(report.verdict?.score).toBe(seeded.fail.verdict.score);
  });

  test('PDF export is a PDF of the report with the same verdict and hash', async () => {
    const json = ZReportExport.parse(
      await (
        await seeded.owner.api.get(`/api/sessions/${seeded.pass.sessionId}/export.json`)
      ).json(),
    );
    const res = await seeded.owner.api.get(`/api/sessions/${seeded.pass.sessionId}/export.pdf`, {
      timeout: 60_000,
    });
    expect(res.status(), await res.text().catch(() => '')).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'candor-pdf-')), 'report.pdf');
    writeFileSync(file, pdf);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(`${SCREENSHOTS}/reports-pass.pdf`, pdf);
    test.skip(!hasPdftotext, 'pdftotext (poppler-utils) not installed: text checks skipped');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PASS');
    expect(text).toContain('Pat Passmore');
    expect(text.replace(/\s+/g, '')).toContain(json.integrity.hash);
    expect(text).not.toContain('Add note');
  });
});
