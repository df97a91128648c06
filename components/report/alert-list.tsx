import Link from 'next/link';
import { Badge } from '@/components/ui';
import type { TAlertView } from '@/lib/server/alerts';
import { AlertReview } from './alert-review';

const KIND_LABEL: Record<string, string> = {
  SAME_FACE_OTHER_NAME: 'Same face, other name',
  PROXY_DIFFERENT_PERSON: 'Different person than an earlier round',
  IDENTITY_CHANGE: 'Identity change within the session',
  NETWORK_REUSE: 'Network reuse',
  DEVICE_REUSE: 'Device reuse (candidate-reported)',
  ORIGIN_MISMATCH: 'Origin mismatch',
  ANONYMISED_NETWORK: 'Hosting / VPN network',
  LATENCY_OUTLIER: 'Latency outlier',
};

/** Any alert kind, rendered from its plain-language `summary`; review controls when allowed. */
export function AlertList({ alerts, canReview }: { alerts: TAlertView[]; canReview: boolean }) {
  if (alerts.length === 0)
    return <p className="muted">No identity or origin alerts for this session.</p>;
  return (
    <ul className="alert-list" data-testid="alert-list">
      {alerts.map((a) => (
        <li key={a.id} data-testid="session-alert" data-kind={a.kind}>
          <p>
            <strong>{KIND_LABEL[a.kind] ?? a.kind.toLowerCase().replaceAll('_', ' ')}</strong>{' '}
            <Badge value={a.status} />
          </p>
          <p>{a.summary}</p>
          {a.related && a.thumbnailUrl && (
            <figure className="match-thumb">
              {/* a plain img: private, authorised bytes must not go through an image optimiser */}
              <img
                src={a.thumbnailUrl}
                alt={`A trusted frame of the matched interview "${a.related.title}" (${a.related.startedAt.slice(0, 10)})`}
                width={160}
                height={120}
                loading="eager"
                data-testid="match-thumbnail"
              />
              <figcaption className="small muted">
                The matched interview, as the interviewer&apos;s side received it. Shown only within
                this organization, and only until that interview&apos;s biometric data is deleted.
              </figcaption>
            </figure>
          )}
          {a.related && (
            <p className="small">
              Related interview:{' '}
              <Link href={`/sessions/${a.related.sessionId}`} data-testid="related-session">
                {a.related.title}
              </Link>{' '}
              ({a.related.startedAt.slice(0, 10)})
            </p>
          )}
          {a.review && (
            <p className="small muted">
              {a.status.toLowerCase()} by {a.review.by ?? 'a former member'} on{' '}
              {a.review.at.slice(0, 16).replace('T', ' ')} UTC
              {a.review.comment ? `: ${a.review.comment}` : ''}
            </p>
          )}
          {canReview && <AlertReview alertId={a.id} />}
        </li>
      ))}
    </ul>
  );
}
