import type { TWindowSignals } from '../schemas/signals';
import type { WindowFaceTexture, WindowGeometry } from './signals/face-swap-window';
import type { Span } from './types';

/**
 * Session-level memory for the face-swap signals: the per-window texture and geometry summaries,
 * bounded (about 5.5 h of 1 s windows), fed by SessionState one window at a time.
 */

export interface TexWindow extends Span {
  tex: WindowFaceTexture;
}

export interface GeomWindow extends Span {
  geom: WindowGeometry;
}

const MAX_WINDOWS = 20_000;

export class FaceSwapWindows {
  readonly tex: TexWindow[] = [];
  readonly geom: GeomWindow[] = [];
  /** windows that had a face but no texture sample (profile, small face) */
  unsampled = 0;

  add(w: TWindowSignals): void {
    if (w.faceTex && this.tex.length < MAX_WINDOWS)
      this.tex.push({ startMs: w.startMs, endMs: w.endMs, tex: w.faceTex });
    else if (w.faceTex === null && w.face.one + w.face.multi > 0) this.unsampled++;
    if (w.geom && this.geom.length < MAX_WINDOWS)
      this.geom.push({ startMs: w.startMs, endMs: w.endMs, geom: w.geom });
  }
}
