import 'server-only';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { makeFlashSteps } from '@/lib/analysis/challenges/flash';
import { CHALLENGE_KINDS } from '@/lib/schemas/signals';
import type {
  TChallengeKind,
  TChallengeMessage,
  TChallengeParams,
  TChallengePromptBody,
} from '@/lib/schemas/challenges';

/**
 * Random challenge parameters and prompt signing (no database).
 *
 * Keys: CHALLENGE_SECRET (≥ 32 chars) when set, else HMAC-SHA256(BETTER_AUTH_SECRET,
 * "candor-challenge-key-v1"), so deployments work without a new variable and rotating the auth
 * secret rotates this too. Each session gets its own prompt key, HMAC(master, "prompt." + session
 * id); the candidate page receives that key with its join response and verifies every prompt with
 * WebCrypto. A candidate holding its own session's key can forge prompts only to itself, which
 * gains nothing: prompts do not carry results. Results are never taken from the candidate: only
 * the interviewer's authenticated POST records them, against a challenge id this server issued.
 */

const ZKeyEnv = z.object({
  CHALLENGE_SECRET: z
    .string()
    .min(32, 'CHALLENGE_SECRET must be at least 32 characters')
    .optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
});

function masterKey(): Buffer {
  const env = ZKeyEnv.parse(process.env);
  if (env.CHALLENGE_SECRET) return Buffer.from(env.CHALLENGE_SECRET, 'utf8');
  if (!env.BETTER_AUTH_SECRET)
    throw new Error('Set CHALLENGE_SECRET or BETTER_AUTH_SECRET (npm run app sets them)');
  return createHmac('sha256', env.BETTER_AUTH_SECRET).update('candor-challenge-key-v1').digest();
}

/** The per-session key the candidate page verifies prompts with (base64url, 32 bytes). */
export function challengePromptKey(sessionId: string): string {
  return createHmac('sha256', masterKey()).update(`prompt.${sessionId}`).digest('base64url');
}

function mac(sessionId: string, body: string): Buffer {
  return createHmac('sha256', Buffer.from(challengePromptKey(sessionId), 'base64url'))
    .update(`candor-challenge.${body}`)
    .digest();
}

export function signPrompt(p: TChallengePromptBody): TChallengeMessage {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url');
  return { type: 'challenge.prompt', body, sig: mac(p.sessionId, body).toString('base64url') };
}

/** Server-side check (tests, and any server component that relays prompts). */
export function verifyPromptSignature(sessionId: string, m: TChallengeMessage): boolean {
  const given = Buffer.from(m.sig, 'base64url');
  const expected = mac(sessionId, m.body);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Short, concrete, easy to pronounce words; five of 64 give ~2^30 phrases. */
const WORDS = [
  'apple',
  'river',
  'candle',
  'orange',
  'garden',
  'window',
  'silver',
  'pencil',
  'yellow',
  'monkey',
  'basket',
  'rocket',
  'forest',
  'button',
  'dragon',
  'pepper',
  'tiger',
  'cloud',
  'planet',
  'violin',
  'bridge',
  'castle',
  'summer',
  'winter',
  'harbor',
  'lemon',
  'marble',
  'nickel',
  'ocean',
  'parrot',
  'quiet',
  'rabbit',
  'saddle',
  'tomato',
  'velvet',
  'wagon',
  'zebra',
  'anchor',
  'bottle',
  'copper',
  'desert',
  'engine',
  'feather',
  'ginger',
  'hammer',
  'island',
  'jacket',
  'kettle',
  'ladder',
  'meadow',
  'needle',
  'oyster',
  'pillow',
  'ribbon',
  'spider',
  'tunnel',
  'walnut',
  'blanket',
  'cherry',
  'dolphin',
  'falcon',
  'guitar',
  'helmet',
  'lantern',
] as const;

const cryptoRand = (): number => randomInt(0, 2 ** 32) / 2 ** 32;

/**
 * The kinds a random draw (the panel's "Random challenge", the async answers' prompts) picks from:
 * those a replayed or face-swapped feed does not pass by chance. Blink twice and smile stay
 * available by name, but a talker blinks in pairs and smiles on their own: on the eval suite's
 * feature dumps they passed 25–31 % of genuine 6-s windows that never held a prompt and 17–50 % of
 * replay, face-swap and animated-portrait windows (docs/challenges.md), so a random draw of them
 * would hand a replay a pass a quarter of the time. Profiles and look up/down passed 0 %; the hand
 * needs a hand seen arriving; a phrase and a colour flash cannot be known in advance.
 */
export const RANDOM_CHALLENGE_KINDS: readonly TChallengeKind[] = CHALLENGE_KINDS.filter(
  (k) => k !== 'blink_twice' && k !== 'smile',
);

export function randomKind(): TChallengeKind {
  return RANDOM_CHALLENGE_KINDS[randomInt(0, RANDOM_CHALLENGE_KINDS.length)] ?? 'profile_left';
}

export function randomParams(kind: TChallengeKind): TChallengeParams {
  if (kind === 'read_phrase')
    return {
      type: 'phrase',
      words: Array.from({ length: 5 }, () => WORDS[randomInt(0, WORDS.length)] ?? 'apple'),
    };
  if (kind === 'flash') return { type: 'flash', steps: makeFlashSteps(cryptoRand) };
  return { type: 'none' };
}
