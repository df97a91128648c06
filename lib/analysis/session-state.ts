import type { TWindowSignals } from '../schemas/signals';
import { FUSION_CONFIG } from './fusion-config';
import { emptyMoments, mergeMoments, type Moments } from './math/stats';
import { EpisodeList } from './episodes';
import { LoopDetector } from './signals/loops';
import { SceneLoopRuns } from './signals/scene-loop';
import { CadenceStats, thumbFromHex } from './signals/cadence';
import { LongFoldStats } from './signals/long-fold';
import { LifelessStretches } from './signals/lifeless';
import { BlinkStretches } from './session-blinks';
import { SeriesAnalyses } from './session-series';
import { FaceSwapWindows } from './session-face-swap';
import type { IdentitySample } from './identity';
import { DisplayGridStats } from './signals/display-grid';

/**
 * Session-level state built from windows alone, one window at a time, in bounded memory. The
 * server (stored windows) and the live analyzer (fresh windows) feed the same class, so both reach
 * the same verdict.
 */

const cfg = FUSION_CONFIG;

function momentsOf(stats: readonly [number, number, number, number], n: number): Moments {
  return { n, mean: stats[0], m2: stats[1] * stats[1] * Math.max(0, n - 1) };
}

export class SessionState {
  windows = 0;
  frames = 0;
  faceFrames = 0;
  one = 0;
  none = 0;
  multi = 0;
  firstMs: number | null = null;
  lastMs = 0;
  faceMs = 0;
  readonly noFace = new EpisodeList(1000);
  readonly multiFace = new EpisodeList(1000);
  readonly countChanges: Array<[number, number, number]> = [];
  readonly pose = {
    yaw: emptyMoments(),
    pitch: emptyMoments(),
    roll: emptyMoments(),
    yawMin: Infinity,
    yawMax: -Infinity,
    pitchMin: Infinity,
    pitchMax: -Infinity,
  };
  readonly blinks = new BlinkStretches();
  readonly jitterValues: number[] = [];
  readonly highJitter = new EpisodeList(1000);
  readonly planar = {
    pairs: 0,
    informative: 0,
    planar: 0,
    threeD: 0,
    locked: 0,
    marginJudged: 0,
    marginLocked: 0,
    margin3d: 0,
    informativeWindows: 0,
    informativeMs: 0,
  };
  readonly planarEpisodes = new EpisodeList(2000);
  /** longest run of planar-dominant informative windows with no 3D-dominant window between */
  planarRun = { ms: 0, startMs: 0, endMs: 0, bestMs: 0, bestStartMs: 0, bestEndMs: 0 };
  readonly frozen = new EpisodeList(0);
  readonly loops = new LoopDetector();
  readonly sceneLoops = new SceneLoopRuns();
  readonly cadence = new CadenceStats();
  readonly longFold = new LongFoldStats();
  /** the same fold of the largest scene-cell change (`sfold`) */
  readonly sceneFold = new LongFoldStats();
  readonly lifeless = new LifelessStretches();
  readonly antiSpoofMeans: number[] = [];
  antiSpoofSamples = 0;
  readonly textureMeans: number[] = [];
  textureSamples = 0;
  readonly series = new SeriesAnalyses();
  readonly faceSwap = new FaceSwapWindows();
  /** cheek display-grid samples (signals/display-grid.ts) */
  readonly displayGrid = new DisplayGridStats();
  /** face identity descriptors over the session (about one a second; capped at ~3 h) */
  readonly identity: IdentitySample[] = [];

  add(w: TWindowSignals): void {
    this.windows++;
    this.frames += w.frames;
    this.firstMs = this.firstMs === null ? w.startMs : Math.min(this.firstMs, w.startMs);
    this.lastMs = Math.max(this.lastMs, w.endMs);
    this.addPresence(w);
    this.addPose(w);
    this.blinks.add(w);
    this.addJitter(w);
    this.addPlanar(w);
    if (w.frozen.runMs >= cfg.frozen.minRunMs)
      this.frozen.add(w.frozen.runStartMs, w.frozen.runStartMs + w.frozen.runMs);
    w.hashes.forEach((hash, i) => {
      const hex = w.thumbs?.[i];
      const thumb = hex ? thumbFromHex(hex) : undefined;
      this.loops.add({ t: w.startMs + (w.hashT[i] ?? 0), hash, thumb });
    });
    this.sceneLoops.add(w.startMs, w.endMs, w.sloop);
    this.cadence.add(w);
    if (w.lfold) this.longFold.add(w.lfold, w.startMs, w.endMs);
    if (w.sfold) this.sceneFold.add(w.sfold, w.startMs, w.endMs);
    this.lifeless.add(w);
    if (w.antiSpoof && this.antiSpoofMeans.length < 20_000) {
      this.antiSpoofMeans.push(w.antiSpoof.mean);
      this.antiSpoofSamples += w.antiSpoof.n;
    }
    if (w.texture && this.textureMeans.length < 20_000) {
      this.textureMeans.push(w.texture.mean);
      this.textureSamples += w.texture.n;
    }
    this.series.add(w);
    this.faceSwap.add(w);
    this.displayGrid.add(w.startMs, w.endMs, w.grid);
    for (const x of w.identity ?? [])
      if (this.identity.length < 10_000) this.identity.push({ t: w.startMs + x.dt, e: x.e });
  }

  durationMs(): number {
    return this.firstMs === null ? 0 : this.lastMs - this.firstMs;
  }

  private addPresence(w: TWindowSignals): void {
    this.one += w.face.one;
    this.none += w.face.none;
    this.multi += w.face.multi;
    this.faceFrames += w.face.one + w.face.multi;
    if (w.frames > 0)
      this.faceMs += ((w.face.one + w.face.multi) / w.frames) * (w.endMs - w.startMs);
    if (w.frames > 0 && w.face.none / w.frames > 0.5) this.noFace.add(w.startMs, w.endMs);
    if (w.frames > 0 && w.face.multi / w.frames > 0.3) this.multiFace.add(w.startMs, w.endMs);
    for (const [dt, from, to] of w.face.changes)
      if (this.countChanges.length < 200) this.countChanges.push([w.startMs + dt, from, to]);
  }

  private addPose(w: TWindowSignals): void {
    if (!w.pose) return;
    const p = this.pose;
    p.yaw = mergeMoments(p.yaw, momentsOf(w.pose.yaw, w.pose.n));
    p.pitch = mergeMoments(p.pitch, momentsOf(w.pose.pitch, w.pose.n));
    p.roll = mergeMoments(p.roll, momentsOf(w.pose.roll, w.pose.n));
    p.yawMin = Math.min(p.yawMin, w.pose.yaw[2]);
    p.yawMax = Math.max(p.yawMax, w.pose.yaw[3]);
    p.pitchMin = Math.min(p.pitchMin, w.pose.pitch[2]);
    p.pitchMax = Math.max(p.pitchMax, w.pose.pitch[3]);
  }

  private addJitter(w: TWindowSignals): void {
    if (w.jitter === null) return;
    if (this.jitterValues.length < 20_000) this.jitterValues.push(w.jitter);
    if (w.jitter > cfg.jitter.highFace) this.highJitter.add(w.startMs, w.endMs);
  }

  private addPlanar(w: TWindowSignals): void {
    const p = w.planar;
    this.planar.pairs += p.pairs;
    this.planar.informative += p.informative;
    this.planar.planar += p.planar;
    this.planar.threeD += p.threeD;
    this.planar.locked += p.locked ?? 0;
    this.planar.marginJudged += p.marginJudged ?? 0;
    this.planar.marginLocked += p.marginLocked ?? 0;
    this.planar.margin3d += p.margin3d ?? 0;
    if (p.informative === 0) return;
    this.planar.informativeWindows++;
    this.planar.informativeMs += w.endMs - w.startMs;
    const planarDominant = p.planar / p.informative >= cfg.planar.hardPlanarShare;
    const threeDSeen = p.threeD / p.informative > cfg.planar.hardMax3dShare;
    const run = this.planarRun;
    if (planarDominant && !threeDSeen) {
      this.planarEpisodes.add(w.startMs, w.endMs);
      if (run.ms === 0) run.startMs = w.startMs;
      run.ms += w.endMs - w.startMs;
      run.endMs = w.endMs;
      if (run.ms > run.bestMs)
        Object.assign(run, { bestMs: run.ms, bestStartMs: run.startMs, bestEndMs: run.endMs });
    } else if (threeDSeen) {
      run.ms = 0;
    }
  }
}
