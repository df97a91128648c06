import {
  createLocalAudioTrack,
  createLocalVideoTrack,
  type LocalAudioTrack,
  type LocalVideoTrack,
} from 'livekit-client';

/**
 * Camera and microphone access for the candidate's pre-join check: no React here. Tracks are
 * created with livekit-client so the previewed tracks are the ones published on join (the camera
 * is opened once, and the device facts describe exactly what the interviewer receives).
 */

/** What we ask the camera for; what it delivers is reported next to it as a device fact. */
export const REQUESTED_CAPTURE = { width: 1280, height: 720, frameRate: 30 } as const;

export type TMediaProblem =
  'denied' | 'not_found' | 'in_use' | 'overconstrained' | 'insecure' | 'unknown';

export interface TMediaError {
  problem: TMediaProblem;
  message: string;
}

const MESSAGES: Record<TMediaProblem, string> = {
  denied:
    'Camera or microphone access was blocked. Allow access in your browser (the camera icon in the address bar), then press "Try again".',
  not_found:
    'No camera or microphone was found. Connect one (or enable it in your system settings), then press "Try again".',
  in_use:
    'Your camera or microphone is in use by another application. Close it, then press "Try again".',
  overconstrained: 'The selected device cannot provide video. Pick another camera.',
  insecure: 'This page must be opened over https (or on this computer) to use the camera.',
  unknown: 'Could not start your camera or microphone.',
};

/** Maps getUserMedia failures (DOMException names) to a problem the candidate can act on. */
export function describeMediaError(err: unknown): TMediaError {
  const name = err instanceof Error ? err.name : '';
  const problem: TMediaProblem =
    name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError'
      ? 'denied'
      : name === 'NotFoundError' || name === 'DevicesNotFoundError'
        ? 'not_found'
        : name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError'
          ? 'in_use'
          : name === 'OverconstrainedError'
            ? 'overconstrained'
            : 'unknown';
  return { problem, message: MESSAGES[problem] };
}

export interface TDeviceChoice {
  deviceId: string;
  label: string;
}

export interface TDeviceList {
  cameras: TDeviceChoice[];
  microphones: TDeviceChoice[];
}

/** Labels are only filled in once permission was granted, so call this after opening a track. */
export async function listDevices(): Promise<TDeviceList> {
  const all = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind) =>
    all
      .filter((d) => d.kind === kind && d.deviceId)
      .map((d, i) => ({
        deviceId: d.deviceId,
        label: d.label || `${kind === 'videoinput' ? 'Camera' : 'Microphone'} ${i + 1}`,
      }));
  return { cameras: pick('videoinput'), microphones: pick('audioinput') };
}

export interface TPreviewTracks {
  video: LocalVideoTrack;
  audio: LocalAudioTrack;
}

/** Opens camera and microphone (the chosen ones, or the defaults); throws TMediaError. */
export async function openPreviewTracks(
  cameraId?: string,
  microphoneId?: string,
): Promise<TPreviewTracks> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw { problem: 'insecure', message: MESSAGES.insecure } satisfies TMediaError;
  }
  // Before permission is granted labels are empty, but the kinds are listed: none means no camera.
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => null);
  if (devices && !devices.some((d) => d.kind === 'videoinput')) {
    throw { problem: 'not_found', message: MESSAGES.not_found } satisfies TMediaError;
  }
  let video: LocalVideoTrack | undefined;
  try {
    video = await createLocalVideoTrack({
      deviceId: cameraId ? { exact: cameraId } : undefined,
      resolution: { ...REQUESTED_CAPTURE },
    });
    const audio = await createLocalAudioTrack({
      deviceId: microphoneId ? { exact: microphoneId } : undefined,
    });
    return { video, audio };
  } catch (err) {
    video?.stop();
    throw describeMediaError(err);
  }
}

export function isMediaError(v: unknown): v is TMediaError {
  return typeof v === 'object' && v !== null && 'problem' in v && 'message' in v;
}
