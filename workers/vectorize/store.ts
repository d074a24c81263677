/**
 * The D1 side of the stand-in: its own tables (created lazily, outside the
 * app's migrations) and every statement it runs. Writes and their generation
 * bump share one `db.batch`, i.e. one transaction, so any reader that sees a
 * generation sees exactly the vectors written up to it.
 */
import { decodeHex } from "./codec";
import type { IndexState, LocalVectorIndexConfig, MetadataIndex, StoredMetadataIndex, StoredVector } from "./types";

const INDEXES = "_local_vectorize_indexes";
const VECTORS = "_local_vectorize_vectors";
/** Writes accepted but not yet applied (mutation delay), oldest first. */
const PENDING = "_local_vectorize_pending";
/** The vectors (or, for a delete, the ids) of a pending mutation. */
const STAGED = "_local_vectorize_staged";
/** D1 allows 100 bound parameters per statement. */
const MAX_PARAMS = 100;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ${INDEXES} (
    name TEXT PRIMARY KEY,
    uid TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    metric TEXT NOT NULL,
    metadata_indexes TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 0,
    last_mutation_id TEXT,
    last_mutation_at TEXT,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ${VECTORS} (
    index_name TEXT NOT NULL,
    id TEXT NOT NULL,
    namespace TEXT,
    vals BLOB NOT NULL,
    metadata TEXT,
    gen INTEGER NOT NULL,
    PRIMARY KEY (index_name, id)
  )`,
  // Entries are (index_name, rowid): serves the keyset-paged full load.
  `CREATE INDEX IF NOT EXISTS ${VECTORS}_by_index ON ${VECTORS} (index_name)`,
  `CREATE TABLE IF NOT EXISTS ${PENDING} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    index_name TEXT NOT NULL,
    mutation_id TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL,
    due_at INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ${STAGED} (
    mutation_id TEXT NOT NULL,
    id TEXT NOT NULL,
    namespace TEXT,
    vals BLOB,
    metadata TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS ${STAGED}_by_mutation ON ${STAGED} (mutation_id)`,
];

interface IndexRow {
  name: string;
  uid: string;
  dimensions: number;
  metric: VectorizeDistanceMetric;
  metadata_indexes: string;
  generation: number;
  last_mutation_id: string | null;
  last_mutation_at: string | null;
}

/** A stored vector as it comes out of D1, values still hex. */
export interface RawVectorRow {
  r: number;
  id: string;
  ns: string | null;
  v: string;
  m: string | null;
  g: number;
}

/** A validated vector ready to be written. */
export interface VectorWrite {
  readonly id: string;
  readonly namespace: string | null;
  readonly bytes: Uint8Array;
  readonly metadataJson: string | null;
}

/** Runs `work`; if the tables do not exist yet, creates them and runs it again. */
async function withSchema<T>(db: D1Database, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!String(error).includes("no such table")) throw error;
    await db.batch(SCHEMA.map((sql) => db.prepare(sql)));
    return await work();
  }
}

const selectIndex = (db: D1Database, name: string) =>
  db.prepare(`SELECT * FROM ${INDEXES} WHERE name = ?1`).bind(name);

function toState(row: IndexRow): IndexState {
  return {
    name: row.name,
    uid: row.uid,
    dimensions: row.dimensions,
    metric: row.metric,
    metadataIndexes: JSON.parse(row.metadata_indexes) as StoredMetadataIndex[],
    generation: row.generation,
    lastMutationId: row.last_mutation_id,
    lastMutationAt: row.last_mutation_at,
  };
}

export async function readIndexState(db: D1Database, name: string): Promise<IndexState | null> {
  return withSchema(db, async () => {
    const row = await selectIndex(db, name).first<IndexRow>();
    return row ? toState(row) : null;
  });
}

/** Creates the index unless it exists; returns what is stored either way. */
export async function insertIndex(db: D1Database, name: string, config: LocalVectorIndexConfig): Promise<IndexState> {
  const indexes: StoredMetadataIndex[] = (config.metadataIndexes ?? []).map((index) => ({
    propertyName: index.propertyName,
    type: index.type,
    createdAt: 0,
  }));
  return withSchema(db, async () => {
    const [, read] = await db.batch<IndexRow>([
      db
        .prepare(
          `INSERT OR IGNORE INTO ${INDEXES} (name, uid, dimensions, metric, metadata_indexes, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
        )
        .bind(name, crypto.randomUUID(), config.dimensions, config.metric, JSON.stringify(indexes), new Date().toISOString()),
      selectIndex(db, name),
    ]);
    return toState(read!.results[0]!);
  });
}

/**
 * Adds metadata indexes to an existing index. Like `create-metadata-index`,
 * they only cover vectors written afterwards, so it is a mutation of its own.
 */
export async function addMetadataIndexes(
  db: D1Database,
  name: string,
  added: readonly MetadataIndex[],
): Promise<void> {
  // json_insert appends each new index, stamped with the bumped generation, in one statement.
  const appends = added.map((_, i) => `'$[#]', json_object('propertyName', ?${2 * i + 2}, 'type', ?${2 * i + 3}, 'createdAt', generation + 1)`);
  const params = added.flatMap((index) => [index.propertyName, index.type]);
  await db
    .prepare(
      `UPDATE ${INDEXES} SET metadata_indexes = json_insert(metadata_indexes, ${appends.join(", ")}),
       generation = generation + 1 WHERE name = ?1`,
    )
    .bind(name, ...params)
    .run();
}

const bumpGeneration = (db: D1Database, name: string, mutationId: string, at: string) =>
  db
    .prepare(
      `UPDATE ${INDEXES} SET generation = generation + 1, last_mutation_id = ?2, last_mutation_at = ?3
       WHERE name = ?1 RETURNING generation`,
    )
    .bind(name, mutationId, at);

/**
 * Writes vectors; `insert` keeps an existing id (first write wins), `upsert`
 * replaces it whole (last write wins). Returns the new generation.
 */
export async function writeVectors(
  db: D1Database,
  name: string,
  rows: readonly VectorWrite[],
  mode: "insert" | "upsert",
  mutationId: string,
  at: string,
): Promise<number> {
  const perStatement = Math.floor((MAX_PARAMS - 1) / 4);
  const statements = [bumpGeneration(db, name, mutationId, at)];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    // ?1 is the index name, shared by every row; the row's generation is read
    // inside the transaction, right after the bump above.
    const tuples = chunk.map((_, i) => {
      const p = 2 + i * 4;
      return `(?1, ?${p}, ?${p + 1}, ?${p + 2}, ?${p + 3}, (SELECT generation FROM ${INDEXES} WHERE name = ?1))`;
    });
    const conflict =
      mode === "upsert"
        ? ` ON CONFLICT (index_name, id) DO UPDATE SET namespace = excluded.namespace, vals = excluded.vals,
             metadata = excluded.metadata, gen = excluded.gen`
        : "";
    const verb = mode === "insert" ? "INSERT OR IGNORE" : "INSERT";
    statements.push(
      db
        .prepare(`${verb} INTO ${VECTORS} (index_name, id, namespace, vals, metadata, gen) VALUES ${tuples.join(", ")}${conflict}`)
        .bind(name, ...chunk.flatMap((row) => [row.id, row.namespace, row.bytes, row.metadataJson])),
    );
  }
  const [bumped] = await db.batch<{ generation: number }>(statements);
  return bumped!.results[0]!.generation;
}

/** Deletes ids (missing ones are ignored). Returns the new generation. */
export async function deleteVectors(
  db: D1Database,
  name: string,
  ids: readonly string[],
  mutationId: string,
  at: string,
): Promise<number> {
  const statements = [bumpGeneration(db, name, mutationId, at)];
  for (let start = 0; start < ids.length; start += MAX_PARAMS - 1) {
    const chunk = ids.slice(start, start + MAX_PARAMS - 1);
    const marks = chunk.map((_, i) => `?${i + 2}`).join(", ");
    statements.push(
      db.prepare(`DELETE FROM ${VECTORS} WHERE index_name = ?1 AND id IN (${marks})`).bind(name, ...chunk),
    );
  }
  const [bumped] = await db.batch<{ generation: number }>(statements);
  return bumped!.results[0]!.generation;
}

export async function getVectors(db: D1Database, name: string, ids: readonly string[]): Promise<StoredVector[]> {
  if (ids.length === 0) return [];
  const marks = ids.map((_, i) => `?${i + 2}`).join(", ");
  const { results } = await db
    .prepare(
      `SELECT rowid AS r, id, namespace AS ns, hex(vals) AS v, metadata AS m, gen AS g
       FROM ${VECTORS} WHERE index_name = ?1 AND id IN (${marks})`,
    )
    .bind(name, ...ids)
    .all<RawVectorRow>();
  return results.map(decodeRow);
}

export function decodeRow(row: RawVectorRow): StoredVector {
  return {
    id: row.id,
    namespace: row.ns,
    values: decodeHex(row.v),
    metadata: row.m === null ? null : (JSON.parse(row.m) as StoredVector["metadata"]),
    writtenAt: row.g,
  };
}

export async function countVectors(db: D1Database, name: string): Promise<number> {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM ${VECTORS} WHERE index_name = ?1`)
    .bind(name)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * One page of a full load, read in the same transaction as the index row so
 * the caller can tell whether a write landed between pages.
 */
export async function loadPage(
  db: D1Database,
  name: string,
  afterRowid: number,
  limit: number,
): Promise<{ state: IndexState | null; count: number; rows: RawVectorRow[] }> {
  const [index, count, page] = await db.batch([
    selectIndex(db, name),
    db.prepare(`SELECT COUNT(*) AS n FROM ${VECTORS} WHERE index_name = ?1`).bind(name),
    db
      .prepare(
        `SELECT rowid AS r, id, namespace AS ns, hex(vals) AS v, metadata AS m, gen AS g
         FROM ${VECTORS} WHERE index_name = ?1 AND rowid > ?2 ORDER BY rowid LIMIT ?3`,
      )
      .bind(name, afterRowid, limit),
  ]);
  const row = index!.results[0] as IndexRow | undefined;
  return {
    state: row ? toState(row) : null,
    count: (count!.results[0] as { n: number }).n,
    rows: page!.results as RawVectorRow[],
  };
}

// ---------------------------------------------------------------- delayed mutations

export type MutationMode = "insert" | "upsert" | "delete";

export interface DueMutation {
  readonly mutationId: string;
  readonly mode: MutationMode;
}

/** Records a write to apply at `dueAt` (ms); nothing is visible to queries until then. */
export async function stageMutation(
  db: D1Database,
  name: string,
  mode: MutationMode,
  rows: readonly VectorWrite[] | readonly string[],
  mutationId: string,
  dueAt: number,
): Promise<void> {
  const statements = [
    db.prepare(`INSERT INTO ${PENDING} (index_name, mutation_id, mode, due_at) VALUES (?1, ?2, ?3, ?4)`).bind(name, mutationId, mode, dueAt),
  ];
  const perStatement = Math.floor((MAX_PARAMS - 1) / 4);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const tuples = chunk.map((_, i) => `(?1, ?${2 + i * 4}, ?${3 + i * 4}, ?${4 + i * 4}, ?${5 + i * 4})`);
    const params = chunk.flatMap((row) =>
      typeof row === "string" ? [row, null, null, null] : [row.id, row.namespace, row.bytes, row.metadataJson],
    );
    statements.push(
      db.prepare(`INSERT INTO ${STAGED} (mutation_id, id, namespace, vals, metadata) VALUES ${tuples.join(", ")}`).bind(mutationId, ...params),
    );
  }
  await withSchema(db, () => db.batch(statements));
}

/** The index row and its mutations due by `now`, in one round trip. */
export async function readStateAndDue(
  db: D1Database,
  name: string,
  now: number,
): Promise<{ state: IndexState | null; due: DueMutation[] }> {
  return withSchema(db, async () => {
    const [index, due] = await db.batch([
      selectIndex(db, name),
      db.prepare(`SELECT mutation_id AS mutationId, mode FROM ${PENDING} WHERE index_name = ?1 AND due_at <= ?2 ORDER BY seq`).bind(name, now),
    ]);
    const row = index!.results[0] as IndexRow | undefined;
    return { state: row ? toState(row) : null, due: due!.results as DueMutation[] };
  });
}

/**
 * Applies one staged mutation in one transaction. Guarded by its pending row,
 * so two processes applying the same mutation apply it once.
 */
export async function applyMutation(db: D1Database, name: string, mutation: DueMutation, at: string): Promise<void> {
  const { mutationId, mode } = mutation;
  const pending = `EXISTS (SELECT 1 FROM ${PENDING} WHERE mutation_id = ?2)`;
  const gen = `(SELECT generation FROM ${INDEXES} WHERE name = ?1)`;
  const write =
    mode === "delete"
      ? `DELETE FROM ${VECTORS} WHERE index_name = ?1 AND ${pending} AND id IN (SELECT id FROM ${STAGED} WHERE mutation_id = ?2)`
      : `${mode === "insert" ? "INSERT OR IGNORE" : "INSERT"} INTO ${VECTORS} (index_name, id, namespace, vals, metadata, gen)
         SELECT ?1, id, namespace, vals, metadata, ${gen} FROM ${STAGED} WHERE mutation_id = ?2 AND ${pending} ORDER BY rowid` +
        (mode === "upsert"
          ? ` ON CONFLICT (index_name, id) DO UPDATE SET namespace = excluded.namespace, vals = excluded.vals,
               metadata = excluded.metadata, gen = excluded.gen`
          : "");
  await db.batch([
    db
      .prepare(
        `UPDATE ${INDEXES} SET generation = generation + 1, last_mutation_id = ?2, last_mutation_at = ?3
         WHERE name = ?1 AND ${pending}`,
      )
      .bind(name, mutationId, at),
    db.prepare(write).bind(name, mutationId),
    db.prepare(`DELETE FROM ${STAGED} WHERE mutation_id = ?2 AND ?1 = ?1`).bind(name, mutationId),
    db.prepare(`DELETE FROM ${PENDING} WHERE mutation_id = ?2 AND index_name = ?1`).bind(name, mutationId),
  ]);
}
