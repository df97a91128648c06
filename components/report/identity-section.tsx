import type { TIdentitySection } from '@/lib/server/identity-report';
import { mmss } from '@/components/charts/timeline-chart';
import { AlertList } from './alert-list';

const W = 600;
const H = 110;
const LEFT = 44;
const BOTTOM = 18;

/**
 * Face distance to the opening face over time, on labelled axes: each dot one descriptor (green at
 * or below the same-person threshold, red above it); the dashed line is the threshold.
 */
function SimilarityTimeline({
  timeline,
  threshold,
}: Pick<TIdentitySection, 'timeline' | 'threshold'>) {
  const endMs = Math.max(1000, ...timeline.map((p) => p.t));
  const yMax = Math.max(1, threshold * 1.6, ...timeline.map((p) => p.d));
  const plotH = H - BOTTOM - 6;
  const x = (t: number) => LEFT + (t / endMs) * (W - LEFT - 12);
  const y = (d: number) => 6 + plotH - (d / yMax) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * endMs));
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: W, display: 'block' }}
      role="img"
      aria-label={`Face distance to the opening face over the session: ${timeline.length} descriptors, ${timeline.filter((p) => p.d > threshold).length} beyond the same-person threshold ${threshold}`}
      data-testid="identity-timeline"
    >
      {[0, threshold, yMax].map((d, i) => (
        <text
          key={`d${i}`}
          x={LEFT - 6}
          y={y(d) + 4}
          fontSize={10}
          textAnchor="end"
          fill="currentColor"
        >
          {d.toFixed(2)}
        </text>
      ))}
      <line x1={LEFT} x2={LEFT} y1={6} y2={6 + plotH} stroke="#ccc" />
      <line x1={LEFT} x2={W - 12} y1={6 + plotH} y2={6 + plotH} stroke="#ccc" />
      <line
        x1={LEFT}
        x2={W - 12}
        y1={y(threshold)}
        y2={y(threshold)}
        stroke="currentColor"
        strokeDasharray="4 4"
        opacity={0.5}
      />
      {ticks.map((t, i) => (
        <text
          key={`t${i}`}
          x={x(t)}
          y={H - 4}
          fontSize={10}
          textAnchor="middle"
          fill="currentColor"
        >
          {mmss(t)}
        </text>
      ))}
      {timeline.map((p) => (
        <circle
          key={p.t}
          cx={x(p.t)}
          cy={y(p.d)}
          r={2.5}
          fill={p.d > threshold ? '#c0392b' : '#2e7d32'}
        >
          <title>{`${mmss(p.t)}: distance ${p.d.toFixed(2)}`}</title>
        </circle>
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
