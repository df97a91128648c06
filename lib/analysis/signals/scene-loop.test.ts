import { describe, expect, test } from 'vitest';
import { gaussian, rng } from '../testing/synthetic-face';
import { sceneOf } from '../testing/synthetic-thumbs';
import { genuineSession } from '../testing/scenarios';
import { analyzeRecording, fuseSession, windowize } from '../session';
import { ZWindowSignals } from '../../schemas/signals';
import { SCENE_SIZE, type FrameFeatures } from '../types';
import {
  SceneLagProfile,
  SceneLoopRuns,
  loopLike,
  samePeriod,
  summarizeLagBins,
} from './scene-loop';
import type { LoopEvent } from './loops';

/**
 * Whole-frame 24x24 thumbnails of a static, textured room with a face region of `faceCells` x
 * `faceCells` cells whose pattern follows the talker's state (head turn `phase`, mouth `mouth`),
 * plus fresh coding/sensor noise of `noise` grey levels per cell and frame.
 */
interface State {
  phase: number;
  mouth: number;
}

function sceneFrame(s: State, faceCells: number, noise: number, rand: () => number): number[] {
  const bg = sceneOf(640, 480, 0, 0, 0, () => 0.5);
  const top = 8;
  const left = 10;
  return bg.map((v, k) => {
    const i = Math.floor(k / SCENE_SIZE);
    const j = k % SCENE_SIZE;
    let x = v;
    if (i >= top && i < top + faceCells && j >= left && j < left + faceCells) {
      const fi = (i - top) / faceCells;
      const fj = (j - left) / faceCells;
      x = 140 + 45 * Math.sin(5 * fj + 3 * fi + s.phase) + (fi > 0.6 ? 35 * s.mouth : 0);
    }
    return Math.min(255, Math.max(0, x + noise * gaussian(rand)));
  });
}

/** A live talker: head turn as a smooth random walk, a speaking mouth (random, ~4 Hz). */
function liveStates(n: number, fps: number, seed: number, amount = 1): State[] {
  const r = rng(seed);
  const out: State[] = [];
  let phase = 0;
  let vel = 0;
  let mouth = 0;
  for (let i = 0; i < n; i++) {
    vel = 0.9 * vel + amount * (0.6 / fps) * gaussian(r);
    phase += vel;
    mouth = Math.max(0, Math.min(1, mouth + amount * (4 / fps) * gaussian(r)));
    out.push({ phase, mouth });
  }
  return out;
}

function profile(
  states: readonly State[],
  fps: number,
  faceCells: number,
  noise: number,
  seed = 5,
) {
  const rand = rng(seed);
  const lag = new SceneLagProfile();
  const runs = new SceneLoopRuns();
  const windows: ReturnType<SceneLagProfile['take']>[] = [];
  let w = 0;
  states.forEach((s, i) => {
    const t = (i * 1000) / fps;
    if (Math.floor(t / 1000) !== w) {
      const sum = lag.take();
      windows.push(sum);
      runs.add(w * 1000, (w + 1) * 1000, sum);
      w = Math.floor(t / 1000);
    }
    lag.push(t, sceneFrame(s, faceCells, noise, rand));
  });
  const last = lag.take();
  windows.push(last);
  runs.add(w * 1000, (w + 1) * 1000, last);
  return { windows, events: runs.events() };
}

/** A cut loop: the first `periodS` seconds of a live recording repeated end to end. */
function cutLoop(live: readonly State[], fps: number, periodS: number): State[] {
  const p = Math.round(periodS * fps);
  return live.map((_, i) => live[i % p] as State);
}

const longest = (events: LoopEvent[]) =>
  events.reduce((a, e) => Math.max(a, e.endMs - e.startMs), 0);

describe('whole-picture loops (scene lag profile)', () => {
  test('a cut loop of a small face at 12 fps is found at its period', () => {
    const fps = 12;
    const live = liveStates(150, fps, 3);
    const { events } = profile(cutLoop(live, fps, 2.25), fps, 4, 0.5);
    expect(events.length).toBeGreaterThan(0);
    expect(longest(events)).toBeGreaterThanOrEqual(8000);
    expect(Math.abs((events[0]?.offsetMs ?? 0) - 2250)).toBeLessThanOrEqual(80);
  });

  test('a cut loop of a 25 fps talker with little motion is found', () => {
    const fps = 25;
    const live = liveStates(312, fps, 8, 0.4);
    const { events } = profile(cutLoop(live, fps, 2.16), fps, 5, 0.4);
    expect(longest(events)).toBeGreaterThanOrEqual(8000);
  });

  test('a live talker (small face, same still room) is not a loop', () => {
    for (const seed of [1, 2, 3, 4]) {
      const fps = 25;
      const { events, windows } = profile(liveStates(312, fps, seed), fps, 4, 0.5, seed);
      expect(events).toEqual([]);
      expect(windows.filter((w) => w && loopLike(w)).length).toBeLessThan(2);
    }
  });

  test('a still talker who returns to a similar pose at irregular times is not a loop', () => {
    const fps = 25;
    const r = rng(17);
    // nods about every 2 s, each cycle 1.6–2.4 s long, with small drift between returns
    const states: State[] = [];
    let cycleStart = 0;
    let cycleLen = 2;
    for (let i = 0; i < 312; i++) {
      const t = i / fps;
      if (t - cycleStart >= cycleLen) {
        cycleStart = t;
        cycleLen = 1.6 + 0.8 * r();
      }
      const u = (t - cycleStart) / cycleLen;
      states.push({ phase: 0.6 * Math.sin(2 * Math.PI * u) + 0.05 * gaussian(r), mouth: 0.1 });
    }
    const { events } = profile(states, fps, 5, 0.5);
    expect(events).toEqual([]);
  });

  test('a held frame with fresh noise is not a loop (that is the freeze test)', () => {
    const fps = 25;
    const still = Array.from({ length: 312 }, () => ({ phase: 0.3, mouth: 0.2 }));
    const { events } = profile(still, fps, 5, 1);
    expect(events).toEqual([]);
  });

  test('the whole-picture finding reaches the verdict as a replay loop', () => {
    const fps = 25;
    const base = genuineSession(12_500, { fps, noisePx: 0, seed: 44 });
    const states = cutLoop(liveStates(base.length, fps, 6), fps, 2);
    const rand = rng(9);
    const frames: FrameFeatures[] = base.map((f, i) => ({
      ...f,
      scene: sceneFrame(states[i] as State, 4, 0.5, rand),
    }));
    const { verdict, signals } = analyzeRecording(frames, null);
    const loop = signals.find((s) => s.signal === 'loop');
    expect(loop?.note).toMatch(/whole picture repeats itself every 2\.0 s/);
    expect(verdict.reasons.some((x) => x.signal === 'loop' && x.severity === 'hard')).toBe(true);
    // the same face frames with a live room and talker: no loop
    const live = liveStates(base.length, fps, 6);
    const liveFrames = base.map((f, i) => ({
      ...f,
      scene: sceneFrame(live[i] as State, 4, 0.5, rand),
    }));
    const again = analyzeRecording(liveFrames, null);
    expect(again.signals.find((s) => s.signal === 'loop')?.note).toBe('no repeated segments');
  }, 60_000);

  test('summaries ignore lags that only some frames reached, and report the shortest period', () => {
    const bins = new Map<number, [number, number]>();
    for (let b = 15; b <= 150; b++) bins.set(b, [10 * 5, 10]);
    bins.set(50, [0.3 * 10, 10]); // 2.0 s
    bins.set(100, [0.25 * 10, 10]); // 4.0 s: a little lower, same loop
    bins.set(120, [0, 2]); // too few frames
    const s = summarizeLagBins(bins, 10);
    expect(s?.lag).toBe(2000);
    expect(s && loopLike(s)).toBe(true);
  });

  test('lags of one loop: multiples match, other lags do not', () => {
    expect(samePeriod(2120, 4280, 80)).toBe(true);
    expect(samePeriod(2000, 2050, 80)).toBe(true);
    expect(samePeriod(2000, 3000, 80)).toBe(false);
    expect(samePeriod(1500, 2300, 80)).toBe(false);
  });
});

describe('the stored lag summary (window field sloop)', () => {
  const fps = 25;
  // timestamps jitter by a few ms: keep t >= 0 (a stored window starts at or after 0)
  const base = genuineSession(8_000, { fps, noisePx: 0, seed: 46 }).filter((f) => f.t >= 0);
  const live = liveStates(base.length, fps, 7);
  const rand = rng(3);
  const windows = windowize(
    base.map((f, i) => ({ ...f, scene: sceneFrame(live[i] as State, 4, 0.5, rand) })),
    null,
  );

  test('windows carry it and it passes the schema', () => {
    expect(windows.filter((w) => w.sloop).length).toBeGreaterThan(3);
    for (const w of windows) expect(ZWindowSignals.safeParse(w).success).toBe(true);
  });

  test('a malformed summary is rejected', () => {
    const w = windows.find((x) => x.sloop);
    expect(w?.sloop).toBeTruthy();
    if (!w?.sloop) return;
    for (const bad of [{ lag: -5 }, { d: Number.NaN }, { med: 300 }, { n: 1.5 }])
      expect(ZWindowSignals.safeParse({ ...w, sloop: { ...w.sloop, ...bad } }).success).toBe(false);
  });

  test('older windows without it parse and fuse the same way', () => {
    const old = windows.map(({ sloop: _s, ...rest }) => rest);
    for (const w of old) expect(ZWindowSignals.safeParse(w).success).toBe(true);
    expect(fuseSession(old).label).toBe(fuseSession(windows).label);
  });
});
