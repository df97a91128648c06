import {
  ZChallengeMessage,
  ZChallengePromptBody,
  type TChallengePromptBody,
  type TFlashStep,
} from '@/lib/schemas/challenges';

/**
 * Candidate side: checks that a prompt arriving on the LiveKit data channel (topic
 * CHALLENGE_TOPIC) was issued by the server for this session, and says how to render it. The
 * per-session prompt key comes with the candidate's join response (server: challengePromptKey).
 * Nothing here decides an outcome: results are measured and recorded on the interviewer side.
 */

/** Prompts older than this are replays of an old message (or a badly skewed clock): ignored. */
const MAX_AGE_MS = 60_000;

export type PromptCheck =
  | { ok: true; prompt: TChallengePromptBody }
  | { ok: false; error: 'malformed' | 'bad_signature' | 'wrong_session' | 'stale' };

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(s.length / 4) * 4, '='),
  );
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function verifyChallengeMessage(
  raw: unknown,
  promptKey: string,
  sessionId: string,
  nowMs = Date.now(),
): Promise<PromptCheck> {
  const msg = ZChallengeMessage.safeParse(raw);
  if (!msg.success) return { ok: false, error: 'malformed' };
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = fromBase64url(msg.data.sig);
  } catch {
    return { ok: false, error: 'malformed' };
  }
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64url(promptKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const signed = new TextEncoder().encode(`candor-challenge.${msg.data.body}`);
  if (!(await crypto.subtle.verify('HMAC', key, sig, signed)))
    return { ok: false, error: 'bad_signature' };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(fromBase64url(msg.data.body)));
  } catch {
    return { ok: false, error: 'malformed' };
  }
  const body = ZChallengePromptBody.safeParse(json);
  if (!body.success) return { ok: false, error: 'malformed' };
  if (body.data.sessionId !== sessionId) return { ok: false, error: 'wrong_session' };
  if (Math.abs(nowMs - body.data.issuedAt) > MAX_AGE_MS) return { ok: false, error: 'stale' };
  return { ok: true, prompt: body.data };
}

export interface PromptView {
  title: string;
  /** one short sentence, shown large */
  instruction: string;
  /** show a countdown of this long */
  windowMs: number;
  /** read_phrase: the words to read, shown large */
  phrase?: string;
  /** flash: fill the whole page with `rgb` from `offsetMs` for `durMs` after the prompt is shown
   *  (schedule with requestAnimationFrame against performance.now() at display time) */
  flash?: readonly TFlashStep[];
  /** offered to everyone: recorded as ALTERNATIVE, never as a fail */
  alternative: string;
}

const TEXT: Record<TChallengePromptBody['kind'], [string, string]> = {
  profile_left: [
    'Turn to your left',
    'Slowly turn your head to your left until you face the side wall, hold for a second, then come back.',
  ],
  profile_right: [
    'Turn to your right',
    'Slowly turn your head to your right until you face the side wall, hold for a second, then come back.',
  ],
  look_up: [
    'Look up',
    'Tilt your head up towards the ceiling, hold for a second, then look back at the screen.',
  ],
  look_down: [
    'Look down',
    'Tilt your head down towards your desk, hold for a second, then look back at the screen.',
  ],
  blink_twice: ['Blink twice', 'Blink twice, quickly, while looking at the screen.'],
  smile: ['Smile', 'Give a big smile for a second.'],
  hand_occlusion: [
    'Hand across your face',
    'Pass your open hand slowly across your face, from one side to the other, then lower it.',
  ],
  read_phrase: ['Read aloud', 'Read these words aloud, clearly:'],
  flash: ['Colour check', 'Look at the screen and keep still: it will flash a few colours.'],
};

export function describePrompt(p: TChallengePromptBody): PromptView {
  const [title, instruction] = TEXT[p.kind];
  return {
    title,
    instruction,
    windowMs: p.windowMs,
    ...(p.params.type === 'phrase' ? { phrase: p.params.words.join(' ') } : {}),
    ...(p.params.type === 'flash' ? { flash: p.params.steps } : {}),
    alternative: "Can't do this? Tell your interviewer and they'll offer another check.",
  };
}
