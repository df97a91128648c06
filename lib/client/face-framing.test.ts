import { describe, expect, test } from 'vitest';
import { framingVerdict } from './face-framing';
import type { FrameFeatures } from '../analysis/types';

const frame = (box: { x: number; y: number; w: number; h: number } | null) =>
  ({
    width: 640,
    height: 480,
    faceCount: box ? 1 : 0,
    face: box ? ({ box } as NonNullable<FrameFeatures['face']>) : null,
  }) satisfies Pick<FrameFeatures, 'width' | 'height' | 'faceCount' | 'face'>;

describe('framingVerdict', () => {
  test('no face', () => expect(framingVerdict(frame(null))).toBe('none'));
  test('a centred face of a third of the width is framed', () =>
    expect(framingVerdict(frame({ x: 220, y: 120, w: 210, h: 250 }))).toBe('ok'));
  test('a face reaching past the left or bottom edge is cut', () => {
    expect(framingVerdict(frame({ x: -40, y: 120, w: 210, h: 250 }))).toBe('cut');
    expect(framingVerdict(frame({ x: 220, y: 300, w: 210, h: 250 }))).toBe('cut');
  });
  test('a few pixels past the edge still count as in', () =>
    expect(framingVerdict(frame({ x: -5, y: 120, w: 210, h: 250 }))).toBe('ok'));
  test('a small face is too far', () =>
    expect(framingVerdict(frame({ x: 300, y: 200, w: 80, h: 100 }))).toBe('far'));
});
