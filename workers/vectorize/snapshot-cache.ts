/**
 * Per-isolate cache of index snapshots, kept honest by the generation counter
 * in D1: every query reads the index row (one small statement) and reuses the
 * snapshot only if its generation matches, so a write from another process
 * (the Worker vs the Pages app) is seen on the next query. This process's own
 * writes patch the snapshot in place instead of forcing a reload.
 */
import { vectorizeErrors, type VectorizeOperation } from "./errors";
import type { Metadata } from "./metadata";
import { Snapshot } from "./snapshot";
import { loadPage } from "./store";
import type { IndexState } from "./types";

/** Rows per page of a full load (~4 KB of hex per 512-d vector). */
const PAGE_ROWS = 2000;
const LOAD_ATTEMPTS = 5;

// Keyed by the D1 binding object (stable across requests in an isolate), so
// two databases never share a snapshot.
const cache = new WeakMap<D1Database, Map<string, Snapshot>>();
// Loads in progress, so concurrent requests after a foreign write share one reload.
const loading = new WeakMap<D1Database, Map<string, Promise<Snapshot>>>();

function entries<T>(map: WeakMap<D1Database, Map<string, T>>, db: D1Database): Map<string, T> {
  let byName = map.get(db);
  if (!byName) map.set(db, (byName = new Map()));
  return byName;
}

/** A snapshot at least as new as `state`, loading it from D1 when the cache is stale. */
export async function snapshotFor(db: D1Database, state: IndexState, op: VectorizeOperation): Promise<Snapshot> {
  // uid tells a recreated index (same name, generation counted again) from the old one.
  const fresh = (s: Snapshot | undefined): s is Snapshot =>
    s !== undefined && s.uid === state.uid && s.generation >= state.generation;
  const cached = entries(cache, db).get(state.name);
  if (fresh(cached)) return cached;
  const shared = entries(loading, db).get(state.name);
  if (shared) {
    const loaded = await shared;
    if (fresh(loaded)) return loaded;
  }
  return startLoad(db, state.name, op);
}

async function startLoad(db: D1Database, name: string, op: VectorizeOperation): Promise<Snapshot> {
  const inFlight = entries(loading, db);
  const pending = load(db, name, op).finally(() => {
    if (inFlight.get(name) === pending) inFlight.delete(name);
  });
  inFlight.set(name, pending);
  const loaded = await pending;
  // A write of this isolate may have patched a newer snapshot meanwhile; keep the newest.
  const current = entries(cache, db).get(name);
  if (!current || current.uid !== loaded.uid || current.generation < loaded.generation) {
    entries(cache, db).set(name, loaded);
  }
  return loaded;
}

/**
 * After a write committed as `newGeneration`: patch the cached snapshot if it
 * was exactly one generation behind (nothing else wrote in between), else drop it.
 */
export function afterWrite(db: D1Database, name: string, newGeneration: number, patch: (snapshot: Snapshot) => void): void {
  const byName = entries(cache, db);
  const cached = byName.get(name);
  if (!cached) return;
  if (cached.generation !== newGeneration - 1) {
    byName.delete(name);
    return;
  }
  patch(cached);
  cached.generation = newGeneration;
}

export function forget(db: D1Database, name: string): void {
  entries(cache, db).delete(name);
}

/** Full load, page by page; restarts if a write lands between pages. */
async function load(db: D1Database, name: string, op: VectorizeOperation): Promise<Snapshot> {
  for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
    let snapshot: Snapshot | undefined;
    let afterRowid = 0;
    let consistent = true;
    for (;;) {
      const page = await loadPage(db, name, afterRowid, PAGE_ROWS);
      if (!page.state) throw vectorizeErrors.indexNotFound(op, name);
      if (!snapshot) {
        snapshot = new Snapshot(page.state, page.count);
      } else if (page.state.generation !== snapshot.generation || page.state.uid !== snapshot.uid) {
        consistent = false;
        break;
      }
      for (const row of page.rows) {
        snapshot.putHex(row.id, row.ns, row.v, row.m === null ? null : (JSON.parse(row.m) as Metadata), row.g);
      }
      if (page.rows.length < PAGE_ROWS) break;
      afterRowid = page.rows[page.rows.length - 1]!.r;
    }
    if (consistent && snapshot) return snapshot;
  }
  throw vectorizeErrors.invalid(op, `index "${name}" kept changing while it was being loaded; try again`);
}
