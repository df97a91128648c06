import type { AudioEnvelope, FrameFeatures } from './types';
import { WINDOW_LIMITS, type TWindowSignals } from '../schemas/signals';
import { FUSION_CONFIG } from './fusion-config';
import { median, round } from './math/stats';
import { homographyResidual } from './signals/geometry';
import { FaceCountTracker, type CountChange } from './signals/presence';
import { headPose, type AxisStats } from './signals/pose';
import { BlinkDetector } from './signals/blinks';
import { FrozenTracker, isStillFrame } from './signals/frozen';
import { HeldFrameDetector } from './signals/held';
import { GAP_BUCKETS, RepeatTracker, phaseFold, thumbHex } from './signals/cadence';
import { relativeMotion } from './signals/geometry';
import { FrameClock, foldWindow, sceneMaxChange, type FoldSample } from './signals/long-fold';
import { thumbDiff } from './signals/held';
import { planarPairs, summarizePairs } from './signals/planar';
import { buildSeries, pruneAudio } from './window-series';
import { summarizeFaceTexture, summarizeGeometry } from './signals/face-swap-window';
import { SceneLagProfile } from './signals/scene-loop';

/**
 * Streams frames into per-window records. Both `windowize` (batch) and `LiveAnalyzer` (live) use
 * this, so a recording and a live call produce identical windows. State that crosses windows (blink
 * hysteresis, frozen runs, face-count debounce, the frames needed for 0.3–1 s planar pairs) lives
 * here; memory is bounded by ~1 s of frames plus a few seconds of audio.
 */

interface Tracked {
  f: FrameFeatures;
  /** adjacent-frame homography residual (noise floor / jitter) */
  adj: number | null;
}

const cfg = FUSION_CONFIG;

export class WindowBuilder {
  private windowIndex: number | null = null;
  private current: Tracked[] = [];
  private history: Tracked[] = [];
  private prev: FrameFeatures | null = null;
  /** the last frame whose geometry was measured (not `face.carried`) */
  private prevMeasured: FrameFeatures | null = null;
  private audio: AudioEnvelope[] = [];
  private readonly counts = new FaceCountTracker();
  private readonly blinks = new BlinkDetector();
  private readonly frozen = new FrozenTracker();
  private readonly held = new HeldFrameDetector();
  private readonly repeats = new RepeatTracker();
  private dup = { compared: 0, repeats: 0, gaps: new Array<number>(GAP_BUCKETS).fill(0) };
  /** adjacent-frame [landmark motion, thumbnail difference] of this window (cadence by phase) */
  private adjChanges: [number, number][] = [];
  /** frame index from timestamps and this window's adjacent changes (long phase fold) */
  private readonly clock = new FrameClock();
  /** whole-picture lag profile (cut loops) */
  private readonly sceneLag = new SceneLagProfile();
  private foldSamples: FoldSample[] = [];
  /** the same frames' largest scene-cell change (second long fold, `sfold`) */
  private sceneFoldSamples: FoldSample[] = [];
  /** per frame: thumbnail difference and background-relative landmark motion to the frame 1 s back */
  private lagChanges: [number, number][] = [];
  private changes: CountChange[] = [];
  private blinkEnds: number[] = [];
  private eyesMsAtStart = 0;
  private stillFrames = 0;
  private frozenRun = { runMs: 0, runStartMs: 0 };
  /** last frame with a face-texture sample (flicker pairs across window edges) */
  private lastTex: FrameFeatures | null = null;

  constructor(private readonly windowMs = 1000) {}

  pushAudio(env: AudioEnvelope): void {
    if (env.rate > 0 && env.rms.length > 0) this.audio.push(env);
  }

  /** Returns the window this frame closed, if any. Frames must have increasing t (others are dropped). */
  pushFrame(f: FrameFeatures): TWindowSignals | null {
    if (this.prev && f.t <= this.prev.t) return null;
    const idx = Math.floor(f.t / this.windowMs);
    const closed = this.windowIndex !== null && idx !== this.windowIndex ? this.close(f) : null;
    if (this.windowIndex !== idx) this.startWindow(idx);
    this.track(f);
    return closed;
  }

  /** Closes the window in progress (end of a recording). */
  flush(): TWindowSignals | null {
    if (this.windowIndex === null || this.current.length === 0) return null;
    const w = this.close(null);
    this.windowIndex = null;
    return w;
  }

  private startWindow(idx: number): void {
    this.windowIndex = idx;
    this.current = [];
    this.changes = [];
    this.blinkEnds = [];
    this.eyesMsAtStart = this.blinks.eyesVisibleMs;
    this.stillFrames = 0;
    this.dup = { compared: 0, repeats: 0, gaps: new Array<number>(GAP_BUCKETS).fill(0) };
    this.adjChanges = [];
    this.foldSamples = [];
    this.sceneFoldSamples = [];
    this.lagChanges = [];
    this.frozenRun = { runMs: 0, runStartMs: 0 };
  }

  private fold(): { period: number; ratio: number } | null {
    const fc = cfg.cadence.fold;
    const r = phaseFold(this.adjChanges, fc.maxPeriod, fc.minBlocks);
    return r ? { period: r.period, ratio: round(r.ratio, 3) } : null;
  }

  private track(f: FrameFeatures): void {
    const p = this.prev;
    // Landmark noise (jitter, the planar noise floor) is measured between landmark frames: a
    // carried frame's geometry is interpolated (async worker), not measured.
    const m = this.prevMeasured;
    const adj =
      m?.face && f.face && !f.face.carried && f.t - m.t <= 200
        ? homographyResidual(m.face, f.face)
        : null;
    if (!f.face?.carried) this.prevMeasured = f;
    const change = this.counts.push(f);
    if (change) this.changes.push(change);
    const blink = this.blinks.push(f);
    if (blink) this.blinkEnds.push(blink.endMs);
    // Exact repeats (pixels and landmarks at the floor) or a held frame under fresh noise.
    const hv = this.held.push(f);
    const still = hv.held || isStillFrame(p, f);
    if (hv.lagDiff != null && hv.lagMotion != null)
      this.lagChanges.push([hv.lagDiff, hv.lagMotion]);
    const repeat = this.repeats.push(p, f);
    const k = this.clock.push(f.t);
    this.sceneLag.push(f.t, f.scene);
    if (p?.face?.thumb && f.face?.thumb && f.t - p.t <= cfg.cadence.maxGapMs) {
      const motion = relativeMotion(p.face, f.face);
      const diff = thumbDiff(p.face.thumb, f.face.thumb);
      this.adjChanges.push([motion, diff]);
      const lf = cfg.cadence.longFold;
      this.foldSamples.push({ k, c: diff * lf.thumbWeight + motion * lf.motionWeight });
      const cell = sceneMaxChange(p.scene, f.scene);
      if (cell !== null) this.sceneFoldSamples.push({ k, c: cell });
    }
    if (repeat !== null) {
      this.dup.compared++;
      if (repeat) this.dup.repeats++;
      const gap = this.repeats.lastGap;
      if (gap !== null) {
        const i = Math.min(GAP_BUCKETS, gap) - 1;
        this.dup.gaps[i] = (this.dup.gaps[i] ?? 0) + 1;
      }
    }
    if (still) this.stillFrames++;
    this.frozen.push(f.t, still, cfg.frozen.minRunMs);
    const run = this.frozen.current();
    if (run && run.endMs - run.startMs > this.frozenRun.runMs) {
      this.frozenRun = { runMs: run.endMs - run.startMs, runStartMs: run.startMs };
    }
    this.current.push({ f, adj });
    this.prev = f;
  }

  private close(next: FrameFeatures | null): TWindowSignals {
    const startMs = (this.windowIndex ?? 0) * this.windowMs;
    const endMs = startMs + this.windowMs;
    const frames = this.current.map((x) => x.f);
    const w: TWindowSignals = {
      v: 1,
      startMs,
      endMs,
      frames: frames.length,
      fps: round(this.measuredFps(frames), 2),
      face: this.faceCounts(frames, startMs),
      pose: this.pose(frames),
      blink: {
        eyesMs: Math.round(this.blinks.eyesVisibleMs - this.eyesMsAtStart),
        events: this.blinkEnds.slice(0, 16).map((t) => Math.max(0, t - startMs)),
      },
      jitter: this.jitter(),
      planar: this.planar(),
      frozen: {
        still: this.stillFrames,
        runMs: Math.round(this.frozenRun.runMs),
        runStartMs: Math.round(this.frozenRun.runStartMs),
      },
      ...this.hashes(frames, startMs),
      series: this.series(frames, next, startMs, endMs),
      antiSpoof: this.antiSpoof(frames),
      texture: this.texture(frames),
      dup: { ...this.dup, gaps: [...this.dup.gaps], fold: this.fold() },
      lfold: this.longFold(this.foldSamples),
      sfold: this.longFold(this.sceneFoldSamples),
      lag: this.lag(),
      sloop: this.sceneLoop(),
      grid: this.grid(frames),
      faceTex: summarizeFaceTexture(frames, this.lastTex),
      geom: summarizeGeometry(frames, cfg.faceSwap.geometryMaxPoseDeg),
      identity: this.identity(frames, startMs),
    };
    this.lastTex = [...frames].reverse().find((f) => f.face?.tex) ?? this.lastTex;
    const keepFrom = endMs - cfg.planar.pairMaxMs - 100;
    this.history = [...this.history, ...this.current].filter((x) => x.f.t >= keepFrom);
    this.audio = pruneAudio(this.audio, endMs - 2000);
    return w;
  }

  /** Medians of the window's 1-s-lag changes (the "no sign of life" stretch, signals/lifeless.ts). */
  private lag(): TWindowSignals['lag'] {
    if (this.lagChanges.length < 3) return null;
    return {
      n: this.lagChanges.length,
      diff: round(Math.min(255, median(this.lagChanges.map((x) => x[0]))), 3),
      motion: round(Math.min(100, median(this.lagChanges.map((x) => x[1]))), 5),
    };
  }

  private sceneLoop(): TWindowSignals['sloop'] {
    const s = this.sceneLag.take();
    return s
      ? {
          lag: Math.round(s.lag),
          d: round(Math.min(255, s.d), 3),
          med: round(Math.min(255, s.med), 3),
          loc: s.loc === null ? null : round(Math.min(255, s.loc), 3),
          n: s.n,
        }
      : null;
  }

  private longFold(samples: readonly FoldSample[]): TWindowSignals['lfold'] {
    const sums = foldWindow(samples, cfg.cadence.longFold.clamp);
    return sums ? { n: sums.n, s: sums.s.map((x) => round(x, 3)), q: round(sums.q, 3) } : null;
  }

  private measuredFps(frames: readonly FrameFeatures[]): number {
    const ts = [this.history.at(-1)?.f.t, ...frames.map((f) => f.t)].filter(
      (t): t is number => t !== undefined,
    );
    const dts = ts
      .slice(1)
      .map((t, i) => t - (ts[i] ?? t))
      .filter((d) => d > 0 && d < 1000);
    return dts.length > 0 ? Math.min(240, 1000 / median(dts)) : 0;
  }

  private faceCounts(frames: readonly FrameFeatures[], startMs: number): TWindowSignals['face'] {
    const c = { one: 0, none: 0, multi: 0, maxCount: 0 };
    for (const f of frames) {
      const n = f.face ? Math.max(1, Math.min(64, Math.round(f.faceCount))) : 0;
      if (n === 0) c.none++;
      else if (n === 1) c.one++;
      else c.multi++;
      c.maxCount = Math.max(c.maxCount, n);
    }
    const changes = this.changes
      .slice(0, 16)
      .map((ch): [number, number, number] => [
        Math.max(0, ch.t - startMs),
        Math.min(64, ch.from),
        Math.min(64, ch.to),
      ]);
    return { ...c, changes };
  }

  private pose(frames: readonly FrameFeatures[]): TWindowSignals['pose'] {
    const p = headPose(frames);
    if (!p) return null;
    const r = (a: AxisStats): AxisStats => [
      round(a[0], 1),
      round(a[1], 2),
      round(a[2], 1),
      round(a[3], 1),
    ];
    return { n: p.n, yaw: r(p.yaw), pitch: r(p.pitch), roll: r(p.roll) };
  }

  private jitter(): number | null {
    const adj = this.current.map((x) => x.adj).filter((x): x is number => x !== null);
    return adj.length > 0 ? round(Math.min(100, median(adj)), 5) : null;
  }

  private planar(): TWindowSignals['planar'] {
    // planar pairs compare measured landmarks only (carried frames' geometry is interpolated)
    const measured = (xs: typeof this.current) => xs.filter((x) => !x.f.face?.carried);
    const history = measured(this.history);
    const all = [...history, ...measured(this.current)];
    const pairs = planarPairs(
      all.map((x) => x.f),
      all.map((x) => x.adj),
      history.length,
    );
    const s = summarizePairs(pairs);
    const informative = pairs.filter((p) => p.kind !== 'still');
    return {
      pairs: s.pairs,
      informative: s.informative,
      planar: s.planar,
      threeD: s.threeD,
      locked: s.locked,
      marginJudged: s.marginJudged,
      marginLocked: s.marginLocked,
      margin3d: s.margin3d,
      noise: round(Math.min(100, s.medianNoise), 5),
      motion: round(Math.min(100, median(informative.map((p) => p.motion))), 4),
    };
  }

  private hashes(
    frames: readonly FrameFeatures[],
    startMs: number,
  ): { hashes: string[]; hashT: number[]; thumbs?: string[] } {
    // Carried frames (async worker, landmarker at a lower rate) are cropped at extrapolated
    // landmarks: their crops are a little off the face, which the loop test's thumbnail
    // confirmation reads as motion. Loop hashes come from the landmark frames only.
    const withHash = frames.filter(
      (f) => f.face && !f.face.carried && /^[0-9a-f]{16}$/.test(f.face.hash),
    );
    const step = Math.max(1, withHash.length / cfg.maxHashesPerWindow);
    const picked: FrameFeatures[] = [];
    for (let i = 0; i < withHash.length && picked.length < cfg.maxHashesPerWindow; i += step) {
      const f = withHash[Math.floor(i)];
      if (f) picked.push(f);
    }
    const thumbs = picked.map((f) => (f.face?.thumb ? thumbHex(f.face.thumb) : null));
    return {
      hashes: picked.map((f) => f.face?.hash ?? ''),
      hashT: picked.map((f) => Math.round(f.t - startMs)),
      ...(thumbs.every((x): x is string => x !== null) && thumbs.length > 0 ? { thumbs } : {}),
    };
  }

  private series(
    frames: readonly FrameFeatures[],
    next: FrameFeatures | null,
    startMs: number,
    endMs: number,
  ): TWindowSignals['series'] {
    const before = [...this.history].reverse().find((x) => x.f.face)?.f;
    const around = [...(before ? [before] : []), ...frames, ...(next?.face ? [next] : [])];
    return buildSeries(around, this.audio, startMs, endMs, cfg.seriesRateHz);
  }

  private antiSpoof(frames: readonly FrameFeatures[]): TWindowSignals['antiSpoof'] {
    const xs = frames.flatMap((f) =>
      f.face?.antiSpoofReal !== undefined && Math.abs(f.face.pose.yaw) < cfg.pose.frontalYawDeg
        ? [f.face.antiSpoofReal]
        : [],
    );
    if (xs.length === 0) return null;
    const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
    return {
      n: xs.length,
      mean: round(clamp01(xs.reduce((a, b) => a + b, 0) / xs.length), 4),
      min: round(clamp01(Math.min(...xs)), 4),
    };
  }

  private identity(frames: readonly FrameFeatures[], startMs: number): TWindowSignals['identity'] {
    return frames
      .flatMap((f) =>
        f.face?.identity
          ? [{ dt: Math.max(0, Math.round(f.t - startMs)), e: f.face.identity }]
          : [],
      )
      .slice(0, WINDOW_LIMITS.maxIdentity);
  }

  /** The window's display-grid samples (at most 64, evenly subsampled). */
  private grid(frames: readonly FrameFeatures[]): TWindowSignals['grid'] {
    const all = frames.flatMap((f) => (f.face?.grid ? [f.face.grid] : []));
    if (all.length === 0) return null;
    const step = Math.max(1, all.length / 64);
    const xs = Array.from(
      { length: Math.min(64, all.length) },
      (_, i) => all[Math.floor(i * step)]!,
    );
    return {
      p: xs.map((g) => round(Math.min(20, Math.max(-10, g.peak)), 3)),
      f: xs.map((g): [number, number] => [round(g.fx, 4), round(g.fy, 4)]),
    };
  }

  private texture(frames: readonly FrameFeatures[]): TWindowSignals['texture'] {
    const xs = frames.flatMap((f) =>
      f.face?.textureReal !== undefined ? [f.face.textureReal] : [],
    );
    if (xs.length === 0) return null;
    return {
      n: xs.length,
      mean: round(Math.min(1, Math.max(0, xs.reduce((a, b) => a + b, 0) / xs.length)), 4),
    };
  }
}
