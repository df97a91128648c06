/**
 * npm run bench:report-block — the longest event-loop block while deriving the report of the largest
 * allowed session (SESSION_CAPS.engineWindows = 21,600 one-second windows, six hours). Builds the
 * windows from real engine output over the synthetic genuine scenario (10 minutes, repeated with
 * shifted times), then runs what a report view does with them after loading: zod-parse each row,
 * derive the running score and the per-signal summaries, and compute the plot series (blink rate
 * included). perf_hooks.monitorEventLoopDelay samples a timer while that runs; the longest delay is
 * the longest stretch the event loop was blocked. Prints figures; asserts nothing (target ≤ 100 ms).
 *
 *   BENCH_WINDOWS=21600 npm run bench:report-block
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { trailingBlinkRate } from '../lib/analysis/blink-rate';
import { windowize } from '../lib/analysis/session';
import { genuineSession } from '../lib/analysis/testing/scenarios';
import { ZWindowSignals, type TWindowSignals } from '../lib/schemas/signals';
import { deriveReport } from '../lib/server/reports/derived';
import { SESSION_CAPS } from '../lib/server/session-quota';

const N = Number(process.env.BENCH_WINDOWS ?? SESSION_CAPS.engineWindows);
const BASE = windowize(genuineSession(600_500), null).slice(0, 600);

function largestSession(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => {
    const w = BASE[i % BASE.length]!;
    const shift = Math.floor(i / BASE.length) * 600_000;
    return JSON.parse(
      JSON.stringify({ ...w, startMs: w.startMs + shift, endMs: w.endMs + shift }),
    ) as unknown;
  });
}

async function measure(label: string, fn: () => unknown): Promise<void> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  // Let the monitor's timer arm before the work starts, and fire once after it.
  await new Promise((r) => setTimeout(r, 20));
  fn();
  await new Promise((r) => setTimeout(r, 20));
  h.disable();
  const took = performance.now() - t0 - 40;
  console.log(
    `[report-block] ${label}: ${took.toFixed(0)} ms of work; longest event-loop block ${(h.max / 1e6).toFixed(0)} ms`,
  );
}

const raw = largestSession(N);
let windows: TWindowSignals[] = [];
console.log(`[report-block] ${N} windows (${(N / 3600).toFixed(1)} h)`);
await measure('zod parse of every row', () => {
  windows = raw.flatMap((r) => {
    const p = ZWindowSignals.safeParse(r);
    return p.success ? [p.data] : [];
  });
});
await measure('running score + summaries (deriveReport)', () => deriveReport(windows, []));
await measure('blink-rate series', () =>
  trailingBlinkRate(
    windows,
    windows.flatMap((w) => w.blink.events.map((e) => w.startMs + e)),
  ),
);
