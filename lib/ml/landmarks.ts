/**
 * Landmark helpers shared by the worker and its samplers (no pixels here): which face of a
 * landmarker result is measured, and the preamble every rate-limited face sampler shares.
 */
import type { FaceLandmarkerResult, NormalizedLandmark } from '@mediapipe/tasks-vision';
import type { FrameFace, FrameFeatures } from '../analysis/types';

/** The largest face's landmarks (by landmark bounding-box area; the first on a tie). */
export function largestLandmarks(res: FaceLandmarkerResult): readonly NormalizedLandmark[] | null {
  let best: readonly NormalizedLandmark[] | null = null;
  let bestArea = -1;
  for (const lm of res.faceLandmarks) {
    const xs = lm.map((p) => p.x);
    const ys = lm.map((p) => p.y);
    const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (area > bestArea) [best, bestArea] = [lm, area];
  }
  return best;
}

/** Landmarks `ids` of `lm` in the analysed frame's pixels. */
export function landmarkPx(
  lm: readonly NormalizedLandmark[],
  ids: readonly number[],
  width: number,
  height: number,
): [number, number][] {
  return ids.map((i): [number, number] => [(lm[i]?.x ?? 0) * width, (lm[i]?.y ?? 0) * height]);
}

/**
 * A face sampler that runs at most once per interval of media time, on faces within a pose
 * limit: `due` says whether the interval has passed, `face` returns the face and its landmarks when
 * this frame is to be measured, `measured` starts the next interval.
 */
export class FaceSamplerClock {
  private lastT = -Infinity;

  constructor(
    readonly intervalMs: number,
    private readonly maxYaw: number,
    private readonly maxPitch = Infinity,
  ) {}

  reset(): void {
    this.lastT = -Infinity;
  }

  due(t: number, intervalMs = this.intervalMs): boolean {
    return t - this.lastT >= intervalMs;
  }

  face(
    f: FrameFeatures,
    res: FaceLandmarkerResult,
    intervalMs = this.intervalMs,
  ): { face: FrameFace; lm: readonly NormalizedLandmark[] } | null {
    const face = f.face;
    if (!face || !this.due(f.t, intervalMs)) return null;
    if (Math.abs(face.pose.yaw) > this.maxYaw || Math.abs(face.pose.pitch) > this.maxPitch)
      return null;
    const lm = largestLandmarks(res);
    return lm ? { face, lm } : null;
  }

  measured(t: number): void {
    this.lastT = t;
  }
}
