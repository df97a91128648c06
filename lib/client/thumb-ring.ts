/**
 * A short ring of low-resolution JPEG snapshots of the received video, keyed by page time, so a
 * finished challenge can attach the frames at its evidence times (before, peak, after) without
 * keeping full frames. At most 5 snapshots a second, the last 15 s, 320 px wide (~10–20 KB each).
 */

const KEEP_MS = 15_000;
const MIN_GAP_MS = 200;
const WIDTH = 320;
const QUALITY = 0.7;

interface Thumb {
  t: number;
  blob: Blob;
}

export class ThumbRing {
  private readonly thumbs: Thumb[] = [];
  private busy = false;
  private lastAt = -Infinity;

  /** Snapshots the element's current frame, shown at page time `t` (skipped while one is encoding). */
  capture(video: HTMLVideoElement, t: number): void {
    if (this.busy || t - this.lastAt < MIN_GAP_MS || video.videoWidth === 0) return;
    this.busy = true;
    this.lastAt = t;
    void encode(video)
      .then((blob) => {
        if (!blob) return;
        this.thumbs.push({ t, blob });
        while (this.thumbs.length > 0 && (this.thumbs[0]?.t ?? t) < t - KEEP_MS)
          this.thumbs.shift();
      })
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
      });
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

  /** The snapshot closest to page time `t`, if one lies within 400 ms. */
  nearest(t: number): Blob | null {
    let best: Thumb | null = null;
    for (const th of this.thumbs) if (!best || Math.abs(th.t - t) < Math.abs(best.t - t)) best = th;
    return best && Math.abs(best.t - t) <= 400 ? best.blob : null;
  }
}

async function encode(video: HTMLVideoElement): Promise<Blob | null> {
  const h = Math.max(2, Math.round((video.videoHeight * WIDTH) / Math.max(1, video.videoWidth)));
  const bitmap = await createImageBitmap(video, {
    resizeWidth: WIDTH,
    resizeHeight: h,
    resizeQuality: 'medium',
  });
  try {
    const canvas = new OffscreenCanvas(WIDTH, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  } finally {
    bitmap.close();
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
