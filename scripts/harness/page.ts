/**
 * Browser side of the file harness (bundled by build.ts, served from 127.0.0.1). Pulls decoded
 * frames from the local server and pushes them through the real engine as fast as the worker
 * takes them: one frame in flight, the next one fetched and turned into an ImageBitmap meanwhile,
 * so no frame is skipped and nothing queues.
 */
import type { FrameFeatures } from '../../lib/analysis/types';
import { createEngineClient } from '../../lib/ml/engine-client';
import type { LoadProgress, TEngineOptionsInput } from '../../lib/ml/protocol';

export interface PageRunRequest {
  session: string;
  options: TEngineOptionsInput;
}

export interface StageTiming {
  landmarkerMs: number;
  featuresMs: number;
  modelsMs: number;
  /** main-thread view: analyzeFrame() call to resolved promise */
  roundTripMs: number;
}

export interface PageRunResult {
  frames: FrameFeatures[];
  timings: StageTiming[];
  initMs: number;
  wallMs: number;
  progress: LoadProgress[];
  errors: string[];
}

interface Fetched {
  t: number;
  bitmap: ImageBitmap;
}

async function fetchFrame(session: string, i: number): Promise<Fetched | null> {
  const res = await fetch(`/frame?session=${encodeURIComponent(session)}&i=${i}`);
  if (res.status === 204) return null;
  if (!res.ok) throw new Error(`frame fetch: HTTP ${res.status} ${await res.text()}`);
  const t = Number(res.headers.get('x-t'));
  const w = Number(res.headers.get('x-w'));
  const h = Number(res.headers.get('x-h'));
  const data = new Uint8ClampedArray(await res.arrayBuffer());
  const bitmap = await createImageBitmap(new ImageData(data, w, h));
  return { t, bitmap };
}

async function run(req: PageRunRequest): Promise<PageRunResult> {
  const progress: LoadProgress[] = [];
  const errors: string[] = [];
  const pendingTiming: Omit<StageTiming, 'roundTripMs'>[] = [];
  const client = createEngineClient({
    assetBaseUrl: new URL('/', location.href).href,
    options: req.options,
    createWorker: () => new Worker('/harness/analysis.worker.js', { type: 'module', name: 'candor-analysis' }),
    onProgress: (p) => progress.push(p),
    onResult: (r) => pendingTiming.push(r.timing),
  });
  const i0 = performance.now();
  await client.init();
  const initMs = performance.now() - i0;
  const frames: FrameFeatures[] = [];
  const timings: StageTiming[] = [];
  const w0 = performance.now();
  // Two frames fetched and decoded ahead: the main thread prepares while the worker analyses.
  let i = 0;
  const ahead = [fetchFrame(req.session, i++), fetchFrame(req.session, i++)];
  for (;;) {
    const cur = await ahead.shift();
    if (!cur) break;
    ahead.push(fetchFrame(req.session, i++));
    const r0 = performance.now();
    try {
      frames.push(await client.analyzeFrame(cur.bitmap, cur.t));
      const stage = pendingTiming.shift();
      if (stage) timings.push({ ...stage, roundTripMs: performance.now() - r0 });
    } catch (e) {
      errors.push(`t=${cur.t}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const wallMs = performance.now() - w0;
  client.dispose();
  return { frames, timings, initMs, wallMs, progress, errors };
}

declare global {
  interface Window {
    candorHarness: { run: (req: PageRunRequest) => Promise<PageRunResult> };
  }
}
window.candorHarness = { run };
