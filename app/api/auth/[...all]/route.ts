import { handle } from '@/lib/server/http';
import { serveAuth } from '@/lib/server/security/auth-gate';

export const dynamic = 'force-dynamic';

/** Better Auth behind Candor's gate: exposed endpoints only, same origin, capped body, limits. */
export const GET = handle(serveAuth);
export const POST = handle(serveAuth);
