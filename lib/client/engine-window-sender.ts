import {
  ZEngineBatchResult,
  type TEngineBatchResult,
  type TEngineWindow,
} from '@/lib/schemas/live-analysis';
import type { TWindowSignals } from '@/lib/schemas/signals';
import { createBatchQueue } from './batch-queue';
import { postRoomApi, RoomApiError } from './room-api';

/**
 * Posts the live engine windows to POST /api/sessions/[id]/windows through the idempotent batch
 * queue: a batch keeps its id and windows until the server accepted it, so reconnects, timeouts and
 * offline stretches neither duplicate nor lose windows. While the server is unreachable, windows are
 * batched only in full batches (12), so the bounded queue holds ~12 minutes of windows.
 */

const FLUSH_MS = 2000;
const FULL_BATCH = 12;

export interface TEngineWindowSender {
  push(w: TWindowSignals, at: Date): void;
  /** Sends everything (room end); resolves when the queue is empty or the server is unreachable. */
  close(): Promise<void>;
}

/**
 * `sessionId` is read at every send, so the sender follows the page's current session. When the
 * server answers 409 session_closed (the room closed and reopened while the page stayed open), the
 * batch is kept, `onSessionClosed` tells the page to look up the new session, and the same batch is
 * sent there: the server never writes into a closed session and no window is lost.
 */
export function createEngineWindowSender(
  sessionId: () => string | null,
  onStored?: (r: TEngineBatchResult) => void,
  onSessionClosed?: (closedId: string) => void,
): TEngineWindowSender {
  let healthy = true;
  const queue = createBatchQueue<TEngineWindow>(
    async (batch) => {
      const id = sessionId();
      // Not known yet (LiveKit's webhook opens the session): keep the batch for the next try.
      if (!id) throw new RoomApiError(0, 'no_open_session', 'session not known yet');
      try {
        const stored = await postRoomApi(
          `/api/sessions/${encodeURIComponent(id)}/windows`,
          { clientBatchId: batch.batchId, windows: batch.windows },
          ZEngineBatchResult,
        );
        healthy = true;
        onStored?.(stored);
      } catch (err) {
        healthy = false;
        if (err instanceof RoomApiError && err.code === 'session_closed') onSessionClosed?.(id);
        const permanent =
          err instanceof RoomApiError && !err.transient && err.status >= 400 && err.status < 500;
        throw permanent ? { retry: false, err } : err;
      }
    },
    (err) => console.warn('[windows]', err),
  );

  let unsealed = 0;
  const flush = () => {
    unsealed = 0;
    return queue.flush();
  };
  const tick = () => void (healthy || unsealed >= FULL_BATCH ? flush() : queue.retry());
  const timer = setInterval(tick, FLUSH_MS);
  const online = () => void flush();
  window.addEventListener('online', online);

  return {
    push(w, at) {
      unsealed++;
      queue.push({ at: at.toISOString(), signals: w });
    },
    async close() {
      clearInterval(timer);
      window.removeEventListener('online', online);
      await flush();
      queue.stop();
    },
  };
}
