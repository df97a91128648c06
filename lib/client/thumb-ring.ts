/**
 * A short ring of low-resolution JPEG snapshots of the received video, keyed by page time, so a
 * finished challenge can attach the frames at its evidence times (before, peak, after) and a flagged
 * moment the frame where its rule was seen, without keeping full frames. The snapshots are the
 * analysed frames themselves, encoded by the analysis worker (engine option thumbWidth, at most 5 a
 * second): the page thread never reads the <video> back for them. The last 15 s, 320 px wide.
 */

const KEEP_MS = 15_000;
const NEAR_MS = 400;
const MAX_NEAR_MS = 1500;
/** the engine options a live room's engine runs with so that it returns these snapshots */
export const THUMB_ENGINE_OPTIONS = { thumbWidth: 320, thumbIntervalMs: 200 } as const;

interface Thumb {
  t: number;
  blob: Blob;
}

export class ThumbRing {
  private readonly thumbs: Thumb[] = [];

  /** Keeps the snapshot of the frame shown at page time `t` (times arrive increasing). */
  add(t: number, blob: Blob): void {
    this.thumbs.push({ t, blob });
    while (this.thumbs.length > 0 && (this.thumbs[0]?.t ?? t) < t - KEEP_MS) this.thumbs.shift();
  }

  /**
   * The snapshot inside [from, to] closest to `prefer` (a flagged stretch: the frame where the rule
   * was seen), or null when the ring holds none from that stretch.
   */
  within(from: number, to: number, prefer: number): { t: number; blob: Blob } | null {
    let best: Thumb | null = null;
    for (const th of this.thumbs) {
      if (th.t < from || th.t > to) continue;
      if (!best || Math.abs(th.t - prefer) < Math.abs(best.t - prefer)) best = th;
    }
    return best ? { t: best.t, blob: best.blob } : null;
  }

  /**
   * The snapshot closest to page time `t`, if one lies within 400 ms, or, when the engine analyses
   * few frames (snapshots exist only of analysed frames), within 1.5 mean snapshot gaps (≤ 1.5 s):
   * the nearest frame the engine actually saw.
   */
  nearest(t: number): Blob | null {
    let best: Thumb | null = null;
    for (const th of this.thumbs) if (!best || Math.abs(th.t - t) < Math.abs(best.t - t)) best = th;
    return best && Math.abs(best.t - t) <= this.tolerance() ? best.blob : null;
  }

  private tolerance(): number {
    const n = this.thumbs.length;
    const first = this.thumbs[0];
    const last = this.thumbs[n - 1];
    const gap = n > 1 && first && last ? (last.t - first.t) / (n - 1) : 0;
    return Math.max(NEAR_MS, Math.min(MAX_NEAR_MS, 1.5 * gap));
  }
}

/** Plain base64 (not base64url): what the challenge result route expects for jpegBase64. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
