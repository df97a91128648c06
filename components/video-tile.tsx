'use client';
import { useEffect, useRef } from 'react';

/** Anything that can render into a media element (a livekit-client Track is one). */
export interface TAttachable {
  attach(el: HTMLMediaElement): HTMLMediaElement;
  detach(el: HTMLMediaElement): HTMLMediaElement;
}

/**
 * A video with a caption and an empty-state text. Presentational: it is handed a track and only
 * attaches it to its own <video>.
 */
export function VideoTile({
  track,
  label,
  placeholder,
  mirrored = false,
  size = 'large',
  testId,
  onAttached,
}: {
  track: TAttachable | undefined;
  label: string;
  placeholder: string;
  mirrored?: boolean;
  size?: 'large' | 'small';
  testId?: string;
  /** the <video> once a track is attached to it (null when detached): for analysis of what is shown */
  onAttached?: (el: HTMLVideoElement | null) => void;
}) {
  const attached = useRef(onAttached);
  attached.current = onAttached;
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !track) return;
    track.attach(el);
    attached.current?.(el);
    return () => {
      attached.current?.(null);
      track.detach(el);
    };
  }, [track]);
  return (
    <figure className={`video-tile video-${size}`}>
      <video
        ref={ref}
        data-testid={testId}
        muted
        playsInline
        autoPlay
        className={mirrored ? 'mirrored' : undefined}
        hidden={!track}
      />
      {!track && <div className="video-empty">{placeholder}</div>}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
