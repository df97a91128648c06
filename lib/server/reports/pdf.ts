import 'server-only';
import { chromium } from 'playwright-core';
import { serverEnv } from '../env';
import { HttpError } from '../http';

/**
 * PDF export: headless Chromium prints the report page's print view, fetched as the requester (their
 * own session cookie), so the PDF shows exactly what they may see and the same verdict as the page.
 * The URL is built from APP_URL, never from request headers, so this cannot be pointed elsewhere.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;
// One Chromium at a time: each costs ~150 MB and a core while it renders.
let queue: Promise<unknown> = Promise.resolve();

async function print(url: string, cookie: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const origin = new URL(url).origin;
    const context = await browser.newContext({ extraHTTPHeaders: { cookie } });
    // Only our own origin: a report that referenced anything else would not print it.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(origin) || route.request().url().startsWith('data:')
        ? route.continue()
        : route.abort(),
    );
    const page = await context.newPage();
    const res = await page.goto(url, { waitUntil: 'networkidle', timeout: TIMEOUT_MS });
    if (!res || res.status() !== 200)
      throw new HttpError(
        res?.status() === 404 ? 404 : 502,
        'pdf_failed',
        'Could not render the report',
      );
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
  } finally {
    await browser.close();
  }
}

export function renderReportPdf(sessionId: string, cookie: string): Promise<Buffer> {
  const url = new URL(`/sessions/${sessionId}?print=1`, serverEnv().APP_URL).toString();
  const run = queue.then(() => print(url, cookie));
  queue = run.catch(() => undefined);
  return run;
}
