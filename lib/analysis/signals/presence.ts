import type { FrameFeatures } from '../types';
import { FUSION_CONFIG } from '../fusion-config';

/**
 * Face presence and count. Counts come from the face detector; a new count must persist
 * `countChangeMinFrames` frames before it is a change, so a single missed detection is not
 * "the face disappeared". Stops working when the detector itself fails (profiles beyond ~70°, heavy
 * occlusion, tiny faces): those frames read as "no face", which the fusion reports but never treats
 * as proof of an attack.
 */

export interface CountChange {
  t: number;
  from: number;
  to: number;
}

export class FaceCountTracker {
  private stable: number | null = null;
  private candidate = -1;
  private candidateRun = 0;
  private candidateT = 0;

  constructor(private readonly minFrames: number = FUSION_CONFIG.presence.countChangeMinFrames) {}

  /** Returns the change committed by this frame, if any (timed at the first frame of the new count). */
  push(f: FrameFeatures): CountChange | null {
    const count = Math.max(0, Math.round(f.faceCount));
    if (this.stable === null) {
      this.stable = count;
      return null;
    }
    if (count === this.stable) {
      this.candidateRun = 0;
      return null;
    }
    if (count !== this.candidate) {
      this.candidate = count;
      this.candidateRun = 0;
      this.candidateT = f.t;
    }
    this.candidateRun++;
    if (this.candidateRun < this.minFrames) return null;
    const change = { t: this.candidateT, from: this.stable, to: count };
    this.stable = count;
    this.candidateRun = 0;
    return change;
  }
}

export interface PresenceSummary {
  frames: number;
  one: number;
  none: number;
  multi: number;
  maxCount: number;
  changes: CountChange[];
}

export function facePresence(
  frames: readonly FrameFeatures[],
  tracker = new FaceCountTracker(),
): PresenceSummary {
  const s: PresenceSummary = {
    frames: frames.length,
    one: 0,
    none: 0,
    multi: 0,
    maxCount: 0,
    changes: [],
  };
  for (const f of frames) {
    const c = f.faceCount > 0 && f.face ? f.faceCount : 0;
    if (c === 0) s.none++;
    else if (c === 1) s.one++;
    else s.multi++;
    s.maxCount = Math.max(s.maxCount, c);
    const change = tracker.push(f);
    if (change) s.changes.push(change);
  }
  return s;
}
