import { z } from 'zod';

/** Team management (teammate invitations, roles) request and response schemas. Strict. */

export const ZRole = z.enum(['OWNER', 'INTERVIEWER', 'REVIEWER']);
export type TRole = z.infer<typeof ZRole>;

const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'not an email address' }));

export const ZTeamInviteInput = z.strictObject({
  email: ZEmail,
  role: ZRole,
  /** how long the link stays valid; 1 hour to 14 days, default 72 hours */
  ttlHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .optional(),
});
export type TTeamInviteInput = z.infer<typeof ZTeamInviteInput>;

export const ZTeamInviteCreated = z.object({
  invite: z.object({ id: z.string(), email: z.string(), role: ZRole, expiresAt: z.string() }),
  url: z.string(),
});

export const ZChangeRoleInput = z.strictObject({ role: ZRole });

export const ZTeamToken = z.string().min(10).max(512);

/** Joining through a teammate link: a new account (name + password) or the signed-in one. */
export const ZTeamJoinInput = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('signup'),
    token: ZTeamToken,
    name: z.string().trim().min(1, 'required').max(120),
    password: z.string().min(10, 'at least 10 characters').max(128),
  }),
  z.strictObject({ mode: z.literal('signed-in'), token: ZTeamToken }),
]);
export type TTeamJoinInput = z.infer<typeof ZTeamJoinInput>;
