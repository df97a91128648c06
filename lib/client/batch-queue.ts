import { newBatchId } from './device-facts';

/**
 * An at-least-once sender for signal windows that the server stores exactly once. Windows are
 * grouped into batches; a batch gets its id when it is formed and is resent verbatim (same id,
 * same windows) until the server accepts it, so a retry after a timeout or a reconnect can neither
 * duplicate rows (the server skips known (batch, windowStart) keys) nor lose them (nothing is
 * dropped before a 2xx). Framework-free; the caller supplies the transport.
 */

export interface TBatch<W> {
  batchId: string;
  windows: W[];
}

/** Resolves on success; rejects with { retry: false } for answers that retrying cannot fix. */
export type TSend<W> = (batch: TBatch<W>) => Promise<void>;

export interface TBatchQueue<W> {
  push(window: W): void;
  /** Forms a batch of what is pending and tries to send everything queued. */
  flush(): Promise<void>;
  /** Resends what is already batched without sealing new windows (during an outage, so batches stay full). */
  retry(): Promise<void>;
  pendingWindows(): number;
  stop(): void;
}

const MAX_WINDOWS_PER_BATCH = 12;
const MAX_QUEUED_BATCHES = 60;

export function createBatchQueue<W>(
  send: TSend<W>,
  onError?: (err: unknown) => void,
): TBatchQueue<W> {
  let pending: W[] = [];
  const queue: TBatch<W>[] = [];
  let sending = false;
  let stopped = false;

  function seal(): void {
    while (pending.length > 0) {
      queue.push({ batchId: newBatchId(), windows: pending.slice(0, MAX_WINDOWS_PER_BATCH) });
      pending = pending.slice(MAX_WINDOWS_PER_BATCH);
    }
    // Bounded memory during a long outage: the oldest windows go first.
    while (queue.length > MAX_QUEUED_BATCHES) queue.shift();
  }

  async function drain(): Promise<void> {
    if (sending || stopped) return;
    sending = true;
    try {
      for (let head = queue[0]; head && !stopped; head = queue[0]) {
        try {
          await send(head);
          queue.shift();
        } catch (err) {
          onError?.(err);
          if (isPermanent(err)) queue.shift();
          else return; // keep the batch, same id, for the next flush
        }
      }
    } finally {
      sending = false;
    }
  }

  return {
    push(window) {
      if (!stopped) pending.push(window);
    },
    async flush() {
      seal();
      await drain();
    },
    retry: () => drain(),
    pendingWindows: () => pending.length + queue.reduce((n, b) => n + b.windows.length, 0),
    stop() {
      stopped = true;
    },
  };
}

function isPermanent(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'retry' in err &&
    (err as { retry: unknown }).retry === false
  );
}
