import { Badge } from '@/components/ui';
import { mmss } from '@/components/charts/timeline-chart';

/** The verdict block: label, score, and the reasons that moved it (biggest effect first). */

export interface TVerdictView {
  score: number;
  label: string;
  configVersion: string;
  createdAt: Date;
  reasons: Array<{
    code: string;
    signal: string;
    text: string;
    impact: number;
    hard?: boolean;
    severity?: string;
    cap?: number | null;
    startMs: number;
    endMs: number;
  }>;
}

type TReasonView = TVerdictView['reasons'][number];

const pts = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(1)}`;

/** A hard or review rule is a cap on the score, shown as one; soft evidence shows its points. */
function ReasonItem({ r }: { r: TReasonView }) {
  const capped = r.cap !== undefined && r.cap !== null;
  return (
    <li className={r.impact < 0 || capped ? 'neg' : 'pos'}>
      <span className="impact">{capped ? `≤ ${r.cap}` : pts(r.impact)}</span>
      <span>
        {(r.hard || r.severity === 'hard') && <Badge value="FAIL" />}
        {r.severity === 'review' && <Badge value="REVIEW" />}{' '}
        {capped && <strong>Capped at {r.cap} by: </strong>}
        {r.text}{' '}
        <span className="muted small">
          ({r.signal}, {mmss(r.startMs)}–{mmss(r.endMs)}
          {capped ? `; its own evidence: ${pts(r.impact)} points` : ''})
        </span>
      </span>
    </li>
  );
}

function CapLine({ verdict }: { verdict: TVerdictView }) {
  const caps = verdict.reasons.filter((r) => r.cap !== undefined && r.cap !== null);
  if (caps.length === 0) return null;
  const lowest = Math.min(...caps.map((r) => r.cap!));
  const by = caps.filter((r) => r.cap === lowest).map((r) => r.text);
  return (
    <p data-testid="verdict-cap">
      Score capped at {lowest} by {by.length === 1 ? 'a rule' : `${by.length} rules`}:{' '}
      {by.join('; ')}. The points listed are each signal&apos;s own evidence.
    </p>
  );
}

export function VerdictSummary({ verdict }: { verdict: TVerdictView | null }) {
  if (!verdict) {
    return <p className="muted">No verdict yet: the session has not been analysed.</p>;
  }
  return (
    <div className="verdict">
      <div className={`verdict-head verdict-${verdict.label.toLowerCase()}`}>
        <span className="verdict-label" data-testid="verdict-label">
          {verdict.label}
        </span>
        <span className="verdict-score">
          <strong data-testid="verdict-score">{verdict.score}</strong>
          <span className="muted"> / 100 authenticity score</span>
        </span>
      </div>
      <p className="muted small">
        Computed {verdict.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC with fusion
        config <span className="mono">{verdict.configVersion}</span>.
      </p>
      <CapLine verdict={verdict} />
      <h3>What moved it</h3>
      {verdict.reasons.length === 0 ? (
        <p className="muted">No signal moved the score noticeably.</p>
      ) : (
        <ul className="reasons">
          {verdict.reasons.map((r, i) => (
            <ReasonItem key={`${r.code}-${i}`} r={r} />
          ))}
        </ul>
      )}
    </div>
  );
}

export interface TDecisionView {
  decision: string;
  by: string;
  createdAt: Date;
  comment: string | null;
}

export function DecisionHistory({ decisions }: { decisions: TDecisionView[] }) {
  const [final, ...older] = decisions;
  if (!final) return <p className="muted">No decision recorded yet.</p>;
  return (
    <div>
      <p data-testid="final-decision">
        Final decision: <strong>{final.decision}</strong> by {final.by},{' '}
        {final.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC
        {final.comment ? ` — “${final.comment}”` : ''}
      </p>
      {older.length > 0 && (
        <details>
          <summary>Earlier decisions ({older.length})</summary>
          <ul className="plain">
            {older.map((d, i) => (
              <li key={i}>
                {d.decision} by {d.by}, {d.createdAt.toISOString().slice(0, 16).replace('T', ' ')}{' '}
                UTC
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function NotesList({
  notes,
}: {
  notes: Array<{ id: string; body: string; author: string; createdAt: Date }>;
}) {
  if (notes.length === 0) return <p className="muted">No notes yet.</p>;
  return (
    <ul className="notes">
      {notes.map((n) => (
        <li key={n.id}>
          <p>{n.body}</p>
          <small className="muted">
            {n.author}, {n.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC
          </small>
        </li>
      ))}
    </ul>
  );
}
