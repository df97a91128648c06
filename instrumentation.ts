/**
 * Runs once when a Next.js server process starts (before it serves requests):
 * - stamps every request with its TCP peer address, the basis of the one client-IP rule
 *   (lib/server/security);
 * - starts the session reconciler (lib/server/reconciler.ts) every CANDOR_RECONCILE_INTERVAL_S
 *   seconds (default 60; 0 turns it off) in each instance.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const http = await import('node:http');
  const { installPeerAddressStamp } = await import('./lib/server/security/peer-address');
  installPeerAddressStamp(http);

  const raw = process.env.CANDOR_RECONCILE_INTERVAL_S ?? '60';
  const intervalS = Number(raw);
  if (!Number.isFinite(intervalS) || intervalS < 0) {
    console.error(`[reconcile] CANDOR_RECONCILE_INTERVAL_S=${raw} is not a number of seconds ≥ 0`);
    return;
  }
  const { startReconciler } = await import('./lib/server/reconciler');
  startReconciler(intervalS);
}
