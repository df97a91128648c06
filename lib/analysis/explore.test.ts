import { test } from 'vitest';
import { syntheticFrames } from '/work/main/lib/analysis/testing/synthetic-face';
import { planarMotion } from '/work/main/lib/analysis/signals/planar';
const cases: Array<[string, boolean, (t: number) => object]> = [
  ['photo pan', true, (t) => ({ tx: 5 * Math.sin(t * 2), ty: 2 * Math.cos(t * 3) })],
  ['photo tilt', true, (t) => ({ yaw: 25 * Math.sin(t * 1.5), pitch: 10 * Math.sin(t) })],
  ['photo zoom+rot', true, (t) => ({ tz: 10 * Math.sin(t), roll: 15 * Math.sin(t * 2) })],
  ['head yaw', false, (t) => ({ yaw: 30 * Math.sin(t * 1.2) })],
  ['head pitch', false, (t) => ({ pitch: 15 * Math.sin(t * 1.5) })],
  ['head small yaw', false, (t) => ({ yaw: 5 * Math.sin(t * 1.5) })],
  ['head translate', false, (t) => ({ tx: 5 * Math.sin(t * 2) })],
];
test.each(cases)('%s', (name, planar, motion) => {
  const frames = syntheticFrames({ durationMs: 6000, fps: 20, planar, motion: motion as never, noisePx: 0.5 });
  const { pairs, summary } = planarMotion(frames);
  const r = pairs.slice(5, 10).map((p) => `${p.kind}:m${(p.motion*100).toFixed(1)} r${(p.residual*100).toFixed(2)} n${(p.noise*100).toFixed(2)}`);
  console.log(name, JSON.stringify(summary), r.join(' | '));
});
test('combos', () => {
  for (const [name, planar, motion] of [
    ['photo pan+tilt', true, (t: number) => ({ tx: 4 * Math.sin(t * 2), yaw: 20 * Math.sin(t), pitch: 10 * Math.sin(t * 1.3), tz: 5 * Math.sin(t * 0.7) })],
    ['head yaw+pitch', false, (t: number) => ({ yaw: 30 * Math.sin(t * 1.1), pitch: 12 * Math.sin(t * 0.8) })],
    ['head yaw 10', false, (t: number) => ({ yaw: 10 * Math.sin(t * 1.1) })],
  ] as const) {
    for (const noisePx of [0.2, 0.5, 1.0]) {
      const frames = syntheticFrames({ durationMs: 6000, fps: 20, planar, motion: motion as never, noisePx });
      const { summary } = planarMotion(frames);
      console.log(name, noisePx, JSON.stringify(summary));
    }
  }
});
