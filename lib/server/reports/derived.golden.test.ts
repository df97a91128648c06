import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { windowize } from '@/lib/analysis/session';
import { genuineSession } from '@/lib/analysis/testing/scenarios';
import type { TWindowSignals } from '@/lib/schemas/signals';
import { deriveReport, deriveReportSliced } from './derived';

/**
 * The report derivation before and after the 2026-12-01 speed-up (quantile by selection, geometry
 * without per-window objects, issue 11): fixtures/derived-2400-takeover.json is what the code at
 * main 035949c derived (deriveReport) from exactly these windows — 2,400 engine windows (40 min:
 * the engine's 2-minute genuine session repeated with shifted times, which the loop detector rightly
 * calls a replay, so the score track drops to the hard-FAIL cap after 2 minutes) with another face's
 * proportions for 40 s. The summaries carry every signal's value (geometry p90 0.045, jitter and
 * anti-spoof medians …). Both derivations of today must give the same report, as the ReportCache
 * stores it (JSON). Regenerated once at the session-4 merge: the only differences from 035949c's
 * output were the pose note's wording (axes named) and the config version. Regenerated again in
 * session 6 (config 2026-12-01.3-temporal): the only difference was the new `cadenceFold` signal's
 * (uninformative) summary; every other value was equal. And in session 8 (config
 * 2026-12-01.7-screen): the new `displayGrid` signal's (uninformative) summary was the only difference
 * (checked by comparing the new output without that summary to the old fixture). Session 9 (config
 * 2026-12-01.9-grid): that summary's note now says faces ≥ 48 px (the small-face patch), the only
 * edit.
 */
function windows(): TWindowSignals[] {
  const base = windowize(genuineSession(120_000), null);
  return Array.from({ length: 2400 }, (_, i) => {
    const w = base[i % base.length]!;
    const shift = Math.floor(i / base.length) * 120_000;
    const other = i >= 1000 && i < 1040 && w.geom;
    return {
      ...w,
      startMs: w.startMs + shift,
      endMs: w.endMs + shift,
      ...(other
        ? { geom: { ...w.geom!, ratios: w.geom!.ratios.map((r, k) => r * (1 + 0.08 * (k + 1))) } }
        : {}),
    };
  });
}

/**
 * As the ReportCache stores it. The fusion config's version string is left out: a version bump that
 * changes no number these windows reach must not break the comparison (any changed value still does).
 */
const asStored = (x: unknown): unknown =>
  JSON.parse(JSON.stringify(x), (k, v: unknown) => (k === 'configVersion' ? 'any' : v));

describe('report derivation equals the previous code', () => {
  test('2,400 windows with a 40-s takeover', async () => {
    const want = JSON.parse(
      readFileSync(join(__dirname, 'fixtures', 'derived-2400-takeover.json'), 'utf8'),
    ) as unknown;
    const wantStored = asStored(want);
    const ws = windows();
    expect(asStored(await deriveReportSliced(ws, []))).toEqual(wantStored);
    expect(asStored(deriveReport(ws, []))).toEqual(wantStored);
  }, 600_000);
});
