import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FUSION_CONFIG } from '../fusion-config';
import { clock, quantileBySort, ramp } from '../math/stats';
import { uninformative, type Assessment } from '../assessment';
import type { GeomWindow } from '../session-face-swap';
import { SessionState } from '../session-state';
import { windowize } from '../session';
import { genuineSession, photoSession } from '../testing/scenarios';
import type { FrameFeatures } from '../types';
import { assessGeometry } from './identity-geometry';

/**
 * assessGeometry allocates nothing per window since 2026-12-01 (it runs at every running-score point
 * of a 20,000-window report). This is the version before that change, verbatim except for the
 * sort-based quantile: the new one must give the same Assessment on every prefix of real window
 * sequences (the engine's windows over recorded landmarks and the synthetic scenarios), including
 * sequences where another face takes over.
 */
const cfg = FUSION_CONFIG.faceSwap;

function referenceDistance(ratios: readonly number[], ref: readonly number[]): number {
  const d = ratios.map((r, i) => {
    const m = ref[i] ?? 0;
    return m > 0 ? Math.abs(r - m) / m : 0;
  });
  return quantileBySort(d, 0.5);
}

function referenceRun(ws: ReadonlyArray<GeomWindow & { d: number }>, limit: number): GeomWindow[] {
  let best: GeomWindow[] = [];
  let run: GeomWindow[] = [];
  for (const w of ws) {
    const last = run.at(-1);
    if (w.d >= limit && (!last || w.startMs - last.endMs <= 2000)) run.push(w);
    else run = w.d >= limit ? [w] : [];
    if (run.length > best.length) best = [...run];
  }
  return best;
}

function reference(windows: readonly GeomWindow[]): Assessment {
  const ws = windows.filter((w) => w.geom.n >= 3);
  if (ws.length < cfg.minWindows * 2)
    return uninformative('geometry', 'too few near-frontal seconds to compare face proportions');
  const dims = ws[0]?.geom.ratios.length ?? 0;
  const ref = Array.from({ length: dims }, (_, i) =>
    quantileBySort(
      ws.map((w) => w.geom.ratios[i] ?? 0),
      0.5,
    ),
  );
  const scored = ws.map((w) => ({ ...w, d: referenceDistance(w.geom.ratios, ref) }));
  const value = quantileBySort(
    scored.map((w) => w.d),
    0.9,
  );
  const base = {
    signal: 'geometry' as const,
    value: Math.round(value * 1000) / 1000,
    frames: ws.length,
    confidence: ramp(ws.length, 0, 20),
    informative: true,
    note: `face proportions vary by ${(value * 100).toFixed(1)} % (p90 over ${ws.length} near-frontal seconds)`,
  };
  const run = referenceRun(scored, cfg.geometryStrong);
  if (value < cfg.geometrySuspect && run.length < cfg.geometryRunWindows)
    return { ...base, evidence: 0, finding: null };
  const shown = run.length > 0 ? run : scored.filter((w) => w.d >= cfg.geometrySuspect);
  const startMs = shown[0]?.startMs ?? 0;
  const endMs = shown.at(-1)?.endMs ?? 0;
  const review = run.length >= cfg.geometryRunWindows;
  return {
    ...base,
    evidence: -Math.max(ramp(value, cfg.geometrySuspect, cfg.geometryStrong), review ? 1 : 0),
    finding: {
      code: 'FACE_PROPORTIONS_CHANGED',
      text: `the face's proportions changed (by ${(value * 100).toFixed(0)} %) for ${run.length || shown.length} s (${clock(startMs)}–${clock(endMs)}): a different face, or a swap dropping in and out`,
      startMs,
      endMs,
      severity: review ? 'review' : 'soft',
    },
  };
}

const fixture = (name: string): FrameFeatures[] =>
  (
    JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')) as {
      frames: FrameFeatures[];
    }
  ).frames;

/** Scales every window's proportions in [from, to) (another face with a wider jaw, longer nose). */
function otherFace(ws: GeomWindow[], from: number, to: number, every = 1): GeomWindow[] {
  return ws.map((w, i) =>
    i >= from && i < to && (i - from) % every === 0
      ? { ...w, geom: { ...w.geom, ratios: w.geom.ratios.map((r, k) => r * (1 + 0.08 * (k + 1))) } }
      : w,
  );
}

function geomWindows(frames: FrameFeatures[]): GeomWindow[] {
  const s = new SessionState();
  for (const w of windowize(frames, null)) s.add(w);
  return s.faceSwap.geom;
}

describe('assessGeometry equals the previous implementation', () => {
  const genuine = geomWindows(genuineSession(120_000));
  const sequences: Record<string, GeomWindow[]> = {
    'recorded genuine head turns': geomWindows(fixture('genuine-head-turns.json')),
    'synthetic genuine, 2 min': genuine,
    'synthetic photo, 1 min': geomWindows(photoSession(60_000)),
    'genuine with another face for 20 s': otherFace(genuine, 40, 60),
    'genuine with another face every third second': otherFace(genuine, 10, 110, 3),
    'genuine with two takeovers': otherFace(otherFace(genuine, 20, 24), 70, 90),
    'genuine with a 3-s gap inside a takeover': otherFace(
      genuine.map((w, i) =>
        i >= 50 ? { ...w, startMs: w.startMs + 3000, endMs: w.endMs + 3000 } : w,
      ),
      45,
      55,
    ),
  };
  for (const [name, ws] of Object.entries(sequences))
    test(name, () => {
      expect(ws.length).toBeGreaterThan(5);
      let findings = 0;
      // as SessionState feeds it (one array that grows), and as fresh arrays of every prefix
      const growing: GeomWindow[] = [];
      for (let n = 1; n <= ws.length; n++) {
        growing.push(ws[n - 1]!);
        const want = reference(growing);
        const got = assessGeometry(growing);
        expect(got).toEqual(want);
        expect(assessGeometry(ws.slice(0, n))).toEqual(want);
        if (got.finding) findings++;
      }
      if (name.includes('another face')) expect(findings).toBeGreaterThan(0);
    });
  test('a long session (20,000 windows, the session cap) at its end', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => {
      const w = genuine[i % genuine.length]!;
      return { ...w, startMs: i * 1000, endMs: i * 1000 + 1000 };
    });
    for (const ws of [long, otherFace(long, 5_000, 5_040), otherFace(long, 0, 20_000, 7)])
      expect(assessGeometry(ws)).toEqual(reference(ws));
  });
});
