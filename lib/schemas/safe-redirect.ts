/**
 * The one rule for "where to go after X" targets taken from a URL (`?next=`): only a path on this
 * app, never another origin. Used by the sign-in page (server) and its form (client).
 *
 * A target is kept only if, after decoding percent-escapes (repeatedly) and with control
 * characters and backslashes considered, it is a single-slash absolute path that resolves to the
 * app's own origin. Anything else becomes `fallback`.
 */
const PROBE_ORIGIN = 'http://candor.invalid';

/** Control characters (C0 and DEL) or a backslash anywhere. */
const hasUnsafeChar = (v: string) =>
  [...v].some((ch) => ch === '\\' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

export function safeRedirectPath(raw: string | null | undefined, fallback = '/dashboard'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return fallback;
  // Browsers strip tabs/newlines from URLs and read "\" as "/": refuse them outright.
  if (hasUnsafeChar(raw)) return fallback;
  const decoded = decodeRepeatedly(raw);
  if (decoded === null) return fallback;
  if (hasUnsafeChar(decoded)) return fallback;
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function decodeRepeatedly(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}
