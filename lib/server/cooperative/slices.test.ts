import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { windowize } from '@/lib/analysis/session';
import { genuineSession } from '@/lib/analysis/testing/scenarios';
import { deriveReport, deriveReportSliced } from '../reports/derived';
import { buildPlotData, buildPlotDataSliced } from '../reports/series';
import { ZPlotRow } from '../evidence/engine-projections';
import { forEachSliced, parseSliced } from './slices';

describe('cooperative slices', () => {
  test('forEachSliced visits every item in order and yields to the event loop between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const seen: number[] = [];
    await forEachSliced(
      Array.from({ length: 64 }, (_, i) => i),
      (x) => {
        seen.push(x);
        const until = performance.now() + 2;
        while (performance.now() < until); // 2 ms of work per item
      },
      5,
    );
    clearInterval(timer);
    expect(seen).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(ticks).toBeGreaterThan(0);
  });

  test('parseSliced keeps valid rows in order and skips invalid ones', async () => {
    const rows = [{ a: 1 }, { a: 'x' }, { a: 3 }, null];
    expect(await parseSliced(rows, z.object({ a: z.number() }))).toEqual([{ a: 1 }, { a: 3 }]);
  });

  test('deriveReportSliced derives the same report as the synchronous deriveReport', async () => {
    const windows = windowize(genuineSession(40_000), null);
    expect(await deriveReportSliced(windows, [])).toEqual(deriveReport(windows, []));
  });

  test('buildPlotDataSliced builds the same plot series as buildPlotData over several slices', async () => {
    // the engine's windows, repeated with shifted times to 4,500 rows (three blink-rate slices),
    // projected as loadPlotRows' SQL projects them
    const base = windowize(genuineSession(60_000), null);
    const rows = Array.from({ length: 4500 }, (_, i) => {
      const w = base[i % base.length]!;
      const shift = Math.floor(i / base.length) * 60_000;
      return ZPlotRow.parse({
        startMs: w.startMs + shift,
        endMs: w.endMs + shift,
        frames: w.frames,
        face: w.face,
        yaw: w.pose?.yaw ?? null,
        blinks: w.blink.events.map((e) => w.startMs + shift + e),
        planar: w.planar,
        antiSpoof: w.antiSpoof,
      });
    });
    const want = buildPlotData(rows);
    expect(want.blinkRate.some(([, v]) => v !== null && v > 0)).toBe(true);
    expect(await buildPlotDataSliced(rows)).toEqual(want);
    expect(await buildPlotDataSliced([])).toEqual(buildPlotData([]));
  });
});
