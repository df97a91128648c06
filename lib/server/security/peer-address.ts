/**
 * Next.js route handlers never see the TCP peer address, and `next start` only fills
 * `X-Forwarded-For` when the client did not send one, so that header cannot tell who connected.
 * instrumentation.ts calls installPeerAddressStamp() once per server process: every incoming
 * request gets PEER_HEADER overwritten with its socket's remote address (a value the client sent
 * under that name is replaced, never kept). clientIp() (client-ip.ts) trusts the header only when
 * the stamp is installed in this process.
 *
 * No `server-only` import: instrumentation.ts loads this before any route.
 */
import type { IncomingMessage, Server } from 'node:http';

export const PEER_HEADER = 'x-candor-peer-address';
const INSTALLED = Symbol.for('candor.peerAddressStamp');

type TEmit = Server['emit'];
type TStamped = typeof globalThis & { [INSTALLED]?: boolean };

export function peerStampInstalled(): boolean {
  return (globalThis as TStamped)[INSTALLED] === true;
}

/** Normalises an IPv4-mapped IPv6 address (::ffff:127.0.0.1 → 127.0.0.1). */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function installPeerAddressStamp(http: { Server: { prototype: Server } }): void {
  const g = globalThis as TStamped;
  if (g[INSTALLED]) return;
  const original: TEmit = http.Server.prototype.emit;
  const stamped = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = normaliseAddress(req.socket?.remoteAddress);
    }
    return original.apply(this, [event, ...args] as Parameters<TEmit>);
  };
  http.Server.prototype.emit = stamped as TEmit;
  g[INSTALLED] = true;
}
