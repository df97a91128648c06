/**
 * Runs once when a Next.js server process starts (before it serves requests). Stamps every
 * request with its TCP peer address, the basis of the one client-IP rule (lib/server/security).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const http = await import('node:http');
  const { installPeerAddressStamp } = await import('./lib/server/security/peer-address');
  installPeerAddressStamp(http);
}
