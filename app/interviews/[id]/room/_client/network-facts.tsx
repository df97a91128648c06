import type { TNetworkStatsWindow } from '@/lib/schemas/rooms';

const fmt = (v: number | null, unit: string, digits = 0) =>
  v === null ? '—' : `${v.toFixed(digits)} ${unit}`.trim();

/** The latest trusted network window, as the interviewer's browser measured it. */
export function NetworkFacts({ latest }: { latest: TNetworkStatsWindow | null }) {
  if (!latest)
    return (
      <p className="muted stats-facts">
        Network figures appear once the candidate’s video arrives.
      </p>
    );
  return (
    <dl className="facts stats-facts" data-testid="network-facts">
      <dt>Video</dt>
      <dd>
        {latest.frameWidth && latest.frameHeight
          ? `${latest.frameWidth}×${latest.frameHeight}`
          : '—'}{' '}
        · {fmt(latest.framesPerSecond, 'fps')}
      </dd>
      <dt>Round trip</dt>
      <dd>{fmt(latest.rttMs, 'ms')}</dd>
      <dt>Jitter</dt>
      <dd>{fmt(latest.jitterMs, 'ms', 1)}</dd>
      <dt>Loss</dt>
      <dd>{latest.lossRate === null ? '—' : `${(latest.lossRate * 100).toFixed(1)} %`}</dd>
      <dt>Path</dt>
      <dd>
        {latest.remoteCandidateType ?? '—'}
        {latest.protocol ? ` / ${latest.protocol}` : ''}
      </dd>
    </dl>
  );
}
