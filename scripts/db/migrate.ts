/**
 * Applies the committed migrations in prisma/migrations exactly once, in order, each in its own
 * transaction, under an advisory lock (so two app processes starting together do not race).
 *
 * Why not `prisma migrate deploy`: Prisma 7's CLI downloads its schema engine on every command and
 * fails offline; Prisma 6.19's WASM engine works but lingers 12–60 s after finishing and needs
 * patches for known bugs. This runner records what it applies in Prisma's own `_prisma_migrations`
 * table (same columns, same sha256 checksum of the file), so `prisma migrate status/deploy` on a
 * networked machine agree with it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

const LOCK_KEY = 724_1127; // arbitrary constant shared by every Candor process

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Returns the names of the migrations applied by this call. */
export async function migrate(databaseUrl: string, dir: string): Promise<string[]> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    assertNoDrift(files, applied);
    const done: string[] = [];
    for (const file of files.filter((f) => !applied.has(f.name))) {
      await applyOne(client, file);
      done.push(file.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

function assertNoDrift(files: MigrationFile[], applied: Map<string, string>): void {
  const known = new Set(files.map((f) => f.name));
  for (const [name, checksum] of applied) {
    if (!known.has(name)) {
      throw new Error(
        `Database has migration ${name}, which is not in prisma/migrations (newer code ran here?)`,
      );
    }
    const file = files.find((f) => f.name === name);
    if (file && file.checksum !== checksum) {
      throw new Error(
        `Migration ${name} was edited after it was applied (checksum differs); add a new migration instead`,
      );
    }
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw new Error(`Migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is not set (npm run app / npm test set it for the embedded database)',
    );
    process.exit(2);
  }
  const applied = await migrate(url, path.resolve('prisma/migrations'));
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
}
