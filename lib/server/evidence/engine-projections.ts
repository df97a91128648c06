import 'server-only';
import { z } from 'zod';
import { parseSliced, yieldToLoop } from '../cooperative/slices';
import { db } from '../db';
import { SESSION_CAPS } from '../session-quota';

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

const PLOT_PAGE = 2000;

/** Read in keyset pages ((startMs, id) order) and validated in slices that yield to the event loop. */
export async function loadPlotRows(sessionId: string): Promise<TPlotRow[]> {
  const out: TPlotRow[] = [];
  let after: { startMs: number; id: string } | null = null;
  for (let read = 0; read < SESSION_CAPS.engineWindows;) {
    const limit = Math.min(PLOT_PAGE, SESSION_CAPS.engineWindows - read);
    const rows: Array<{ p: unknown; id: string; s: number }> = await db.$queryRaw`
      SELECT jsonb_build_object(
        'startMs', v->'startMs', 'endMs', v->'endMs', 'frames', v->'frames', 'face', v->'face',
        'yaw', v#>'{pose,yaw}',
        'blinks', coalesce((SELECT jsonb_agg((v->>'startMs')::float8 + e::float8) FROM jsonb_array_elements_text(v#>'{blink,events}') e), '[]'::jsonb),
        'planar', v->'planar', 'antiSpoof', v->'antiSpoof') AS p, id, s
      FROM (SELECT "values" AS v, id, ("values"->>'startMs')::float8 AS s FROM "SignalWindow"
            WHERE "sessionId" = ${sessionId} AND "kind" = 'ENGINE' AND "source" = 'TRUSTED') w
      WHERE ${after === null} OR (s, id) > (${after?.startMs ?? 0}::float8, ${after?.id ?? ''})
      ORDER BY s, id LIMIT ${limit}`;
    read += rows.length;
    out.push(
      ...(await parseSliced(
        rows.map((r) => r.p),
        ZPlotRow,
      )),
    );
    const lastRow = rows[rows.length - 1];
    if (rows.length < limit || !lastRow) break;
    after = { startMs: lastRow.s, id: lastRow.id };
    await yieldToLoop();
  }
  return out;
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
