/**
 * Loopback-only static server for the file harness: the harness page and bundles, the vendored
 * wasm and models (public/), and the decoded frames of the file being analysed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from '../assets/copy-vendor';
import { HARNESS_OUT } from './build';
import type { FrameFormat } from './media';
import { FRAME_HEADER_BYTES } from './wire';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>candor harness</title>
<script type="module" src="/harness/page.js"></script>`;

/** Frames decoded ahead of the page's requests, so ffmpeg works while the worker does. */
const READ_AHEAD = 6;

export interface FrameSession {
  frames: AsyncGenerator<Buffer>;
  times: number[];
  width: number;
  height: number;
  /** pixel layout of `frames` (default rgba) */
  format?: FrameFormat;
  /** called with each frame index as the page asks for it (progress of a long analysis) */
  onFrame?: (index: number) => void;
}

interface LiveSession extends FrameSession {
  /** next() calls already made on `frames`, by frame index (an async generator answers in order) */
  requested: Map<number, Promise<IteratorResult<Buffer>>>;
  nextIndex: number;
}

export interface HarnessServer {
  origin: string;
  addSession(id: string, s: FrameSession): void;
  /** serve a media file as-is at /media?id=… (for <video> playback through the live-track loop) */
  addMedia(id: string, path: string): void;
  close(): Promise<void>;
}

function serveFile(res: ServerResponse, root: string, rel: string): void {
  const path = normalize(join(root, rel));
  if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(path).pipe(res);
}

/**
 * Frame `index` of the session (bench:async's baseline: the transport before /frames). Frames are addressed by index because the page keeps several
 * requests in flight and the browser may deliver them over different connections, out of order.
 */
async function serveFrame(
  res: ServerResponse,
  s: LiveSession | undefined,
  index: number,
): Promise<void> {
  if (!s || !Number.isInteger(index) || index < 0) {
    res.writeHead(404).end('no such session or frame');
    return;
  }
  while (s.nextIndex <= Math.min(index + READ_AHEAD, s.times.length)) {
    s.requested.set(s.nextIndex++, s.frames.next());
  }
  s.onFrame?.(index);
  const pending = s.requested.get(index);
  s.requested.delete(index);
  const next = pending ? await pending : null;
  const t = s.times[index];
  if (!next || next.done || t === undefined) {
    res.writeHead(204).end();
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'x-t': String(t),
    'x-w': String(s.width),
    'x-h': String(s.height),
    'x-f': s.format ?? 'rgba',
  });
  res.end(next.value);
}

/**
 * Every frame of the session on one response, in order, each as FRAME_HEADER_BYTES of media time
 * then its pixels (x-w × x-h in x-f layout). One request per answer instead of one per frame: the
 * per-request work (Playwright's route interception in node, Chromium's network service and IO
 * threads) cost more CPU than the bytes. Backpressure is the socket's: ffmpeg is read only as the
 * page consumes, with READ_AHEAD frames decoded ahead.
 */
async function streamFrames(res: ServerResponse, s: LiveSession | undefined): Promise<void> {
  if (!s) {
    res.writeHead(404).end('no such session');
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'cache-control': 'no-store',
    'x-w': String(s.width),
    'x-h': String(s.height),
    'x-f': s.format ?? 'rgba',
    'x-n': String(s.times.length),
  });
  let closed = false;
  res.on('close', () => (closed = true));
  const ahead: Promise<IteratorResult<Buffer>>[] = [];
  try {
    for (let i = 0; i < s.times.length && !closed; i++) {
      while (ahead.length < READ_AHEAD && s.nextIndex < s.times.length) {
        ahead.push(s.frames.next());
        s.nextIndex++;
      }
      const next = await ahead.shift();
      if (!next || next.done) break;
      s.onFrame?.(i);
      const head = Buffer.alloc(FRAME_HEADER_BYTES);
      head.writeDoubleLE(s.times[i] ?? 0, 0);
      res.write(head);
      if (!res.write(next.value) && !closed)
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.on('drain', go);
          res.on('close', go);
        });
    }
  } finally {
    if (closed) await s.frames.return(undefined);
    res.end();
  }
}

export async function startHarnessServer(): Promise<HarnessServer> {
  const sessions = new Map<string, LiveSession>();
  const media = new Map<string, string>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    if (p === '/') res.writeHead(200, { 'content-type': TYPES['.html'] ?? '' }).end(PAGE);
    else if (p === '/frames')
      await streamFrames(res, sessions.get(url.searchParams.get('session') ?? ''));
    else if (p === '/frame') {
      const q = url.searchParams;
      await serveFrame(res, sessions.get(q.get('session') ?? ''), Number(q.get('i')));
    } else if (p === '/media') {
      const file = media.get(url.searchParams.get('id') ?? '');
      if (file) serveFile(res, dirname(file), basename(file));
      else res.writeHead(404).end('no such media');
    } else if (p.startsWith('/harness/')) serveFile(res, HARNESS_OUT, p.slice('/harness/'.length));
    else if (p.startsWith('/vendor/') || p.startsWith('/models/'))
      serveFile(res, join(REPO_ROOT, 'public'), p.slice(1));
    else res.writeHead(404).end('not found');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    addSession: (id, s) => sessions.set(id, { ...s, requested: new Map(), nextIndex: 0 }),
    addMedia: (id, path) => media.set(id, path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions.values()) void s.frames.return(undefined);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
