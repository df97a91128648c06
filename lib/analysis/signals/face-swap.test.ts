import { describe, expect, it } from 'vitest';
import { FaceSwapWindows } from '../session-face-swap';
import type { WindowFaceTexture } from './face-swap-window';
import { assessFlicker, assessResolution, assessSeam } from './face-swap';

/** A genuine-like window: skin noise a little above the surround's, no step at the hull. */
const GENUINE: WindowFaceTexture = {
  n: 6,
  inner: 2.4,
  surround: 1.6,
  seamNoise: 0.05,
  seamColour: 1.5,
  flicker: 0.03,
  flickerY: 0.2,
  faceW: 150,
};

function session(n: number, tex: (i: number) => Partial<WindowFaceTexture>): FaceSwapWindows {
  const s = new FaceSwapWindows();
  for (let i = 0; i < n; i++) {
    s.tex.push({ startMs: i * 1000, endMs: (i + 1) * 1000, tex: { ...GENUINE, ...tex(i) } });
  }
  return s;
}

type Case = {
  name: string;
  s: FaceSwapWindows;
  informative: boolean;
  /** expected sign of the evidence: -1 spoof, 0 neutral (a clean measure is not live evidence) */
  sign: -1 | 0;
  severity?: 'review' | 'soft' | null;
};

const judges = [
  {
    name: 'seam',
    assess: assessSeam,
    swap: { seamNoise: 0.9, seamColour: 8 },
    weakSwap: { seamNoise: 0.55, seamColour: 1 },
  },
  {
    name: 'resolution',
    assess: assessResolution,
    swap: { inner: 0.3, surround: 2.5 },
    weakSwap: { inner: 0.8, surround: 2.0 },
  },
  {
    name: 'flicker',
    assess: assessFlicker,
    swap: { flicker: 0.3, flickerY: 1.5 },
    weakSwap: { flicker: 0.3, flickerY: 0.4 },
  },
] as const;

describe.each(judges)('$name', ({ assess, swap, weakSwap }) => {
  const cases: Case[] = [
    {
      name: 'genuine-like field',
      s: session(12, () => ({})),
      informative: true,
      sign: 0,
      severity: null,
    },
    {
      name: 'swap in every window',
      s: session(12, () => swap),
      informative: true,
      sign: -1,
      severity: 'review',
    },
    {
      name: 'weak swap tell: soft only',
      s: session(12, () => weakSwap),
      informative: true,
      sign: -1,
      severity: 'soft',
    },
    {
      name: 'swap tell in 2 of 12 windows: no cap',
      s: session(12, (i) => (i < 2 ? swap : {})),
      informative: true,
      sign: 0,
      severity: null,
    },
    { name: 'too few windows', s: session(2, () => swap), informative: false, sign: 0 },
    {
      name: 'small face',
      s: session(12, () => ({ ...swap, faceW: 60 })),
      informative: false,
      sign: 0,
    },
  ];
  it.each(cases)('$name', ({ s, informative, sign, severity }) => {
    const a = assess(s);
    expect(a.informative).toBe(informative);
    expect(Math.sign(a.evidence)).toBe(sign);
    if (severity !== undefined) expect(a.finding?.severity ?? null).toBe(severity);
    if (a.finding) expect(a.finding.text).toMatch(/0:0\d/);
  });
});

describe('resolution under heavy compression', () => {
  it('is uninformative when no camera noise is left', () => {
    const a = assessResolution(session(12, () => ({ inner: 0.2, surround: 0.3 })));
    expect(a.informative).toBe(false);
    expect(a.note).toMatch(/compression/);
  });
});
