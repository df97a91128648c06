'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  isMediaError,
  listDevices,
  openPreviewTracks,
  type TDeviceList,
  type TMediaError,
  type TPreviewTracks,
} from './media-devices';

/** The candidate's camera + microphone preview: open, switch device, and release on unmount. */
export function usePreviewTracks() {
  const [tracks, setTracks] = useState<TPreviewTracks | null>(null);
  const [devices, setDevices] = useState<TDeviceList>({ cameras: [], microphones: [] });
  const [error, setError] = useState<TMediaError | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef<TPreviewTracks | null>(null);
  const kept = useRef(false);

  const open = useCallback(async (cameraId?: string, microphoneId?: string) => {
    setBusy(true);
    setError(null);
    current.current?.video.stop();
    current.current?.audio.stop();
    current.current = null;
    setTracks(null);
    try {
      const t = await openPreviewTracks(cameraId, microphoneId);
      current.current = t;
      setTracks(t);
      setDevices(await listDevices());
    } catch (err) {
      setError(
        isMediaError(err)
          ? err
          : { problem: 'unknown', message: 'Could not start your camera or microphone.' },
      );
      setDevices(await listDevices().catch(() => ({ cameras: [], microphones: [] })));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void open();
    return () => {
      // Tracks handed over to the room are stopped by the room when the candidate leaves.
      if (kept.current) return;
      current.current?.video.stop();
      current.current?.audio.stop();
    };
  }, [open]);

  /** Hands the tracks to the room: they are no longer stopped when the preview goes away. */
  const keep = useCallback(() => {
    kept.current = true;
    return current.current;
  }, []);

  return { tracks, devices, error, busy, open, keep };
}
