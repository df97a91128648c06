import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { appOrigins, crossOriginReason } from './security/same-origin';
import { isDatabaseUnavailable } from './db-errors';

/** An error that maps to an HTTP status and a message safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

/** 429 with a Retry-After header. */
export class RateLimitedError extends HttpError {
  constructor(
    readonly retryAfterS: number,
    message = 'Too many attempts: wait a moment and try again',
  ) {
    super(429, 'rate_limited', message);
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, 'not_found', what);
export const forbidden = (what = 'Forbidden') => new HttpError(403, 'forbidden', what);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'Sign in first');

export const DEFAULT_MAX_BODY = 64 * 1024;

/**
 * Reads a JSON body with a size cap, parses it, and validates it with a strict zod schema.
 * Malformed JSON, oversized bodies, wrong types and unknown fields all become 4xx HttpErrors.
 */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BODY,
): Promise<z.infer<S>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  const text = await readTextCapped(req, maxBytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON');
  }
  return validate(schema, data);
}

export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    throw new HttpError(400, 'invalid_input', `Invalid input: ${summary}`, issues);
  }
  return parsed.data;
}

export const tooLarge = (max: number) =>
  new HttpError(413, 'payload_too_large', `The request body is larger than ${max} bytes`);

/** Reads a raw body as text, refusing (413) as soon as it passes maxBytes, chunked or not. */
export async function readTextCapped(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBytesCapped(req, maxBytes));
}

/** Reads a raw body, refusing (413) before buffering more than maxBytes, chunked or not. */
export async function readBytesCapped(
  req: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(req.headers.get('content-length') ?? '0') > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof HttpError) {
    return NextResponse.json(
      {
        error: {
          code: err.code,
          message: err.message,
          ...(err.issues ? { issues: err.issues } : {}),
        },
      },
      {
        status: err.status,
        headers:
          'retryAfterS' in err && typeof err.retryAfterS === 'number'
            ? { 'retry-after': String(err.retryAfterS) }
            : undefined,
      },
    );
  }
  if (isClientAbort(err)) {
    // The client went away mid-body (a dropped connection): nobody reads this answer, nothing was
    // written (the body is read before any write), and it is not the server's fault.
    return NextResponse.json(
      { error: { code: 'aborted', message: 'The request was aborted' } },
      { status: 400 },
    );
  }
  if (isDatabaseUnavailable(err)) {
    console.error('[api] database unavailable', err instanceof Error ? err.message : err);
    return NextResponse.json(
      {
        error: {
          code: 'temporarily_unavailable',
          message: 'Temporarily unavailable: retry shortly',
        },
      },
      { status: 503, headers: { 'Retry-After': '5' } },
    );
  }
  console.error('[api] unexpected error', err);
  return NextResponse.json(
    { error: { code: 'internal', message: 'Internal error' } },
    { status: 500 },
  );
}

/** Node's error for a request body cut off by the client (ECONNRESET "aborted"). */
export function isClientAbort(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err as { code?: unknown }).code === 'ECONNRESET' &&
    err.message === 'aborted'
  );
}

export interface THandleOptions {
  /**
   * 'signed' only for server-to-server routes that authenticate every request by a signature
   * over its body (the LiveKit webhook): no browser cookie authorises them, so no CSRF check.
   */
  crossOrigin?: 'refuse' | 'signed';
}

/** Refuses a cross-origin state-changing request (403) before the handler runs. */
export function assertSameOrigin(req: Request): void {
  const reason = crossOriginReason(req.method, req.headers, appOrigins());
  if (reason) throw new HttpError(403, 'cross_origin', `Refused: ${reason}`);
}

/**
 * Wraps a route handler: cross-origin state-changing requests are refused (CSRF), and every
 * thrown error becomes a JSON error response. e2e/api/csrf.spec.ts checks every route uses it.
 */
export function handle<C>(
  fn: (req: Request, ctx: C) => Promise<Response>,
  options: THandleOptions = {},
) {
  return async (req: Request, ctx: C): Promise<Response> => {
    try {
      if (options.crossOrigin !== 'signed') assertSameOrigin(req);
      return await fn(req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
