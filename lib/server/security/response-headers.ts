/**
 * Headers every response carries, whichever server path answers it: next.config.ts applies them
 * to everything Next.js serves, and the production server (scripts/server.ts) to the engine-window
 * fast path it answers itself.
 */

// Cross-origin isolation lets onnxruntime-web and MediaPipe use threaded wasm; `credentialless`
// (as in LiveKit's own Next.js example) keeps same-origin assets loading without CORP headers.
export const isolationHeaders = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'credentialless' },
] as const;

export const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(self), microphone=(self), geolocation=()' },
] as const;

export const responseHeaders: ReadonlyArray<{ key: string; value: string }> = [
  ...isolationHeaders,
  ...securityHeaders,
];
