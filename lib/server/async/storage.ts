import 'server-only';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { S3Store } from '@tus/s3-store';
import type { DataStore } from '@tus/utils';
import { DeleteObjectsCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';

/**
 * Where async-interview recordings live. One storage key names one recording (the tus upload id,
 * random hex): a file in a local folder by default, an object in an S3-compatible bucket when
 * CANDOR_S3_BUCKET is set. The upload route writes through `recordingStore()`; the analysis worker
 * reads through `materializeRecording()`; retention and deletion requests call `deleteRecording()`.
 */

const ZStorageEnv = z.object({
  CANDOR_DATA_DIR: z.string().min(1).optional(),
  CANDOR_RECORDINGS_DIR: z.string().min(1).optional(),
  CANDOR_S3_BUCKET: z.string().min(3).max(63).optional(),
  CANDOR_S3_REGION: z.string().min(1).default('us-east-1'),
  /** for MinIO, Ceph, R2, …: https://host:port */
  CANDOR_S3_ENDPOINT: z.string().url().optional(),
  CANDOR_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  CANDOR_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  CANDOR_S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});
type TStorageEnv = z.infer<typeof ZStorageEnv>;

const storageEnv = (): TStorageEnv => ZStorageEnv.parse(process.env);

/** Storage keys are the upload ids this server generates: nothing that can climb out of a folder. */
export const ZStorageKey = z.string().regex(/^[a-f0-9]{32}$/, 'not a recording key');

export function recordingsDir(env: TStorageEnv = storageEnv()): string {
  if (env.CANDOR_RECORDINGS_DIR) return path.resolve(env.CANDOR_RECORDINGS_DIR);
  return path.resolve(env.CANDOR_DATA_DIR ?? '.data', 'recordings');
}

export type TStorageKind = 'local' | 's3';
export const storageKind = (env: TStorageEnv = storageEnv()): TStorageKind =>
  env.CANDOR_S3_BUCKET ? 's3' : 'local';

function s3Config(env: TStorageEnv) {
  const credentials =
    env.CANDOR_S3_ACCESS_KEY_ID && env.CANDOR_S3_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.CANDOR_S3_ACCESS_KEY_ID,
          secretAccessKey: env.CANDOR_S3_SECRET_ACCESS_KEY,
        }
      : undefined; // the SDK's default chain (instance role, AWS_* variables)
  return {
    region: env.CANDOR_S3_REGION,
    endpoint: env.CANDOR_S3_ENDPOINT,
    forcePathStyle: env.CANDOR_S3_FORCE_PATH_STYLE,
    credentials,
  };
}

const globalStore = globalThis as unknown as { candorRecordingStore?: DataStore };

/** The tus data store the upload route writes chunks into (one per process). */
export function recordingStore(): DataStore {
  if (globalStore.candorRecordingStore) return globalStore.candorRecordingStore;
  const env = storageEnv();
  globalStore.candorRecordingStore =
    storageKind(env) === 's3'
      ? new S3Store({
          // tus keys the object by upload id (= storage key); unfinished parts wait as `<key>.part`
          partSize: 8 * 1024 * 1024,
          s3ClientConfig: { bucket: env.CANDOR_S3_BUCKET!, ...s3Config(env) },
        })
      : new FileStore({ directory: recordingsDir(env) });
  return globalStore.candorRecordingStore;
}

export interface TMaterialized {
  /** a local file holding the whole recording */
  path: string;
  /** removes the temporary copy (S3); does nothing for the local folder */
  cleanup(): Promise<void>;
}

/** A local file path to read the recording from; for S3, a temporary download. */
export async function materializeRecording(storageKey: string): Promise<TMaterialized> {
  const key = ZStorageKey.parse(storageKey);
  const env = storageEnv();
  if (storageKind(env) === 'local') {
    const file = path.join(recordingsDir(env), key);
    // A missing file is an error here (ENOENT: retried by the worker, 404 for the player), not
    // an unreadable video further on.
    await stat(file);
    return { path: file, cleanup: async () => undefined };
  }
  const client = new S3Client(s3Config(env));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'candor-rec-'));
  const file = path.join(dir, `${key}.webm`);
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: env.CANDOR_S3_BUCKET, Key: key }));
    if (!res.Body) throw new Error(`recording ${key}: empty object`);
    await pipeline(res.Body as Readable, createWriteStream(file));
  } catch (err) {
    await cleanup();
    throw err;
  } finally {
    client.destroy();
  }
  return { path: file, cleanup };
}

/**
 * Removes a recording and the upload's bookkeeping (tus `.json` beside the file; `.info` and an
 * unfinished `.part` object in S3). Deleting a key that is already gone succeeds.
 */
export async function deleteRecording(storageKey: string): Promise<void> {
  const key = ZStorageKey.parse(storageKey);
  const env = storageEnv();
  if (storageKind(env) === 'local') {
    const dir = recordingsDir(env);
    await rm(path.join(dir, key), { force: true });
    await rm(path.join(dir, `${key}.json`), { force: true });
    return;
  }
  const client = new S3Client(s3Config(env));
  try {
    const base = key;
    await client.send(
      new DeleteObjectsCommand({
        Bucket: env.CANDOR_S3_BUCKET,
        Delete: { Objects: [{ Key: base }, { Key: `${base}.info` }, { Key: `${base}.part` }] },
      }),
    );
  } finally {
    client.destroy();
  }
}
