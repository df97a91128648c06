import 'server-only';
import { z } from 'zod';
import { trailingBlinkRate } from '@/lib/analysis/blink-rate';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { db } from '../db';
import { MAX_ENGINE_WINDOWS_PER_SESSION } from '../session-verdict';

/**
 * Plot series of the main signals, one point per stored trusted window. The windows are projected
 * in SQL to the few fields the plots need (hashes and colour series stay in the database), so a
 * report view reads a few hundred bytes per window instead of kilobytes.
 */

const num = z.number().finite();
const ZPlotRow = z.object({
  startMs: num,
  endMs: num,
  frames: z.number().int().min(0),
  face: z.object({ one: num, none: num, multi: num, maxCount: num }),
  yaw: z.tuple([num, num, num, num]).nullable(),
  blinks: z.array(num).max(64),
  planar: z.object({ informative: num, planar: num }),
  antiSpoof: z.object({ mean: num, min: num }).nullable(),
});
type TPlotRow = z.infer<typeof ZPlotRow>;

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

export async function loadPlotRows(sessionId: string): Promise<TPlotRow[]> {
  const rows = await db.$queryRaw<Array<{ p: unknown }>>`
    SELECT jsonb_build_object(
      'startMs', v->'startMs', 'endMs', v->'endMs', 'frames', v->'frames', 'face', v->'face',
      'yaw', v#>'{pose,yaw}',
      'blinks', coalesce((SELECT jsonb_agg((v->>'startMs')::float8 + e::float8) FROM jsonb_array_elements_text(v#>'{blink,events}') e), '[]'::jsonb),
      'planar', v->'planar', 'antiSpoof', v->'antiSpoof') AS p
    FROM (SELECT "values" AS v, "windowStart" FROM "SignalWindow"
          WHERE "sessionId" = ${sessionId} AND "source" = 'TRUSTED' AND NOT ("values" ? 'kind')) w
    ORDER BY (v->>'startMs')::float8 LIMIT ${MAX_ENGINE_WINDOWS_PER_SESSION}`;
  return rows.flatMap((r) => {
    const parsed = ZPlotRow.safeParse(r.p);
    return parsed.success ? [parsed.data] : [];
  });
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

/** Thresholds drawn on the plots, from the same versioned config the verdict used. */
export const PLOT_THRESHOLDS = {
  planarShare: FUSION_CONFIG.planar.hardPlanarShare,
  antiSpoofLive: FUSION_CONFIG.antiSpoof.liveAbove,
  profileYaw: 60,
};
