import { randomBytes } from 'node:crypto';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import {
  consent,
  inviteTokenOf,
  jwtPayload,
  postWebhook,
  signWebhook,
  webhookBody,
} from './helpers';

/**
 * Room tokens and LiveKit webhooks against the real livekit-server started by scripts/stack.ts:
 * least-privilege grants scoped to one room, refusals for revoked/unconsented invites, and
 * webhooks that must be signed, fresh and processed once.
 */
test.describe('live room API', () => {
  let owner: TestAccount;
  let other: TestAccount;
  const a = { id: '', token: '', roomName: '' };
  const b = { id: '', token: '', roomName: '' };

  test.beforeAll(async ({ baseURL }) => {
    owner = await signUpOwner(baseURL!, 'rooms');
    other = await signUpOwner(baseURL!, 'roomsx');
    for (const target of [a, b]) {
      const created = await createInterview(owner.api);
      target.id = created.interview.id;
      target.token = inviteTokenOf(created.inviteUrl);
      target.roomName = (
        await testDb().interview.findUniqueOrThrow({ where: { id: target.id } })
      ).roomName;
    }
  });

  test('tokens are scoped to their own interview room with least privilege', async ({
    request,
  }) => {
    const early = await owner.api.post('/api/rooms/candidate-token', { data: { token: a.token } });
    expect(early.status(), 'no consent yet').toBe(403);
    await consent(owner.api, a.token);
    const closed = await owner.api.post('/api/rooms/candidate-token', { data: { token: a.token } });
    expect(closed.status(), 'room not opened by the interviewer yet').toBe(409);
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('room_not_open');

    const int = await owner.api.post(`/api/interviews/${a.id}/room-token`, { data: {} });
    expect(int.status(), await int.text()).toBe(200);
    const intClaims = jwtPayload(((await int.json()) as { token: string }).token);
    expect(intClaims.sub).toMatch(/^int:/);
    expect(intClaims.video).toEqual({
      room: a.roomName,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    expect(Number(intClaims.exp) - Number(intClaims.nbf ?? intClaims.iat)).toBeLessThanOrEqual(600);

    const cand = await owner.api.post('/api/rooms/candidate-token', { data: { token: a.token } });
    expect(cand.status(), await cand.text()).toBe(200);
    const body = (await cand.json()) as { token: string; roomName: string };
    const claims = jwtPayload(body.token);
    const video = claims.video as Record<string, unknown>;
    expect(claims.sub).toMatch(/^cand:/);
    expect(video.room).toBe(a.roomName);
    expect(video.room).not.toBe(b.roomName);
    expect(video.canPublishSources).toEqual(['camera', 'microphone']);
    expect(video.canPublishData).toBe(false);
    expect(video.roomCreate ?? false).toBe(false);
    expect(video.roomAdmin ?? false).toBe(false);
    expect(video.roomList ?? false).toBe(false);
    expect(Number(claims.exp) - Number(claims.nbf ?? claims.iat)).toBeLessThanOrEqual(600);
    const invite = await testDb().invite.findFirstOrThrow({ where: { interviewId: a.id } });
    expect(JSON.parse(String(claims.metadata))).toEqual({
      v: 1,
      role: 'candidate',
      interviewId: a.id,
      inviteId: invite.id,
    });
    expect(claims.sub).toBe(`cand:${invite.id}`);

    // Org isolation: another organization's member gets a 404, not a token.
    const foreign = await other.api.post(`/api/interviews/${a.id}/room-token`, { data: {} });
    expect(foreign.status()).toBe(404);
    const anon = await request.post(`/api/interviews/${a.id}/room-token`, { data: {} });
    expect(anon.status()).toBe(401);
  });

  test('a revoked invite gets no token', async () => {
    await consent(owner.api, b.token);
    await owner.api.post(`/api/interviews/${b.id}/room-token`, { data: {} });
    const ok = await owner.api.post('/api/rooms/candidate-token', { data: { token: b.token } });
    expect(ok.status(), await ok.text()).toBe(200);
    const invite = await testDb().invite.findFirstOrThrow({ where: { interviewId: b.id } });
    expect((await owner.api.post(`/api/invites/${invite.id}/revoke`, { data: {} })).status()).toBe(
      200,
    );
    const refused = await owner.api.post('/api/rooms/candidate-token', {
      data: { token: b.token },
    });
    expect(refused.status()).toBe(410);
    expect(await refused.text()).not.toContain('eyJ');
  });

  test('webhooks must be signed, untampered, fresh and new', async ({ request }) => {
    const c = await createInterview(owner.api);
    const roomName = (await testDb().interview.findUniqueOrThrow({ where: { id: c.interview.id } }))
      .roomName;
    const roomSid = `RM_${randomBytes(6).toString('hex')}`;
    const spec = {
      event: 'room_started',
      id: `EV_${randomBytes(8).toString('hex')}`,
      roomName,
      roomSid,
    };
    const body = webhookBody(spec);

    expect((await postWebhook(request, body)).status(), 'unsigned').toBe(401);
    expect(
      (await postWebhook(request, body, await signWebhook(body, 'x'.repeat(40)))).status(),
      'forged',
    ).toBe(401);
    const swapped = webhookBody({ ...spec, roomName: 'candor-someone-else' });
    expect(
      (await postWebhook(request, swapped, await signWebhook(body))).status(),
      'body swapped',
    ).toBe(401);
    const stale = webhookBody({
      ...spec,
      id: `${spec.id}s`,
      createdAtS: Math.floor(Date.now() / 1000) - 600,
    });
    expect((await postWebhook(request, stale, await signWebhook(stale))).status(), 'stale').toBe(
      400,
    );

    const auth = await signWebhook(body);
    const first = await postWebhook(request, body, auth);
    expect(first.status(), await first.text()).toBe(200);
    expect((await postWebhook(request, body, auth)).status(), 'replayed').toBe(409);
    // A second delivery of the same room instance under a new event id still opens no second session.
    const again = webhookBody({ ...spec, id: `${spec.id}b` });
    expect((await postWebhook(request, again, await signWebhook(again))).status()).toBe(200);

    const db = testDb();
    const sessions = await db.session.findMany({ where: { interviewId: c.interview.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.roomSid).toBe(roomSid);
    expect((await db.interview.findUniqueOrThrow({ where: { id: c.interview.id } })).status).toBe(
      'IN_PROGRESS',
    );
    expect(await db.livekitEvent.count({ where: { sessionId: sessions[0]!.id } })).toBe(2);

    // Trusted stats: a retried batch stores nothing twice.
    const t0 = Date.now();
    const win = (i: number) => ({
      kind: 'webrtc.stats',
      v: 1,
      participantIdentity: 'cand:x',
      windowStart: new Date(t0 + i * 4000).toISOString(),
      windowEnd: new Date(t0 + (i + 1) * 4000).toISOString(),
      rttMs: 2,
      jitterMs: 1,
      packetsReceived: 100 * i,
      packetsLost: 0,
      lossRate: 0,
      framesPerSecond: 15,
      framesDecoded: 60 * i,
      frameWidth: 640,
      frameHeight: 480,
      codec: 'video/VP8',
      localCandidateType: 'host',
      remoteCandidateType: 'host',
      protocol: 'udp',
    });
    const batch = { batchId: randomBytes(12).toString('base64url'), windows: [win(0), win(1)] };
    const url = `/api/interviews/${c.interview.id}/network-stats`;
    expect(await (await owner.api.post(url, { data: batch })).json()).toEqual({
      stored: 2,
      duplicate: 0,
    });
    expect(await (await owner.api.post(url, { data: batch })).json()).toEqual({
      stored: 0,
      duplicate: 2,
    });
    expect((await other.api.post(url, { data: batch })).status(), 'other org').toBe(404);
    expect((await owner.api.post(url, { data: { ...batch, extra: 1 } })).status(), 'strict').toBe(
      400,
    );
    expect(
      await db.signalWindow.count({ where: { sessionId: sessions[0]!.id, source: 'TRUSTED' } }),
    ).toBe(2);

    const finished = webhookBody({ ...spec, event: 'room_finished', id: `${spec.id}f` });
    expect((await postWebhook(request, finished, await signWebhook(finished))).status()).toBe(200);
    const closed = await db.session.findUniqueOrThrow({ where: { id: sessions[0]!.id } });
    expect(closed.status).toBe('CLOSED');
    // Nobody joined as candidate: the interview goes back to scheduled rather than "completed".
    expect((await db.interview.findUniqueOrThrow({ where: { id: c.interview.id } })).status).toBe(
      'SCHEDULED',
    );
  });
});
