import { z } from 'zod';

/**
 * SessionAlert.details: every kind carries `summary`, one plain-language sentence a reviewer reads
 * (the alert list renders any kind from it); kind-specific fields are extra.
 */
export const ZAlertDetails = z.looseObject({ summary: z.string().min(1).max(500) });
export type TAlertDetails = z.infer<typeof ZAlertDetails>;

export const ZFaceMatchDetails = ZAlertDetails.extend({
  meanDistance: z.number(),
  exemplarDistance: z.number(),
  threshold: z.number(),
  otherName: z.string(),
  otherInterviewId: z.string(),
  otherInterviewTitle: z.string(),
  otherSessionDate: z.string(),
});

export const ZIdentityChangeDetails = ZAlertDetails.extend({
  startMs: z.number(),
  endMs: z.number(),
  severity: z.enum(['hard', 'review', 'soft']),
});

export const ZAlertReview = z.object({
  decision: z.enum(['CONFIRMED', 'DISMISSED']),
  comment: z.string().trim().max(2000).optional(),
});
export type TAlertReview = z.infer<typeof ZAlertReview>;
