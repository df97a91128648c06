import { POSE_AXES_TEXT } from '@/lib/analysis/signals/pose';
import { Badge } from '@/components/ui';
import { mmss } from '@/components/charts/timeline-chart';

/** Challenge outcomes with their evidence frames, and the flagged moments, as thumbnails. */

export interface TEvidenceView {
  id: string;
  atMs: number | null;
  reason: string;
  hasImage: boolean;
}

const OUTCOME_BADGE: Record<string, string> = {
  PASSED: 'PASS',
  FAILED: 'FAIL',
  NOT_PERFORMED: 'REVIEW',
};
const KIND_TEXT: Record<string, string> = {
  profile_left: 'Turn head to their left profile (yaw +)',
  profile_right: 'Turn head to their right profile (yaw −)',
  look_up: 'Look up (pitch +)',
  look_down: 'Look down (pitch −)',
  blink_twice: 'Blink twice',
  smile: 'Smile',
  hand_occlusion: 'Pass a hand across the face',
  read_phrase: 'Read a phrase aloud',
  flash: 'Screen colour flash',
};

/** What a flagged rule means, in the words a hiring manager would use. */
const FLAG_TEXT: Record<string, string> = {
  PLANAR_MOTION: 'The face moved like a flat picture (a photo or a screen)',
  PLANAR_MOSTLY_FLAT:
    'The face moved like a flat picture more often than like a head (a screen held in a hand)',
  REPLAY_LOOP: 'The video repeated itself (a replayed loop)',
  FROZEN_FEED: 'The picture froze',
  NO_SIGN_OF_LIFE: 'Nothing in the face changed beyond camera noise (possibly a frozen picture)',
  MULTIPLE_FACES: 'More than one face in view',
  RETIMED_FRAMES: 'Frames arrived on an unnaturally regular beat (re-timed video)',
  LIPSYNC_LAG: 'Lips out of step with the voice',
  LIPSYNC_NO_MOUTH: 'Speech heard while the mouth stayed still',
  ANTISPOOF_SPOOF: 'The anti-spoofing model saw a photo or screen',
  FACE_PROPORTIONS_CHANGED: 'The face’s proportions changed (possible face swap)',
  BLEND_SEAM: 'A seam around the face (possible face swap)',
  FACE_FLICKER: 'The face flickered against its surroundings (possible face swap)',
  FACE_SMOOTHER_THAN_SURROUND: 'The face is smoother than its surroundings (possible face swap)',
  identity_change: 'A different person’s face took over',
  identity_flicker: 'The face switched between two identities',
};

/**
 * "flag:hard:REPLAY_LOOP" → "The video repeated itself … — fails the interview"; unknown codes read
 * as words. `held`: the rules the final verdict holds; a frame whose rule the live engine raised but
 * the final verdict (over the stored windows) does not hold says so instead of "fails the interview".
 */
function flagCaption(severity: string, code: string, held?: ReadonlySet<string>): string {
  const text = FLAG_TEXT[code] ?? code.replace(/_/g, ' ').toLowerCase();
  if (held && !held.has(code))
    return `${text} — seen during the call, not held in the final verdict`;
  return `${text} — ${severity === 'hard' ? 'fails the interview' : 'needs review'}`;
}

/** "challenge:blink_twice:before" → "Blink twice — before the prompt"; free text stays as it is. */
export function evidenceCaption(reason: string, held?: ReadonlySet<string>): string {
  const f = /^flag:(hard|review):([A-Za-z][A-Za-z0-9_]*)$/.exec(reason);
  if (f) return flagCaption(f[1]!, f[2]!, held);
  const m = /^challenge:([a-z_]+):(before|peak|after)$/.exec(reason);
  if (!m) return reason;
  const role = { before: 'before the prompt', peak: 'while answering', after: 'after' }[m[2]!];
  return `${KIND_TEXT[m[1]!] ?? m[1]!.replace(/_/g, ' ')} — ${role}`;
}

function Thumb({ e, held }: { e: TEvidenceView; held?: ReadonlySet<string> }) {
  const when = e.atMs === null ? '' : mmss(e.atMs);
  const caption = evidenceCaption(e.reason, held);
  return (
    <figure className="thumb" data-reason={e.reason} data-at-ms={e.atMs ?? undefined}>
      {/* a plain img: private, authorised bytes must not go through an image optimiser or shared cache */}
      {e.hasImage ? (
        <img
          src={`/api/evidence/${e.id}`}
          alt={`Frame at ${when}: ${caption}`}
          width={160}
          height={120}
          loading="eager"
        />
      ) : (
        <div className="thumb-gone" role="img" aria-label="image deleted">
          image deleted
        </div>
      )}
      <figcaption>
        <span className="mono">{when}</span> {caption}
      </figcaption>
    </figure>
  );
}

export interface TChallengeView {
  id: string;
  kind: string;
  outcome: string;
  /** false for a no-show that was retried: the retry's outcome counts instead */
  counted: boolean;
  latencyMs: number | null;
  startMs: number | null;
  /** the verifier's one-line finding (measured on the received video), when it gave one */
  note?: string | null;
  evidence: TEvidenceView[];
}

const POSE_KINDS = new Set(['profile_left', 'profile_right', 'look_up', 'look_down']);

export function ChallengeList({ challenges }: { challenges: TChallengeView[] }) {
  if (challenges.length === 0) return <p className="muted">No liveness challenges were issued.</p>;
  return (
    <>
      <ChallengeItems challenges={challenges} />
      {challenges.some((c) => POSE_KINDS.has(c.kind)) && (
        <p className="small muted">Angles: {POSE_AXES_TEXT}.</p>
      )}
    </>
  );
}

function ChallengeItems({ challenges }: { challenges: TChallengeView[] }) {
  return (
    <ul className="challenges">
      {challenges.map((c) => (
        <li key={c.id}>
          <div className="challenge-head">
            <Badge value={OUTCOME_BADGE[c.outcome] ?? 'INCONCLUSIVE'} />
            <strong>{KIND_TEXT[c.kind] ?? c.kind}</strong>
            <span className="muted small">
              {c.outcome.replace('_', ' ').toLowerCase()}
              {c.startMs !== null ? ` at ${mmss(c.startMs)}` : ''}
              {c.latencyMs !== null ? `, answered in ${(c.latencyMs / 1000).toFixed(1)} s` : ''}
              {c.counted ? '' : ' · retried, not counted in the verdict'}
            </span>
          </div>
          {c.note && <p className="small challenge-note">{c.note}</p>}
          {c.evidence.length > 0 && (
            <div className="thumbs">
              {c.evidence.map((e) => (
                <Thumb key={e.id} e={e} />
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

export function FlaggedMoments({
  flagged,
  reasons,
}: {
  flagged: TEvidenceView[];
  /** the final verdict's reasons (null while no verdict is stored) */
  reasons: ReadonlyArray<{ code: string; severity: string }> | null;
}) {
  if (flagged.length === 0) return <p className="muted">No moments were flagged.</p>;
  const held = reasons
    ? new Set(reasons.filter((r) => r.severity !== 'soft').map((r) => r.code))
    : undefined;
  return (
    <>
      <p className="muted small lead-in">
        Still frames of the candidate’s video as the interviewer’s browser received it, captured
        where a rule that moved the verdict was first seen (times on the same clock as the charts).
      </p>
      <div className="thumbs" data-testid="flagged-moments">
        {flagged.map((e) => (
          <Thumb key={e.id} e={e} held={held} />
        ))}
      </div>
    </>
  );
}
