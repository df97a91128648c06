'use client';
import { z } from 'zod';

const ZApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** A failed API call, keeping the server's error code so callers can decide (wait, retry, give up). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** POSTs JSON and validates the answer; failures become ApiError with the server's message. */
export async function postJson<S extends z.ZodType>(
  url: string,
  body: unknown,
  schema: S,
): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'Cannot reach the server. Check your connection and try again.',
    );
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ZApiError.safeParse(json);
    const message = parsed.success
      ? parsed.data.error.message
      : ((json as { message?: string } | null)?.message ?? `Request failed (${res.status})`);
    throw new ApiError(res.status, parsed.success ? parsed.data.error.code : 'http', message);
  }
  return schema.parse(json);
}
