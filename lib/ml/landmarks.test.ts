import type { FaceLandmarkerResult, NormalizedLandmark } from '@mediapipe/tasks-vision';
import { describe, expect, it } from 'vitest';
import { syntheticFrames } from '../analysis/testing/synthetic-face';
import { FaceSamplerClock, landmarkPx, largestLandmarks } from './landmarks';

/** A face of 478 landmarks spread over [x0, x0 + w] x [y0, y0 + w] (normalised). */
const face = (x0: number, y0: number, w: number): NormalizedLandmark[] =>
  Array.from({ length: 478 }, (_, i) => ({
    x: x0 + (w * (i % 22)) / 21,
    y: y0 + (w * Math.floor(i / 22)) / 21,
    z: 0,
    visibility: 1,
  }));
const result = (...faces: NormalizedLandmark[][]): FaceLandmarkerResult =>
  ({
    faceLandmarks: faces,
    faceBlendshapes: [],
    facialTransformationMatrixes: [],
  }) as FaceLandmarkerResult;

describe('largestLandmarks', () => {
  it('picks the face with the largest landmark box, the first on a tie, null without a face', () => {
    const small = face(0.1, 0.1, 0.1);
    const big = face(0.5, 0.3, 0.3);
    expect(largestLandmarks(result(small, big))).toBe(big);
    const twin = face(0.6, 0.1, 0.1);
    expect(largestLandmarks(result(small, twin))).toBe(small);
    expect(largestLandmarks(result())).toBeNull();
  });
});

describe('landmarkPx', () => {
  it('scales normalised landmarks to the given pixels (missing ones at 0)', () => {
    const lm = face(0.5, 0.25, 0.1);
    expect(landmarkPx(lm, [0, 500], 640, 480)).toEqual([
      [320, 120],
      [0, 0],
    ]);
  });
});

describe('FaceSamplerClock', () => {
  const frames = syntheticFrames({
    durationMs: 1000,
    fps: 10,
    motion: (t) => ({ yaw: t < 0.5 ? 5 : 40 }),
  });
  const res = result(face(0.3, 0.2, 0.3));

  it('gives the face once per interval of media time, and only after a measurement starts one', () => {
    const clock = new FaceSamplerClock(150, 30);
    const f0 = frames[0]!;
    expect(clock.face(f0, res)?.lm).toBe(res.faceLandmarks[0]);
    // not measured (e.g. the face was too small): the next frame is still due
    expect(clock.due(frames[1]!.t)).toBe(true);
    clock.measured(f0.t);
    expect(clock.face(frames[1]!, res)).toBeNull();
    expect(clock.face(frames[2]!, res)).not.toBeNull();
    expect(clock.face(frames[1]!, res, 50)).not.toBeNull(); // a stretched or shortened interval
    clock.reset();
    expect(clock.due(f0.t)).toBe(true);
  });

  it('skips faces over the pose limits and frames without a face', () => {
    const clock = new FaceSamplerClock(0, 30, 25);
    const turned = frames.find((f) => Math.abs(f.face?.pose.yaw ?? 0) > 30)!;
    expect(clock.face(turned, res)).toBeNull();
    expect(clock.face({ ...frames[0]!, face: null }, res)).toBeNull();
    expect(clock.face(frames[0]!, result())).toBeNull();
  });
});
