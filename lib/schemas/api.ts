import { z } from 'zod';
import { ZAsyncQuestions } from './async';
import { ZCountryCode } from './origin';

/** Request and response schemas of the JSON API (Z… schema, T… inferred type). Strict: unknown fields are refused. */

const ZName = z.string().trim().min(1, 'required').max(120);
const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'not an email address' }));

export const ZSignupInput = z.strictObject({
  name: ZName,
  email: ZEmail,
  password: z.string().min(10, 'at least 10 characters').max(128),
  organizationName: ZName,
});
export type TSignupInput = z.infer<typeof ZSignupInput>;

const ZTimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not an IANA time zone');

export const ZCandidateInput = z.strictObject({
  name: ZName,
  email: ZEmail,
  claimedLocation: z.string().trim().max(120).optional(),
  claimedTimeZone: ZTimeZone.optional(),
  /** ISO 3166-1 alpha-2; compared with the country of the candidate's network address */
  claimedCountry: ZCountryCode.optional(),
});

export const ZInterviewKind = z.enum(['LIVE', 'ASYNC']);

export const ZCreateInterviewInput = z
  .strictObject({
    title: ZName,
    kind: ZInterviewKind,
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
    candidate: ZCandidateInput,
    /** ASYNC only (required there): the questions the candidate records answers to, in order */
    questions: ZAsyncQuestions.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'ASYNC' && !v.questions) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: 'a recorded interview needs at least one question',
      });
    }
    if (v.kind === 'LIVE' && v.questions) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: 'questions are for recorded interviews only',
      });
    }
  });
export type TCreateInterviewInput = z.infer<typeof ZCreateInterviewInput>;

export const ZCreateInviteInput = z.strictObject({
  ttlHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
});

export const ZConsentInput = z.strictObject({
  token: z.string().min(10).max(512),
  noticeVersion: z.string().min(1).max(32),
  agreed: z.literal(true, { message: 'consent must be given explicitly' }),
});
export type TConsentInput = z.infer<typeof ZConsentInput>;

export const ZInterviewSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: ZInterviewKind,
  status: z.enum(['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED']),
  scheduledAt: z.string().nullable(),
  createdAt: z.string(),
  candidate: z.object({ id: z.string(), name: z.string(), email: z.string() }),
});
export type TInterviewSummary = z.infer<typeof ZInterviewSummary>;

/** Path ids are cuids; anything else is a 404 before it reaches the database. */
export const ZId = z.string().regex(/^[a-z0-9]{20,40}$/);
