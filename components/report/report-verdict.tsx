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
    startMs: number;
    endMs: number;
  }>;
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
      <h3>What moved it</h3>
      {verdict.reasons.length === 0 ? (
        <p className="muted">No signal moved the score noticeably.</p>
      ) : (
        <ul className="reasons">
          {verdict.reasons.map((r, i) => (
            <li key={`${r.code}-${i}`} className={r.impact < 0 ? 'neg' : 'pos'}>
              <span className="impact">
                {r.impact > 0 ? '+' : ''}
                {r.impact.toFixed(1)}
              </span>
              <span>
                {(r.hard || r.severity === 'hard') && <Badge value="FAIL" />}
                {r.severity === 'review' && <Badge value="REVIEW" />} {r.text}{' '}
                <span className="muted small">
                  ({r.signal}, {mmss(r.startMs)}–{mmss(r.endMs)})
                </span>
              </span>
            </li>
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
