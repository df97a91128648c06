/** The production server (scripts/server.ts) of the built app (NEXT_DIST_DIR) on a port, for the load and fuzz scripts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appServerCommand } from '../stack/server-command';

export interface TApp {
  url: string;
  stop: () => void;
}

export async function startApp(port: number, env: Record<string, string> = {}): Promise<TApp> {
  const url = `http://127.0.0.1:${port}`;
  // CANDOR_CPU_PROF_DIR: write a V8 CPU profile of the server there when it stops (profiling only).
  const profDir = process.env.CANDOR_CPU_PROF_DIR;
  const { cmd, args } = appServerCommand(
    '127.0.0.1',
    port,
    profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  );
  const child: ChildProcess = spawn(cmd, args, {
    env: { ...process.env, PORT: String(port), APP_URL: url, TRUST_PROXY: '0', ...env },
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null)
      throw new Error(`the app server on ${port} exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`${url} did not start`);
}
