import 'server-only';
import { chromium } from 'playwright-core';
import { serverEnv } from '../env';
import { HttpError } from '../http';
import { PrintQueue } from './pdf-queue';

/**
 * PDF export: headless Chromium prints the report page's print view, fetched as the requester (their
 * own session cookie), so the PDF shows exactly what they may see and the same verdict as the page.
 * The URL is built from APP_URL, never from request headers, so this cannot be pointed elsewhere.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const intEnv = (name: string, dflt: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : dflt;
};
/** Each step has its own deadline: launch, page load, print. */
const LAUNCH_TIMEOUT_MS = intEnv('PDF_LAUNCH_TIMEOUT_MS', 15_000);
const TIMEOUT_MS = intEnv('PDF_LOAD_TIMEOUT_MS', 30_000);
const PRINT_TIMEOUT_MS = intEnv('PDF_PRINT_TIMEOUT_MS', 30_000);
// One Chromium at a time (each costs ~150 MB and a core), bounded per organization and in all.
const queue = new PrintQueue({
  perOrg: intEnv('PDF_QUEUE_PER_ORG', 2),
  global: intEnv('PDF_QUEUE_MAX', 8),
  retryAfterS: 30,
});

function withTimeout<T>(p: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(504, 'pdf_timeout', `The PDF ${step} took too long`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

const BASE_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
];
/**
 * Chromium's sandbox where the platform allows it: not as root (Chromium refuses to start sandboxed
 * as root), not when PDF_CHROMIUM_SANDBOX=0, and not after a sandboxed launch has failed once here
 * (no user namespaces, e.g. in some containers): then it runs with --no-sandbox and says so once.
 */
let sandbox = process.getuid?.() !== 0 && process.env.PDF_CHROMIUM_SANDBOX !== '0';

async function launchBrowser() {
  const launch = (sandboxed: boolean) =>
    chromium.launch({
      executablePath: CHROMIUM,
      timeout: LAUNCH_TIMEOUT_MS,
      chromiumSandbox: sandboxed,
      args: sandboxed ? BASE_ARGS : ['--no-sandbox', ...BASE_ARGS],
    });
  if (!sandbox) return launch(false);
  try {
    return await launch(true);
  } catch (err) {
    sandbox = false;
    console.warn(
      '[pdf] Chromium could not start with its sandbox here; printing without it from now on:',
      err instanceof Error ? err.message.split('\n')[0] : err,
    );
    return launch(false);
  }
}

async function print(url: string, cookie: string): Promise<Buffer> {
  const browser = await launchBrowser();
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
    return await withTimeout(
      page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
      }),
      PRINT_TIMEOUT_MS,
      'print',
    );
  } finally {
    await browser.close();
  }
}

export function renderReportPdf(
  organizationId: string,
  sessionId: string,
  cookie: string,
): Promise<Buffer> {
  const url = new URL(`/sessions/${sessionId}?print=1`, serverEnv().APP_URL).toString();
  return queue.run(organizationId, () => print(url, cookie));
}
