import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { signUpOwner, type TestAccount } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { signInContext } from '../reports/setup';
import {
  endInterview,
  genuineClip,
  identityCutClip,
  identityDescriptorCount,
  identityDescriptorCountFrom,
  openLiveRoom,
  SHOTS,
  type TLiveRoom,
} from './live-room';

/**
 * Face identity end to end, in real Chromium through a real livekit-server: the interviewer's engine
 * computes dlib descriptors on the RECEIVED candidate video, posts them in TRUSTED windows, and the
 * server builds the session's template and its alerts when the call ends (finalizeSession). Nothing
 * is seeded: every row read here was written by the real code path.
 */

/**
 * Session 4 (2026-12-01): with the live-room rate fixes (worker thumbnails, VideoFrame hand-off,
 * paced crop models, no trace screencast) both tests pass on a quiet machine in ≈ 1.2 min together
 * (same clip under two names: mean distance 0.044–0.049; the cut: change reported 0–0.8 s after it).
 * On the shared build host at load average 30–38 they did not (the engine compiled its wasm for
 * ~60 s before the first descriptor).
 */
const liveTest = test;

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** One live interview with `clip` as the camera, run until `descriptors` are stored, then ended. */
async function interview(
  browser: Parameters<typeof openLiveRoom>[0],
  baseURL: string,
  owner: TestAccount,
  candidateName: string,
  descriptors: number,
): Promise<string> {
  const room = await openLiveRoom(browser, baseURL, genuineClip(), 'identity', {
    owner,
    candidateName,
    watchOnly: true,
  });
  try {
    const sessionId = await room.sessionId();
    await expect
      .poll(() => identityDescriptorCount(sessionId), { timeout: 45_000, intervals: [1000] })
      .toBeGreaterThanOrEqual(descriptors);
    await endInterview(room, sessionId);
    return sessionId;
  } finally {
    await room.close();
  }
}

const identityAlerts = (sessionId: string) =>
  testDb().sessionAlert.findMany({
    where: {
      sessionId,
      kind: { in: ['SAME_FACE_OTHER_NAME', 'PROXY_DIFFERENT_PERSON', 'IDENTITY_CHANGE'] },
    },
  });

liveTest(
  'the same face under two names in one organization → a cross-interview alert linking the first; another organization → nothing',
  async ({ browser, baseURL, page }) => {
    test.setTimeout(300_000);
    const owner = await signUpOwner(baseURL!, 'ident');
    const first = await interview(browser, baseURL!, owner, 'Dana Doe', 5);
    await expect
      .poll(() => testDb().identityTemplate.count({ where: { sessionId: first } }), {
        timeout: 20_000,
      })
      .toBe(1);
    const second = await interview(browser, baseURL!, owner, 'Erin Roe', 5);
    await expect
      .poll(() => testDb().identityTemplate.count({ where: { sessionId: second } }), {
        timeout: 20_000,
      })
      .toBe(1);

    const alerts = await identityAlerts(second);
    const same = alerts.find((a) => a.kind === 'SAME_FACE_OTHER_NAME');
    expect(same, JSON.stringify(alerts)).toBeDefined();
    expect(same!.relatedSessionId).toBe(first);
    expect(same!.details).toMatchObject({ otherName: 'Dana Doe' });
    const details = same!.details as { meanDistance: number; threshold: number };
    expect(details.meanDistance).toBeLessThanOrEqual(details.threshold);
    console.log(`[identity] same clip, two names: mean distance ${details.meanDistance}`);

    // The report of the second interview names the first and links to it.
    await signInContext(page.context(), owner);
    await page.goto(`/sessions/${second}`);
    const alert = page.getByTestId('session-alert').filter({ hasText: 'Same face, other name' });
    await expect(alert).toContainText('under the name Dana Doe');
    await expect(alert.getByTestId('related-session')).toHaveAttribute(
      'href',
      `/sessions/${first}`,
    );
    await page.screenshot({ path: `${SHOTS}/identity-same-face.png`, fullPage: true });

    // The same clip in another organization: its own template, and no identity alert of any kind.
    const stranger = await signUpOwner(baseURL!, 'identx');
    const elsewhere = await interview(browser, baseURL!, stranger, 'Finn Fox', 5);
    await expect
      .poll(() => testDb().identityTemplate.count({ where: { sessionId: elsewhere } }), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await identityAlerts(elsewhere)).toEqual([]);
    // and the first organization's sessions gained nothing from it
    expect((await identityAlerts(second)).filter((a) => a.relatedSessionId === elsewhere)).toEqual(
      [],
    );
  },
);

/**
 * Watches the interviewer's candidate <video> with requestVideoFrameCallback and returns the page
 * time (performance.now at presentation: the clock the engine stamps its frames with) of the first
 * hard cut, i.e. a frame whose mean colour difference to the previous presented frame is large.
 */
async function watchForCut(page: Page): Promise<void> {
  await page.getByTestId('candidate-video').evaluate((el) => {
    const video = el as HTMLVideoElement;
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 24;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    let prev: Uint8ClampedArray | null = null;
    const w = window as unknown as { __cut: { at: number; diff: number } | null };
    w.__cut = null;
    const cb = (now: number) => {
      ctx.drawImage(video, 0, 0, 32, 24);
      const cur = ctx.getImageData(0, 0, 32, 24).data;
      if (prev) {
        let diff = 0;
        for (let i = 0; i < cur.length; i += 4)
          for (let c = 0; c < 3; c++) diff += Math.abs(cur[i + c]! - prev[i + c]!);
        diff /= (cur.length / 4) * 3;
        if (!w.__cut && diff > 35) w.__cut = { at: now, diff };
      }
      prev = cur;
      if (!w.__cut) video.requestVideoFrameCallback(cb);
    };
    video.requestVideoFrameCallback(cb);
  });
}

liveTest(
  'a camera that cuts from one person to another mid-call → an identity-change reason at the cut',
  async ({ browser, baseURL, page }) => {
    test.setTimeout(180_000);
    const clip = identityCutClip();
    const room: TLiveRoom = await openLiveRoom(browser, baseURL!, clip, 'identcut', {
      candidateName: 'Gale Grey',
      watchOnly: true,
    });
    let sessionId = '';
    let cut: { at: number; diff: number } | null = null;
    try {
      await watchForCut(room.ipage);
      sessionId = await room.sessionId();
      const opening = await identityDescriptorCount(sessionId);
      const seen = await expect
        .poll(() => room.ipage.evaluate(() => (window as unknown as { __cut: unknown }).__cut), {
          timeout: 30_000,
          intervals: [250],
        })
        .not.toBeNull()
        .then(() =>
          room.ipage.evaluate(
            () => (window as unknown as { __cut: { at: number; diff: number } }).__cut,
          ),
        );
      cut = seen;
      const atCut = await identityDescriptorCount(sessionId);
      console.log(
        `[identity] cut seen at page time ${Math.round(seen.at)} ms (diff ${seen.diff.toFixed(0)}); descriptors: ${opening} when watching began, ${atCut} at the cut`,
      );
      // the second person for long enough to be a change (≥ 3 descriptors over 2.5 s; wait for 6,
      // about 6 s of the second person's 10 s), then end before the looping camera cuts back.
      // Counted by the descriptors' own time, not as "6 more rows than at the cut": windows reach
      // the server seconds after they are measured, so rows stored after the cut can still be the
      // first person's, and the call then ended after a brief change (identity_flicker).
      await expect
        .poll(() => identityDescriptorCountFrom(sessionId, seen.at), {
          timeout: 25_000,
          intervals: [500],
        })
        .toBeGreaterThanOrEqual(6);
      await endInterview(room, sessionId);
    } finally {
      await room.close();
    }

    const alerts = await identityAlerts(sessionId);
    const change = alerts.find((a) => a.kind === 'IDENTITY_CHANGE');
    expect(change, JSON.stringify(alerts.map((a) => a.kind))).toBeDefined();
    const d = change!.details as { startMs: number; endMs: number; summary: string };
    console.log(
      `[identity] change reported from ${Math.round(d.startMs)} ms (cut at ${Math.round(cut!.at)} ms): ${d.summary}`,
    );
    // at the right time: the first descriptor of the second face (one a second at most) follows the cut
    expect(d.startMs).toBeGreaterThanOrEqual(cut!.at - 500);
    expect(d.startMs).toBeLessThanOrEqual(cut!.at + 4000);
    // a takeover ("a different person appears from m:ss") or, when the call ended within a few
    // descriptors of the cut, a brief change ("briefly changes to another person at m:ss"): both
    // are the identity-change reason at the cut
    expect(d.summary).toMatch(
      /a different person appears from \d+:\d\d|briefly changes to another person at \d+:\d\d/,
    );

    // the stored verdict carries the same reason, and the report shows it
    const verdict = await testDb().verdict.findFirstOrThrow({
      where: { sessionId },
      orderBy: { createdAt: 'desc' },
    });
    const reasons = verdict.reasons as Array<{ code: string; startMs?: number }>;
    const reason = reasons.find((r) => r.code === 'identity_change');
    expect(reason, JSON.stringify(reasons.map((r) => r.code))).toBeDefined();
    expect(reason!.startMs).toBe(d.startMs);
    await signInContext(page.context(), room.owner);
    await page.goto(`/sessions/${sessionId}`);
    await expect(
      page.getByTestId('session-alert').filter({ hasText: 'Identity change within the session' }),
    ).toContainText(/a different person appears from \d+:\d\d/);
    await page.screenshot({ path: `${SHOTS}/identity-change.png`, fullPage: true });
  },
);
