/**
 * How a model's vector index is named, in one place: the index name
 * (`${prefix}-${model id}`), the Worker binding that reaches it in production
 * (`VECTORIZE_<MODEL ID>`), and the metric every artwork index uses. The
 * Worker, the site and `npm run provision` all derive names from here.
 */

export const DEFAULT_VECTOR_INDEX_PREFIX = "artworks";
/** CLIP-style embeddings are compared by angle. */
export const VECTOR_METRIC = "cosine" as const;

export interface EmbeddingModelRef {
  id: string;
  dimensions: number;
}

/** `${prefix}-${model.id}`: one index per model, so switching models never mixes vectors. */
export function vectorIndexName(env: { VECTOR_INDEX_PREFIX?: string }, model: Pick<EmbeddingModelRef, "id">): string {
  return `${env.VECTOR_INDEX_PREFIX || DEFAULT_VECTOR_INDEX_PREFIX}-${model.id}`;
}

/** `VECTORIZE_BUILTIN_COLOUR_V1` for `builtin-colour-v1`: the model's production binding. */
export function vectorBindingName(model: Pick<EmbeddingModelRef, "id">): string {
  return `VECTORIZE_${model.id.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** What Vectorize accepts as an index name (its API schema: `^[a-z]+[a-z0-9_-]*[a-z0-9]+$`). */
export function isValidVectorizeIndexName(name: string): boolean {
  return name.length <= 64 && /^[a-z]+[a-z0-9_-]*[a-z0-9]+$/.test(name);
}
