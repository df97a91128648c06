'use client';
import { useState } from 'react';
import '@/components/room.css';
import type { TPreviewTracks } from '@/lib/client/media-devices';
import { usePreviewTracks } from '@/lib/client/use-preview';
import { CandidateRoom } from './candidate-room';
import { PreJoin } from './pre-join';

/** The candidate's page: camera check first, then the live room, with the same camera tracks. */
export function CandidateJoin({
  token,
  title,
  candidateName,
}: {
  token: string;
  title: string;
  candidateName: string;
}) {
  const preview = usePreviewTracks();
  const [joined, setJoined] = useState<TPreviewTracks | null>(null);

  if (joined)
    return <CandidateRoom token={token} title={title} tracks={joined} devices={preview.devices} />;
  return (
    <PreJoin
      title={title}
      candidateName={candidateName}
      preview={preview}
      onJoin={() => {
        const tracks = preview.keep();
        if (tracks) setJoined(tracks);
      }}
    />
  );
}
