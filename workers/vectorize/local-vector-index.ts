/**
 * A local, D1-backed stand-in for a Vectorize index binding.
 *
 * It implements the V2 `Vectorize` class of @cloudflare/workers-types, which
 * is what a current `[[vectorize]]` binding is. It deliberately does not also
 * implement the legacy `VectorizeIndex` (V1): the two declare incompatible
 * results for the same methods (insert/upsert/deleteByIds return
 * `{ ids, count }` in V1 but `{ mutationId }` in V2; describe returns
 * `VectorizeIndexDetails` vs `VectorizeIndexInfo`), and returning a merged
 * shape would let code lean on fields production never sends.
 *
 * Writes, as in production, return `{ mutationId }` and
 * `describe().processedUpToMutation` names the last one applied. With
 * `mutationDelayMs` (0 by default) a write is checked at once but staged, and
 * becomes queryable only when the delay has passed (applied, oldest first, by
 * the next operation on the index in any process); production takes seconds.
 *
 * Differences from the real service (see README.md):
 * - Search is exact brute force; production is approximate unless
 *   returnValues is set, so scores and rankings can differ slightly there.
 */
import { encodeVector } from "./codec";
import { LocalVectorIndexConfigError, type VectorizeOperation, vectorizeErrors } from "./errors";
import { compileFilter } from "./filter";
import { MAX_DELETE_BY_IDS, MAX_GET_BY_IDS, MAX_METADATA_INDEXES, MAX_WRITE_BATCH } from "./limits";
import type { Metadata } from "./metadata";
import { search } from "./search";
import { afterWrite, forget, snapshotFor } from "./snapshot-cache";
import {
  addMetadataIndexes,
  applyMutation,
  countVectors,
  deleteVectors,
  getVectors,
  insertIndex,
  readIndexState,
  readStateAndDue,
  stageMutation,
  type VectorWrite,
  writeVectors,
} from "./store";
import type { IndexState, LocalVectorIndexConfig } from "./types";
import {
  normalizeNamespace,
  validateConfig,
  validateId,
  validateIds,
  validateIndexName,
  validateMetadata,
  validateQueryOptions,
  validateValues,
} from "./validate";

export interface LocalVectorIndexOptions {
  /** Create the index (idempotently) on first use instead of requiring it to exist. */
  readonly createWith?: LocalVectorIndexConfig;
  /** Milliseconds before a write becomes queryable (default 0: at once). */
  readonly mutationDelayMs?: number;
}

/** What an index was created with, as `wrangler vectorize get` + `list-metadata-index` report it. */
export interface VectorIndexConfigReport {
  readonly dimensions: number;
  readonly metric: VectorizeDistanceMetric;
  readonly metadataIndexes: readonly { propertyName: string; type: string }[];
}

// Configs already ensured in this isolate, so per-request instances skip the check.
const ensured = new WeakMap<D1Database, Set<string>>();

export class LocalVectorIndex implements Vectorize {
  readonly name: string;
  private readonly db: D1Database;
  private readonly createWith: LocalVectorIndexConfig | undefined;
  private readonly mutationDelayMs: number;

  /** Binds an index by name; like a binding, a missing index fails on first use. */
  constructor(db: D1Database, name: string, options: LocalVectorIndexOptions = {}) {
    validateIndexName(name);
    if (options.createWith) validateConfig(options.createWith);
    this.db = db;
    this.name = name;
    this.createWith = options.createWith;
    this.mutationDelayMs = options.mutationDelayMs ?? 0;
  }

  /**
   * Creates the index, or checks an existing one: same dimensions and metric
   * are required; metadata indexes it lacks are added (covering only vectors
   * written from then on, as with `wrangler vectorize create-metadata-index`).
   */
  static async create(db: D1Database, name: string, config: LocalVectorIndexConfig): Promise<LocalVectorIndex> {
    validateIndexName(name);
    validateConfig(config);
    const state = await insertIndex(db, name, config);
    if (state.dimensions !== config.dimensions || state.metric !== config.metric) {
      throw new LocalVectorIndexConfigError(
        `vector index "${name}" already exists with dimensions=${state.dimensions}, metric=${state.metric}; ` +
          `asked for dimensions=${config.dimensions}, metric=${config.metric}`,
      );
    }
    const existing = new Map(state.metadataIndexes.map((index) => [index.propertyName, index.type]));
    const missing = (config.metadataIndexes ?? []).filter((index) => {
      const type = existing.get(index.propertyName);
      if (type !== undefined && type !== index.type) {
        throw new LocalVectorIndexConfigError(
          `metadata index "${index.propertyName}" of "${name}" is ${type}, asked for ${index.type}`,
        );
      }
      return type === undefined;
    });
    if (missing.length > 0) {
      const total = existing.size + missing.length;
      if (total > MAX_METADATA_INDEXES) {
        throw new LocalVectorIndexConfigError(
          `too many metadata indexes; max is ${MAX_METADATA_INDEXES} per index, "${name}" would have ${total}`,
        );
      }
      await addMetadataIndexes(db, name, missing);
      forget(db, name);
    }
    return new LocalVectorIndex(db, name);
  }

  /** Opens an existing index; rejects if it does not exist. */
  static async open(db: D1Database, name: string, options: Omit<LocalVectorIndexOptions, "createWith"> = {}): Promise<LocalVectorIndex> {
    const index = new LocalVectorIndex(db, name, options);
    await index.state("VECTOR_DESCRIBE_ERROR");
    return index;
  }

  /** Dimensions, metric and metadata indexes: what the push checks against a model. */
  async config(): Promise<VectorIndexConfigReport> {
    const state = await this.state("VECTOR_DESCRIBE_ERROR");
    return {
      dimensions: state.dimensions,
      metric: state.metric,
      metadataIndexes: state.metadataIndexes.map(({ propertyName, type }) => ({ propertyName, type })),
    };
  }

  async describe(): Promise<VectorizeIndexInfo> {
    const state = await this.state("VECTOR_DESCRIBE_ERROR");
    return {
      vectorCount: await countVectors(this.db, this.name),
      dimensions: state.dimensions,
      // workers-types declares these as numbers, but the service documents and
      // returns an ISO datetime and the mutation's UUID; callers compare
      // processedUpToMutation with a mutationId, so the real shapes are kept.
      processedUpToDatetime: state.lastMutationAt as unknown as number,
      processedUpToMutation: state.lastMutationId as unknown as number,
    };
  }

  async query(vector: VectorFloatArray | number[], options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    const op = "VECTOR_QUERY_ERROR";
    const plan = validateQueryOptions(options);
    const state = await this.state(op);
    const values = validateValues(
      vector,
      state.dimensions,
      (got) => vectorizeErrors.queryDimensions(state.dimensions, got),
      (detail) => vectorizeErrors.invalid(op, `invalid query vector, ${detail}`),
    );
    const predicate = compileFilter(plan.filter, state.metadataIndexes);
    const snapshot = await snapshotFor(this.db, state, op);
    return search(snapshot, Float32Array.from(values), plan, predicate);
  }

  /** Searches with a stored vector's values; an unknown id finds nothing. */
  async queryById(vectorId: string, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    const op = "VECTOR_QUERY_ERROR";
    validateId(op, vectorId);
    const plan = validateQueryOptions(options);
    const state = await this.state(op);
    const predicate = compileFilter(plan.filter, state.metadataIndexes);
    const snapshot = await snapshotFor(this.db, state, op);
    const row = snapshot.rowOfId(vectorId);
    if (row === undefined) return { matches: [], count: 0 };
    return search(snapshot, snapshot.valuesAt(row), plan, predicate);
  }

  /** Stores new ids; ids that already exist keep their stored vector. */
  insert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    return this.write("insert", vectors);
  }

  /** Stores vectors, replacing existing ids in full (no merge of metadata). */
  upsert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    return this.write("upsert", vectors);
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    const op = "VECTOR_GET_ERROR";
    validateIds(op, ids, MAX_GET_BY_IDS);
    await this.state(op);
    const found = new Map((await getVectors(this.db, this.name, [...new Set(ids)])).map((v) => [v.id, v]));
    return [...new Set(ids)].flatMap((id) => {
      const stored = found.get(id);
      if (!stored) return [];
      const vector: VectorizeVector = { id, values: Array.from(stored.values) };
      if (stored.namespace !== null) vector.namespace = stored.namespace;
      if (stored.metadata !== null) vector.metadata = stored.metadata;
      return [vector];
    });
  }

  async deleteByIds(ids: string[]): Promise<VectorizeAsyncMutation> {
    const op = "VECTOR_DELETE_ERROR";
    validateIds(op, ids, MAX_DELETE_BY_IDS);
    await this.state(op);
    const mutationId = crypto.randomUUID();
    if (this.mutationDelayMs > 0) {
      await stageMutation(this.db, this.name, "delete", ids, mutationId, Date.now() + this.mutationDelayMs);
      return { mutationId };
    }
    const generation = await deleteVectors(this.db, this.name, ids, mutationId, new Date().toISOString());
    afterWrite(this.db, this.name, generation, (snapshot) => {
      for (const id of ids) snapshot.remove(id);
    });
    return { mutationId };
  }

  private async write(mode: "insert" | "upsert", vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    const op = mode === "insert" ? "VECTOR_INSERT_ERROR" : "VECTOR_UPSERT_ERROR";
    if (!Array.isArray(vectors)) throw vectorizeErrors.invalid(op, "vectors must be an array");
    if (vectors.length > MAX_WRITE_BATCH) {
      throw vectorizeErrors.invalid(
        op,
        `too many vectors in payload; max count is ${MAX_WRITE_BATCH} from a Worker, got ${vectors.length}`,
      );
    }
    const state = await this.state(op);
    const rows = vectors.map((vector) => this.prepare(op, state, vector));
    const mutationId = crypto.randomUUID();
    if (this.mutationDelayMs > 0) {
      await stageMutation(this.db, this.name, mode, rows, mutationId, Date.now() + this.mutationDelayMs);
      return { mutationId };
    }
    const generation = await writeVectors(this.db, this.name, rows, mode, mutationId, new Date().toISOString());
    afterWrite(this.db, this.name, generation, (snapshot) => {
      for (const row of rows) {
        if (mode === "insert" && snapshot.has(row.id)) continue;
        snapshot.put({
          id: row.id,
          namespace: row.namespace,
          values: row.floats,
          metadata: row.metadataJson === null ? null : (JSON.parse(row.metadataJson) as Metadata),
          writtenAt: generation,
        });
      }
    });
    return { mutationId };
  }

  private prepare(op: VectorizeOperation, state: IndexState, vector: VectorizeVector): VectorWrite & { floats: Float32Array } {
    if (vector === null || typeof vector !== "object") throw vectorizeErrors.invalid(op, "each vector must be an object");
    validateId(op, vector.id);
    const values = validateValues(
      vector.values,
      state.dimensions,
      (got) => vectorizeErrors.vectorDimensions(op, vector.id, state.dimensions, got),
      (detail) => vectorizeErrors.invalid(op, `invalid vector for id="${vector.id}", ${detail}`),
    );
    const floats = Float32Array.from(values);
    return {
      id: vector.id,
      namespace: normalizeNamespace(op, vector.namespace),
      floats,
      bytes: encodeVector(floats),
      metadataJson: validateMetadata(op, vector.id, vector.metadata),
    };
  }

  /** The index row, creating the index first when this instance may. */
  private async state(op: VectorizeOperation): Promise<IndexState> {
    let state = await this.applyDueMutations();
    if (this.createWith) {
      const key = `${this.name}\n${JSON.stringify(this.createWith)}`;
      let done = ensured.get(this.db);
      if (!done) ensured.set(this.db, (done = new Set()));
      if (!state || !done.has(key)) {
        await LocalVectorIndex.create(this.db, this.name, this.createWith);
        done.add(key);
        state = await readIndexState(this.db, this.name);
      }
    }
    if (!state) throw vectorizeErrors.indexNotFound(op, this.name);
    return state;
  }

  /** Applies the staged writes whose delay has passed; returns the index row after them. */
  private async applyDueMutations(): Promise<IndexState | null> {
    const { state, due } = await readStateAndDue(this.db, this.name, Date.now());
    if (due.length === 0 || !state) return state;
    for (const mutation of due) await applyMutation(this.db, this.name, mutation, new Date().toISOString());
    forget(this.db, this.name);
    return readIndexState(this.db, this.name);
  }
}
