import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { CHALLENGE_TOPIC, type TChallengePromptBody } from '@/lib/schemas/challenges';
import type { TCandidateConnection } from '@/lib/schemas/rooms';
import { verifyChallengeMessage } from './challenge-prompt';

/**
 * Candidate side: receives challenge prompts on the LiveKit data channel (topic CHALLENGE_TOPIC,
 * from an interviewer only), verifies each with the session's prompt key and hands the valid ones
 * to `onPrompt` once. The key comes with the candidate's token answer; when it is missing or a
 * prompt names another session (the room was re-opened), the key is fetched again, once per prompt.
 */

export type TChallengeKeys = NonNullable<TCandidateConnection['challenge']>;

export interface TChallengeListenerOptions {
  keys: () => TChallengeKeys | null;
  refreshKeys: () => Promise<TChallengeKeys | null>;
  onPrompt: (p: TChallengePromptBody) => void;
}

const MAX_SEEN = 100;

async function verify(
  raw: unknown,
  o: TChallengeListenerOptions,
): Promise<TChallengePromptBody | null> {
  let keys = o.keys() ?? (await o.refreshKeys());
  if (!keys) return null;
  let check = await verifyChallengeMessage(raw, keys.promptKey, keys.sessionId);
  if (!check.ok && (check.error === 'bad_signature' || check.error === 'wrong_session')) {
    keys = await o.refreshKeys();
    if (!keys) return null;
    check = await verifyChallengeMessage(raw, keys.promptKey, keys.sessionId);
  }
  if (!check.ok) console.warn('[challenge] prompt refused:', check.error);
  return check.ok ? check.prompt : null;
}

export function listenForChallenges(room: Room, o: TChallengeListenerOptions): () => void {
  const seen = new Set<string>();
  const onData = (
    payload: Uint8Array,
    participant?: RemoteParticipant,
    _kind?: unknown,
    topic?: string,
  ) => {
    if (topic !== CHALLENGE_TOPIC || !participant?.identity.startsWith('int:')) return;
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return;
    }
    void verify(raw, o).then((prompt) => {
      if (!prompt || seen.has(prompt.id)) return;
      seen.add(prompt.id);
      if (seen.size > MAX_SEEN) seen.clear();
      o.onPrompt(prompt);
    });
  };
  room.on(RoomEvent.DataReceived, onData);
  return () => void room.off(RoomEvent.DataReceived, onData);
}
