'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';
import { Alert } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';

interface InviteRow {
  id: string;
  /** null for REVIEWERs: a live link would let them act as the candidate */
  url: string | null;
  expiresAt: string;
  state: string;
}

export function InviteActions({
  interviewId,
  invites,
  canManage,
}: {
  interviewId: string;
  invites: InviteRow[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(url: string) {
    setBusy(true);
    setError(null);
    try {
      await postJson(url, {}, z.unknown());
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Request failed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {error && <Alert>{error}</Alert>}
      <table>
        <thead>
          <tr>
            <th scope="col">Link</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
            {canManage && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {invites.map((v) => (
            <tr key={v.id}>
              <td>
                {v.url === null ? (
                  <span className="muted">shown to owners and interviewers only</span>
                ) : (
                  <div className="copyline">
                    <input
                      readOnly
                      value={v.url}
                      aria-label="Invite link"
                      data-testid="invite-url"
                      onFocus={(e) => e.currentTarget.select()}
                    />
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void navigator.clipboard?.writeText(v.url!)}
                    >
                      Copy
                    </button>
                  </div>
                )}
              </td>
              <td>{v.expiresAt}</td>
              <td>{v.state}</td>
              {canManage && (
                <td>
                  {v.state === 'active' && (
                    <button
                      type="button"
                      className="danger"
                      disabled={busy}
                      onClick={() => void act(`/api/invites/${v.id}/revoke`)}
                    >
                      Withdraw
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void act(`/api/interviews/${interviewId}/invites`)}
          >
            New invite link
          </button>
        </p>
      )}
    </>
  );
}
