import { describe, expect, it } from 'vitest';
import { poseFromMatrix } from './pose';

const rad = (d: number): number => (d * Math.PI) / 180;

/** Column-major 4x4 of R = Ry(yaw)·Rx(-pitch)·Rz(-roll) in MediaPipe's camera frame (y up). */
function matrix(yawDeg: number, pitchDeg: number, rollDeg: number): number[] {
  const [a, b, c] = [rad(yawDeg), rad(-pitchDeg), rad(-rollDeg)];
  const ry = [
    [Math.cos(a), 0, Math.sin(a)],
    [0, 1, 0],
    [-Math.sin(a), 0, Math.cos(a)],
  ];
  const rx = [
    [1, 0, 0],
    [0, Math.cos(b), -Math.sin(b)],
    [0, Math.sin(b), Math.cos(b)],
  ];
  const rz = [
    [Math.cos(c), -Math.sin(c), 0],
    [Math.sin(c), Math.cos(c), 0],
    [0, 0, 1],
  ];
  const mul = (p: number[][], q: number[][]): number[][] =>
    p.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, k) => s + v * (q[k]?.[j] ?? 0), 0)));
  const r = mul(mul(ry, rx), rz);
  const out = new Array<number>(16).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[j * 4 + i] = r[i]?.[j] ?? 0;
  out[14] = -40; // translation: the face 40 cm in front of the camera
  out[15] = 1;
  return out;
}

describe('poseFromMatrix', () => {
  it.each([
    ['frontal', 0, 0, 0],
    ['turned to their left (nose to image right)', 40, 0, 0],
    ['turned to their right', -55, 0, 0],
    ['looking up', 0, 20, 0],
    ['looking down', 0, -15, 0],
    ['tilted clockwise on screen', 0, 0, 12],
    ['combined', 30, -10, 8],
  ])('%s', (_name, yaw, pitch, roll) => {
    const p = poseFromMatrix(matrix(yaw, pitch, roll));
    expect(p.yaw).toBeCloseTo(yaw, 6);
    expect(p.pitch).toBeCloseTo(pitch, 6);
    expect(p.roll).toBeCloseTo(roll, 6);
  });

  it('a nose pointing to image right is positive yaw', () => {
    // forward axis (third column) points along +x and +z
    const m = matrix(0, 0, 0);
    m[8] = Math.SQRT1_2;
    m[10] = Math.SQRT1_2;
    expect(poseFromMatrix(m).yaw).toBeCloseTo(45, 6);
  });
});
