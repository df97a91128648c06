/**
 * npm run worker — analyses async interview answers (pg-boss queue in the app's PostgreSQL; see
 * lib/server/async/analysis-queue.ts and the README's "Async analysis worker"). Start as many as
 * you like, on as many machines as you like, all with the same DATABASE_URL (and access to the
 * recordings store). Uses DATABASE_URL; without it, the embedded database of `npm run app`.
 */
import path from 'node:path';
import { startAnalysisWorker } from '../lib/server/async/analysis-queue';
import { UnreadableRecordingError } from '../lib/server/async/answer-analysis';
import { materializeRecording } from '../lib/server/async/storage';
import { createRecordingEngine } from './harness/recording-analyzer';
import { ensureSecrets } from './stack/secrets';

if (!process.env.DATABASE_URL) {
  const { postgresPassword } = ensureSecrets(path.resolve(process.env.CANDOR_DATA_DIR ?? '.data'));
  process.env.DATABASE_URL = `postgresql://candor:${encodeURIComponent(postgresPassword)}@127.0.0.1:54329/candor`;
}

const engine = await createRecordingEngine({
  onUnreadable: (e) =>
    new UnreadableRecordingError(
      `The recording is not a readable video (${(e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 160)})`,
    ),
});
const worker = await startAnalysisWorker({
  analyzer: engine.analyze,
  store: { materializeRecording },
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing the current job, then stopping`);
  await worker.stop();
  await engine.close();
  process.exit(0);
};
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => void stop(s));
