import 'server-only';
import { serverEnv } from '../env';

/** Methods that change state; every other method must not (and is not checked). */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The app's own origins: APP_URL and, for a loopback APP_URL, its localhost/127.0.0.1 twin. */
export function appOrigins(appUrl = serverEnv().APP_URL): string[] {
  const url = new URL(appUrl);
  const twin = new URL(appUrl);
  if (url.hostname === '127.0.0.1') twin.hostname = 'localhost';
  else if (url.hostname === 'localhost') twin.hostname = '127.0.0.1';
  return [...new Set([url.origin, twin.origin])];
}

/**
 * CSRF defence for a state-changing request, independent of its body or content type:
 * - `Sec-Fetch-Site` (every current browser sends it) must be `same-origin` (or `none`: typed by
 *   the user, never a cross-site page);
 * - otherwise `Origin`, when present, must be one of the app's origins (`null` is refused);
 * - a request with neither header does not come from a browser page, so it carries no ambient
 *   cookie a third-party site could have added (curl, server-to-server): allowed.
 * Returns a reason when the request must be refused.
 */
export function crossOriginReason(
  method: string,
  headers: Headers,
  origins: string[],
): string | null {
  if (!STATE_CHANGING.has(method.toUpperCase())) return null;
  const site = headers.get('sec-fetch-site')?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') {
    return `a ${site} request cannot change anything here`;
  }
  const origin = headers.get('origin');
  if (origin !== null && !origins.includes(origin)) {
    return `requests from ${origin.slice(0, 100)} cannot change anything here`;
  }
  return null;
}
