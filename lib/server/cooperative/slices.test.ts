import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { windowize } from '@/lib/analysis/session';
import { genuineSession } from '@/lib/analysis/testing/scenarios';
import { deriveReport, deriveReportSliced } from '../reports/derived';
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
});
