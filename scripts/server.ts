/**
 * The production server (`npm run app`, the test stack, e2e, benchmarks): Next.js's own request
 * handler behind node:http, with one fast path in front of it.
 *
 *   node --conditions=react-server --import tsx scripts/server.ts -H 127.0.0.1 -p 3000
 *
 * The fast path: `POST /api/sessions/{id}/windows`, which every interviewer's page calls once a
 * second, is answered by that route's own exported handler (app/api/sessions/[id]/windows/route.ts,
 * the same function Next.js runs: cookie and role check, Origin check, body cap, zod, insert), called
 * directly instead of through Next.js's router and route runtime. Measured on this 2-core machine,
 * the router and runtime cost more CPU per request than the route's own work (README, "Ingest
 * load"); every other request, and this one when CANDOR_INGEST_FAST_PATH=0, goes through Next.js.
 * Responses of the fast path carry the same headers next.config.ts gives every response.
 *
 * The route's modules are loaded here by tsx, beside Next.js's bundled copy of them: two module
 * instances in one process, each with its own database pool and live-verdict state, exactly as two
 * app instances on one database are (every cross-request rule — quotas, duplicates, throttles,
 * closed sessions — is enforced in PostgreSQL, see ARCHITECTURE.md). `--conditions=react-server`
 * lets them import `server-only`; Next.js resolves React through its own compiled copies.
 *
 * SIGTERM / SIGINT: stop accepting, let requests in flight finish (≤ 5 s), exit.
 */
import './server-env';
import http from 'node:http';
import next from 'next';
import { responseHeaders } from '@/lib/server/security/response-headers';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const hostname = flag('-H', process.env.HOSTNAME ?? '127.0.0.1');
const port = Number(flag('-p', process.env.PORT ?? '3000'));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`[server] invalid port: ${flag('-p', process.env.PORT ?? '')}`);
  process.exit(2);
}
process.title = `candor-server ${port}`;

const app = next({ dev: false, hostname, port, dir: process.cwd() });
const nextHandler = app.getRequestHandler();
await app.prepare();

type TRouteHandler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
const windowsRoute: TRouteHandler | null =
  process.env.CANDOR_INGEST_FAST_PATH === '0'
    ? null
    : (await import('@/app/api/sessions/[id]/windows/route')).POST;
/** The routes' own error answer (same module instance as the fast path's route). */
const { errorResponse } = await import('@/lib/server/http');

/** `/api/sessions/{id}/windows` (an optional query string); the id still URL-encoded. */
const WINDOWS_PATH = /^\/api\/sessions\/([^/?#]+)\/windows(?:\?.*)?$/;

function fastPathId(req: http.IncomingMessage): string | null {
  if (!windowsRoute || req.method !== 'POST' || !req.url) return null;
  const m = WINDOWS_PATH.exec(req.url);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null; // malformed escapes: Next.js answers them as it always has
  }
}

/**
 * The request body as a web stream that reads from the socket only when the route reads
 * (highWaterMark 0), one chunk per read. The route stops early on a body over its cap (it cancels)
 * or before reading at all (a declared length over the cap, a wrong content type, no cookie): what
 * the client still sends is then discarded after the answer (discardRest), as Node.js does for a body
 * nobody read, so the connection stays usable — bounded, unlike Node.js's default.
 */
function bodyOf(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  let listening = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!listening) {
          listening = true;
          req.on('data', (c: Buffer) => {
            if (done) return;
            controller.enqueue(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
            req.pause();
          });
          req.on('end', () => {
            if (!done) controller.close();
            done = true;
          });
          req.on('error', (err) => {
            if (!done) controller.error(err);
            done = true;
          });
        }
        req.resume();
      },
      cancel() {
        done = true;
        req.pause();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Most of a body the route did not read that is discarded before the connection is closed. */
const DISCARD_LIMIT_BYTES = 1024 * 1024;

function discardRest(req: http.IncomingMessage) {
  if (req.complete || req.destroyed) return;
  let left = DISCARD_LIMIT_BYTES;
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    left -= c.length;
    if (left < 0) req.socket.destroy();
  });
  req.resume();
}

async function serveWindows(req: http.IncomingMessage, res: http.ServerResponse, id: string) {
  // From req.headers, as Next.js builds a route's Request: duplicates merged the way Node.js merges
  // them, and the TCP peer stamp (instrumentation.ts, lib/server/security/peer-address.ts) included.
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const request = new Request(`http://${hostname}:${port}${req.url}`, {
    method: 'POST',
    headers,
    body: bodyOf(req),
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  let response: Response;
  try {
    response = await windowsRoute!(request, { params: Promise.resolve({ id }) });
  } catch (err) {
    // The route's handle() answers every error itself; this is a bug, not an input problem.
    console.error('[server] windows fast path', err);
    response = errorResponse(err);
  }
  const body = Buffer.from(await response.arrayBuffer());
  discardRest(req);
  if (res.destroyed) return; // the client went away; the route has finished its work regardless
  res.statusCode = response.status;
  for (const h of responseHeaders) res.setHeader(h.key, h.value);
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') res.setHeader(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.setHeader('content-length', body.length);
  res.end(body);
}

const server = http.createServer((req, res) => {
  const id = fastPathId(req);
  if (id === null) return void nextHandler(req, res);
  serveWindows(req, res, id).catch((err: unknown) => {
    console.error('[server] windows fast path', err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});

server.listen(port, hostname, () => {
  console.log(
    `[server] Candor on http://${hostname}:${port} (engine-window fast path ${windowsRoute ? 'on' : 'off'})`,
  );
});

let stopping = false;
function stop(signal: NodeJS.Signals | 'EPIPE') {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: stopping`);
  const force = setTimeout(() => process.exit(0), 5000);
  force.unref();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// stdout/stderr are pipes to whoever started the server (`npm run app`, Playwright's webServer).
// When that reader is gone (killed with SIGKILL, say), every write fails with EPIPE; unhandled, the
// error reaches Next.js's uncaught-exception logger, which writes to the same pipe: found in session
// 12, a server spinning one core at 100 % for 35 minutes with its port held. Nobody can read the
// server any more, and whatever started it is gone: stop as on SIGTERM (e2e/api/output-gone.spec.ts).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') stop('EPIPE');
    else throw err;
  });
}
