/**
 * Bounded awaits for the load scripts: every network await of a benchmark settles within a known
 * time, so a request that never settles (a fetch whose socket is gone but whose promise is still
 * pending) is counted and abandoned with the name of the step that hung, never awaited forever.
 */

import http from 'node:http';

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
 * Keep-alive connections for requestBounded. Idle sockets are closed by this side after 4 s, before
 * the server's 5-s keep-alive timeout (Node's default) can close one just as a request reuses it.
 */
const agent = new http.Agent({ keepAlive: true, timeout: 4000 });

/**
 * The benchmarks' request: node:http on a keep-alive agent, the whole exchange (headers and body)
 * bounded: destroyed at `ms` and, should that not settle it, abandoned at `ms` + 1 s with a
 * DeadlineError naming `what`. The load generator shares the machine
 * with the server it measures: Node's fetch (undici) cost 2.5–3× the client CPU per request of this
 * (0.8–1.3 vs 0.3–0.6 ms measured here, 2026-12-01), CPU the server then does not have.
 */
export function requestBounded(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  ms: number,
  what: string,
): Promise<{ status: number; ok: boolean; body: ArrayBuffer }> {
  const u = new URL(url);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  let req: http.ClientRequest | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const exchange = new Promise<{ status: number; ok: boolean; body: ArrayBuffer }>(
    (resolve, reject) => {
      req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: `${u.pathname}${u.search}`,
          method: init.method ?? 'GET',
          agent,
          headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const b = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            resolve({
              status,
              ok: status >= 200 && status < 300,
              body: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
            });
          });
        },
      );
      req.on('error', reject);
      timer = setTimeout(() => req?.destroy(new DeadlineError(what, ms)), ms);
      req.end(body);
    },
  );
  return within(exchange, ms + 1000, what, () => req?.destroy()).finally(() => clearTimeout(timer));
}
