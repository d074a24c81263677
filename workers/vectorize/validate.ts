/**
 * Input checks, done before anything is written so a bad request is refused
 * whole, as the real service refuses it.
 */
import { LocalVectorIndexConfigError, type VectorizeOperation, vectorizeErrors } from "./errors";
import {
  DEFAULT_TOP_K,
  MAX_DIMENSIONS,
  MAX_ID_BYTES,
  MAX_INDEX_NAME_BYTES,
  MAX_METADATA_BYTES,
  MAX_METADATA_INDEXES,
  MAX_NAMESPACE_BYTES,
  MAX_TOP_K,
  MAX_TOP_K_WITH_VALUES_OR_ALL_METADATA,
} from "./limits";
import { type Metadata, utf8Length } from "./metadata";
import type { LocalVectorIndexConfig, MetadataIndex } from "./types";

const METRICS: readonly VectorizeDistanceMetric[] = ["cosine", "euclidean", "dot-product"];
const METADATA_TYPES: readonly string[] = ["string", "number", "boolean"];

export function validateIndexName(name: string): void {
  const bytes = utf8Length(name);
  if (bytes === 0 || bytes > MAX_INDEX_NAME_BYTES) {
    throw new LocalVectorIndexConfigError(
      `index name must be 1-${MAX_INDEX_NAME_BYTES} bytes, got ${bytes} bytes`,
    );
  }
}

export function validateConfig(config: LocalVectorIndexConfig): void {
  const { dimensions, metric, metadataIndexes = [] } = config;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw new LocalVectorIndexConfigError(`dimensions must be an integer from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`);
  }
  if (!METRICS.includes(metric)) {
    throw new LocalVectorIndexConfigError(`metric must be one of ${METRICS.join(", ")}, got ${String(metric)}`);
  }
  validateMetadataIndexes(metadataIndexes);
}

export function validateMetadataIndexes(indexes: readonly MetadataIndex[]): void {
  if (indexes.length > MAX_METADATA_INDEXES) {
    throw new LocalVectorIndexConfigError(
      `too many metadata indexes; max is ${MAX_METADATA_INDEXES} per index, got ${indexes.length}`,
    );
  }
  const seen = new Set<string>();
  for (const { propertyName, type } of indexes) {
    if (!METADATA_TYPES.includes(type)) {
      throw new LocalVectorIndexConfigError(`metadata index "${propertyName}" has unsupported type ${String(type)}`);
    }
    if (!validPath(propertyName)) {
      throw new LocalVectorIndexConfigError(`invalid metadata index property name "${propertyName}"`);
    }
    if (seen.has(propertyName)) {
      throw new LocalVectorIndexConfigError(`duplicate metadata index "${propertyName}"`);
    }
    seen.add(propertyName);
  }
}

/** A dotted path whose segments are valid metadata keys. */
function validPath(path: string): boolean {
  return path.length > 0 && path.split(".").every((key) => invalidKeyReason(key) === null);
}

/** Docs: keys cannot be empty, contain "." or '"', or start with "$". */
function invalidKeyReason(key: string): string | null {
  if (key.length === 0) return "is empty";
  if (key.includes(".")) return 'contains "."';
  if (key.includes('"')) return "contains '\"'";
  if (key.startsWith("$")) return 'starts with "$"';
  return null;
}

export function validateId(op: VectorizeOperation, id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0) {
    throw vectorizeErrors.invalid(op, "vector id must be a non-empty string");
  }
  const bytes = utf8Length(id);
  if (bytes > MAX_ID_BYTES) throw vectorizeErrors.idTooLong(op, MAX_ID_BYTES, bytes);
}

export function validateIds(op: VectorizeOperation, ids: readonly unknown[], max: number): string[] {
  if (!Array.isArray(ids)) throw vectorizeErrors.invalid(op, "ids must be an array");
  if (ids.length > max) throw vectorizeErrors.tooManyIds(op, max, ids.length);
  for (const id of ids) validateId(op, id);
  return ids as string[];
}

/** "" is treated as "no namespace", the same as leaving it out. */
export function normalizeNamespace(op: VectorizeOperation, namespace: unknown): string | null {
  if (namespace === undefined || namespace === null || namespace === "") return null;
  if (typeof namespace !== "string") throw vectorizeErrors.invalid(op, "namespace must be a string");
  const bytes = utf8Length(namespace);
  if (bytes > MAX_NAMESPACE_BYTES) {
    throw vectorizeErrors.invalid(op, `namespace too long; max is ${MAX_NAMESPACE_BYTES} bytes, got ${bytes} bytes`);
  }
  return namespace;
}

/** Values must be a dense array of finite numbers of the index's length. */
export function validateValues(
  values: unknown,
  dimensions: number,
  onWrongLength: (got: number) => Error,
  onBadValue: (detail: string) => Error,
): ArrayLike<number> {
  const isArrayLike = Array.isArray(values) || values instanceof Float32Array || values instanceof Float64Array;
  if (!isArrayLike) throw onBadValue("values must be a number[], Float32Array or Float64Array");
  const list = values as ArrayLike<unknown>;
  if (list.length !== dimensions) throw onWrongLength(list.length);
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw onBadValue(`value at index ${i} is not a finite number`);
    }
    // A finite float64 beyond float32 range would be stored as Infinity.
    if (!Number.isFinite(Math.fround(value))) throw onBadValue(`value at index ${i} is out of float32 range`);
  }
  return list as ArrayLike<number>;
}

/** Returns the metadata as the compact JSON that is stored (null when absent). */
export function validateMetadata(op: VectorizeOperation, id: string, metadata: unknown): string | null {
  if (metadata === undefined || metadata === null) return null;
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    throw vectorizeErrors.invalid(op, `metadata for id="${id}" must be an object`);
  }
  checkMetadataKeys(op, id, metadata as Metadata);
  const json = JSON.stringify(metadata);
  const bytes = utf8Length(json);
  if (bytes > MAX_METADATA_BYTES) {
    throw vectorizeErrors.invalid(
      op,
      `metadata too large for id="${id}"; max is ${MAX_METADATA_BYTES} bytes, got ${bytes} bytes`,
    );
  }
  return json;
}

function checkMetadataKeys(op: VectorizeOperation, id: string, value: unknown): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw vectorizeErrors.invalid(op, `metadata for id="${id}" contains a non-finite number`);
  }
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) checkMetadataKeys(op, id, item);
    return;
  }
  for (const [key, nested] of Object.entries(value)) {
    const reason = invalidKeyReason(key);
    if (reason) throw vectorizeErrors.invalid(op, `metadata key "${key}" for id="${id}" ${reason}`);
    checkMetadataKeys(op, id, nested);
  }
}

export type ReturnMetadataLevel = VectorizeMetadataRetrievalLevel;

export interface QueryPlan {
  readonly topK: number;
  readonly returnValues: boolean;
  readonly returnMetadata: ReturnMetadataLevel;
  readonly namespace: string | null;
  readonly filter: VectorizeVectorMetadataFilter | undefined;
}

export function validateQueryOptions(options: VectorizeQueryOptions | undefined): QueryPlan {
  const op = "VECTOR_QUERY_ERROR";
  const {
    topK = DEFAULT_TOP_K,
    returnValues = false,
    returnMetadata = "none",
    namespace,
    filter,
  } = options ?? {};
  // V2 takes only the string levels; a boolean (the V1 form the types still
  // allow) is refused by production with 40026, so it is refused here too.
  if (returnMetadata !== "none" && returnMetadata !== "indexed" && returnMetadata !== "all") {
    throw vectorizeErrors.badRequestField("returnMetadata");
  }
  if (typeof returnValues !== "boolean") throw vectorizeErrors.badRequestField("returnValues");
  if (typeof topK !== "number" || !Number.isInteger(topK) || topK < 1) {
    throw vectorizeErrors.invalid(op, `topK must be a positive integer, got ${String(topK)}`);
  }
  if (topK > MAX_TOP_K) throw vectorizeErrors.topK(MAX_TOP_K, topK);
  if ((returnValues || returnMetadata === "all") && topK > MAX_TOP_K_WITH_VALUES_OR_ALL_METADATA) {
    throw vectorizeErrors.topKWithValues(MAX_TOP_K_WITH_VALUES_OR_ALL_METADATA, topK);
  }
  return {
    topK,
    returnValues,
    returnMetadata,
    namespace: normalizeNamespace(op, namespace),
    filter,
  };
}
