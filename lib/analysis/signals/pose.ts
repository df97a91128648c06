import type { FrameFeatures } from '../types';
import { mean, std } from '../math/stats';

/**
 * Head pose summary from MediaPipe's transformation matrix (yaw/pitch/roll in degrees).
 * A photo also has a pose (the pictured face's), so pose alone never proves liveness; a head that
 * never moves at all over a long call is a weak tell. Stops working at extreme profiles where the
 * landmarker loses the face.
 */

/** [mean, std, min, max] */
export type AxisStats = [number, number, number, number];

export interface PoseSummary {
  n: number;
  yaw: AxisStats;
  pitch: AxisStats;
  roll: AxisStats;
}

function axis(xs: number[]): AxisStats {
  return xs.length === 0 ? [0, 0, 0, 0] : [mean(xs), std(xs), Math.min(...xs), Math.max(...xs)];
}

export function headPose(frames: readonly FrameFeatures[]): PoseSummary | null {
  const poses = frames.flatMap((f) => (f.face ? [f.face.pose] : []));
  if (poses.length === 0) return null;
  return {
    n: poses.length,
    yaw: axis(poses.map((p) => p.yaw)),
    pitch: axis(poses.map((p) => p.pitch)),
    roll: axis(poses.map((p) => p.roll)),
  };
}

/**
 * How every report, note and chart names the head-pose axes (lib/analysis/types.ts HeadPose):
 * degrees from facing the camera; yaw + = the person turns to their own left; pitch + = up;
 * roll + = the head tilts clockwise as seen in the image.
 */
export const POSE_AXES_TEXT =
  'head pose in degrees from facing the camera: yaw = left–right turn (+ to the person’s left, − to their right), pitch = up–down (+ up, − down), roll = sideways tilt (+ clockwise in the image)';
