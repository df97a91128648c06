import { describe, expect, it } from 'vitest';
import { ZFrameFeatures, ZFromWorker, ZToWorker } from './protocol';

const frame = {
  t: 40,
  width: 640,
  height: 480,
  faceCount: 1,
  face: {
    box: { x: 200, y: 100, w: 180, h: 220 },
    pts: [1, 2, 3, 4],
    pose: { yaw: -3.2, pitch: 5, roll: 0.4 },
    blend: {
      eyeBlinkLeft: 0.1,
      eyeBlinkRight: 0.1,
      jawOpen: 0.02,
      mouthSmileLeft: 0,
      mouthSmileRight: 0,
    },
    skin: { r: 180, g: 130, b: 110 },
    hash: '8033333223336123',
    diff: 1.25,
    antiSpoofReal: 0.98,
  },
};

describe('worker protocol', () => {
  it('accepts a contract frame and a faceless frame', () => {
    expect(ZFrameFeatures.parse(frame)).toEqual(frame);
    expect(ZFrameFeatures.parse({ ...frame, faceCount: 0, face: null }).face).toBeNull();
  });

  it('rejects a malformed hash or an out-of-range blendshape', () => {
    expect(
      ZFrameFeatures.safeParse({ ...frame, face: { ...frame.face, hash: 'xyz' } }).success,
    ).toBe(false);
    const blend = { ...frame.face.blend, jawOpen: 1.5 };
    expect(ZFrameFeatures.safeParse({ ...frame, face: { ...frame.face, blend } }).success).toBe(
      false,
    );
  });

  it('fills INIT defaults and rejects a FRAME without an ImageBitmap', () => {
    const init = ZToWorker.parse({ type: 'INIT', assetBaseUrl: 'http://127.0.0.1:3000/' });
    expect(init.type === 'INIT' && init.options).toMatchObject({
      numFaces: 2,
      models: true,
      modelMaxYawDeg: 30,
    });
    expect(ZToWorker.safeParse({ type: 'FRAME', t: 1, bitmap: {} }).success).toBe(false);
  });

  it('parses RESULT and ERROR from the worker', () => {
    const timing = { landmarkerMs: 30, featuresMs: 0.5, modelsMs: 0 };
    expect(ZFromWorker.parse({ type: 'RESULT', features: frame, timing }).type).toBe('RESULT');
    expect(ZFromWorker.parse({ type: 'ERROR', message: 'x', fatal: false }).type).toBe('ERROR');
  });
});
