'use client';
import { useEffect, useState } from 'react';
import { createEngineClient } from '../ml/engine-client';
import { framingVerdict, type TFramingVerdict } from './face-framing';

/**
 * Device checks before a recorded interview, measured on this page from the camera and microphone
 * tracks (nothing is sent): the light on the picture (mean luma of a small downscaled frame) and
 * the microphone level (RMS of the signal), and whether the face is framed (the engine's landmarker
 * alone, in a worker, about twice a second). All are advice for the candidate, never a gate: the
 * trusted analysis happens on the server over the recording.
 */

/** Mean luma (0–255) below which faces lose detail, above which they wash out. */
export const LIGHT_LIMITS = { dark: 50, bright: 220 } as const;
/** RMS level (0–1) under which the microphone seems silent. */
export const SILENT_RMS = 0.005;

export type TLight = { luma: number; verdict: 'dark' | 'ok' | 'bright' };

export function lightVerdict(luma: number): TLight['verdict'] {
  if (luma < LIGHT_LIMITS.dark) return 'dark';
  if (luma > LIGHT_LIMITS.bright) return 'bright';
  return 'ok';
}

/** Rec. 601 luma mean of RGBA pixels. */
export function meanLuma(rgba: Uint8ClampedArray): number {
  let sum = 0;
  const n = rgba.length / 4;
  for (let i = 0; i < rgba.length; i += 4) {
    sum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
  }
  return n > 0 ? sum / n : 0;
}

/** Light on the camera picture, sampled twice a second. */
export function useLightLevel(track: MediaStreamTrack | undefined): TLight | null {
  const [light, setLight] = useState<TLight | null>(null);
  useEffect(() => {
    if (!track) return;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => undefined);
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const timer = setInterval(() => {
      if (!ctx || video.readyState < 2) return;
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const luma = meanLuma(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
      setLight({ luma: Math.round(luma), verdict: lightVerdict(luma) });
    }, 500);
    return () => {
      clearInterval(timer);
      video.srcObject = null;
    };
  }, [track]);
  return light;
}

/** Microphone RMS level (0–1), sampled four times a second. */
export function useMicLevel(track: MediaStreamTrack | undefined): number | null {
  const [level, setLevel] = useState<number | null>(null);
  useEffect(() => {
    if (!track) return;
    const audio = new AudioContext();
    const src = audio.createMediaStreamSource(new MediaStream([track]));
    const analyser = audio.createAnalyser();
    analyser.fftSize = 1024;
    src.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      setLevel(Math.sqrt(sum / buf.length));
    }, 250);
    return () => {
      clearInterval(timer);
      void audio.close();
    };
  }, [track]);
  return level;
}

/**
 * Face framing on the camera picture: the analysis worker with the landmarker alone (no crop
 * models), one frame every 600 ms while the check is shown; the worker is ended on unmount, so it
 * costs nothing while the candidate records. Null until the first frame was analysed.
 */
export function useFaceFraming(track: MediaStreamTrack | undefined): TFramingVerdict | null {
  const [verdict, setVerdict] = useState<TFramingVerdict | null>(null);
  useEffect(() => {
    if (!track) return;
    const engine = createEngineClient({
      options: { landmarkerOnly: true, numFaces: 1, identityIntervalMs: 0 },
    });
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => undefined);
    let stopped = false;
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopped || video.readyState < 2 || video.videoWidth === 0) return;
      busy = true;
      const w = Math.min(640, video.videoWidth);
      const h = Math.max(2, Math.round((video.videoHeight * w) / video.videoWidth));
      void createImageBitmap(video, { resizeWidth: w, resizeHeight: h })
        .then((bitmap) => engine.analyzeFrame(bitmap, performance.now()))
        .then((f) => {
          if (!stopped) setVerdict(framingVerdict(f));
        })
        .catch(() => undefined)
        .finally(() => {
          busy = false;
        });
    }, 600);
    return () => {
      stopped = true;
      clearInterval(timer);
      engine.dispose();
      video.srcObject = null;
    };
  }, [track]);
  return verdict;
}
