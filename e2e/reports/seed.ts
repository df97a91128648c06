import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Prisma, PrismaClient } from '@prisma/client';
import { fuseSession, windowize } from '../../lib/analysis/session';
import { genuineSession, photoSession, speechAudio } from '../../lib/analysis/testing/scenarios';
import type { TChallengeSummary, TWindowSignals } from '../../lib/schemas/signals';

/**
 * Seeds report sessions the way the product would store them: trusted windows from the real engine
 * (run over the synthetic genuine / photo scenarios), its verdict, challenge results, evidence
 * thumbnails made from the shared test media with ffmpeg, and device/network facts.
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
const windowsCache = new Map<TScenario, TWindowSignals[]>();

function scenarioWindows(kind: TScenario): TWindowSignals[] {
  const cached = windowsCache.get(kind);
  if (cached) return cached;
  const windows =
    kind === 'pass'
      ? windowize(genuineSession(60_000), speechAudio(60_000))
      : windowize(photoSession(40_000, { antiSpoofReal: 0.12 }), null);
  windowsCache.set(kind, windows);
  return windows;
}

interface TChallengeSeed {
  kind: TChallengeSummary['kind'];
  outcome: 'PASSED' | 'FAILED' | 'NOT_PERFORMED';
  atMs: number;
  image: string;
}

const PLAN: Record<
  TScenario,
  { challenges: TChallengeSeed[]; flagged: Array<{ atMs: number; reason: string; image: string }> }
> = {
  pass: {
    challenges: [
      { kind: 'profile_left', outcome: 'PASSED', atMs: 12_000, image: 'antispoof/real_T1.jpg' },
      { kind: 'blink_twice', outcome: 'PASSED', atMs: 31_000, image: 'identity/obama1.jpg' },
    ],
    flagged: [],
  },
  fail: {
    challenges: [
      {
        kind: 'profile_right',
        outcome: 'FAILED',
        atMs: 14_000,
        image: 'antispoof/spoof_print_F1.jpg',
      },
      {
        kind: 'hand_occlusion',
        outcome: 'NOT_PERFORMED',
        atMs: 26_000,
        image: 'antispoof/spoof_replay_F2.jpg',
      },
    ],
    flagged: [
      {
        atMs: 6_000,
        reason: 'face moves like a flat sheet (planar motion)',
        image: 'antispoof/spoof_print_F1.jpg',
      },
      {
        atMs: 21_000,
        reason: 'anti-spoof model: screen or print',
        image: 'antispoof/spoof_replay_F2.jpg',
      },
    ],
  },
};

const OUTCOME = { PASSED: 'pass', FAILED: 'fail', NOT_PERFORMED: 'no_response' } as const;

function facts(kind: TScenario, start: Date) {
  const fail = kind === 'fail';
  const device = {
    kind: 'device.facts',
    v: 1,
    cameraLabel: fail ? 'OBS Virtual Camera' : 'FaceTime HD Camera (05ac:8514)',
    microphoneLabel: 'Default',
    cameraCount: fail ? 2 : 1,
    microphoneCount: 1,
    requested: { width: 1280, height: 720, frameRate: 30 },
    delivered: { width: 1280, height: 720, frameRate: fail ? 15 : 30 },
    timeZone: fail ? 'Asia/Manila' : 'America/Chicago',
    languages: ['en-US'],
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
    screen: { width: 1920, height: 1080, pixelRatio: 1 },
  };
  const stats = (i: number) => ({
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
  });
  return { device, stats: [0, 1, 2, 3].map(stats) };
}

function windowRows(
  sessionId: string,
  start: Date,
  windows: TWindowSignals[],
  source: 'TRUSTED' | 'CANDIDATE',
) {
  return windows.map((w) => ({
    sessionId,
    source,
    clientBatchId: `seed-${source.toLowerCase()}-batch-${Math.floor(w.startMs / 10_000)}`,
    windowStart: new Date(start.getTime() + w.startMs),
    windowEnd: new Date(start.getTime() + w.endMs),
    values: w as unknown as Prisma.InputJsonObject,
  }));
}

/** Seeds one closed session with everything a report shows; returns its ids. */
export async function seedReportSession(db: PrismaClient, interviewId: string, kind: TScenario) {
  const windows = scenarioWindows(kind);
  const plan = PLAN[kind];
  const durationMs = windows.at(-1)?.endMs ?? 0;
  const start = new Date(Date.now() - 3600_000);
  const challenges: TChallengeSummary[] = plan.challenges.map((c, i) => ({
    id: `c${i}`,
    kind: c.kind,
    outcome: OUTCOME[c.outcome],
    startMs: c.atMs,
    endMs: c.atMs + 2500,
  }));
  const verdict = fuseSession(windows, { challenges });
  const session = await db.session.create({
    data: {
      interviewId,
      status: 'CLOSED',
      startedAt: start,
      endedAt: new Date(start.getTime() + durationMs),
    },
  });
  await db.interview.update({ where: { id: interviewId }, data: { status: 'COMPLETED' } });
  const { device, stats } = facts(kind, start);
  await db.signalWindow.createMany({
    data: [
      ...windowRows(session.id, start, windows, 'TRUSTED'),
      // The candidate's own engine claims a clean, live session in the photo attack.
      ...windowRows(
        session.id,
        start,
        kind === 'fail' ? scenarioWindows('pass').slice(0, 40) : [],
        'CANDIDATE',
      ),
      {
        sessionId: session.id,
        source: 'CANDIDATE',
        clientBatchId: 'seed-device-facts-0001',
        windowStart: start,
        windowEnd: start,
        values: device,
      },
      ...stats.map((s, i) => ({
        sessionId: session.id,
        source: 'TRUSTED' as const,
        clientBatchId: `seed-webrtc-stats-${i}`,
        windowStart: new Date(s.windowStart),
        windowEnd: new Date(s.windowEnd),
        values: s,
      })),
    ],
  });
  const evidenceIds: string[] = [];
  for (const c of plan.challenges) {
    const row = await db.challengeResult.create({
      data: {
        sessionId: session.id,
        kind: c.kind,
        outcome: c.outcome,
        latencyMs: c.outcome === 'NOT_PERFORMED' ? null : 1800,
        // The shape recordChallengeResult stores (ZStoredChallengeMeasured); an empty note and
        // issuedMediaMs = the wall offset render exactly like the bare figures this seed used before.
        measured: {
          type: 'verdict',
          v: 1,
          issuedMediaMs: c.atMs,
          note: '',
          swapSuspect: false,
          evidence: { before: c.atMs, peak: c.atMs + 1200, after: c.atMs + 2400 },
          values: { peakYawDeg: c.outcome === 'PASSED' ? 64 : 21 },
        },
        issuedAt: new Date(start.getTime() + c.atMs),
        completedAt: new Date(start.getTime() + c.atMs + 2500),
      },
    });
    const e = await db.evidence.create({
      data: {
        sessionId: session.id,
        challengeResultId: row.id,
        at: new Date(start.getTime() + c.atMs + 1200),
        reason: `${c.kind.replace('_', ' ')} frame`,
        thumbnail: thumbnail(c.image),
      },
    });
    evidenceIds.push(e.id);
  }
  for (const f of plan.flagged) {
    const e = await db.evidence.create({
      data: {
        sessionId: session.id,
        at: new Date(start.getTime() + f.atMs),
        reason: f.reason,
        thumbnail: thumbnail(f.image),
      },
    });
    evidenceIds.push(e.id);
  }
  await db.verdict.create({
    data: {
      sessionId: session.id,
      score: verdict.score,
      label: verdict.label,
      reasons: verdict.reasons,
      configVersion: verdict.configVersion,
    },
  });
  return { sessionId: session.id, evidenceIds, verdict };
}
