/**
 * npm run bench:report-block — the longest event-loop block while deriving the report of the largest
 * allowed session (SESSION_CAPS.engineWindows = 21,600 one-second windows, six hours). Builds the
 * windows from real engine output over the synthetic genuine scenario (10 minutes, repeated with
 * shifted times), then runs what a report view does with them after loading: zod-parse each row,
 * derive the running score and the per-signal summaries, and build the plot series (blink rate
 * included). perf_hooks.monitorEventLoopDelay samples a timer while that runs; the longest delay is
 * the longest stretch the event loop was blocked. Two paths in the same run: the baseline (one
 * synchronous block per step, as before) and the sliced path the server uses now
 * (lib/server/cooperative/slices.ts: parseSliced, deriveReportSliced), with the ratio of their
 * longest blocks, and a check that both derive the same report. Prints figures; asserts nothing
 * (target ≤ 100 ms). BENCH_BASELINE=0 skips the baseline (it blocks for seconds at full size).
 *
 *   BENCH_WINDOWS=21600 npm run bench:report-block
 */
import { isDeepStrictEqual } from 'node:util';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { windowize } from '../lib/analysis/session';
import { genuineSession } from '../lib/analysis/testing/scenarios';
import { ZWindowSignals, type TWindowSignals } from '../lib/schemas/signals';
import { parseSliced } from '../lib/server/cooperative/slices';
import { deriveReport, deriveReportSliced, type TDerived } from '../lib/server/reports/derived';
import { ZPlotRow, type TPlotRow } from '../lib/server/evidence/engine-projections';
import { buildPlotData, buildPlotDataSliced } from '../lib/server/reports/series';
import { SESSION_CAPS } from '../lib/server/session-quota';

const N = Number(process.env.BENCH_WINDOWS ?? SESSION_CAPS.engineWindows);
const BASELINE = process.env.BENCH_BASELINE !== '0';
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

/** Runs fn (sync or async) and returns the longest event-loop block seen meanwhile, in ms. */
async function measure(label: string, fn: () => unknown): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  // Let the monitor's timer arm before the work starts, and fire once after it.
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  await fn();
  const took = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  h.disable();
  const max = h.max / 1e6;
  console.log(
    `[report-block] ${label}: ${took.toFixed(0)} ms of work; longest event-loop block ${max.toFixed(0)} ms`,
  );
  return max;
}

const raw = largestSession(N);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(`[report-block] ${N} windows (${(N / 3600).toFixed(1)} h); load average ${load()}`);
/** The rows loadPlotRows' SQL projection gives for these windows (built outside the measurement). */
const plotRows = (ws: TWindowSignals[]): TPlotRow[] =>
  ws.map((w) =>
    ZPlotRow.parse({
      startMs: w.startMs,
      endMs: w.endMs,
      frames: w.frames,
      face: w.face,
      yaw: w.pose?.yaw ?? null,
      blinks: w.blink.events.map((e) => w.startMs + e),
      planar: w.planar,
      antiSpoof: w.antiSpoof,
    }),
  );

let baseline: { max: number; derived: TDerived } | null = null;
if (BASELINE) {
  let windows: TWindowSignals[] = [];
  let derived: TDerived | null = null;
  const maxes = [
    await measure('baseline: zod parse of every row (one block)', () => {
      windows = raw.flatMap((r) => {
        const p = ZWindowSignals.safeParse(r);
        return p.success ? [p.data] : [];
      });
    }),
    await measure('baseline: running score + summaries (deriveReport)', () => {
      derived = deriveReport(windows, []);
    }),
    await (async () => {
      const rows = plotRows(windows);
      await new Promise((r) => setTimeout(r, 50));
      return measure('baseline: plot series incl. blink rate (buildPlotData)', () =>
        buildPlotData(rows),
      );
    })(),
  ];
  baseline = { max: Math.max(...maxes), derived: derived! };
}

let windows: TWindowSignals[] = [];
let derived: TDerived | null = null;
const maxes = [
  await measure('sliced: zod parse (parseSliced)', async () => {
    windows = await parseSliced(raw, ZWindowSignals);
  }),
  await measure('sliced: running score + summaries (deriveReportSliced)', async () => {
    derived = await deriveReportSliced(windows, []);
  }),
  await (async () => {
    const rows = plotRows(windows);
    await new Promise((r) => setTimeout(r, 50));
    return measure('sliced: plot series incl. blink rate (buildPlotDataSliced)', () =>
      buildPlotDataSliced(rows),
    );
  })(),
];
const sliced = Math.max(...maxes);
console.log(
  `[report-block] longest block: sliced ${sliced.toFixed(0)} ms (target ≤ 100 ms: ${sliced <= 100 ? 'met' : 'NOT met'})` +
    (baseline
      ? `; baseline ${baseline.max.toFixed(0)} ms; ratio ${(baseline.max / sliced).toFixed(1)}×; same report: ${isDeepStrictEqual(baseline.derived, derived)}`
      : ''),
);
console.log(`[report-block] load average at the end: ${load()} (2 shared cores)`);
