import { FUSION_CONFIG } from '../fusion-config';
import { clock, median, quantile, ramp } from '../math/stats';
import type { GeomWindow } from '../session-face-swap';
import { uninformative, type Assessment } from '../assessment';

/**
 * Identity stability of the inner face from landmark geometry (a proxy until a face embedding is
 * available): the proportions of a person's face (face and jaw width, nose length, upper-face
 * height, eye widths over the inter-ocular distance) do not change during a call. A sustained
 * change means a different face: another person, or a swap that drops in and out.
 * A landmark swap warped onto the talker's own landmarks keeps the talker's proportions, so this
 * proxy does not see a steady swap; it sees a change of face.
 */

const cfg = FUSION_CONFIG.faceSwap;
/** Windows need this many near-frontal frames to count. */
const MIN_FRAMES = 3;

/** Median relative deviation of a window's ratios from the session's reference ratios. */
export function geometryDistance(ratios: readonly number[], ref: readonly number[]): number {
  const d = ratios.map((r, i) => {
    const m = ref[i] ?? 0;
    return m > 0 ? Math.abs(r - m) / m : 0;
  });
  return median(d);
}

/** Longest run of consecutive windows (no gap over 2 s) at or over `limit`. */
function longestRun(ws: ReadonlyArray<GeomWindow & { d: number }>, limit: number): GeomWindow[] {
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

export function assessGeometry(windows: readonly GeomWindow[]): Assessment {
  const ws = windows.filter((w) => w.geom.n >= MIN_FRAMES);
  if (ws.length < cfg.minWindows * 2)
    return uninformative('geometry', 'too few near-frontal seconds to compare face proportions');
  const dims = ws[0]?.geom.ratios.length ?? 0;
  const ref = Array.from({ length: dims }, (_, i) => median(ws.map((w) => w.geom.ratios[i] ?? 0)));
  const scored = ws.map((w) => ({ ...w, d: geometryDistance(w.geom.ratios, ref) }));
  const value = quantile(
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
  const run = longestRun(scored, cfg.geometryStrong);
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
