import 'server-only';
import { db } from './db';
import { roomService } from './livekit';
import {
  closeOrphanSession,
  finalizeSession,
  openLiveSessions,
  staleVerdictSessions,
} from './session-lifecycle';

/**
 * The reconciler repairs what a lost webhook or a crash leaves behind: it closes OPEN sessions whose
 * LiveKit room no longer exists (a lost `room_finished`) and recomputes stale final verdicts. It runs
 * every CANDOR_RECONCILE_INTERVAL_S in each app process (instrumentation.ts) and on demand
 * (`npm run reconcile`); a PostgreSQL advisory lock held for the pass lets one instance work at a time.
 */

/** A session is this old before a missing room counts (its room may still be being created). */
export const OPEN_GRACE_MS = 2 * 60_000;
/** Stale verdicts are looked for among sessions that ended this recently. */
const STALE_WINDOW_MS = 7 * 24 * 3600_000;
const LOCK_KEY = 'candor:reconciler';
const PASS_TIMEOUT_MS = 5 * 60_000;

export type TReconcileResult = { ran: boolean; closed: number; recomputed: number };

/** The names of the rooms LiveKit has now; throws when LiveKit cannot be asked (then nothing is closed). */
export type TListRoomNames = () => Promise<Set<string>>;

const liveRoomNames: TListRoomNames = async () =>
  new Set((await roomService().listRooms()).map((r) => r.name));

async function onePass(listRooms: TListRoomNames, graceMs: number, now: Date) {
  // Sessions first, rooms second: a room created in between is seen as existing, never as gone.
  const open = await openLiveSessions(graceMs);
  let closed = 0;
  if (open.length > 0) {
    const rooms = await listRooms();
    for (const s of open) {
      if (!rooms.has(s.interview.roomName) && (await closeOrphanSession(s.id, now))) closed++;
    }
  }
  let recomputed = 0;
  for (const id of await staleVerdictSessions(STALE_WINDOW_MS)) {
    if (await finalizeSession(id)) recomputed++;
  }
  return { closed, recomputed };
}

/** One reconcile pass, or `ran: false` when another instance holds the lock. */
export async function reconcileSessions(
  opts: { listRooms?: TListRoomNames; graceMs?: number } = {},
): Promise<TReconcileResult> {
  const listRooms = opts.listRooms ?? liveRoomNames;
  const graceMs = opts.graceMs ?? OPEN_GRACE_MS;
  // The lock lives as long as this transaction (one pooled connection); the work uses other connections.
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<Array<{ ok: boolean }>>`
        SELECT pg_try_advisory_xact_lock(hashtext(${LOCK_KEY})) AS ok`;
      if (!lock?.ok) return { ran: false, closed: 0, recomputed: 0 };
      return { ran: true, ...(await onePass(listRooms, graceMs, new Date())) };
    },
    { timeout: PASS_TIMEOUT_MS, maxWait: 10_000 },
  );
}

/** Starts the periodic reconciler in this process (idempotent); `intervalS` 0 disables it. */
export function startReconciler(intervalS: number): void {
  const g = globalThis as unknown as { candorReconciler?: NodeJS.Timeout };
  if (intervalS <= 0 || g.candorReconciler) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await reconcileSessions();
      if (r.closed || r.recomputed)
        console.log(
          `[reconcile] closed ${r.closed} session(s), recomputed ${r.recomputed} verdict(s)`,
        );
    } catch (err) {
      console.error('[reconcile] pass failed', err instanceof Error ? err.message : err);
    } finally {
      running = false;
    }
  };
  g.candorReconciler = setInterval(() => void tick(), intervalS * 1000);
  g.candorReconciler.unref();
}
