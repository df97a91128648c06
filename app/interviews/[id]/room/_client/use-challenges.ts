'use client';
import type { Room } from 'livekit-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  recordAlternative,
  runChallenge,
  summariesOf,
  type TChallengeState,
} from '@/lib/client/challenge-session';
import type { LiveAnalysis } from '@/lib/client/live-analysis';
import {
  CHALLENGE_TOPIC,
  type TChallengeKind,
  type TChallengeMessage,
} from '@/lib/schemas/challenges';

/** Thin React state over lib/client/challenge-session.ts: one challenge at a time, newest first. */

export type TChallengeItem = TChallengeState & { key: string };

export interface TChallengeControls {
  list: TChallengeItem[];
  busy: boolean;
  launch: (kind?: TChallengeKind) => void;
  retry: (id: string) => void;
  alternative: (id: string) => void;
}

export function useChallenges(
  room: Room | null,
  sessionId: string | null,
  analysis: LiveAnalysis | null,
): TChallengeControls {
  const [list, setList] = useState<TChallengeItem[]>([]);
  const [busy, setBusy] = useState(false);
  const retryOf = useRef(new Map<string, string>());

  // The live panel's verdict includes this page's challenge outcomes (the server fuses its own copy).
  useEffect(() => {
    analysis?.setChallenges(summariesOf(list, retryOf.current));
  }, [analysis, list]);

  const start = useCallback(
    (input: { kind?: TChallengeKind; retryOf?: string }) => {
      if (!room || !sessionId || !analysis || busy) return;
      setBusy(true);
      const key = crypto.randomUUID();
      const publish = async (m: TChallengeMessage) => {
        await room.localParticipant.publishData(new TextEncoder().encode(JSON.stringify(m)), {
          reliable: true,
          topic: CHALLENGE_TOPIC,
        });
      };
      const onState = (s: TChallengeState) =>
        setList((prev) =>
          prev.some((x) => x.key === key)
            ? prev.map((x) => (x.key === key ? { ...s, key } : x))
            : [...prev, { ...s, key }],
        );
      void runChallenge({ sessionId, analysis, publish, onState }, input)
        .then((s) => {
          if (input.retryOf && s.issued) retryOf.current.set(s.issued.id, input.retryOf);
        })
        .finally(() => setBusy(false));
    },
    [room, sessionId, analysis, busy],
  );

  const alternative = useCallback(
    (id: string) => {
      if (!sessionId) return;
      void recordAlternative(
        sessionId,
        id,
        'The candidate asked for an accessible alternative',
      ).then(
        (outcome) =>
          setList((prev) =>
            prev.map((c) => (c.issued?.id === id ? { ...c, outcome, phase: 'done' } : c)),
          ),
        (err: unknown) =>
          setList((prev) =>
            prev.map((c) => (c.issued?.id === id ? { ...c, error: String(err) } : c)),
          ),
      );
    },
    [sessionId],
  );

  return {
    list,
    busy,
    launch: (kind) => start(kind ? { kind } : {}),
    retry: (id) => start({ retryOf: id }),
    alternative,
  };
}
