import { writeFileSync } from 'node:fs';
import { test } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { genuineClip, identityDescriptorCount, openLiveRoom, photoAttackClip } from './live-room';

/**
 * Measurement, not a test (skipped unless CANDOR_RATE_PROBE=1): analysed frames per stored window in
 * a real live room, and where the interviewer page's threads spend their time (a Chromium trace of
 * 15 s over CDP). Prints figures and writes .data/probe-<PROBE_TAG>.txt; asserts nothing.
 *   CANDOR_RATE_PROBE=1 PROBE_TAG=x [PROBE_CLIP=photo] [PROBE_S=40] npx tsx scripts/stack.ts test --
 *     bash -c 'node_modules/.bin/next build && node_modules/.bin/playwright test e2e/analysis/rate-probe.spec.ts'
 */
const RUN_S = Number(process.env.PROBE_S ?? 40);
const TAG = process.env.PROBE_TAG ?? 'probe';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  cat: string;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

test('live room analysis rate probe (measurement)', async ({ browser, baseURL }) => {
  test.skip(process.env.CANDOR_RATE_PROBE !== '1', 'a measurement: run with CANDOR_RATE_PROBE=1');
  test.setTimeout(240_000);
  const clip = process.env.PROBE_CLIP === 'photo' ? photoAttackClip() : genuineClip();
  const room = await openLiveRoom(browser, baseURL!, clip, 'rateprobe', { watchOnly: true });
  try {
    const sessionId = await room.sessionId();
    const consoleCounts = new Map<string, number>();
    room.ipage.on('console', (m) => {
      const k = m.text().slice(0, 90);
      consoleCounts.set(k, (consoleCounts.get(k) ?? 0) + 1);
    });
    const cdp = await room.ipage.context().newCDPSession(room.ipage);
    await room.ipage.waitForTimeout(8000);
    const events: TraceEvent[] = [];
    cdp.on(
      'Tracing.dataCollected',
      (e) => void events.push(...(e.value as unknown as TraceEvent[])),
    );
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', '__metadata'] },
      transferMode: 'ReportEvents',
    } as never);
    const traceMs = 15_000;
    await room.ipage.waitForTimeout(traceMs);
    await cdp.send('Tracing.end');
    await done;
    await room.ipage.waitForTimeout(Math.max(0, RUN_S * 1000 - 23_000));
    const size = await room.ipage
      .getByTestId('candidate-video')
      .evaluate(
        (v) => `${(v as HTMLVideoElement).videoWidth}x${(v as HTMLVideoElement).videoHeight}`,
      );

    const names = new Map<string, string>();
    for (const e of events)
      if (e.ph === 'M' && e.name === 'thread_name')
        names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    const busy = new Map<string, number>();
    const top = new Map<string, number>();
    const fn = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur) continue;
      const th = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
      if (e.cat.includes('toplevel') && e.name.includes('RunTask')) {
        busy.set(th, (busy.get(th) ?? 0) + e.dur / 1000);
        const src = (e.args as { src_func?: string; src_file?: string } | undefined) ?? {};
        const k = `${th} ${src.src_file?.split('/').slice(-2).join('/') ?? ''}:${src.src_func ?? ''}`;
        top.set(k, (top.get(k) ?? 0) + e.dur / 1000);
      }
      if (
        e.name === 'FunctionCall' ||
        e.name === 'EventDispatch' ||
        e.name === 'TimerFire' ||
        e.name === 'FireAnimationFrame' ||
        e.name === 'GPUTask' ||
        e.name === 'Paint' ||
        e.name === 'Layout' ||
        e.name === 'UpdateLayoutTree' ||
        e.name === 'ParseHTML' ||
        e.name === 'GCEvent' ||
        e.name === 'MinorGC' ||
        e.name === 'MajorGC' ||
        e.name.startsWith('V8.GC')
      ) {
        const k = `${th} ${e.name} ${e.args?.data?.functionName ?? ''} ${(e.args?.data?.url ?? '').split('/').pop()}`;
        fn.set(k, (fn.get(k) ?? 0) + e.dur / 1000);
      }
    }
    const rows = await testDb().$queryRaw<Array<{ fps: number; ms: number; frames: number }>>`
      SELECT ("values"->>'fps')::float AS fps, ("values"->>'frames')::int AS frames, extract(epoch from "windowStart")::float AS ms FROM "SignalWindow"
      WHERE "sessionId" = ${sessionId} AND "kind" = 'ENGINE' AND "source" = 'TRUSTED' ORDER BY "windowStart"`;
    const fpsList = rows.map((r) => r.fps);
    const sorted = [...fpsList].sort((a, b) => a - b);
    const med = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const mean = fpsList.reduce((a, b) => a + b, 0) / Math.max(1, fpsList.length);
    const ids = await identityDescriptorCount(sessionId);
    const frames = rows.reduce((a, r) => a + r.frames, 0);
    const spanS = rows.length > 1 ? rows.at(-1)!.ms - rows[0]!.ms + 1 : 1;
    const lines = [
      `[probe ${TAG}] video ${size}; windows ${rows.length}; analysed fps median ${med.toFixed(2)} mean ${mean.toFixed(2)}; identity descriptors ${ids}`,
      `[probe ${TAG}] analysed frames ${frames} over ${spanS.toFixed(0)} s of windows = ${(frames / spanS).toFixed(2)} frames/s; per window: ${rows.map((r) => r.frames).join(' ')}`,
      `[probe ${TAG}] fps per window: ${fpsList.map((f) => f.toFixed(1)).join(' ')}`,
      ...[...busy.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(
          ([k, v]) =>
            `[probe ${TAG}] busy ${k}: ${((v / traceMs) * 100).toFixed(1)} % (${v.toFixed(0)} ms)`,
        ),
      ...[...fn.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `[probe ${TAG}] ${k}: ${v.toFixed(0)} ms`),
    ];
    lines.push(
      ...[...top.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `[probe ${TAG}] task ${k}: ${v.toFixed(0)} ms`),
      ...[...consoleCounts.entries()].map(([k, v]) => `[probe ${TAG}] console ×${v}: ${k}`),
    );
    console.log(lines.join('\n'));
    writeFileSync(`.data/probe-${TAG}.txt`, lines.join('\n') + '\n');
  } finally {
    await room.close();
  }
});
