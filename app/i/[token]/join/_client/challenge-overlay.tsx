'use client';
import { useEffect, useRef, useState } from 'react';
import { describePrompt } from '@/lib/client/challenge-prompt';
import type { TChallengePromptBody, TFlashStep } from '@/lib/schemas/challenges';

const colourAt = (steps: readonly TFlashStep[] | undefined, ms: number) =>
  steps?.find((s) => ms >= s.offsetMs && ms < s.offsetMs + s.durMs)?.rgb ?? null;

/**
 * Page-clock ms since the prompt was shown, checked every animation frame but re-rendered only when
 * the countdown second or the flash colour changes (this browser is also encoding the camera).
 */
function useElapsed(
  shownAt: number,
  untilMs: number,
  steps: readonly TFlashStep[] | undefined,
): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    let raf = 0;
    let key = '';
    const tick = () => {
      const e = performance.now() - shownAt;
      const k = `${Math.ceil((untilMs - e) / 1000)}|${String(colourAt(steps, e))}`;
      if (k !== key) {
        key = k;
        setElapsed(e);
      }
      if (e < untilMs) raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [shownAt, untilMs, steps]);
  return elapsed;
}

/**
 * A verified challenge prompt, large and announced to assistive technology, with a countdown. For
 * the colour check the whole page is filled with each colour on the server's schedule (timed
 * against the moment the prompt was shown), so the trusted side can look for its reflection.
 */
export function ChallengeOverlay({
  prompt,
  shownAt,
  onDone,
}: {
  prompt: TChallengePromptBody;
  shownAt: number;
  onDone: () => void;
}) {
  const view = describePrompt(prompt);
  const card = useRef<HTMLDivElement>(null);
  // Keyboard and screen-reader users land on the prompt when it appears, and go back to where
  // they were (e.g. the Leave button) when it ends; nothing in it needs a key press.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    card.current?.focus({ preventScroll: true });
    return () => before?.focus({ preventScroll: true });
  }, []);
  const elapsed = useElapsed(shownAt, view.windowMs, view.flash);
  useEffect(() => {
    const t = setTimeout(onDone, Math.max(0, view.windowMs - (performance.now() - shownAt)));
    return () => clearTimeout(t);
  }, [onDone, shownAt, view.windowMs]);
  const left = Math.max(0, Math.ceil((view.windowMs - elapsed) / 1000));
  const rgb = colourAt(view.flash, elapsed);
  return (
    <div className="challenge-overlay" data-testid="challenge-prompt" data-kind={prompt.kind}>
      <div
        className="challenge-card"
        ref={card}
        tabIndex={-1}
        role="alertdialog"
        aria-modal="false"
        aria-labelledby="challenge-title"
        aria-describedby="challenge-instruction"
      >
        <h2 id="challenge-title">{view.title}</h2>
        <p id="challenge-instruction" aria-live="assertive">
          {view.instruction}
        </p>
        {view.phrase && <p className="phrase">{view.phrase}</p>}
        <div
          className="challenge-countdown"
          role="timer"
          aria-label={`${left} seconds left`}
          data-testid="challenge-countdown"
        >
          {left}
        </div>
        <p className="muted small">{view.alternative}</p>
      </div>
      {rgb && (
        <div
          className="challenge-flash"
          data-testid="challenge-flash"
          aria-hidden="true"
          style={{ background: `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})` }}
        />
      )}
    </div>
  );
}
