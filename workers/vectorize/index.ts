/**
 * The one way code gets a vector index: the real Vectorize binding when the
 * environment has one (production), else the D1-backed stand-in (dev, tests).
 * Both are typed as V2 `Vectorize`, so callers cannot tell them apart.
 */
import { ARTWORK_METADATA_INDEXES } from "./artwork-metadata-indexes";
import { LocalVectorIndex } from "./local-vector-index";

export { ARTWORK_METADATA_INDEXES } from "./artwork-metadata-indexes";
export { LocalVectorIndexConfigError, VectorizeError } from "./errors";
export { LocalVectorIndex, type LocalVectorIndexOptions } from "./local-vector-index";
export type { LocalVectorIndexConfig, MetadataIndex, MetadataIndexType } from "./types";

export const DEFAULT_VECTOR_INDEX_PREFIX = "artworks";

export interface VectorIndexEnv {
  VECTORIZE?: Vectorize;
  DB: D1Database;
  VECTOR_INDEX_PREFIX?: string;
}

export interface EmbeddingModelRef {
  id: string;
  dimensions: number;
}

/** `${prefix}-${model.id}`: one index per model, so switching models never mixes vectors. */
export function vectorIndexName(env: Pick<VectorIndexEnv, "VECTOR_INDEX_PREFIX">, model: Pick<EmbeddingModelRef, "id">): string {
  return `${env.VECTOR_INDEX_PREFIX || DEFAULT_VECTOR_INDEX_PREFIX}-${model.id}`;
}

/**
 * The production binding is bound to one index by wrangler.toml, whose
 * `index_name` must equal vectorIndexName(env, model) for the active model.
 * Locally the index is created on first use (cosine, the model's dimensions,
 * the app's metadata indexes); an existing index with other dimensions is an
 * error rather than a silent mix.
 */
export function vectorIndexFor(env: VectorIndexEnv, model: EmbeddingModelRef): Vectorize {
  if (env.VECTORIZE) return env.VECTORIZE;
  return new LocalVectorIndex(env.DB, vectorIndexName(env, model), {
    createWith: { dimensions: model.dimensions, metric: "cosine", metadataIndexes: ARTWORK_METADATA_INDEXES },
  });
}
