/**
 * PostgreSQL dying under a running app: start `npm run app`, SIGKILL its postmaster, and require
 * that the API answers 503 (never 500) while it is down, that the supervisor brings it back (the
 * health check answers 200 again within 60 s), and that a page that needs the database shows the
 * "temporarily unavailable" page meanwhile. Then stops the app with SIGTERM. Prints the figures.
 *
 *   npx tsx scripts/checks/pg-restart.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BASE, DATA_DIR, exited, health, heldPorts, startApp, waitHealthy } from './app-process';

const LOG = '/tmp/candor-check-pg.log';

async function pageWhileDown(): Promise<string> {
  const res = await fetch(`${BASE}/dashboard`, { redirect: 'manual' }).catch(() => null);
  if (!res) return 'no answer';
  const text = await res.text();
  return `${res.status}${/temporarily unavailable/i.test(text) ? ' (temporarily unavailable page)' : ''}`;
}

const app = startApp(LOG);
let pass = false;
try {
  await waitHealthy(15 * 60_000);
  const pid = Number(
    readFileSync(path.join(DATA_DIR, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const t0 = Date.now();
  process.kill(pid, 'SIGKILL');
  const statuses = new Set<number>();
  let page = '';
  while (Date.now() - t0 < 60_000) {
    const s = await health();
    statuses.add(s);
    if (s === 200 && Date.now() - t0 > 200) break;
    if (!page && s === 503) page = await pageWhileDown();
    await new Promise((r) => setTimeout(r, 200));
  }
  const backMs = Date.now() - t0;
  const healthy = (await waitHealthy(1000).catch(() => -1)) >= 0;
  pass = healthy && !statuses.has(500);
  console.log(
    `[pg-restart] postmaster ${pid} killed; health answers seen: ${[...statuses].join(', ')}; ` +
      `page while down: ${page || 'not sampled'}; healthy again after ${(backMs / 1000).toFixed(1)} s`,
  );
} finally {
  app.kill('SIGTERM');
  const stopMs = await exited(app, 15_000);
  const held = await heldPorts();
  console.log(
    `[pg-restart] stopped in ${stopMs ?? '>15000'} ms; ports held: ${held.join(', ') || 'none'}`,
  );
  pass = pass && stopMs !== null && held.length === 0;
}
console.log(`[pg-restart] ${pass ? 'PASS' : 'FAIL'} (app log: ${LOG})`);
process.exit(pass ? 0 : 1);
