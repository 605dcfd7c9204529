/**
 * A small read-through cache for reference data the API reads on every request (the person
 * behind a token, the holiday years): each key is loaded at most once per `ttlMs`, callers at
 * the same moment share one read, a failed read is not kept, and at most `maxEntries` keys are
 * held (the oldest loaded is dropped first). What it costs: a change in the table is seen up to
 * `ttlMs` late; every user of it says why that is acceptable where it is used.
 */
export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export function createTtlCache<K, V>(options: TtlCacheOptions) {
  const now = options.now ?? Date.now;
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key: K, load: (key: K) => Promise<V>): Promise<V> {
      const t = now();
      const hit = entries.get(key);
      if (hit && t - hit.at < options.ttlMs) return hit.value;
      entries.delete(key); // re-inserted last: Map order is load order
      const entry = { at: t, value: load(key) };
      entries.set(key, entry);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as K);
      return entry.value;
    },
    clear: () => entries.clear(),
  };
}
