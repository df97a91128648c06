import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { windowize } from '../../lib/analysis/session';
import { identityFrames, person } from '../../lib/analysis/testing/identity';
import { genuineSession, photoSession, speechAudio } from '../../lib/analysis/testing/scenarios';
import type { TChallengeVerdict } from '../../lib/schemas/challenges';
import type { TWindowSignals } from '../../lib/schemas/signals';
import { expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { consent, inviteTokenOf, postWebhook, signWebhook, webhookBody } from '../rooms/helpers';

/**
 * Report sessions written through the product's own routes, never by hand: LiveKit's signed
 * webhooks open and close the session, the candidate posts its device report, the interviewer's
 * browser posts WebRTC statistics, engine windows (the real engine over the synthetic genuine /
 * photo scenarios) and challenge results with evidence thumbnails (shared test media via ffmpeg).
 * The verdict is the one the server computed when the room closed.
 */

const MEDIA = path.resolve(
  process.env.CANDOR_MEDIA_DIR ?? path.join(process.cwd(), '../shared/media'),
);

export function thumbnail(file: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      path.join(MEDIA, file),
      '-vf',
      'scale=320:240:force_original_aspect_ratio=increase,crop=320:240',
      '-q:v',
      '5',
      '-f',
      'mjpeg',
      'pipe:1',
    ]),
  );
}

export type TScenario = 'pass' | 'fail';
const windowsCache = new Map<string, TWindowSignals[]>();

/**
 * `face`: the genuine scenario's frames also carry this synthetic person's face descriptors once a
 * second (lib/analysis/testing/identity.ts), as the analysis worker adds them to good frontal frames.
 */
export function scenarioWindows(kind: TScenario, face?: number): TWindowSignals[] {
  const key = `${kind}:${face ?? ''}`;
  const cached = windowsCache.get(key);
  if (cached) return cached;
  const windows =
    kind === 'pass'
      ? windowize(
          face === undefined ? genuineSession(60_000) : identityFrames([[person(face), 0, 60]]),
          speechAudio(60_000),
        )
      : windowize(photoSession(40_000, { antiSpoofReal: 0.12 }), null);
  windowsCache.set(key, windows);
  return windows;
}

interface TChallengePlan {
  kind: TChallengeVerdict['kind'];
  outcome: TChallengeVerdict['outcome'];
  atMs: number;
  image: string;
  /** issue it again after this answer (a retry of a no-show) with this outcome */
  retry?: TChallengeVerdict['outcome'];
}

const PLAN: Record<TScenario, TChallengePlan[]> = {
  pass: [
    { kind: 'profile_left', outcome: 'passed', atMs: 12_000, image: 'antispoof/real_T1.jpg' },
    {
      kind: 'blink_twice',
      outcome: 'not_performed',
      atMs: 25_000,
      image: 'identity/obama1.jpg',
      retry: 'passed',
    },
  ],
  fail: [
    {
      kind: 'profile_right',
      outcome: 'failed',
      atMs: 14_000,
      image: 'antispoof/spoof_print_F1.jpg',
    },
    {
      kind: 'hand_occlusion',
      outcome: 'not_performed',
      atMs: 26_000,
      image: 'antispoof/spoof_replay_F2.jpg',
    },
  ],
};

function deviceFacts(kind: TScenario) {
  const fail = kind === 'fail';
  return {
    kind: 'device.facts',
    v: 1,
    cameraLabel: fail ? 'OBS Virtual Camera' : 'FaceTime HD Camera (05ac:8514)',
    microphoneLabel: 'Default',
    cameraCount: fail ? 2 : 1,
    microphoneCount: 1,
    requested: { width: 1280, height: 720, frameRate: 30 },
    delivered: { width: 1280, height: 720, frameRate: fail ? 15 : 30 },
    timeZone: fail ? 'Asia/Kolkata' : 'America/Chicago',
    languages: ['en-US'],
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
    screen: { width: 1920, height: 1080, pixelRatio: 1 },
  };
}

function networkWindow(kind: TScenario, start: Date, i: number) {
  const fail = kind === 'fail';
  return {
    kind: 'webrtc.stats',
    v: 1,
    windowStart: new Date(start.getTime() + i * 5000).toISOString(),
    windowEnd: new Date(start.getTime() + (i + 1) * 5000).toISOString(),
    participantIdentity: 'cand:seed',
    rttMs: fail ? 480 : 62,
    jitterMs: fail ? 35 : 8,
    packetsReceived: 1500,
    packetsLost: fail ? 40 : 1,
    lossRate: fail ? 0.026 : 0.001,
    framesPerSecond: fail ? 30 : 29,
    framesDecoded: 140,
    frameWidth: fail ? 1920 : 1280,
    frameHeight: fail ? 1080 : 720,
    codec: 'video/VP8',
    localCandidateType: 'host',
    remoteCandidateType: fail ? 'relay' : 'srflx',
    protocol: 'udp',
  };
}

const batchId = () => randomBytes(12).toString('hex');

async function ok(res: Promise<APIResponse>, status: number) {
  const r = await res;
  expect(r.status(), await r.text()).toBe(status);
  return r.json() as Promise<Record<string, unknown>>;
}

async function webhook(api: APIRequestContext, event: string, roomName: string, roomSid: string) {
  const body = webhookBody({ event, id: `EV_${batchId()}`, roomName, roomSid });
  return ok(postWebhook(api, body, await signWebhook(body)), 200);
}

async function postWindows(
  api: APIRequestContext,
  sessionId: string,
  start: Date,
  windows: TWindowSignals[],
) {
  for (let i = 0; i < windows.length; i += 24) {
    const chunk = windows.slice(i, i + 24).map((w) => ({
      at: new Date(start.getTime() + w.startMs).toISOString(),
      signals: w,
    }));
    await ok(
      api.post(`/api/sessions/${sessionId}/windows`, {
        data: { clientBatchId: batchId(), windows: chunk },
      }),
      201,
    );
  }
}

async function answer(
  api: APIRequestContext,
  sessionId: string,
  c: TChallengePlan,
  outcome: TChallengeVerdict['outcome'],
  retryOf?: string,
) {
  const issued = await ok(
    api.post(`/api/sessions/${sessionId}/challenges`, {
      data: retryOf ? { retryOf } : { kind: c.kind },
    }),
    201,
  );
  const id = String(issued.id);
  const atMs = c.atMs + (retryOf ? 6000 : 0);
  const verdict: TChallengeVerdict = {
    kind: c.kind,
    outcome,
    latencyMs: outcome === 'not_performed' ? null : 1800,
    evidence: { before: atMs + 200, peak: atMs + 1200, after: atMs + 2400 },
    measured: { peakYawDeg: outcome === 'passed' ? 64 : 21 },
    swapSuspect: false,
    note: `seeded ${outcome}`,
  };
  const jpegBase64 = Buffer.from(thumbnail(c.image)).toString('base64');
  await ok(
    api.post(`/api/sessions/${sessionId}/challenges/${id}/result`, {
      data: {
        type: 'verdict',
        issuedMediaMs: atMs,
        verdict,
        evidence: [{ role: 'peak', mediaMs: atMs + 1200, jpegBase64 }],
      },
    }),
    201,
  );
  return id;
}

/**
 * One closed session with everything a report shows, written by the real routes. `owner` is the
 * interviewer's API context, `anon` a cookie-less one acting as the candidate and as livekit-server.
 */
export async function seedReportSession(
  owner: APIRequestContext,
  anon: APIRequestContext,
  interview: { id: string; inviteUrl: string },
  kind: TScenario,
  opts: { face?: number } = {},
) {
  const db = testDb();
  const windows = scenarioWindows(kind, opts.face);
  const durationMs = windows.at(-1)?.endMs ?? 0;
  const start = new Date(Date.now() - durationMs - 5000);
  const { roomName } = await db.interview.findUniqueOrThrow({ where: { id: interview.id } });
  const roomSid = `RM_${batchId()}`;
  await webhook(anon, 'room_started', roomName, roomSid);
  const { id: sessionId } = await db.session.findFirstOrThrow({
    where: { interviewId: interview.id, status: 'OPEN' },
  });

  const token = inviteTokenOf(interview.inviteUrl);
  await consent(anon, token);
  await ok(
    anon.post('/api/rooms/candidate-report', {
      data: {
        token,
        batchId: batchId(),
        capturedAt: start.toISOString(),
        facts: deviceFacts(kind),
      },
    }),
    201,
  );
  await ok(
    owner.post(`/api/interviews/${interview.id}/network-stats`, {
      data: { batchId: batchId(), windows: [0, 1, 2, 3].map((i) => networkWindow(kind, start, i)) },
    }),
    201,
  );
  await postWindows(owner, sessionId, start, windows);
  for (const c of PLAN[kind]) {
    const first = await answer(owner, sessionId, c, c.outcome);
    if (c.retry) await answer(owner, sessionId, c, c.retry, first);
  }
  await webhook(anon, 'room_finished', roomName, roomSid);
  const verdict = await db.verdict.findFirstOrThrow({
    where: { sessionId },
    orderBy: { createdAt: 'desc' },
  });
  const evidenceIds = (
    await db.evidence.findMany({ where: { sessionId }, select: { id: true } })
  ).map((e) => e.id);
  return { sessionId, evidenceIds, verdict };
}
