import 'server-only';
import { trailingBlinkRate } from '@/lib/analysis/blink-rate';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { forEachSliced, mapSliced, yieldToLoop } from '../cooperative/slices';
import type { TPlotRow } from '../evidence/engine-projections';

/** Plot series of the main signals, one point per stored trusted window (rows: lib/server/evidence). */

export type TPoint = [number, number | null];
export interface TPlotData {
  startMs: number;
  endMs: number;
  faces: TPoint[];
  yaw: TPoint[];
  yawRange: Array<[number, number, number]>;
  blinkRate: TPoint[];
  blinkEvents: number[];
  planar: TPoint[];
  antiSpoof: TPoint[];
}

const mid = (r: TPlotRow) => (r.startMs + r.endMs) / 2;

/** Face count the engine would act on: none for most of the window, several for a good part of it, else one. */
function faceCount(r: TPlotRow): number | null {
  if (r.frames === 0) return null;
  if (r.face.none / r.frames > 0.5) return 0;
  if (r.face.multi / r.frames > 0.3) return Math.max(2, r.face.maxCount);
  return 1;
}

export function buildPlotData(rows: readonly TPlotRow[]): TPlotData {
  const blinkEvents = rows.flatMap((r) => r.blinks);
  return {
    startMs: rows[0]?.startMs ?? 0,
    endMs: rows[rows.length - 1]?.endMs ?? 0,
    faces: rows.map((r) => [mid(r), faceCount(r)]),
    yaw: rows.map((r) => [mid(r), r.yaw ? r.yaw[0] : null]),
    yawRange: rows.flatMap((r) =>
      r.yaw ? [[mid(r), r.yaw[2], r.yaw[3]] as [number, number, number]] : [],
    ),
    // Blinks per minute over the trailing 30 s (conversation: roughly 10–25).
    blinkRate: trailingBlinkRate(rows, blinkEvents),
    blinkEvents,
    planar: rows.map((r) => [
      mid(r),
      r.planar.informative > 0 ? r.planar.planar / r.planar.informative : null,
    ]),
    antiSpoof: rows.map((r) => [mid(r), r.antiSpoof ? r.antiSpoof.mean : null]),
  };
}

/** Rows per blink-rate slice (each slice sorts the session's blink times once: a few ms). */
const BLINK_SLICE = 2000;

/**
 * buildPlotData in slices that give the event loop back (cooperative/slices.ts): a six-hour
 * session has 21,600 rows, and building every series in one go blocked the loop. Same result.
 */
export async function buildPlotDataSliced(rows: readonly TPlotRow[]): Promise<TPlotData> {
  const blinkEvents: number[] = [];
  await forEachSliced(rows, (r) => {
    for (const b of r.blinks) blinkEvents.push(b);
  });
  const faces = await mapSliced(rows, (r): TPoint => [mid(r), faceCount(r)]);
  const yaw = await mapSliced(rows, (r): TPoint => [mid(r), r.yaw ? r.yaw[0] : null]);
  const yawRange: Array<[number, number, number]> = [];
  await forEachSliced(rows, (r) => {
    if (r.yaw) yawRange.push([mid(r), r.yaw[2], r.yaw[3]]);
  });
  const blinkRate: TPoint[] = [];
  const first = rows[0]?.startMs ?? 0;
  for (let i = 0; i < rows.length; i += BLINK_SLICE) {
    const part = trailingBlinkRate(
      rows.slice(i, i + BLINK_SLICE),
      blinkEvents,
      undefined,
      undefined,
      first,
    );
    for (const p of part) blinkRate.push(p);
    await yieldToLoop();
  }
  const planar = await mapSliced(rows, (r): TPoint => [
    mid(r),
    r.planar.informative > 0 ? r.planar.planar / r.planar.informative : null,
  ]);
  const antiSpoof = await mapSliced(rows, (r): TPoint => [
    mid(r),
    r.antiSpoof ? r.antiSpoof.mean : null,
  ]);
  return {
    startMs: rows[0]?.startMs ?? 0,
    endMs: rows[rows.length - 1]?.endMs ?? 0,
    faces,
    yaw,
    yawRange,
    blinkRate,
    blinkEvents,
    planar,
    antiSpoof,
  };
}

/** Thresholds drawn on the plots, from the same versioned config the verdict used. */
export const PLOT_THRESHOLDS = {
  planarShare: FUSION_CONFIG.planar.hardPlanarShare,
  antiSpoofLive: FUSION_CONFIG.antiSpoof.liveAbove,
  profileYaw: 60,
};
