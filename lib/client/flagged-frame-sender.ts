import { ZFlaggedFrameRecord } from '@/lib/schemas/flagged';
import type { TFlaggedMoment } from './flagged-moments';
import { postRoomApi, RoomApiError } from './room-api';
import { blobToBase64 } from './thumb-ring';

/**
 * Posts still frames at flagged moments to POST /api/sessions/[id]/flagged-frames, one at a time.
 * A frame waits while the session id is unknown or the server is unreachable and is retried (the
 * route is idempotent on rule and frame time); a refusal (cap reached, session closed, biometric
 * data deleted, bad frame) drops it. At most `MAX_PENDING` frames wait.
 */

const RETRY_MS = 3000;
const MAX_TRIES = 20;
const MAX_PENDING = 20;

interface TPending {
  moment: TFlaggedMoment;
  at: Date;
  blob: Blob;
  tries: number;
}

export interface TFlaggedFrameSender {
  push(moment: TFlaggedMoment, at: Date, blob: Blob): void;
  stop(): void;
}

export function createFlaggedFrameSender(sessionId: () => string | null): TFlaggedFrameSender {
  const pending: TPending[] = [];
  let busy = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const later = () => {
    if (!stopped && !timer) timer = setTimeout(() => ((timer = null), void pump()), RETRY_MS);
  };

  async function sendOne(p: TPending, id: string): Promise<void> {
    await postRoomApi(
      `/api/sessions/${encodeURIComponent(id)}/flagged-frames`,
      {
        code: p.moment.code,
        severity: p.moment.severity,
        at: p.at.toISOString(),
        jpegBase64: await blobToBase64(p.blob),
      },
      ZFlaggedFrameRecord,
    );
  }

  async function pump(): Promise<void> {
    if (busy || stopped) return;
    busy = true;
    try {
      while (pending.length > 0 && !stopped) {
        const p = pending[0]!;
        const id = sessionId();
        if (!id) return later();
        try {
          await sendOne(p, id);
          pending.shift();
        } catch (err) {
          const retry = err instanceof RoomApiError ? err.transient : true;
          // session_closed: the frame belongs to the closed session, which takes no more writes.
          const closed = err instanceof RoomApiError && err.code === 'session_closed';
          if (retry && !closed && ++p.tries < MAX_TRIES) return later();
          console.warn('[flagged-frames] dropped', p.moment.code, err);
          pending.shift();
        }
      }
    } finally {
      busy = false;
    }
  }

  return {
    push(moment, at, blob) {
      if (stopped || pending.length >= MAX_PENDING) return;
      pending.push({ moment, at, blob, tries: 0 });
      void pump();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
