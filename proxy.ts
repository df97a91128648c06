import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/server/security/csp';

/**
 * Sets the pages' Content-Security-Policy at request time (LIVEKIT_URL is a runtime setting).
 * Only page requests match: API routes, static assets and the vendored runtimes do not (and so
 * their request bodies are never buffered for a proxy).
 */
export function proxy(_req: NextRequest): NextResponse {
  const res = NextResponse.next();
  const dev = process.env.NODE_ENV === 'development';
  res.headers.set('Content-Security-Policy', contentSecurityPolicy(process.env.LIVEKIT_URL, dev));
  return res;
}

export const config = {
  matcher: ['/((?!api/|_next/|vendor/|models/|favicon.ico).*)'],
};
