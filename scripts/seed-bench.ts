/**
 * Seeds a benchmark organization: `sessions` interviews, each with a candidate, one closed session,
 * `windows` trusted 1-s signal windows (real engine output over the synthetic genuine scenario), a
 * verdict and two challenge results; the first 50 sessions also get evidence thumbnails. Multi-row
 * INSERT … SELECT FROM unnest(…) in chunks, so 10,000 sessions take seconds, not minutes.
 *
 *   DATABASE_URL=… tsx scripts/seed-bench.ts <organizationId> <userId> [sessions] [windows]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { windowize } from '../lib/analysis/session';
import { genuineSession } from '../lib/analysis/testing/scenarios';

export interface TBenchSeed {
  organizationId: string;
  userId: string;
  sessions: number;
  windows: number;
}

const CHUNK = 500;
const LABELS = [
  'PASS',
  'PASS',
  'PASS',
  'PASS',
  'REVIEW',
  'REVIEW',
  'FAIL',
  'INCONCLUSIVE',
] as const;
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Radia',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Berners-Lee',
];

const cuid = () => `b${randomBytes(12).toString('hex')}`;

function templateWindows(n: number): string[] {
  const ws = windowize(genuineSession(Math.max(n, 1) * 1000), null).slice(0, n);
  return ws.map((w) => JSON.stringify(w));
}

function thumbnail(): Buffer | null {
  const media = path.resolve(
    process.env.CANDOR_MEDIA_DIR ?? '../shared/media',
    'antispoof/real_T1.jpg',
  );
  try {
    return execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      media,
      '-vf',
      'scale=320:240',
      '-q:v',
      '5',
      '-f',
      'mjpeg',
      'pipe:1',
    ]);
  } catch {
    return null;
  }
}

async function seedChunk(
  client: pg.Client,
  o: TBenchSeed,
  from: number,
  to: number,
  windows: string[],
  now: number,
) {
  const n = to - from;
  const ids = Array.from({ length: n }, () => [cuid(), cuid(), cuid()] as const);
  const created = ids.map((_, i) => new Date(now - ((from + i) / o.sessions) * 365 * 86_400_000));
  const names = ids.map(
    (_, i) => `${FIRST[(from + i) % 10]} ${LAST[Math.floor((from + i) / 10) % 10]} ${from + i}`,
  );
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO "Candidate"(id, "organizationId", name, email, "createdAt")
     SELECT c, $1, nm, lower(replace(nm, ' ', '.')) || '@bench.test', t FROM unnest($2::text[], $3::text[], $4::timestamp[]) AS x(c, nm, t)`,
    [o.organizationId, ids.map((x) => x[0]), names, created],
  );
  await client.query(
    `INSERT INTO "Interview"(id, "organizationId", "candidateId", "createdById", title, kind, status, "roomName", "createdAt", "updatedAt")
     SELECT i, $1, c, $2, 'Engineer', (CASE WHEN k % 3 = 0 THEN 'ASYNC' ELSE 'LIVE' END)::"InterviewKind", 'COMPLETED', 'bench-' || i, t, t
     FROM unnest($3::text[], $4::text[], $5::timestamp[], $6::int[]) AS x(i, c, t, k)`,
    [
      o.organizationId,
      o.userId,
      ids.map((x) => x[1]),
      ids.map((x) => x[0]),
      created,
      ids.map((_, i) => from + i),
    ],
  );
  await client.query(
    `INSERT INTO "Session"(id, "interviewId", status, "startedAt", "endedAt")
     SELECT s, i, 'CLOSED', t + interval '1 hour', t + interval '1 hour' + $1 * interval '1 second' FROM unnest($2::text[], $3::text[], $4::timestamp[]) AS x(s, i, t)`,
    [windows.length, ids.map((x) => x[2]), ids.map((x) => x[1]), created],
  );
  await client.query(
    `INSERT INTO "Verdict"(id, "sessionId", score, label, reasons, "configVersion", "createdAt")
     SELECT 'v' || md5(s), s, sc, lb::"VerdictLabel", '[]'::jsonb, 'bench', t + interval '2 hours' FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamp[]) AS x(s, sc, lb, t)`,
    [
      ids.map((x) => x[2]),
      ids.map((_, i) => (from + i) % 101),
      ids.map((_, i) => LABELS[(from + i) % LABELS.length]!),
      created,
    ],
  );
  await client.query(
    `INSERT INTO "ChallengeResult"(id, "sessionId", kind, outcome, measured, "latencyMs", "issuedAt", "completedAt")
     SELECT 'c' || md5(s || k), s, k, 'PASSED', '{"peakYawDeg": 64}'::jsonb, 1700, t + interval '1 hour' + interval '5 seconds', t + interval '1 hour' + interval '7 seconds'
     FROM unnest($1::text[], $2::timestamp[]) AS x(s, t) CROSS JOIN unnest(ARRAY['profile_left', 'blink_twice']) AS k`,
    [ids.map((x) => x[2]), created],
  );
  await client.query(
    `INSERT INTO "SignalWindow"(id, "sessionId", source, "clientBatchId", "windowStart", "windowEnd", values)
     SELECT 'w' || md5(s || w.i::text), s, 'TRUSTED', 'bench-batch-0000', t + interval '1 hour' + w.i * interval '1 second',
            t + interval '1 hour' + (w.i + 1) * interval '1 second', w.v::jsonb
     FROM unnest($1::text[], $2::timestamp[]) AS x(s, t) CROSS JOIN unnest($3::int[], $4::text[]) AS w(i, v)`,
    [ids.map((x) => x[2]), created, windows.map((_, i) => i), windows],
  );
  await client.query('COMMIT');
  return ids.map((x) => x[2]);
}

/** Seeds and returns the session ids, newest first. */
export async function seedBench(databaseUrl: string, o: TBenchSeed): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const windows = templateWindows(o.windows);
    const now = Date.now();
    const sessionIds: string[] = [];
    for (let from = 0; from < o.sessions; from += CHUNK) {
      sessionIds.push(
        ...(await seedChunk(client, o, from, Math.min(o.sessions, from + CHUNK), windows, now)),
      );
    }
    const thumb = thumbnail();
    if (thumb) {
      await client.query(
        `INSERT INTO "Evidence"(id, "sessionId", "challengeResultId", at, reason, thumbnail)
         SELECT 'e' || md5(c.id), c."sessionId", c.id, c."completedAt", c.kind || ' frame', $2 FROM "ChallengeResult" c WHERE c."sessionId" = ANY($1::text[])`,
        [sessionIds.slice(0, 50), thumb],
      );
    }
    await client.query('ANALYZE');
    return sessionIds;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [organizationId, userId, sessions = '10000', windows = '20'] = process.argv.slice(2);
  if (!process.env.DATABASE_URL || !organizationId || !userId) {
    console.error(
      'usage: DATABASE_URL=… tsx scripts/seed-bench.ts <organizationId> <userId> [sessions] [windows]',
    );
    process.exit(2);
  }
  const t0 = Date.now();
  const ids = await seedBench(process.env.DATABASE_URL, {
    organizationId,
    userId,
    sessions: Number(sessions),
    windows: Number(windows),
  });
  console.log(
    `[seed-bench] ${ids.length} sessions × ${windows} windows in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
