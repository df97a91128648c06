/**
 * Bounded awaits for the load scripts: every network await of a benchmark settles within a known
 * time, so a request that never settles (a fetch whose socket is gone but whose promise is still
 * pending) is counted and abandoned with the name of the step that hung, never awaited forever.
 */

export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what}: did not settle within ${ms} ms`);
  }
}

/**
 * `p`, or a DeadlineError after `ms`. The losing promise is abandoned (its later rejection is
 * swallowed so it cannot crash the process as an unhandled rejection); `onTimeout` runs first, e.g.
 * to abort the request's controller.
 */
export function within<T>(
  p: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        onTimeout?.();
      } finally {
        reject(new DeadlineError(what, ms));
      }
    }, ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A fetch whose whole exchange (headers and body) is bounded: aborted at `ms` and, should the abort
 * itself not settle it, abandoned at `ms` + 1 s with a DeadlineError naming `what`.
 */
export async function fetchBounded(
  url: string,
  init: RequestInit,
  ms: number,
  what: string,
): Promise<{ status: number; ok: boolean; body: ArrayBuffer }> {
  const ctl = new AbortController();
  const signal = init.signal ? AbortSignal.any([init.signal, ctl.signal]) : ctl.signal;
  const abortTimer = setTimeout(() => ctl.abort(new DeadlineError(what, ms)), ms);
  try {
    return await within(
      (async () => {
        const res = await fetch(url, { ...init, signal });
        const body = await res.arrayBuffer();
        return { status: res.status, ok: res.ok, body };
      })(),
      ms + 1000,
      what,
      () => ctl.abort(),
    );
  } finally {
    clearTimeout(abortTimer);
  }
}
