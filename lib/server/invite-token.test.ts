import { describe, expect, test } from 'vitest';
import { signInviteToken, verifyInviteToken } from './invite-token';

const SECRET = 'x'.repeat(40);
const NOW = Date.UTC(2026, 10, 27);
const payload = { v: 1 as const, n: 'n'.repeat(24), i: 'interview1', e: NOW / 1000 + 3600 };

describe('invite tokens', () => {
  const good = signInviteToken(SECRET, payload);
  const [body, sig] = good.split('.') as [string, string];
  const tamperedBody = Buffer.from(JSON.stringify({ ...payload, i: 'interview2' })).toString(
    'base64url',
  );

  test.each([
    ['valid', good, { ok: true }],
    [
      'other secret',
      signInviteToken('y'.repeat(40), payload),
      { ok: false, error: 'bad_signature' },
    ],
    ['tampered payload', `${tamperedBody}.${sig}`, { ok: false, error: 'bad_signature' }],
    ['truncated signature', `${body}.${sig.slice(0, 10)}`, { ok: false, error: 'bad_signature' }],
    ['no signature', body, { ok: false, error: 'malformed' }],
    ['empty', '', { ok: false, error: 'malformed' }],
    ['huge', 'a'.repeat(1000), { ok: false, error: 'malformed' }],
  ])('%s', (_name, token, expected) => {
    expect(verifyInviteToken(SECRET, token, NOW)).toMatchObject(expected);
  });

  test('expired', () => {
    const expired = signInviteToken(SECRET, { ...payload, e: NOW / 1000 - 1 });
    expect(verifyInviteToken(SECRET, expired, NOW)).toEqual({ ok: false, error: 'expired' });
  });
});
