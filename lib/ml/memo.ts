/**
 * Memoise an async loader so that concurrent callers share one load, while a failed load is
 * evicted: a transient fetch error must not poison the engine for the rest of the session.
 */
export function memoAsync<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key: K) => {
    const hit = cache.get(key);
    if (hit) return hit;
    const pending = load(key);
    cache.set(key, pending);
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
    return pending;
  };
}
