import 'server-only';
import { serverEnv } from '../env';
import { PEER_HEADER, peerStampInstalled } from './peer-address';

/**
 * The app's one client-IP rule; every limiter, consent record and origin fact uses it.
 * - TRUST_PROXY=1: the first address of X-Forwarded-For (your own reverse proxy sets it).
 * - otherwise: the TCP peer address stamped by instrumentation.ts; a client-sent
 *   X-Forwarded-For is ignored. 'unknown' when the stamp is not installed (all such callers then
 *   share one rate-limit bucket: fail closed, never open).
 */
/** Anything with request headers: a route's Request, or a page's `headers()`. */
export type THeaderSource = { headers: { get(name: string): string | null } };

export function clientIp(req: THeaderSource): string {
  return clientIpFrom(req.headers, serverEnv().TRUST_PROXY, peerStampInstalled());
}

export function clientIpFrom(
  headers: THeaderSource['headers'],
  trustProxy: boolean,
  stamped: boolean,
): string {
  if (trustProxy) {
    const first = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  if (!stamped) return 'unknown';
  return (headers.get(PEER_HEADER) ?? 'unknown').slice(0, 64);
}
