import { CHALLENGE_KINDS } from '@/lib/schemas/signals';
import type { TChallengeKind, TStoredChallengeOutcome } from '@/lib/schemas/challenges';
import type { TChallengeControls, TChallengeItem } from './use-challenges';

const KIND_LABEL: Record<TChallengeKind, string> = {
  profile_left: 'Turn left',
  profile_right: 'Turn right',
  look_up: 'Look up',
  look_down: 'Look down',
  blink_twice: 'Blink twice',
  smile: 'Smile',
  hand_occlusion: 'Hand across face',
  read_phrase: 'Read phrase',
  flash: 'Colour flash',
};

const OUTCOME_BADGE: Record<TStoredChallengeOutcome, [string, string]> = {
  PASSED: ['badge-pass', 'Passed'],
  FAILED: ['badge-fail', 'Failed'],
  NOT_PERFORMED: ['badge-review', 'Not performed'],
  UNRELIABLE: ['badge-muted', 'Unreliable'],
  ALTERNATIVE: ['badge-muted', 'Alternative'],
};

function status(c: TChallengeItem): string {
  if (c.phase === 'error') return c.error ?? 'failed';
  if (c.phase === 'issuing') return 'Sending…';
  if (c.phase === 'running') return 'Watching the answer…';
  if (c.phase === 'posting') return 'Recording…';
  return c.verdict?.note ?? '';
}

function ChallengeRow({ c, controls }: { c: TChallengeItem; controls: TChallengeControls }) {
  const kind = c.issued?.kind;
  const [badge, label] = c.outcome
    ? OUTCOME_BADGE[c.outcome]
    : ['badge-live', c.phase === 'error' ? 'Error' : 'Running'];
  const canRetry =
    c.issued &&
    c.issued.attempt === 1 &&
    c.outcome !== null &&
    c.outcome !== 'PASSED' &&
    c.outcome !== 'ALTERNATIVE';
  const corr = c.verdict?.measured.peakCorr;
  return (
    <li
      data-testid="challenge-result"
      data-kind={kind ?? ''}
      data-outcome={c.outcome ?? ''}
      data-phase={c.phase}
    >
      <strong>{kind ? KIND_LABEL[kind] : 'Challenge'}</strong>{' '}
      {c.issued && c.issued.attempt > 1 && <span className="muted">(retry)</span>}{' '}
      <span className={`badge ${badge}`}>{label}</span>
      <div className="muted small">
        {status(c)}
        {typeof corr === 'number' && (
          <span data-testid="flash-correlation"> · reflection correlation {corr.toFixed(2)}</span>
        )}
      </div>
      {c.issued && (
        <div className="challenge-actions">
          {canRetry && (
            <button
              type="button"
              className="secondary small"
              disabled={controls.busy}
              onClick={() => controls.retry(c.issued?.id ?? '')}
            >
              Retry
            </button>
          )}
          {c.outcome !== 'PASSED' && c.outcome !== 'ALTERNATIVE' && (
            <button
              type="button"
              className="secondary small"
              onClick={() => controls.alternative(c.issued?.id ?? '')}
            >
              Accessible alternative
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** Launch liveness challenges; outcomes are measured here, on the received video, and recorded. */
export function ChallengePanel({
  controls,
  ready,
}: {
  controls: TChallengeControls;
  ready: boolean;
}) {
  const disabled = !ready || controls.busy;
  return (
    <section
      className="challenge-panel"
      data-testid="challenge-panel"
      aria-label="Liveness challenges"
    >
      <h3>Challenges</h3>
      {!ready && (
        <p className="muted small">Available once the candidate’s video is being analysed.</p>
      )}
      <div className="challenge-buttons">
        <button type="button" disabled={disabled} onClick={() => controls.launch()}>
          Random challenge
        </button>
        {CHALLENGE_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className="secondary small"
            disabled={disabled}
            onClick={() => controls.launch(k)}
          >
            {KIND_LABEL[k]}
          </button>
        ))}
      </div>
      {controls.list.length > 0 && (
        <ol className="challenge-list" reversed>
          {[...controls.list].reverse().map((c) => (
            <ChallengeRow key={c.key} c={c} controls={controls} />
          ))}
        </ol>
      )}
    </section>
  );
}
