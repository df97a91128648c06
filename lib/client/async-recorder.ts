'use client';
import * as tus from 'tus-js-client';

/**
 * One take of an async answer: MediaRecorder (webm, VP8/VP9 + Opus) fed into a tus upload WHILE
 * recording. The recorder's blobs go into a ReadableStream that tus-js-client reads in fixed-size
 * chunks (upload length deferred until the recorder stops). A failed request (offline, server
 * restart) is retried with backoff for as long as the take lasts plus a few minutes: tus asks the
 * server for its offset (HEAD) and continues from there, so no byte is sent twice or lost. The
 * bytes not yet acknowledged by the server stay in this tab's memory: a reload loses them, and
 * that take has to be recorded again (it does not count as a retake; see README "Async
 * interviews").
 */

/**
 * tus PATCH size: about a second of video at the recorder's bitrate, so the server holds all but
 * the last second or so while recording (and a dropped connection loses little); ≤ its 4 MiB cap.
 */
export const UPLOAD_CHUNK_BYTES = 128 * 1024;
/** MediaRecorder timeslice: a blob per second keeps the upload close behind the recording. */
const TIMESLICE_MS = 1000;
/** Video bitrate asked of the recorder (the server caps an answer at 4 Mbit/s on average). */
const VIDEO_BPS = 1_200_000;
/** Retry delays (ms): quick first tries, then every 4 s for about 10 minutes. */
const RETRY_DELAYS = [0, 1000, 2000, 3000, ...Array.from({ length: 150 }, () => 4000)];

export type TUploadState = 'starting' | 'uploading' | 'retrying' | 'complete' | 'failed';

export interface TTakeProgress {
  state: TUploadState;
  /** bytes the recorder produced so far */
  recordedBytes: number;
  /** bytes the server acknowledged */
  uploadedBytes: number;
  /** final size once the recorder stopped */
  totalBytes: number | null;
  /** the server's message of the last refused request (retrying) or of the final failure */
  error: string | null;
}

export interface TTake {
  /** stops the recorder; the upload finishes the remaining bytes */
  stop: () => void;
  /** resolves when the server holds the whole recording; rejects with a readable message */
  done: Promise<void>;
  /** performance.now() when the recorder started (the recording's time 0 on this page) */
  startedAt: number;
}

/** The best webm type this browser records (VP9 or VP8 with Opus), or null when none. */
export function recordingMimeType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  const types = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];
  return types.find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

/** Status codes worth retrying: no answer at all, server errors, a lock, a rate limit, a conflict. */
function retryable(err: tus.DetailedError, attempt: number): boolean {
  const status = err.originalResponse?.getStatus() ?? 0;
  // 409: an offset mismatch heals after one HEAD; a replaced or finished take never does
  if (status === 409) return attempt < 2;
  return status === 0 || status >= 500 || status === 423 || status === 429;
}

function serverMessage(err: Error): string {
  const body = (err as tus.DetailedError).originalResponse?.getBody();
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string } };
      if (parsed.error?.message) return parsed.error.message;
    } catch {
      // not JSON: tus's own plain-text error
    }
    return body.trim().slice(0, 200);
  }
  return 'The upload could not be completed.';
}

export function startTake(opts: {
  token: string;
  answerId: string;
  stream: MediaStream;
  maxBytes: number;
  onProgress: (p: TTakeProgress) => void;
}): TTake {
  const mimeType = recordingMimeType();
  if (!mimeType)
    throw new Error('This browser cannot record webm video. Use Chrome, Edge or Firefox.');
  const progress: TTakeProgress = {
    state: 'starting',
    recordedBytes: 0,
    uploadedBytes: 0,
    totalBytes: null,
    error: null,
  };
  const emit = (patch: Partial<TTakeProgress>) => {
    Object.assign(progress, patch);
    opts.onProgress({ ...progress });
  };

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const source = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const recorder = new MediaRecorder(opts.stream, {
    mimeType,
    videoBitsPerSecond: VIDEO_BPS,
    audioBitsPerSecond: 64_000,
  });
  // Blobs are converted in order (arrayBuffer() of successive blobs may resolve out of order).
  let queue = Promise.resolve();
  recorder.ondataavailable = (e) => {
    const blob = e.data;
    queue = queue.then(async () => {
      if (blob.size === 0) return;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      controller.enqueue(bytes);
      emit({ recordedBytes: progress.recordedBytes + bytes.byteLength });
      // the server refuses a recording over the answer's limit: stop a little before it
      if (progress.recordedBytes > opts.maxBytes * 0.95 && recorder.state !== 'inactive') {
        recorder.stop();
      }
    });
  };
  recorder.onstop = () => {
    queue = queue.then(() => {
      controller.close();
      emit({ totalBytes: progress.recordedBytes });
    });
  };

  let resolveDone!: () => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  const upload = new tus.Upload(source.getReader(), {
    endpoint: '/api/uploads',
    headers: { 'Candor-Invite': opts.token },
    metadata: { answerId: opts.answerId, filetype: mimeType },
    chunkSize: UPLOAD_CHUNK_BYTES,
    uploadLengthDeferred: true,
    storeFingerprintForResuming: false,
    retryDelays: RETRY_DELAYS,
    onShouldRetry: (err, attempt) => {
      const again = retryable(err, attempt);
      const status = err.originalResponse?.getStatus() ?? 0;
      if (again) emit({ state: 'retrying', error: status ? serverMessage(err) : null });
      return again;
    },
    onChunkComplete: (_size, accepted) =>
      emit({ state: 'uploading', uploadedBytes: accepted, error: null }),
    onSuccess: () => {
      emit({ state: 'complete', uploadedBytes: progress.totalBytes ?? progress.uploadedBytes });
      resolveDone();
    },
    onError: (err) => {
      const message = serverMessage(err);
      emit({ state: 'failed', error: message });
      if (recorder.state !== 'inactive') recorder.stop();
      rejectDone(new Error(message));
    },
  });
  recorder.start(TIMESLICE_MS);
  const startedAt = performance.now();
  upload.start();
  return {
    startedAt,
    done,
    stop: () => {
      if (recorder.state !== 'inactive') recorder.stop();
    },
  };
}
