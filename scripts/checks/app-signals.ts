/**
 * Stopping `npm run app` the way a terminal or a service manager does: for each of SIGTERM and
 * SIGINT, start the app (its own ports and data folder), wait until it answers, send the signal to
 * the PID of `npm run app`, and require that it exits within 15 s and that nothing holds the app's,
 * PostgreSQL's or livekit-server's ports afterwards (no orphans). Prints one line per signal.
 *
 *   npx tsx scripts/checks/app-signals.ts      (builds the app first if its sources changed)
 */
import { BASE, exited, heldPorts, startApp, waitHealthy } from './app-process';

const LOG = '/tmp/candor-check-signals.log';

async function once(sig: 'SIGTERM' | 'SIGINT'): Promise<boolean> {
  if ((await heldPorts()).length > 0) throw new Error(`ports already in use: ${await heldPorts()}`);
  const app = startApp(LOG);
  const upMs = await waitHealthy(15 * 60_000).catch((err: unknown) => {
    app.kill('SIGTERM');
    throw err;
  });
  app.kill(sig);
  const stopMs = await exited(app, 15_000);
  const held = await heldPorts();
  const ok = stopMs !== null && held.length === 0;
  console.log(
    `[signals] ${sig}: up after ${(upMs / 1000).toFixed(1)} s at ${BASE}; ` +
      `${stopMs === null ? 'still running after 15 s' : `exited in ${stopMs} ms`}; ` +
      `ports held afterwards: ${held.length ? held.join(', ') : 'none'} → ${ok ? 'PASS' : 'FAIL'}`,
  );
  if (stopMs === null) app.kill('SIGKILL');
  return ok;
}

let pass = true;
for (const sig of ['SIGTERM', 'SIGINT'] as const) pass = (await once(sig)) && pass;
console.log(`[signals] ${pass ? 'PASS' : 'FAIL'} (app log: ${LOG})`);
process.exit(pass ? 0 : 1);
