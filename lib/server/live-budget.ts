/**
 * The bound on the live verdict's per-process memory (session-verdict.ts): open sessions' states are
 * kept in a Map in least-recently-used order, and a state's size grows with its windows (measured
 * 2026-12-01: ≈ 0.5 MiB at 60 windows, 3.9 MiB at 600, 8.2 MiB at 3,600 — an hour). So the bound
 * counts both sessions and windows; an evicted session is rebuilt from its rows when it next comes due.
 */
export const MAX_LIVE_STATES = 500;
/** ≈ 0.3–0.7 GiB of states at the sizes above */
export const MAX_LIVE_WINDOWS = 100_000;

/**
 * Drops the least recently used entries (the Map's first keys) until at most `maxEntries` remain
 * and their windows sum to at most `maxWindows`, never the entry `keep` (the one being used now).
 * Returns the dropped keys.
 */
export function evictLeastRecent<T extends { count: number }>(
  entries: Map<string, T>,
  keep: string,
  maxEntries = MAX_LIVE_STATES,
  maxWindows = MAX_LIVE_WINDOWS,
): string[] {
  let windows = 0;
  for (const e of entries.values()) windows += e.count;
  const dropped: string[] = [];
  for (const [key, e] of entries) {
    if (entries.size <= maxEntries && windows <= maxWindows) break;
    if (key === keep) continue;
    entries.delete(key);
    windows -= e.count;
    dropped.push(key);
  }
  return dropped;
}
