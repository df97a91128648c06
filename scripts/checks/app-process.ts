/**
 * Helpers for the process checks: start `npm run app` on its own ports and data folder, wait until
 * it answers, and tell whether anything still holds its ports afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Clear of the test profiles' ports (offsets 0–80) on a shared machine. */
export const OFFSET = Number(process.env.CHECK_PORT_OFFSET ?? 95);
export const DATA_DIR = path.resolve(process.env.CHECK_DATA_DIR ?? '.data/check-app');
export const PORTS = {
  app: 3000 + OFFSET,
  postgres: 54329 + OFFSET,
  livekit: 7880 + OFFSET * 2,
  livekitTcp: 7881 + OFFSET * 2,
};
export const BASE = `http://127.0.0.1:${PORTS.app}`;

export function startApp(logFile: string): ChildProcess {
  const out = createWriteStream(logFile, { flags: 'a' });
  // The app's own embedded services on the offset ports, never a DATABASE_URL/LIVEKIT_URL from outside.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CANDOR_PORT_OFFSET: String(OFFSET),
    CANDOR_DATA_DIR: DATA_DIR,
  };
  for (const k of [
    'DATABASE_URL',
    'LIVEKIT_URL',
    'LIVEKIT_API_KEY',
    'LIVEKIT_API_SECRET',
    'PORT',
    'APP_URL',
  ])
    delete env[k];
  const child = spawn('npm', ['run', 'app'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

export async function health(): Promise<number> {
  try {
    const res = await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(3000) });
    return res.status;
  } catch {
    return 0;
  }
}

export async function waitHealthy(timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if ((await health()) === 200) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${BASE}/api/health did not answer 200 within ${timeoutMs} ms`);
}

export function portHeld(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Ports still held (after a short grace for sockets to close). */
export async function heldPorts(): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 500));
  const held: string[] = [];
  for (const [name, port] of Object.entries(PORTS))
    if (await portHeld(port)) held.push(`${name}:${port}`);
  return held;
}

export function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(0);
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(Date.now() - t0);
    });
  });
}
