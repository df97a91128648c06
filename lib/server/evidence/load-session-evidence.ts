import 'server-only';
import type { SignalKind } from '@prisma/client';
import { z } from 'zod';
import { toChallengeSummary } from '@/lib/analysis/challenges/summary';
import type { AnswerPacing } from '@/lib/analysis/upload-pacing';
import {
  ZDeviceFacts,
  ZNetworkStatsWindow,
  type TDeviceFacts,
  type TNetworkStatsWindow,
} from '@/lib/schemas/rooms';
import { ZWindowSignals, type TChallengeSummary, type TWindowSignals } from '@/lib/schemas/signals';
import { parseSliced, yieldToLoop } from '../cooperative/slices';
import { db, type TTx } from '../db';
import { SESSION_CAPS } from '../session-quota';

/**
 * The only reader of a session's evidence. The verdict, the report cache, the report page and both
 * exports read engine windows, challenge outcomes and device/network facts through this module, so
 * they cannot disagree on what a session holds:
 *
 * - engine windows: SignalWindow rows of kind ENGINE (always TRUSTED: the interviewer's engine);
 * - challenges: answered ChallengeIssues through toChallengeSummary, which drops a retried
 *   no-show/unreliable first attempt (the retry counts) and keeps every FAILED attempt;
 * - device facts: the newest CANDIDATE row of kind DEVICE (untrusted by construction);
 * - network facts: TRUSTED rows of kind NETWORK (the interviewer's WebRTC receive statistics).
 *
 * JSON columns are a boundary: a row that no longer parses is skipped, never trusted.
 */

type TClient = TTx | typeof db;

/** The per-session cap on stored engine windows (session-quota.ts): reads never go past it. */
export const MAX_ENGINE_WINDOWS_PER_SESSION = SESSION_CAPS.engineWindows;
const MAX_NETWORK_ROWS = 600;

/** Rows per read: a page's rows are converted in one go, so pages keep that block short. */
const ENGINE_PAGE = 1000;

/**
 * Every TRUSTED engine window of the session (at most the cap), in windowStart order. Read in
 * keyset pages (windowStart, id) and validated in slices that yield to the event loop, so the
 * largest allowed session (21,600 windows) never blocks other requests for long.
 */
export async function loadEngineWindows(
  sessionId: string,
  client: TClient = db,
): Promise<TWindowSignals[]> {
  const out: TWindowSignals[] = [];
  let cursor: string | null = null;
  for (let read = 0; read < MAX_ENGINE_WINDOWS_PER_SESSION;) {
    const page: Array<{ id: string; values: unknown }> = await client.signalWindow.findMany({
      where: { sessionId, kind: 'ENGINE', source: 'TRUSTED' },
      select: { id: true, values: true },
      orderBy: [{ windowStart: 'asc' }, { id: 'asc' }],
      take: Math.min(ENGINE_PAGE, MAX_ENGINE_WINDOWS_PER_SESSION - read),
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    read += page.length;
    out.push(
      ...(await parseSliced(
        page.map((r) => r.values),
        ZWindowSignals,
      )),
    );
    if (page.length < ENGINE_PAGE) break;
    cursor = page[page.length - 1]!.id;
    await yieldToLoop();
  }
  return out;
}

export function countEngineWindows(sessionId: string, client: TClient = db): Promise<number> {
  return client.signalWindow.count({ where: { sessionId, kind: 'ENGINE', source: 'TRUSTED' } });
}

/** Count and newest arrival of one kind of row: the report cache's key names its inputs by these. */
export async function evidenceStamp(
  sessionId: string,
  kind: SignalKind,
): Promise<{ n: number; last: number }> {
  const agg = await db.signalWindow.aggregate({
    where: { sessionId, kind, source: 'TRUSTED' },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return { n: agg._count._all, last: agg._max.createdAt?.getTime() ?? 0 };
}

/** Fusion input for a session's challenges (callers have authorised the reader). */
export async function loadChallengeSummaries(
  sessionId: string,
  client: TClient = db,
): Promise<TChallengeSummary[]> {
  const session = await client.session.findUnique({
    where: { id: sessionId },
    select: { startedAt: true },
  });
  if (!session) return [];
  const issues = await client.challengeIssue.findMany({
    where: { sessionId },
    include: { result: true },
    orderBy: { issuedAt: 'asc' },
    take: 200,
  });
  const answered = issues.flatMap((i) => (i.result ? [{ i, r: i.result }] : []));
  return toChallengeSummary(
    answered.map(({ i, r }) => ({
      challengeId: i.id,
      kind: i.kind,
      attempt: i.attempt,
      retryOfId: i.retryOfId,
      outcome: r.outcome,
      measured: r.measured,
      latencyMs: r.latencyMs,
      issuedAt: i.issuedAt,
      completedAt: r.completedAt,
      deadlineAt: i.deadlineAt,
    })),
    session.startedAt,
  );
}

/**
 * Async answers: the worker's measured media length and the server's log of chunk arrivals
 * (lib/analysis/upload-pacing.ts turns these into the faster-than-real-time rule).
 */
export async function loadUploadPacing(
  sessionId: string,
  client: TClient = db,
): Promise<AnswerPacing[]> {
  const [session, answers] = await Promise.all([
    client.session.findUnique({ where: { id: sessionId }, select: { startedAt: true } }),
    client.asyncAnswer.findMany({
      where: { sessionId, status: 'DONE', durationMs: { not: null } },
      select: { id: true, startedAt: true, durationMs: true },
      take: 100,
    }),
  ]);
  if (!session || answers.length === 0) return [];
  const last = await client.asyncChunk.groupBy({
    by: ['answerId'],
    where: { answerId: { in: answers.map((a) => a.id) } },
    _max: { receivedAt: true },
  });
  return answers.flatMap((a) => {
    const lastAt = last.find((l) => l.answerId === a.id)?._max.receivedAt;
    if (!lastAt || a.durationMs === null) return [];
    return [
      {
        answerId: a.id,
        mediaMs: a.durationMs,
        uploadSpanMs: lastAt.getTime() - a.startedAt.getTime(),
        sessionOffsetMs: a.startedAt.getTime() - session.startedAt.getTime(),
      },
    ];
  });
}

/** What the verdict and the report's running score are computed from: one read, one meaning. */
export async function loadFusionInput(sessionId: string, client: TClient = db) {
  const [windows, challenges, pacing] = await Promise.all([
    loadEngineWindows(sessionId, client),
    loadChallengeSummaries(sessionId, client),
    loadUploadPacing(sessionId, client),
  ]);
  return { windows, challenges, pacing };
}

/** Wall-clock time of media time 0: engine windows carry both their wall-clock and media starts. */
export async function mediaZero(sessionId: string, fallback: Date): Promise<number> {
  const first = await db.signalWindow.findFirst({
    where: { sessionId, kind: 'ENGINE', source: 'TRUSTED' },
    orderBy: { windowStart: 'asc' },
    select: { windowStart: true, values: true },
  });
  const startMs = z.object({ startMs: z.number().finite() }).safeParse(first?.values);
  return first && startMs.success
    ? first.windowStart.getTime() - startMs.data.startMs
    : fallback.getTime();
}

/**
 * The stored device row is the candidate's report plus the invite it came through (the route adds
 * `inviteId`); read it with that key allowed, or the strict report schema would drop every row.
 */
export const ZStoredDeviceFacts = ZDeviceFacts.extend({ inviteId: z.string().max(64).optional() });

export interface TDeviceEvidence {
  device: (TDeviceFacts & { inviteId?: string; reportedAt: Date }) | null;
  network: TNetworkStatsWindow[];
}

export async function loadDeviceEvidence(sessionId: string): Promise<TDeviceEvidence> {
  const [deviceRows, networkRows] = await Promise.all([
    db.signalWindow.findMany({
      where: { sessionId, kind: 'DEVICE', source: 'CANDIDATE' },
      orderBy: { windowStart: 'desc' },
      select: { values: true, windowStart: true },
      take: 20,
    }),
    db.signalWindow.findMany({
      where: { sessionId, kind: 'NETWORK', source: 'TRUSTED' },
      orderBy: { windowStart: 'desc' },
      select: { values: true },
      take: MAX_NETWORK_ROWS,
    }),
  ]);
  const device =
    deviceRows.flatMap((r) => {
      const p = ZStoredDeviceFacts.safeParse(r.values);
      return p.success ? [{ ...p.data, reportedAt: r.windowStart }] : [];
    })[0] ?? null;
  const network = networkRows.flatMap((r) => {
    const p = ZNetworkStatsWindow.safeParse(r.values);
    return p.success ? [p.data] : [];
  });
  return { device, network };
}
