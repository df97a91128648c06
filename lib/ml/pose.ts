import type { HeadPose } from '../analysis/types';

const DEG = 180 / Math.PI;

/**
 * Head pose from MediaPipe's facial transformation matrix (4x4, face space → camera space,
 * column-major `data`, OpenGL camera: x image-right, y up, z towards the viewer).
 * Angles are read from where the face's forward (+z) and up (+y) axes point in the camera,
 * (yaw, pitch) and the face's own x axis (roll), which keeps HeadPose's sign conventions obvious:
 * - yaw > 0 when the nose points to image right (the person turns to their left),
 * - pitch > 0 when the nose points up,
 * - roll > 0 when the top of the head leans to image right (clockwise on screen).
 */
export function poseFromMatrix(data: ArrayLike<number>): HeadPose {
  const at = (row: number, col: number): number => data[col * 4 + row] ?? 0;
  const fx = at(0, 2);
  const fy = at(1, 2);
  const fz = at(2, 2);
  // Roll about the face's own forward axis (R = Ry·Rx·Rz): then a head that only turns and nods
  // reads roll 0, as its eye line stays level in the image; x-axis's y component = cos(pitch)·sin(rz).
  const xy = at(1, 0);
  const yy = at(1, 1);
  return {
    yaw: Math.atan2(fx, fz) * DEG,
    pitch: Math.atan2(fy, Math.hypot(fx, fz)) * DEG,
    roll: -Math.atan2(xy, yy) * DEG,
  };
}
