/**
 * Authors a migration offline: diffs prisma/migrations/schema.snapshot.prisma (the schema the
 * committed migrations produce) against prisma/schema.prisma with Prisma 6.19's WASM schema
 * engine, writes prisma/migrations/<timestamp>_<name>/migration.sql and updates the snapshot.
 *
 *   npm run db:new-migration -- add_reviewer_notes
 *
 * The engine needs a live PostgreSQL even for a schema-to-schema diff, so a throwaway embedded one
 * is started for the duration.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../stack/postgres';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <snake_case_name>');
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, '..', '..');
const snapshot = path.join(root, 'prisma/migrations/schema.snapshot.prisma');
const schema = path.join(root, 'prisma/schema.prisma');
const pg = await startEmbeddedPostgres({
  dir: mkdtempSync(path.join(os.tmpdir(), 'candor-diff-')),
  port: 54400 + Math.floor(Math.random() * 500),
  password: randomBytes(18).toString('base64url'),
});
try {
  const res = spawnSync(
    'npx',
    [
      '--no-install',
      'prisma',
      'migrate',
      'diff',
      '--from-schema-datamodel',
      snapshot,
      '--to-schema-datamodel',
      schema,
      '--script',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: pg.url,
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
        PRISMA_QUERY_ENGINE_LIBRARY: path.join(root, '.data/prisma-engine-placeholder.so.node'),
      },
    },
  );
  if (res.status !== 0) throw new Error(`prisma migrate diff failed:\n${res.stderr}`);
  const sql = res.stdout.trim();
  if (!sql || sql === '-- This is an empty migration.') {
    console.log('schema.prisma matches the migrations: nothing to do');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(root, 'prisma/migrations', `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    copyFileSync(schema, snapshot);
    console.log(`wrote ${path.relative(root, dir)}/migration.sql and updated the snapshot`);
  }
} finally {
  await pg.stop();
}
process.exit(0);
