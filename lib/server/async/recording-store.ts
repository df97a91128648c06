import 'server-only';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingStore } from './analysis-queue';

/**
 * Stand-in for s3-async's lib/server/async/storage.ts (same contract, local folder only) until
 * that module is merged: `<CANDOR_RECORDINGS_DIR or <CANDOR_DATA_DIR or .data>/recordings>/<key>`.
 * At merge, scripts/worker.ts passes storage.ts's materializeRecording instead (S3 included).
 */
const KEY = /^[A-Za-z0-9._-]{1,128}$/;

export function recordingsDir(): string {
  return path.resolve(
    process.env.CANDOR_RECORDINGS_DIR ??
      path.join(process.env.CANDOR_DATA_DIR ?? '.data', 'recordings'),
  );
}

export const localRecordingStore: RecordingStore = {
  async materializeRecording(storageKey) {
    if (!KEY.test(storageKey) || storageKey.startsWith('.')) throw new Error('not a recording key');
    const file = path.join(recordingsDir(), storageKey);
    await stat(file);
    return { path: file, cleanup: async () => undefined };
  },
};
