/**
 * npm run bench:ingest — N simulated interviewers on loopback against the real app (the production server, scripts/server.ts, over
 * the build) and PostgreSQL: each posts one batch of one-second engine windows per second to
 * POST /api/sessions/[id]/windows, as the interviewer's page does, for --duration seconds. Prints
 * p50/p99 latency, errors, and windows stored vs sent (lost, duplicated) for each N. A request that
 * fails is retried with the same batch id (as the page's sender does); errors are counted.
 * Baseline measured in the same run: GET /api/health on the idle server.
 *
 * The server is the production one (scripts/server.ts), so the windows POST takes its fast path
 * (CANDOR_INGEST_FAST_PATH=0 in the environment measures it through Next.js's router instead).
 * The load generator shares the machine with the server: it sends over node:http keep-alive
 * connections (requestBounded: a third of fetch's CPU per request) and prints its own CPU per request.
 *
 *   CANDOR_TEST_PORT_OFFSET=200 NEXT_DIST_DIR=.data/next-200 npx tsx scripts/stack.ts test -- \
 *     bash -c 'node_modules/.bin/next build && npm run bench:ingest -- --n 50,100,200 --duration 60 --floor --soak 100'
 *
 * --warmup <s> (default 2): each level starts with that many seconds of the same schedule whose
 * latencies are printed on their own line, not in the level's row (a fresh server's first requests
 * to the route: module load, JIT, prepared statements, every session's first live verdict). Their
 * windows count in sent/stored like the rest. --warmup 0 times everything.
 *
 * --floor: after each N, the same N clients on the same schedule doing GET /api/health instead (the
 * per-request floor of Next.js + one query + this client on this machine), printed as its own row.
 *
 * Also: --soak <drops> (default 0): the reconnect soak — one interviewer whose connection is cut
 * mid-request <drops> times (the request aborted at a random point, then retried with the same
 * batch id after a pause), printing windows stored vs produced.
 */
import os, { loadavg } from 'node:os';
import { db } from '@/lib/server/db';
import {
  batchOf,
  engineWindows,
  flag,
  openLiveSession,
  percentile,
  signUp,
  startApp,
  storedWindows,
  type TApp,
  type TOwner,
} from './load/harness';
import { DeadlineError, requestBounded, within } from './load/deadline';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Longest a benchmark request may take (headers and body) before it is aborted and counted. */
const REQUEST_DEADLINE_MS = 30_000;

function post(app: TApp, owner: TOwner, sessionId: string, body: string, what: string) {
  return requestBounded(
    `${app.url}/api/sessions/${sessionId}/windows`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url, cookie: owner.cookie },
      body,
    },
    REQUEST_DEADLINE_MS,
    what,
  );
}

async function healthBaseline(app: TApp, n = 200) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await requestBounded(`${app.url}/api/health`, {}, REQUEST_DEADLINE_MS, 'health');
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function openMany(app: TApp, owner: TOwner, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10)
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, n - i) }, () => openLiveSession(app, owner)),
      )),
    );
  return ids;
}

async function runLevel(app: TApp, owner: TOwner, n: number, duration: number, warmup: number) {
  const sessions = await openMany(app, owner, n);
  const windows = engineWindows(warmup + duration);
  const latencies: number[] = [];
  // The first `warmup` seconds of the schedule: sent and checked like the rest, timed separately
  // (a fresh next-server loads the route's module, JIT-compiles it and prepares its statements on
  // each pooled connection, and every session's first batch comes due for a live verdict at once).
  const warm: number[] = [];
  let errors = 0;
  let failedBatches = 0;
  const statuses = new Map<number | string, number>();
  // PostgreSQL transactions committed during the load (the client runs no query meanwhile): a
  // statement outside a transaction counts one, an interactive transaction one for all its statements.
  const xacts0 = await committedTransactions();
  const t0 = Date.now() + 1000;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    sessions.map(async (sessionId, c) => {
      const phase = (c / n) * 1000; // interviewers spread over the second
      for (let s = 0; s < warmup + duration; s++) {
        const body = JSON.stringify(batchOf(windows, s, 1, t0));
        const wait = t0 + phase + s * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        let ok = false;
        for (let attempt = 0; attempt < 5 && !ok; attempt++) {
          const t = performance.now();
          try {
            const res = await post(app, owner, sessionId, body, 'windows POST');
            (s < warmup ? warm : latencies).push(performance.now() - t);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            ok = res.status === 201 || res.status === 200;
          } catch (err) {
            const kind = err instanceof DeadlineError ? 'deadline' : 'network';
            statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
          }
          if (!ok) {
            errors++;
            await sleep(200 * (attempt + 1));
          }
        }
        if (!ok) failedBatches++;
      }
    }),
  );
  const wall = (Date.now() - t0) / 1000 - warmup;
  const cpu = process.cpuUsage(cpu0);
  const xacts = (await committedTransactions()) - xacts0;
  let stored = 0;
  let duplicated = 0;
  for (const id of sessions) {
    const r = await storedWindows(id);
    stored += r.stored;
    duplicated += r.duplicated;
  }
  latencies.sort((a, b) => a - b);
  warm.sort((a, b) => a - b);
  const sent = n * (warmup + duration);
  return {
    n,
    requests: latencies.length,
    warm: { requests: warm.length, p99: percentile(warm, 99), max: warm[warm.length - 1] ?? NaN },
    xactsPerRequest: xacts / Math.max(1, latencies.length + warm.length),
    // this load generator's own CPU per request (it shares the machine with the server)
    clientCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length + warm.length),
    reqPerS: latencies.length / wall,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors,
    failedBatches,
    statuses: Object.fromEntries(statuses),
    sent,
    stored,
    lost: sent - stored,
    duplicated,
  };
}

/**
 * The floor: the same N clients on the same schedule, each doing GET /api/health (a Next.js route
 * with one `SELECT 1`) instead of the windows POST. What the server and this client cost per
 * request on this machine before the route does any work of its own.
 */
async function runFloor(app: TApp, n: number, duration: number) {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = Date.now() + 1000;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: n }, async (_, c) => {
      const phase = (c / n) * 1000;
      for (let s = 0; s < duration; s++) {
        const wait = t0 + phase + s * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        const t = performance.now();
        try {
          const res = await requestBounded(
            `${app.url}/api/health`,
            {},
            REQUEST_DEADLINE_MS,
            'health',
          );
          latencies.push(performance.now() - t);
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const wall = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    clientCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    requests: latencies.length,
    reqPerS: latencies.length / wall,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors,
  };
}

/**
 * PostgreSQL transactions committed so far in the database. Idle backends report their counts
 * within 10 s (PGSTAT_IDLE_INTERVAL), so the reading waits 11 s first.
 */
async function committedTransactions(): Promise<number> {
  await sleep(11_000);
  const [r] = await db.$queryRaw<Array<{ n: bigint }>>`
    SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
  return Number(r!.n);
}

/**
 * The reconnect soak: `drops` requests cut mid-flight, each batch then resent with its id until
 * stored. Every await is bounded: a cut request whose promise does not settle within
 * CUT_SETTLE_MS of its abort is counted as hung and abandoned (its batch is resent like any other
 * cut one), and a resend that does not settle is retried like a refused one.
 */
const CUT_SETTLE_MS = 5000;

async function soak(app: TApp, owner: TOwner, drops: number) {
  const [sessionId] = await within(openMany(app, owner, 1), 60_000, 'soak: open a session');
  const produced = Math.max(drops * 4, 60);
  const windows = engineWindows(produced);
  const t0 = Date.now() - produced * 1000;
  let cut = 0;
  let committedBeforeCut = 0;
  let batches = 0;
  const cutOutcomes = new Map<string, number>();
  const hung: string[] = [];
  const count = (k: string) => cutOutcomes.set(k, (cutOutcomes.get(k) ?? 0) + 1);
  // Batches of 1–5 windows (an offline buffer drains in bigger batches), each cut once until `drops`.
  for (let s = 0; s < produced;) {
    const count1 = Math.min(1 + (batches % 5), produced - s);
    const body = JSON.stringify(batchOf(windows, s, count1, t0));
    batches++;
    if (cut < drops) {
      const ctl = new AbortController();
      const abortAt = Math.random() * 40;
      const timer = setTimeout(() => ctl.abort(), abortAt);
      // Which step a hung cut request was in: 'headers' (fetch not settled) or 'body'.
      let step = 'headers';
      try {
        await within(
          (async () => {
            const res = await fetch(`${app.url}/api/sessions/${sessionId}/windows`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                origin: app.url,
                cookie: owner.cookie,
              },
              body,
              signal: ctl.signal,
            });
            step = `body (status ${res.status})`;
            await res.arrayBuffer();
          })(),
          abortAt + CUT_SETTLE_MS,
          'cut request',
          () => ctl.abort(),
        );
        count('completed before the cut');
      } catch (err) {
        if (err instanceof DeadlineError) {
          count('hung (abandoned)');
          hung.push(`batch ${batches}: aborted at ${abortAt.toFixed(0)} ms, stuck in ${step}`);
        } else count('aborted');
      }
      clearTimeout(timer);
      cut++;
      await sleep(50); // "reconnect"
    }
    for (let attempt = 0; ; attempt++) {
      let status: number | string;
      let text = '';
      try {
        const res = await post(app, owner, sessionId!, body, 'soak resend');
        status = res.status;
        text = new TextDecoder().decode(res.body);
        if (res.ok) {
          const r = JSON.parse(text) as { stored?: number; duplicate?: number };
          if ((r.duplicate ?? 0) > 0) committedBeforeCut++;
          break;
        }
      } catch (err) {
        status = err instanceof DeadlineError ? 'deadline' : 'network';
      }
      if (attempt > 10) throw new Error(`soak: batch refused ${status} ${text}`);
      await sleep(200);
    }
    s += count1;
  }
  const r = await within(storedWindows(sessionId!), 60_000, 'soak: count stored windows');
  return {
    drops: cut,
    batches,
    produced,
    ...r,
    committedBeforeCut,
    cutOutcomes: Object.fromEntries(cutOutcomes),
    hung,
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');

async function main() {
  const levels = flag('n', '50,100,200')
    .split(',')
    .map(Number)
    .filter((x) => x > 0);
  const duration = Number(flag('duration', '60'));
  const warmup = Number(flag('warmup', '2'));
  const drops = Number(flag('soak', '0'));
  const floor = process.argv.includes('--floor');
  const port = Number(process.env.PORT ?? 3100);
  // Sessions are opened through the webhook's code path without LiveKit rooms: the reconciler
  // (which closes sessions whose room is gone) stays off for this app.
  const app = await startApp(port, { CANDOR_RECONCILE_INTERVAL_S: '0' });
  try {
    const owner = await signUp(app);
    const base = await healthBaseline(app);
    console.log(
      `[bench:ingest] engine-window fast path ${process.env.CANDOR_INGEST_FAST_PATH === '0' ? 'off (through Next.js)' : 'on'}; baseline GET /api/health (idle): p50 ${fmt(base.p50)} ms, p99 ${fmt(base.p99)} ms; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} (${os.cpus().length} cores)`,
    );
    console.log(
      'N    | requests | req/s | p50 ms | p99 ms | max ms | p99/baseline | errors | sent  | stored | lost | duplicated | pg xact/req | client CPU ms/req | load avg',
    );
    for (const n of levels) {
      const r = await runLevel(app, owner, n, duration, warmup);
      console.log(
        [
          String(n).padEnd(4),
          String(r.requests).padStart(8),
          fmt(r.reqPerS).padStart(5),
          fmt(r.p50).padStart(6),
          fmt(r.p99).padStart(6),
          fmt(r.max).padStart(6),
          `${fmt(r.p99 / base.p99)}×`.padStart(12),
          String(r.errors).padStart(6),
          String(r.sent).padStart(5),
          String(r.stored).padStart(6),
          String(r.lost).padStart(4),
          String(r.duplicated).padStart(10),
          fmt(r.xactsPerRequest).padStart(11),
          r.clientCpuMs.toFixed(2).padStart(17),
          loadavg()
            .map((x) => x.toFixed(2))
            .join(' '),
        ].join(' | '),
      );
      console.log(
        `  warm-up (first ${warmup} s, not in the row above): ${r.warm.requests} requests, p99 ${fmt(r.warm.p99)} ms, max ${fmt(r.warm.max)} ms`,
      );
      if (r.errors) console.log(`  statuses: ${JSON.stringify(r.statuses)}`);
      if (floor) {
        const f = await runFloor(app, n, duration);
        console.log(
          [
            `${n} GET /api/health (floor)`.padEnd(4),
            String(f.requests).padStart(8),
            fmt(f.reqPerS).padStart(5),
            fmt(f.p50).padStart(6),
            fmt(f.p99).padStart(6),
            fmt(f.max).padStart(6),
            `${fmt(f.p99 / base.p99)}×`.padStart(12),
            String(f.errors).padStart(6),
            '—',
            '—',
            '—',
            '—',
            '—',
            f.clientCpuMs.toFixed(2).padStart(17),
            loadavg()
              .map((x) => x.toFixed(2))
              .join(' '),
          ].join(' | '),
        );
      }
    }
    if (drops > 0) {
      const s = await soak(app, owner, drops);
      console.log(
        `[soak] ${s.drops} connections dropped mid-request over ${s.batches} batches: windows produced ${s.produced}, stored ${s.stored}, duplicated ${s.duplicated} (${s.committedBeforeCut} cut requests had committed before the cut; their retries stored 0)`,
      );
      console.log(`[soak] cut requests: ${JSON.stringify(s.cutOutcomes)}`);
      for (const h of s.hung) console.log(`[soak] hung cut request (abandoned): ${h}`);
    }
  } finally {
    app.stop();
    await db.$disconnect();
  }
}

await main();
