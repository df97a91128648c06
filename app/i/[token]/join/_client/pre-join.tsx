'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Card } from '@/components/ui';
import { VideoTile } from '@/components/video-tile';
import type { usePreviewTracks } from '@/lib/client/use-preview';
import { shortDeviceLabel } from '@/lib/client/device-label';

type TPreview = ReturnType<typeof usePreviewTracks>;

function useDelivered(preview: TPreview): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const s = preview.tracks?.video.mediaStreamTrack.getSettings();
    setText(
      s?.width && s.height
        ? `${s.width}×${s.height}${s.frameRate ? ` at ${Math.round(s.frameRate)} fps` : ''}`
        : null,
    );
  }, [preview.tracks]);
  return text;
}

/** Camera and microphone check with device pickers and actionable error messages. */
export function PreJoin({
  title,
  candidateName,
  preview,
  onJoin,
  joinLabel = 'Join interview',
  children,
}: {
  title: string;
  candidateName: string;
  preview: TPreview;
  onJoin: () => void;
  /** the button's text (a recorded interview starts its questions instead of joining a call) */
  joinLabel?: string;
  /** extra checks shown under the preview */
  children?: ReactNode;
}) {
  const { tracks, devices, error, busy } = preview;
  const delivered = useDelivered(preview);
  const cameraId = tracks?.video.mediaStreamTrack.getSettings().deviceId ?? '';
  const micId = tracks?.audio.mediaStreamTrack.getSettings().deviceId ?? '';
  return (
    <main className="room-page">
      <h1>{title}</h1>
      <p>
        Hello {candidateName}. Check that your camera and microphone work, then{' '}
        {joinLabel === 'Join interview' ? 'join' : 'continue'}.
      </p>
      <Card title="Camera and microphone check">
        <div className="preview">
          {error && (
            <Alert>
              <span data-testid="media-error" data-problem={error.problem}>
                {error.message}
              </span>
            </Alert>
          )}
          <VideoTile
            track={tracks?.video}
            label="Your camera (preview)"
            placeholder={busy ? 'Starting your camera…' : 'No camera'}
            mirrored
            testId="preview-video"
          />
          <div className="device-pickers">
            <label className="field">
              <span>Camera</span>
              <select
                value={cameraId}
                disabled={busy || devices.cameras.length === 0}
                onChange={(e) => void preview.open(e.target.value, micId || undefined)}
              >
                {devices.cameras.length === 0 && <option value="">No camera found</option>}
                {devices.cameras.map((d) => (
                  <option key={d.deviceId} value={d.deviceId} title={d.label}>
                    {shortDeviceLabel(d.label)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Microphone</span>
              <select
                value={micId}
                disabled={busy || devices.microphones.length === 0}
                onChange={(e) => void preview.open(cameraId || undefined, e.target.value)}
              >
                {devices.microphones.length === 0 && <option value="">No microphone found</option>}
                {devices.microphones.map((d) => (
                  <option key={d.deviceId} value={d.deviceId} title={d.label}>
                    {shortDeviceLabel(d.label)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {delivered && <p className="muted">Your camera sends {delivered}.</p>}
          {children}
          <div className="room-controls">
            {error && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => void preview.open()}
              >
                Try again
              </button>
            )}
            <button type="button" disabled={!tracks || busy} onClick={onJoin}>
              {joinLabel}
            </button>
          </div>
        </div>
      </Card>
    </main>
  );
}
