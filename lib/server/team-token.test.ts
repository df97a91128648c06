import { describe, expect, it } from 'vitest';
import { signInviteToken } from './invite-token';
import { hashTeamToken, newTeamToken, verifyTeamToken } from './team-token';

const SECRET = 's'.repeat(40);
const later = new Date(Date.now() + 3600_000);

describe('team invitation tokens', () => {
  it('round-trips and stores only a hash that differs from the token', () => {
    const { token, tokenHash } = newTeamToken(SECRET, 'org1', later);
    expect(tokenHash).toBe(hashTeamToken(token));
    expect(tokenHash).not.toContain(token.split('.')[0]);
    const res = verifyTeamToken(SECRET, token);
    expect(res.ok && res.payload.o).toBe('org1');
  });

  it('gives two invitations two different tokens', () => {
    expect(newTeamToken(SECRET, 'o', later).token).not.toBe(newTeamToken(SECRET, 'o', later).token);
  });

  it.each([
    ['damaged', (t: string) => t.split('.')[0]!, 'malformed'],
    ['too long', (t: string) => t + 'x'.repeat(600), 'malformed'],
    ['other secret', () => newTeamToken('t'.repeat(40), 'org1', later).token, 'bad_signature'],
    [
      'payload edited',
      (t: string) => {
        const [body, sig] = t.split('.') as [string, string];
        const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as { o: string };
        return `${Buffer.from(JSON.stringify({ ...p, o: 'org2' })).toString('base64url')}.${sig}`;
      },
      'bad_signature',
    ],
    [
      'a candidate invite token',
      () => signInviteToken(SECRET, { v: 1, n: 'n'.repeat(20), i: 'i1', e: 2e9 }),
      'bad_signature',
    ],
  ])('refuses a %s token', (_name, mutate, error) => {
    const { token } = newTeamToken(SECRET, 'org1', later);
    expect(verifyTeamToken(SECRET, mutate(token))).toEqual({ ok: false, error });
  });

  it('refuses an expired token', () => {
    const { token } = newTeamToken(SECRET, 'org1', new Date(Date.now() - 1000));
    expect(verifyTeamToken(SECRET, token)).toEqual({ ok: false, error: 'expired' });
  });
});
