import type { ChildProcess } from 'node:child_process';

/**
 * Keeps a service process running: when it exits while nobody asked it to stop, the exit is logged
 * and the service started again with exponential backoff (1 s, 2 s, 4 s … 30 s; back to 1 s once it
 * has stayed up for a minute). stop() ends it for good.
 */
export interface TManagedProcess {
  child: ChildProcess;
  /** Stops this instance and resolves when it has exited. */
  stop(): Promise<void>;
}

export interface TSupervised {
  current(): TManagedProcess;
  stop(): Promise<void>;
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 16_000, 30_000];
const STABLE_MS = 60_000;

export const hasExited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

export function supervise(
  name: string,
  first: TManagedProcess,
  restart: () => Promise<TManagedProcess>,
): TSupervised {
  let current = first;
  let stopping = false;
  let attempt = 0;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (Date.now() - startedAt > STABLE_MS) attempt = 0;
    const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
    attempt++;
    console.error(`[stack] restarting ${name} in ${delay / 1000} s (attempt ${attempt})`);
    timer = setTimeout(() => void again(), delay);
  };
  const again = async () => {
    timer = null;
    if (stopping) return;
    try {
      const next = await restart();
      if (stopping) return void (await next.stop());
      current = next;
      startedAt = Date.now();
      watch(next);
      console.error(`[stack] ${name} is running again (pid ${next.child.pid})`);
    } catch (err) {
      console.error(`[stack] ${name} did not start: ${err instanceof Error ? err.message : err}`);
      schedule();
    }
  };
  const watch = (p: TManagedProcess) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (stopping || p !== current) return;
      console.error(`[stack] ${name} (pid ${p.child.pid}) exited: ${signal ?? `code ${code}`}`);
      schedule();
    };
    if (hasExited(p.child)) onExit(p.child.exitCode, p.child.signalCode);
    else p.child.once('exit', onExit);
  };
  watch(first);

  return {
    current: () => current,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (!hasExited(current.child)) await current.stop();
    },
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function terminate(child: ChildProcess, graceMs = 5000, group = false): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) return resolve();
    child.once('exit', () => resolve());
    const send = (sig: NodeJS.Signals) => {
      try {
        if (group && child.pid) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    send('SIGTERM');
    setTimeout(() => send('SIGKILL'), graceMs).unref();
  });
}
