import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import type { TLiveSnapshot } from '@/lib/client/live-analysis';
import type { TVerdictLabel, TVerdictReason } from '@/lib/schemas/signals';
import { Sparkline } from './sparkline';

const BADGE: Record<TVerdictLabel, [string, string]> = {
  PASS: ['badge-pass', 'Live person'],
  REVIEW: ['badge-review', 'Review'],
  FAIL: ['badge-fail', 'Likely not live'],
  INCONCLUSIVE: ['badge-muted', 'Gathering evidence'],
};

const PASS_NEEDS = `A PASS needs ${FUSION_CONFIG.fusion.minPassFaceMs / 1000} s of face and a 3D-motion test`;

/** Hard rules first, then by how far each reason moved the score. */
function topReasons(reasons: readonly TVerdictReason[]): TVerdictReason[] {
  const rank = { hard: 0, review: 1, soft: 2 } as const;
  return [...reasons]
    .sort((a, b) => rank[a.severity] - rank[b.severity] || Math.abs(b.impact) - Math.abs(a.impact))
    .slice(0, 3);
}

/** The live authenticity score of the received candidate video (computed in this browser: trusted side). */
export function LivePanel({ snapshot }: { snapshot: TLiveSnapshot }) {
  const { phase, verdict } = snapshot;
  if (phase === 'error')
    return (
      <p className="alert alert-error" role="alert" data-testid="live-state" data-phase="error">
        {snapshot.message}
      </p>
    );
  if (phase === 'loading' || phase === 'waiting' || !verdict) {
    const text =
      phase === 'loading'
        ? 'Loading the analysis engine…'
        : 'Not enough face yet: the score appears once the candidate’s face is in view.';
    return (
      <p
        className="muted"
        data-testid="live-state"
        data-phase={phase === 'live' ? 'waiting' : phase}
        aria-live="polite"
      >
        {text}
      </p>
    );
  }
  const [badge, label] = BADGE[verdict.label];
  // No PASS before the evidence a PASS needs (fusion.passReadiness): say so, with the time so far.
  const text =
    verdict.label === 'INCONCLUSIVE' ? `Gathering evidence (${snapshot.windows} s)` : label;
  return (
    <section className="live-panel" data-testid="live-state" data-phase="live" aria-live="polite">
      <div className="live-score-row">
        <span className="live-score" data-testid="live-score">
          {verdict.score}
        </span>
        <span
          className={`badge ${badge}`}
          data-testid="live-label"
          data-label={verdict.label}
          title={verdict.label === 'INCONCLUSIVE' ? PASS_NEEDS : undefined}
        >
          {text}
        </span>
      </div>
      <Sparkline values={snapshot.scores} threshold={FUSION_CONFIG.fusion.passAtOrAbove} />
      <p className="muted live-fps" data-testid="live-fps">
        {snapshot.fps > 0 ? `${snapshot.fps.toFixed(1)} frames analysed/s` : 'measuring frame rate'}{' '}
        · {snapshot.windows} s analysed
      </p>
      {verdict.reasons.length > 0 && (
        <ol className="live-reasons" data-testid="live-reasons">
          {topReasons(verdict.reasons).map((r) => (
            <li key={r.code} className={r.impact < 0 ? 'neg' : 'pos'}>
              {r.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
