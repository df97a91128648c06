import type { TIdentitySection } from '@/lib/server/identity-report';
import { AlertList } from './alert-list';

const W = 600;
const H = 90;

/** Face distance to the opening face over time; the dashed line is the same-person threshold. */
function SimilarityTimeline({
  timeline,
  threshold,
}: Pick<TIdentitySection, 'timeline' | 'threshold'>) {
  const endMs = Math.max(1000, ...timeline.map((p) => p.t));
  const yMax = Math.max(1, threshold * 1.6, ...timeline.map((p) => p.d));
  const x = (t: number) => (t / endMs) * W;
  const y = (d: number) => H - (d / yMax) * H;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      height={H}
      role="img"
      aria-label="Face distance to the opening face over the session"
      data-testid="identity-timeline"
    >
      <line
        x1={0}
        x2={W}
        y1={y(threshold)}
        y2={y(threshold)}
        stroke="currentColor"
        strokeDasharray="4 4"
        opacity={0.5}
      />
      {timeline.map((p) => (
        <circle
          key={p.t}
          cx={x(p.t)}
          cy={y(p.d)}
          r={2.5}
          fill={p.d > threshold ? '#c0392b' : '#2e7d32'}
        />
      ))}
    </svg>
  );
}

/** The report's identity half of "Identity and origin" (origin facts sit next to it). */
export function IdentitySection({
  data,
  canReview,
}: {
  data: TIdentitySection;
  canReview: boolean;
}) {
  return (
    <div className="stack" data-testid="identity-section">
      <h3>Identity over the session</h3>
      {data.timeline.length === 0 ? (
        <p className="muted">Too few frontal face descriptors for an identity timeline.</p>
      ) : (
        <>
          <SimilarityTimeline timeline={data.timeline} threshold={data.threshold} />
          <p className="small muted">
            {data.timeline.length} face descriptors; distance to the opening face (same person ≤{' '}
            {data.threshold}, dashed).{' '}
            {data.templateSamples !== null
              ? `An identity template from ${data.templateSamples} descriptors is stored for matching within this organization.`
              : 'No identity template is stored.'}
          </p>
        </>
      )}
      <h3>Alerts</h3>
      <AlertList alerts={data.alerts} canReview={canReview} />
    </div>
  );
}
