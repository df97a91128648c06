'use client';
import { useState } from 'react';
import { z } from 'zod';
import { Alert } from '@/components/ui';
import { useAction } from '@/lib/client/use-action';

const ZReviewed = z.object({ id: z.string(), status: z.string() });

/** Confirm or dismiss one alert, with an optional comment (POST /api/alerts/[id]/review). */
export function AlertReview({ alertId }: { alertId: string }) {
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction(ZReviewed);
  const send = (decision: 'CONFIRMED' | 'DISMISSED') =>
    void run(`/api/alerts/${alertId}/review`, { decision, comment: comment || undefined });
  return (
    <div className="stack">
      {error && <Alert>{error}</Alert>}
      <label className="field">
        <span>Comment (optional)</span>
        <input
          name="comment"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => send('CONFIRMED')}>
          Confirm
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => send('DISMISSED')}
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}
