import type { TWindowSignals } from '../schemas/signals';
import { FUSION_CONFIG } from './fusion-config';
import { estimatePulse } from './signals/rppg';
import { lipSyncBoth } from './signals/lipsync';
import type { Span } from './types';

/**
 * Session-level rPPG and lip-sync over the windows' uniform series: contiguous samples are kept in
 * a rolling buffer (reset at any gap: a broken series would fake spectral content) and analysed in
 * overlapping segments. Results are kept as bounded summaries.
 */

const cfg = FUSION_CONFIG;

export interface PulseSegment extends Span {
  bpm: number;
  snrDb: number;
  present: boolean;
}

export interface SyncSegment extends Span {
  peakCorr: number;
  lagMs: number;
}

class RollingSeries {
  readonly cols: number[][];
  t0 = 0;
  lastEnd: number | null = null;
  sinceAnalysis = 0;
  analysedOnce = false;

  constructor(width: number) {
    this.cols = Array.from({ length: width }, () => []);
  }

  push(w: TWindowSignals, values: number[][] | null): void {
    const len = values?.[0]?.length ?? 0;
    if (!values || len === 0 || this.lastEnd !== w.startMs) this.reset(w.series.t0);
    this.lastEnd = w.endMs;
    if (!values || len === 0) return;
    if (this.cols[0]?.length === 0) this.t0 = w.series.t0;
    values.forEach((v, i) => this.cols[i]?.push(...v));
    this.sinceAnalysis += len;
  }

  /** Returns the latest `n` samples of each column when a new segment is due, else null. */
  due(n: number, step: number, maxKeep: number): number[][] | null {
    const len = this.cols[0]?.length ?? 0;
    if (len < n || (this.analysedOnce && this.sinceAnalysis < step)) return null;
    this.analysedOnce = true;
    this.sinceAnalysis = 0;
    const out = this.cols.map((c) => c.slice(len - n));
    const drop = Math.max(0, len - maxKeep);
    if (drop > 0) {
      this.cols.forEach((c) => c.splice(0, drop));
      this.t0 += (drop * 1000) / cfg.seriesRateHz;
    }
    return out;
  }

  endMs(): number {
    return this.t0 + ((this.cols[0]?.length ?? 0) * 1000) / cfg.seriesRateHz;
  }

  private reset(t0: number): void {
    this.cols.forEach((c) => c.splice(0));
    this.t0 = t0;
    this.sinceAnalysis = 0;
    this.analysedOnce = false;
  }
}

const MAX_SEGMENTS = 2000;

export class SeriesAnalyses {
  private readonly rgb = new RollingSeries(3);
  private readonly sync = new RollingSeries(3);
  readonly pulse: PulseSegment[] = [];
  readonly lip: SyncSegment[] = [];
  /** lip-sync segments analysed, including ones without speech */
  lipSegments = 0;
  /** speech segments in which neither mouth signal moved */
  readonly stillMouth: Span[] = [];

  add(w: TWindowSignals): void {
    const rate = cfg.seriesRateHz;
    const s = w.series;
    this.rgb.push(w, w.fps >= cfg.rppg.minFps ? [s.r, s.g, s.b] : null);
    const segN = Math.round((cfg.rppg.segmentMs / 1000) * rate);
    const rgb = this.rgb.due(segN, Math.round((cfg.rppg.segmentStepMs / 1000) * rate), segN);
    if (rgb && this.pulse.length < MAX_SEGMENTS) {
      const [r = [], g = [], b = []] = rgb;
      const est = estimatePulse({ r, g, b }, rate);
      const end = this.rgb.endMs();
      if (est.informative)
        this.pulse.push({
          startMs: end - cfg.rppg.segmentMs,
          endMs: end,
          bpm: est.bpm,
          snrDb: est.snrDb,
          present: est.present,
        });
    }
    const synced = s.audio && s.jaw.length === s.audio.length && s.lips.length === s.audio.length;
    this.sync.push(w, synced && s.audio ? [s.jaw, s.lips, s.audio] : null);
    const lipN = Math.round((cfg.lipSync.segmentMs / 1000) * rate);
    const seg = this.sync.due(lipN, Math.round((cfg.lipSync.segmentStepMs / 1000) * rate), lipN);
    if (seg && this.lip.length < MAX_SEGMENTS) {
      this.lipSegments++;
      const [jaw = [], lips = [], audio = []] = seg;
      // Two mouth measures: the blendshape under-reads some faces, the lip gap others; keep the clearer.
      const { byJaw, byLips, clearer: r } = lipSyncBoth(jaw, lips, audio, rate);
      const end = this.sync.endMs();
      const range = { startMs: end - cfg.lipSync.segmentMs, endMs: end };
      if (r.informative) this.lip.push({ ...range, peakCorr: r.peakCorr, lagMs: r.lagMs });
      else if (byJaw.mouthStill && byLips.mouthStill && this.stillMouth.length < MAX_SEGMENTS)
        this.stillMouth.push(range);
    }
  }
}
