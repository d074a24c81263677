/**
 * The one way code gets a vector index: in production the real Vectorize
 * binding of the model (`VECTORIZE_<MODEL ID>`, one index per model), else the
 * D1-backed stand-in (dev, tests). Both are typed as V2 `Vectorize`, so
 * callers cannot tell them apart.
 */
import { ARTWORK_METADATA_INDEXES } from "./artwork-metadata-indexes";
import { LocalVectorIndex } from "./local-vector-index";
import { type EmbeddingModelRef, VECTOR_METRIC, vectorBindingName, vectorIndexName } from "./naming";

export { ARTWORK_METADATA_INDEXES, type ArtworkVectorMetadata, artworkVectorMetadata } from "./artwork-metadata-indexes";
export { LocalVectorIndexConfigError, VectorizeError } from "./errors";
export { LocalVectorIndex, type LocalVectorIndexOptions } from "./local-vector-index";
export {
  DEFAULT_VECTOR_INDEX_PREFIX,
  type EmbeddingModelRef,
  VECTOR_METRIC,
  vectorBindingName,
  vectorIndexName,
} from "./naming";
export type { LocalVectorIndexConfig, MetadataIndex, MetadataIndexType } from "./types";

export interface VectorIndexEnv {
  DB: D1Database;
  VECTOR_INDEX_PREFIX?: string;
  /**
   * "vectorize" in production: every model needs its own binding, and a model
   * without one is an error, never the stand-in. Anything else: the stand-in
   * serves models that have no binding.
   */
  VECTOR_INDEX_BACKEND?: string;
  /** Stand-in only: milliseconds before a write becomes queryable (default 0). */
  VECTORIZE_LOCAL_DELAY_MS?: string;
}

/** A model whose index the environment cannot serve (production without its binding). */
export class MissingVectorBindingError extends Error {}

/** The model's own Vectorize binding, when the environment has one. */
export function vectorBindingFor(env: VectorIndexEnv, model: Pick<EmbeddingModelRef, "id">): Vectorize | undefined {
  const candidate = (env as unknown as Record<string, unknown>)[vectorBindingName(model)];
  if (candidate !== null && typeof candidate === "object" && typeof (candidate as Vectorize).query === "function") {
    return candidate as Vectorize;
  }
  return undefined;
}

/**
 * Production: the binding named vectorBindingName(model), bound in
 * wrangler.toml to the index vectorIndexName(env, model); no binding is an
 * error, so a model never reads or writes another model's index. Locally the
 * index is created on first use (cosine, the model's dimensions, the app's
 * metadata indexes); an existing index with other dimensions is an error
 * rather than a silent mix.
 */
export function vectorIndexFor(env: VectorIndexEnv, model: EmbeddingModelRef): Vectorize {
  const binding = vectorBindingFor(env, model);
  if (binding) return binding;
  if (env.VECTOR_INDEX_BACKEND === "vectorize") {
    throw new MissingVectorBindingError(
      `No Vectorize binding ${vectorBindingName(model)} for model ${model.id}: run npm run provision to create index ${vectorIndexName(env, model)} and bind it.`,
    );
  }
  const delay = Number(env.VECTORIZE_LOCAL_DELAY_MS ?? 0);
  return new LocalVectorIndex(env.DB, vectorIndexName(env, model), {
    createWith: { dimensions: model.dimensions, metric: VECTOR_METRIC, metadataIndexes: ARTWORK_METADATA_INDEXES },
    mutationDelayMs: Number.isFinite(delay) && delay > 0 ? delay : 0,
  });
}

export { type VectorIndexCheck, type VectorIndexCheckEnv, checkVectorIndex, compareIndexConfig } from "./index-check";
