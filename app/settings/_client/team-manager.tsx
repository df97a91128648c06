'use client';
import { useState } from 'react';
import { z } from 'zod';
import { Alert } from '@/components/ui';
import { ZTeamInviteCreated } from '@/lib/schemas/team';
import { useAction } from '@/lib/client/use-action';

export interface TTeamMemberRow {
  id: string;
  name: string;
  email: string;
  role: string;
  joined: string;
  isYou: boolean;
}
export interface TPendingInviteRow {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
}

const ROLES = ['OWNER', 'INTERVIEWER', 'REVIEWER'] as const;
const roleLabel = (r: string) => r.charAt(0) + r.slice(1).toLowerCase();

/** Owner-only controls: invite by link, change roles, remove members, withdraw invitations. */
export function TeamManager({
  members,
  invites,
}: {
  members: TTeamMemberRow[];
  invites: TPendingInviteRow[];
}) {
  const create = useAction(ZTeamInviteCreated);
  const act = useAction(z.unknown());
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);

  async function invite(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const out = await create.run('/api/team/invites', {
      email: form.get('email'),
      role: form.get('role'),
    });
    if (out) setLink({ url: out.url, email: out.invite.email });
  }

  return (
    <>
      {act.error && <Alert>{act.error}</Alert>}
      <table aria-label="Team members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-testid="team-member">
              <td>
                {m.name}
                {m.isYou && <span className="muted"> (you)</span>}
              </td>
              <td>{m.email}</td>
              <td>
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  disabled={act.busy}
                  onChange={(e) =>
                    void act.run(`/api/team/members/${m.id}/role`, { role: e.target.value })
                  }
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{m.joined}</td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  disabled={act.busy}
                  aria-label={`Remove ${m.email}`}
                  onClick={() => {
                    if (window.confirm(`Remove ${m.email} from the team and sign them out?`)) {
                      void act.run(`/api/team/members/${m.id}/remove`, {});
                    }
                  }}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Pending invitations</h3>
      {invites.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain">
          {invites.map((v) => (
            <li key={v.id} data-testid="team-invite">
              {v.email} as {roleLabel(v.role)}, expires {v.expiresAt}{' '}
              <button
                type="button"
                className="secondary"
                disabled={act.busy}
                aria-label={`Withdraw the invitation to ${v.email}`}
                onClick={() => void act.run(`/api/team/invites/${v.id}/revoke`, {})}
              >
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>Invite a teammate</h3>
      <form className="stack" onSubmit={(e) => void invite(e)}>
        {create.error && <Alert>{create.error}</Alert>}
        <label className="field">
          <span>Teammate&apos;s email</span>
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label className="field">
          <span>Role</span>
          <select name="role" defaultValue="INTERVIEWER">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create invitation link'}
          </button>
        </div>
      </form>
      {link && (
        <Alert kind="ok">
          <p>Send this link to {link.email}. It works once, for 72 hours, and is shown only now.</p>
          <div className="copyline">
            <input
              readOnly
              value={link.url}
              aria-label="Teammate invitation link"
              data-testid="team-invite-url"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => void navigator.clipboard?.writeText(link.url)}
            >
              Copy
            </button>
          </div>
        </Alert>
      )}
    </>
  );
}
