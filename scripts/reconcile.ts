/**
 * npm run reconcile — one pass of the session reconciler: closes OPEN sessions whose LiveKit room no
 * longer exists and recomputes stale final verdicts (lib/server/reconciler.ts). The app runs the same
 * pass every CANDOR_RECONCILE_INTERVAL_S; this is for cron or a manual repair. Uses DATABASE_URL and
 * LIVEKIT_URL/keys; without them, the embedded services of a running `npm run app`.
 */
import path from 'node:path';
import { ensureSecrets } from './stack/secrets';

if (!process.env.DATABASE_URL || !process.env.LIVEKIT_URL) {
  const s = ensureSecrets(path.resolve(process.env.CANDOR_DATA_DIR ?? '.data'));
  process.env.DATABASE_URL ??= `postgresql://candor:${encodeURIComponent(s.postgresPassword)}@127.0.0.1:54329/candor`;
  process.env.LIVEKIT_URL ??= 'ws://127.0.0.1:7880';
  process.env.LIVEKIT_API_KEY ??= s.livekitApiKey;
  process.env.LIVEKIT_API_SECRET ??= s.livekitApiSecret;
  process.env.BETTER_AUTH_SECRET ??= s.betterAuthSecret;
  process.env.INVITE_SECRET ??= s.inviteSecret;
}
const { reconcileSessions } = await import('../lib/server/reconciler');
const { db } = await import('../lib/server/db');
try {
  const t0 = Date.now();
  const r = await reconcileSessions();
  console.log(
    r.ran
      ? `[reconcile] closed ${r.closed} session(s), recomputed ${r.recomputed} verdict(s) (${Date.now() - t0} ms)`
      : '[reconcile] another instance holds the reconciler lock; nothing done',
  );
} finally {
  await db.$disconnect();
}
