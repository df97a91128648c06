import 'server-only';
import { z } from 'zod';
import { db } from '../db';

/**
 * Part of the session evidence reader (see load-session-evidence.ts): projections of the engine
 * windows that the report needs in bulk, computed in SQL so a report view reads a few hundred bytes
 * per window instead of kilobytes (hashes and colour series stay in the database).
 */

const num = z.number().finite();
export const ZPlotRow = z.object({
  startMs: num,
  endMs: num,
  frames: z.number().int().min(0),
  face: z.object({ one: num, none: num, multi: num, maxCount: num }),
  yaw: z.tuple([num, num, num, num]).nullable(),
  blinks: z.array(num).max(64),
  planar: z.object({ informative: num, planar: num }),
  antiSpoof: z.object({ mean: num, min: num }).nullable(),
});
export type TPlotRow = z.infer<typeof ZPlotRow>;

export async function loadPlotRows(sessionId: string): Promise<TPlotRow[]> {
  const rows = await db.$queryRaw<Array<{ p: unknown }>>`
    SELECT jsonb_build_object(
      'startMs', v->'startMs', 'endMs', v->'endMs', 'frames', v->'frames', 'face', v->'face',
      'yaw', v#>'{pose,yaw}',
      'blinks', coalesce((SELECT jsonb_agg((v->>'startMs')::float8 + e::float8) FROM jsonb_array_elements_text(v#>'{blink,events}') e), '[]'::jsonb),
      'planar', v->'planar', 'antiSpoof', v->'antiSpoof') AS p
    FROM (SELECT "values" AS v, "windowStart" FROM "SignalWindow"
          WHERE "sessionId" = ${sessionId} AND "kind" = 'ENGINE' AND "source" = 'TRUSTED') w
    ORDER BY (v->>'startMs')::float8`;
  return rows.flatMap((r) => {
    const parsed = ZPlotRow.safeParse(r.p);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface TEngineAggregate {
  source: 'TRUSTED' | 'CANDIDATE';
  windows: number;
  frames: number;
  noFace: number;
  antiSpoof: number | null;
}

/** Face and anti-spoof totals of the engine windows, per side (a candidate-side engine is untrusted). */
export function loadEngineAggregates(sessionId: string): Promise<TEngineAggregate[]> {
  return db.$queryRaw<TEngineAggregate[]>`
    SELECT "source"::text AS source, count(*)::int AS windows,
      coalesce(sum(("values"->>'frames')::int), 0)::int AS frames,
      coalesce(sum(("values"#>>'{face,none}')::int), 0)::int AS "noFace",
      avg(("values"#>>'{antiSpoof,mean}')::float8) AS "antiSpoof"
    FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND "kind" = 'ENGINE' GROUP BY "source"`;
}
