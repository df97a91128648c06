import { toChallengeSummary, type StoredChallenge } from '@/lib/analysis/challenges/summary';
import {
  ZChallengeResultRecord,
  ZIssuedChallenge,
  type TChallengeMessage,
  type TChallengeResultInput,
  type TChallengeVerdict,
  type TEvidenceUpload,
  type TIssueChallengeInput,
  type TIssuedChallenge,
  type TStoredChallengeOutcome,
} from '@/lib/schemas/challenges';
import type { TChallengeSummary } from '@/lib/schemas/signals';
import { alternativeBody, ChallengeRunner } from './challenge-runner';
import type { LiveAnalysis } from './live-analysis';
import { postRoomApi } from './room-api';
import { blobToBase64 } from './thumb-ring';

/**
 * One liveness challenge on the interviewer's (trusted) side, framework-free: issue it on the
 * server, forward the signed prompt over the data channel, verify the received frames when the
 * answer window has passed, attach the evidence thumbnails and record the result.
 */

export type TChallengePhase = 'issuing' | 'running' | 'posting' | 'done' | 'error';

export interface TChallengeState {
  issued: TIssuedChallenge | null;
  /** page-clock time the prompt was sent (the verifier's issuedAtMs) */
  issuedMediaMs: number | null;
  completedAt: Date | null;
  phase: TChallengePhase;
  outcome: TStoredChallengeOutcome | null;
  verdict: TChallengeVerdict | null;
  error: string | null;
}

export interface TChallengeDeps {
  sessionId: string;
  analysis: LiveAnalysis;
  publish: (m: TChallengeMessage) => Promise<void>;
  onState: (s: TChallengeState) => void;
}

/** A challenge whose stream stalled still gets a verdict this long after its deadline. */
const STALL_GRACE_MS = 6000;

const resultUrl = (sessionId: string, id: string) =>
  `/api/sessions/${encodeURIComponent(sessionId)}/challenges/${encodeURIComponent(id)}/result`;

/** Collects frames and audio until the runner completes (or the stream stalls past the deadline). */
function collect(analysis: LiveAnalysis, runner: ChallengeRunner): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      offFrames();
      offAudio();
      clearTimeout(timer);
      resolve();
    };
    const offFrames = analysis.subscribeFrames(
      (f) => void (runner.push(f) === 'complete' && done()),
    );
    const offAudio = analysis.subscribeAudio((a) => runner.pushAudio(a));
    const timer = setTimeout(
      done,
      Math.max(0, runner.deadlineMediaMs - analysis.clock.now()) + STALL_GRACE_MS,
    );
  });
}

/**
 * Evidence frame times: the verifier's, else (nothing detected, e.g. not performed) the moment of
 * the prompt, the middle and the end of the answer window, so a reviewer still sees what happened.
 */
function evidenceTimes(
  runner: ChallengeRunner,
  v: TChallengeVerdict,
): Record<TEvidenceUpload['role'], number> {
  const from = runner.issuedMediaMs;
  const to = runner.deadlineMediaMs;
  return {
    before: v.evidence.before ?? Math.max(0, from - 300),
    peak: v.evidence.peak ?? (from + to) / 2,
    after: v.evidence.after ?? to - 200,
  };
}

async function resultBody(
  analysis: LiveAnalysis,
  runner: ChallengeRunner,
  v: TChallengeVerdict,
): Promise<TChallengeResultInput> {
  const body = runner.body();
  if (body.type !== 'verdict') return body;
  const times = evidenceTimes(runner, v);
  const evidence: TEvidenceUpload[] = [];
  for (const role of ['before', 'peak', 'after'] as const) {
    const blob = analysis.thumbs.nearest(times[role]);
    if (blob)
      evidence.push({
        role,
        mediaMs: Math.round(times[role]),
        jpegBase64: await blobToBase64(blob),
      });
  }
  return { ...body, evidence };
}

export async function runChallenge(
  deps: TChallengeDeps,
  input: TIssueChallengeInput,
): Promise<TChallengeState> {
  let state: TChallengeState = {
    issued: null,
    issuedMediaMs: null,
    completedAt: null,
    phase: 'issuing',
    outcome: null,
    verdict: null,
    error: null,
  };
  const set = (patch: Partial<TChallengeState>) => {
    state = { ...state, ...patch };
    deps.onState(state);
    return state;
  };
  set({});
  try {
    const issued = await postRoomApi(
      `/api/sessions/${encodeURIComponent(deps.sessionId)}/challenges`,
      input,
      ZIssuedChallenge,
    );
    await deps.publish(issued.message);
    // Stamped after sending: the candidate cannot see the prompt earlier than this.
    const runner = new ChallengeRunner(issued, deps.analysis.clock.now(), deps.analysis.history());
    set({ issued, issuedMediaMs: runner.issuedMediaMs, phase: 'running' });
    await collect(deps.analysis, runner);
    const { verdict } = runner.result();
    set({ phase: 'posting', verdict, completedAt: new Date() });
    const body = await resultBody(deps.analysis, runner, verdict);
    const record = await postRoomApi(
      resultUrl(deps.sessionId, issued.id),
      body,
      ZChallengeResultRecord,
    );
    return set({ phase: 'done', outcome: record.outcome });
  } catch (err) {
    return set({ phase: 'error', error: err instanceof Error ? err.message : String(err) });
  }
}

/** The candidate asked for an accessible alternative: recorded as ALTERNATIVE (never a fail). */
export async function recordAlternative(
  sessionId: string,
  challengeId: string,
  note: string,
): Promise<TStoredChallengeOutcome> {
  const body: TChallengeResultInput = alternativeBody(note);
  return (await postRoomApi(resultUrl(sessionId, challengeId), body, ZChallengeResultRecord))
    .outcome;
}

/** Fusion input from this page's finished challenges (the live panel; the server recomputes its own). */
export function summariesOf(
  done: readonly TChallengeState[],
  retryOf: ReadonlyMap<string, string>,
): TChallengeSummary[] {
  const stored: StoredChallenge[] = done.flatMap((c) => {
    if (!c.issued || !c.outcome) return [];
    const v = c.verdict;
    return [
      {
        challengeId: c.issued.id,
        kind: c.issued.kind,
        attempt: c.issued.attempt,
        retryOfId: retryOf.get(c.issued.id) ?? null,
        outcome: c.outcome,
        measured: v
          ? {
              type: 'verdict',
              v: 1,
              issuedMediaMs: c.issuedMediaMs ?? 0,
              note: v.note,
              swapSuspect: v.swapSuspect,
              evidence: v.evidence,
              values: v.measured,
            }
          : null,
        latencyMs: v?.latencyMs ?? null,
        issuedAt: new Date(c.issued.issuedAt),
        completedAt: c.completedAt,
        deadlineAt: new Date(c.issued.deadlineAt),
      },
    ];
  });
  return toChallengeSummary(stored, new Date(0));
}
