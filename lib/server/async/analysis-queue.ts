import 'server-only';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { db } from '../db';
import { serverEnv } from '../env';
import {
  claimAnswer,
  failAnswer,
  reportProgress,
  sessionAnalysisComplete,
  storeAnswerAnalysis,
  UnreadableRecordingError,
  type RecordingAnalyzer,
} from './answer-analysis';
import { finalizeSession } from '../session-lifecycle';
import { challengeSpans } from './answer-challenges';

/**
 * The async-answer analysis queue: pg-boss in the app's own PostgreSQL (schema `pgboss`), so any
 * number of `npm run worker` processes on any number of machines pointing at one DATABASE_URL
 * share it (pg-boss fetches with SELECT … FOR UPDATE SKIP LOCKED: each job goes to one worker).
 *
 * - Sweeper: every CANDOR_ASYNC_SWEEP_S each worker enqueues the UPLOADED answers (singletonKey =
 *   answerId on a `stately` queue: at most one queued job per answer however many workers sweep),
 *   so an upload whose app died before anything was enqueued is still analysed.
 * - Retries with exponential backoff (retryLimit, retryDelay); an unreadable file is not retried:
 *   the answer ends FAILED with a readable reason.
 * - A worker killed mid-job: its job stays `active` until its expiry (scaled to the recording's
 *   length), then pg-boss's supervisor fails it and the retry goes to any live worker, which
 *   re-claims the ANALYSING answer and runs it from the start (idempotent writes).
 */

export const QUEUE = 'async-answer-analysis';

const ZJob = z.object({ answerId: z.string().min(1).max(64) });

const ZWorkerEnv = z.object({
  CANDOR_ASYNC_SWEEP_S: z.coerce.number().min(1).max(3600).default(5),
  CANDOR_ASYNC_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(3),
  CANDOR_ASYNC_RETRY_DELAY_S: z.coerce.number().int().min(1).max(3600).default(15),
  /** job expiry = base + factor × recording length (a job running past it is presumed dead) */
  CANDOR_ASYNC_EXPIRE_BASE_S: z.coerce.number().int().min(5).max(3600).default(120),
  CANDOR_ASYNC_EXPIRE_FACTOR: z.coerce.number().min(0.5).max(50).default(4),
  /** how often pg-boss looks for expired jobs */
  CANDOR_ASYNC_SUPERVISE_S: z.coerce.number().int().min(1).max(600).default(30),
  CANDOR_ASYNC_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
});
export type TWorkerConfig = z.infer<typeof ZWorkerEnv>;
export const workerConfig = (): TWorkerConfig => ZWorkerEnv.parse(process.env);

export async function startBoss(cfg: TWorkerConfig = workerConfig()): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: serverEnv().DATABASE_URL,
    schema: 'pgboss',
    application_name: 'candor-worker',
    max: 4,
    maintenanceIntervalSeconds: cfg.CANDOR_ASYNC_SUPERVISE_S,
  });
  boss.on('error', (e) => console.error('[worker] pg-boss:', e));
  await boss.start();
  await boss.createQueue(QUEUE, {
    name: QUEUE,
    policy: 'stately',
    retryLimit: cfg.CANDOR_ASYNC_RETRY_LIMIT,
    retryDelay: cfg.CANDOR_ASYNC_RETRY_DELAY_S,
    retryBackoff: true,
  });
  return boss;
}

/** Enqueues every UPLOADED answer without a pending job; returns how many were newly queued. */
export async function sweepUploaded(boss: PgBoss, cfg: TWorkerConfig): Promise<number> {
  const answers = await db.asyncAnswer.findMany({
    where: { status: 'UPLOADED', storageKey: { not: null }, recordingDeletedAt: null },
    select: { id: true, durationMs: true },
    orderBy: { uploadedAt: 'asc' },
    take: 200,
  });
  let queued = 0;
  for (const a of answers) {
    const lengthS = (a.durationMs ?? 10 * 60_000) / 1000;
    const id = await boss.send(
      QUEUE,
      { answerId: a.id },
      {
        singletonKey: a.id,
        expireInSeconds: Math.round(
          cfg.CANDOR_ASYNC_EXPIRE_BASE_S + cfg.CANDOR_ASYNC_EXPIRE_FACTOR * lengthS,
        ),
        retryLimit: cfg.CANDOR_ASYNC_RETRY_LIMIT,
        retryDelay: cfg.CANDOR_ASYNC_RETRY_DELAY_S,
        retryBackoff: true,
      },
    );
    if (id) queued++;
  }
  return queued;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface RecordingStore {
  materializeRecording(storageKey: string): Promise<{ path: string; cleanup(): Promise<void> }>;
}

/** One job: claim, analyse, store; the session verdict once every answer is finished. */
export async function runAnswerJob(
  answerId: string,
  deps: { analyzer: RecordingAnalyzer; store: RecordingStore; retryLimit: number },
): Promise<'done' | 'failed' | 'skipped'> {
  const answer = await claimAnswer(answerId);
  if (!answer) return 'skipped';
  try {
    const file = await deps.store.materializeRecording(answer.storageKey);
    try {
      let last = 0;
      const fullRateSpans = await challengeSpans(answer.id, answer.startedAt, db);
      const analysis = await deps.analyzer(
        file.path,
        (share) => {
          // A write every 5 % at most: the UI polls, the database should not feel every frame.
          if (share - last < 0.05) return;
          last = share;
          void reportProgress(answer.id, share).catch(() => undefined);
        },
        { fullRateSpans },
      );
      if (analysis.frames.length === 0)
        throw new UnreadableRecordingError('The recording has no video frames');
      const out = await storeAnswerAnalysis(answer, analysis);
      const landmarked = analysis.frames.filter((f) => f.face && !f.face.carried).length;
      const withFace = analysis.frames.filter((f) => f.face).length;
      console.log(
        `[worker] answer ${answer.id}: ${out.windows} windows (${out.inserted} new), ${out.challenges} challenges; ` +
          `landmarker on ${landmarked} of ${withFace} frames with a face (${fullRateSpans.length} challenge spans at full rate)`,
      );
    } finally {
      await file.cleanup();
    }
  } catch (e) {
    // pg-boss counts the first run as attempt 1 of 1 + retryLimit.
    const last = e instanceof UnreadableRecordingError || answer.attempts > deps.retryLimit;
    if (!last) throw e;
    await failAnswer(answer.id, `Analysis failed: ${messageOf(e)}`);
    console.error(`[worker] answer ${answer.id} FAILED: ${messageOf(e)}`);
  }
  if (await sessionAnalysisComplete(answer.sessionId)) await finalizeSession(answer.sessionId);
  const final = await db.asyncAnswer.findUnique({
    where: { id: answer.id },
    select: { status: true },
  });
  return final?.status === 'DONE' ? 'done' : 'failed';
}

export interface RunningWorker {
  stop(): Promise<void>;
}

export async function startAnalysisWorker(deps: {
  analyzer: RecordingAnalyzer;
  store: RecordingStore;
  cfg?: TWorkerConfig;
}): Promise<RunningWorker> {
  const cfg = deps.cfg ?? workerConfig();
  const boss = await startBoss(cfg);
  const sweep = async () => {
    try {
      const n = await sweepUploaded(boss, cfg);
      if (n > 0) console.log(`[worker] queued ${n} uploaded answer(s)`);
    } catch (e) {
      console.error('[worker] sweep failed:', messageOf(e));
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), cfg.CANDOR_ASYNC_SWEEP_S * 1000);
  for (let i = 0; i < cfg.CANDOR_ASYNC_CONCURRENCY; i++) {
    await boss.work(QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
      const data = ZJob.safeParse(job?.data);
      if (!data.success) return; // not ours to retry: a malformed job is completed and dropped
      await runAnswerJob(data.data.answerId, { ...deps, retryLimit: cfg.CANDOR_ASYNC_RETRY_LIMIT });
    });
  }
  console.log(
    `[worker] analysing async answers (queue ${QUEUE}, ${cfg.CANDOR_ASYNC_CONCURRENCY} at a time)`,
  );
  return {
    async stop() {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
