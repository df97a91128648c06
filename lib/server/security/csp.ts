/**
 * The pages' Content-Security-Policy (set by proxy.ts at request time, because LIVEKIT_URL is a
 * runtime setting). No third-party origin anywhere: the browser may talk to this app and to the
 * LiveKit server only.
 * - script-src: Next.js's inline bootstrap scripts ('unsafe-inline'; no nonces, so pages can stay
 *   static), wasm compilation ('wasm-unsafe-eval', not 'unsafe-eval'), blob: for the audio worklet.
 * - worker-src 'self' blob:: the analysis worker; media-src blob:/mediastream: for LiveKit tracks.
 * - connect-src: 'self' plus the LiveKit URL (ws/wss and its http/https twin for LiveKit's
 *   connection checks).
 */
export function contentSecurityPolicy(livekitUrl: string | undefined, dev = false): string {
  const connect = ["'self'", ...livekitOrigins(livekitUrl)];
  const script = ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", 'blob:'];
  if (dev) script.push("'unsafe-eval'"); // next dev's React refresh
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': script,
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

function livekitOrigins(livekitUrl: string | undefined): string[] {
  if (!livekitUrl) return [];
  let url: URL;
  try {
    url = new URL(livekitUrl);
  } catch {
    return [];
  }
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  return [`${secure ? 'wss' : 'ws'}://${url.host}`, `${secure ? 'https' : 'http'}://${url.host}`];
}
