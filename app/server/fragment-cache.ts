/**
 * Session-independent parts of rendered answers (cards, neighbour lists, vibes, an artwork's
 * public part, search answers), kept in the isolate's memory and keyed by the catalogue
 * version, so a crawl or a pipeline push (which bump it) retires them all at once, as it does
 * the edge cache (docs/decisions/0019-rendered-path-caching.md). Personal parts never go in.
 *
 * Only settled values are kept, never promises: a promise would tie one request's I/O to
 * another's. Entries also expire after the edge cache's s-maxage, so a part is never older
 * than a cached anonymous page could be. Callers must not mutate what they get.
 */

/** Entries an isolate keeps (least recently used go first): a few MB of cards and lists. */
export const MAX_FRAGMENTS = 4000;
/** The edge cache's s-maxage (cache.ts): no part outlives a cached page. */
export const FRAGMENT_MAX_AGE_MS = 300_000;

interface Entry {
  /** When it stops being served (ms since the epoch). */
  until: number;
  value: unknown;
}

const entries = new Map<string, Entry>();
let newestVersion = -Infinity;

function keyOf(version: number, key: string): string {
  return `${version}\u0000${key}`;
}

/** The value kept for `key` at `version`, or undefined (absent or too old). */
export function peekFragment<T>(version: number, key: string): T | undefined {
  const k = keyOf(version, key);
  const entry = entries.get(k);
  if (!entry) return undefined;
  if (Date.now() >= entry.until) {
    entries.delete(k);
    return undefined;
  }
  // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
  entries.delete(k);
  entries.set(k, entry);
  return entry.value as T;
}

/** Keeps `value` for `key` at `version`, for at most `maxAgeMs` (shorter for a degraded answer). */
export function keepFragment(version: number, key: string, value: unknown, maxAgeMs = FRAGMENT_MAX_AGE_MS): void {
  // A newer version retires every older entry at once (they could never be asked for again).
  if (version > newestVersion) {
    entries.clear();
    newestVersion = version;
  }
  const k = keyOf(version, key);
  entries.delete(k);
  entries.set(k, { until: Date.now() + Math.min(maxAgeMs, FRAGMENT_MAX_AGE_MS), value });
  while (entries.size > MAX_FRAGMENTS) entries.delete(entries.keys().next().value!);
}

/**
 * The kept value for `key` at `version`, else `load()`'s, kept when it settles. A null version
 * reads straight through (callers that have no version at hand, and the query-plan tests).
 */
export async function fragment<T>(version: number | null, key: string, load: () => Promise<T>): Promise<T> {
  if (version === null) return load();
  const kept = peekFragment<T>(version, key);
  if (kept !== undefined) return kept;
  const value = await load();
  if (value !== undefined) keepFragment(version, key, value);
  return value;
}

/**
 * Per-id parts (cards, neighbour lists): the kept ones, and the rest from one `load(missing)`,
 * which answers what it found; an id it did not find is kept as null (unknown or unavailable
 * until the catalogue changes). Answers a Map with an entry for every id asked.
 */
export async function fragmentsById<T>(
  version: number | null,
  prefix: string,
  ids: readonly number[],
  load: (missing: number[]) => Promise<Map<number, T>>,
): Promise<Map<number, T | null>> {
  const out = new Map<number, T | null>();
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const kept = version === null ? undefined : peekFragment<T | null>(version, `${prefix}:${id}`);
    if (kept === undefined) missing.push(id);
    else out.set(id, kept);
  }
  if (missing.length === 0) return out;
  const found = await load(missing);
  for (const id of missing) {
    const value = found.get(id) ?? null;
    out.set(id, value);
    if (version !== null) keepFragment(version, `${prefix}:${id}`, value);
  }
  return out;
}

/** Tests: start from nothing. */
export function forgetFragments(): void {
  entries.clear();
  newestVersion = -Infinity;
}

/** Tests: how many entries are kept. */
export function fragmentCount(): number {
  return entries.size;
}
