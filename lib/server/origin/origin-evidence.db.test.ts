import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TChallengeVerdict } from '@/lib/schemas/challenges';
import { issueChallenge, recordChallengeResult } from '../challenges';
import { CONSENT_NOTICE_VERSION } from '../consent';
import { db } from '../db';
import { createInterview, createInvite } from '../interviews';
import { recordConsent, requireInvite } from '../invites';
import type { TMember } from '../members';
import { storeCandidateReport, storeNetworkStats } from '../room-signals';
import { loadOriginFacts } from './origin-facts';

/**
 * The origin section's latency and browser facts read what the real writers stored: the candidate's
 * device report (with the `inviteId` the route adds), the interviewer's WebRTC round trips, and the
 * colour-flash lag inside a stored challenge verdict (`measured.values.lagMs`). Both were read
 * wrongly before (strict device schema; lag looked for at the top level) and came out empty.
 *   CANDOR_TEST_PORT_OFFSET=50 npx tsx scripts/stack.ts test -- npx vitest run lib/server/origin/origin-evidence.db.test.ts
 */
describe.runIf(Boolean(process.env.DATABASE_URL))('origin evidence from the real writers', () => {
  const tag = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  let owner: TMember;
  let sessionId = '';

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `origin-ev-${tag}` } });
    const user = await db.user.create({
      data: { id: `u-oe-${tag}`, name: 'owner', email: `oe-${tag}@example.test` },
    });
    await db.membership.create({
      data: { organizationId: org.id, userId: user.id, role: 'OWNER' },
    });
    owner = {
      userId: user.id,
      name: 'owner',
      email: user.email,
      organizationId: org.id,
      organizationName: 'x',
      role: 'OWNER',
    };
    const interview = await createInterview(owner, {
      title: 'Backend',
      kind: 'LIVE',
      candidate: { name: 'Lena Lag', email: `lena-${tag}@example.test` },
    });
    const { token } = await createInvite(owner, interview.id);
    await recordConsent(await requireInvite(token), CONSENT_NOTICE_VERSION, {
      ip: null,
      userAgent: null,
    });
    // the room opened (LiveKit's webhook does this; no state the test could reach otherwise here)
    sessionId = (await db.session.create({ data: { interviewId: interview.id } })).id;
    await storeCandidateReport({
      token,
      batchId: `dev-${tag}`,
      capturedAt: new Date().toISOString(),
      facts: {
        kind: 'device.facts',
        v: 1,
        cameraLabel: 'Integrated Webcam',
        microphoneLabel: 'Default',
        cameraCount: 1,
        microphoneCount: 1,
        requested: { width: 1280, height: 720, frameRate: 30 },
        delivered: { width: 1280, height: 720, frameRate: 30 },
        timeZone: 'Asia/Kolkata',
        languages: ['hi-IN', 'en-US'],
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        screen: { width: 1920, height: 1080, pixelRatio: 1 },
      },
    });
    const now = Date.now();
    await storeNetworkStats(owner, interview.id, {
      batchId: `net-${tag}`,
      windows: [90, 110, 100].map((rttMs, i) => ({
        kind: 'webrtc.stats' as const,
        v: 1 as const,
        windowStart: new Date(now - (3 - i) * 5000).toISOString(),
        windowEnd: new Date(now - (2 - i) * 5000).toISOString(),
        participantIdentity: 'cand:x',
        rttMs,
        jitterMs: 5,
        packetsReceived: 100,
        packetsLost: 0,
        lossRate: 0,
        framesPerSecond: 30,
        framesDecoded: 150,
        frameWidth: 1280,
        frameHeight: 720,
        codec: 'video/VP8',
        localCandidateType: 'host' as const,
        remoteCandidateType: 'srflx' as const,
        protocol: 'udp' as const,
      })),
    });
    for (const [kind, latencyMs, lagMs] of [
      ['flash', 700, 380],
      ['smile', 1500, null],
    ] as const) {
      const issued = await issueChallenge(owner, sessionId, { kind });
      const verdict: TChallengeVerdict = {
        kind,
        outcome: 'passed',
        latencyMs,
        evidence: { before: 1000, peak: 2500, after: 4000 },
        measured: lagMs === null ? { peakSmile: 0.8 } : { peakCorr: 0.8, lagMs },
        swapSuspect: false,
        note: 'test',
      };
      await recordChallengeResult(owner, sessionId, issued.id, {
        type: 'verdict',
        issuedMediaMs: 1000,
        verdict,
        evidence: [],
      });
    }
  }, 60_000);
  afterAll(async () => {
    await db.$disconnect();
  });

  test('browser time zone, round trips, answer latencies and the flash lag against the round trip', async () => {
    const facts = await loadOriginFacts(sessionId);
    expect(facts.reported).toEqual({ timeZone: 'Asia/Kolkata', languages: ['hi-IN', 'en-US'] });
    expect(facts.latency.rttMs).toMatchObject({ count: 3, p50: 100 });
    expect(facts.latency.challengeLatencyMs).toEqual([700, 1500]);
    expect(facts.latency.flashLagMs).toEqual([380]);
    expect(facts.latency.flashExcessMs).toEqual([280]);
  });
});
