import type { TDeviceFacts } from '@/lib/schemas/rooms';
import type { TDeviceList } from './media-devices';
import { REQUESTED_CAPTURE } from './media-devices';

const clampInt = (n: number | undefined, max: number) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(0, Math.round(n))) : null;
const clampNum = (n: number | undefined, max: number) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(0, n)) : null;

/**
 * The candidate's own account of their devices (untrusted: the candidate controls this browser).
 * Delivered settings come from track.getSettings(), i.e. what the camera actually produces.
 */
export function collectDeviceFacts(
  video: MediaStreamTrack,
  audio: MediaStreamTrack | undefined,
  devices: TDeviceList,
): TDeviceFacts {
  const s = video.getSettings();
  return {
    kind: 'device.facts',
    v: 1,
    cameraLabel: video.label.slice(0, 256),
    microphoneLabel: (audio?.label ?? '').slice(0, 256),
    cameraCount: Math.min(64, devices.cameras.length),
    microphoneCount: Math.min(64, devices.microphones.length),
    requested: { ...REQUESTED_CAPTURE },
    delivered: {
      width: clampInt(s.width, 16_384),
      height: clampInt(s.height, 16_384),
      frameRate: clampNum(s.frameRate, 1000),
    },
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64),
    languages: (navigator.languages ?? [navigator.language])
      .slice(0, 16)
      .map((l) => l.slice(0, 35)),
    userAgent: navigator.userAgent.slice(0, 512),
    screen: {
      width: clampInt(window.screen.width, 16_384) ?? 0,
      height: clampInt(window.screen.height, 16_384) ?? 0,
      pixelRatio: clampNum(window.devicePixelRatio, 16) ?? 1,
    },
    platform: (navigator.platform ?? '').slice(0, 64),
    gpuRenderer: webglRenderer().slice(0, 256),
  };
}

/** The unmasked WebGL renderer (GPU model); '' where WebGL or the debug extension is absent. */
function webglRenderer(): string {
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) ?? '') : '';
  } catch {
    return '';
  }
}

/** A random url-safe id: the idempotency key a batch keeps across every retry. */
export function newBatchId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
