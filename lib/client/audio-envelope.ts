import type { AudioEnvelope } from '@/lib/analysis/types';

/**
 * RMS loudness envelope of a (received) audio track, at 50 values a second, stamped on the page's
 * performance clock (see media-clock.ts) so it lines up with the analysed video frames. An
 * AudioWorklet sees every sample (a timer polling an AnalyserNode would drop and jitter under the
 * load of the analysis engine); the worklet is inlined as a Blob so no extra asset is served.
 */

export const ENVELOPE_RATE_HZ = 50;
/** Values per message from the worklet (200 ms): few messages, little latency. */
const CHUNK = 10;

const WORKLET_SOURCE = `
class CandorRms extends AudioWorkletProcessor {
  constructor() { super(); this.n = Math.round(sampleRate / ${ENVELOPE_RATE_HZ}); this.acc = 0; this.k = 0; this.out = []; this.start = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    const len = ch ? ch.length : 128;
    for (let i = 0; i < len; i++) {
      if (this.k === 0 && this.out.length === 0) this.start = currentFrame + i;
      const v = ch ? ch[i] : 0;
      this.acc += v * v;
      if (++this.k === this.n) {
        this.out.push(Math.sqrt(this.acc / this.n));
        this.acc = 0; this.k = 0;
        if (this.out.length === ${CHUNK}) { this.port.postMessage({ startFrame: this.start, rms: this.out }); this.out = []; }
      }
    }
    return true;
  }
}
registerProcessor('candor-rms', CandorRms);
`;

interface WorkletChunk {
  startFrame: number;
  rms: number[];
}

const isChunk = (d: unknown): d is WorkletChunk =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as WorkletChunk).startFrame === 'number' &&
  Array.isArray((d as WorkletChunk).rms);

export interface TAudioEnvelopeTap {
  stop(): void;
}

/** Page time of AudioContext time `ctxSeconds` (what the context clock said when it was output). */
function pageTimeOf(ctx: AudioContext, ctxSeconds: number): number {
  const ts = ctx.getOutputTimestamp();
  if (
    ts.contextTime === undefined ||
    ts.performanceTime === undefined ||
    ts.performanceTime === 0
  ) {
    return performance.now() - (ctx.currentTime - ctxSeconds) * 1000;
  }
  return ts.performanceTime + (ctxSeconds - ts.contextTime) * 1000;
}

export async function startAudioEnvelope(
  track: MediaStreamTrack,
  onChunk: (env: AudioEnvelope) => void,
): Promise<TAudioEnvelopeTap> {
  const ctx = new AudioContext();
  const url = URL.createObjectURL(new Blob([WORKLET_SOURCE], { type: 'text/javascript' }));
  // Autoplay rules may start the context suspended: the first click on the page resumes it.
  const resume = () => void ctx.resume().catch(() => undefined);
  document.addEventListener('pointerdown', resume);
  try {
    await ctx.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const node = new AudioWorkletNode(ctx, 'candor-rms', { numberOfOutputs: 1 });
  // A silent path to the destination keeps the graph pulled; the call audio plays elsewhere.
  const mute = ctx.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(ctx.destination);
  node.port.onmessage = (ev: MessageEvent<unknown>) => {
    if (!isChunk(ev.data)) return;
    const rms = ev.data.rms.map((v) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)));
    onChunk({
      t0: pageTimeOf(ctx, ev.data.startFrame / ctx.sampleRate),
      rate: ENVELOPE_RATE_HZ,
      rms,
    });
  };
  resume();
  return {
    stop() {
      document.removeEventListener('pointerdown', resume);
      node.port.onmessage = null;
      source.disconnect();
      void ctx.close().catch(() => undefined);
    },
  };
}
