/** Configuration types of a local vector index (mirrors `wrangler vectorize create`). */

import type { MetadataIndex } from "./metadata-index";

export type { MetadataIndex, MetadataIndexType } from "./metadata-index";

export interface LocalVectorIndexConfig {
  readonly dimensions: number;
  readonly metric: VectorizeDistanceMetric;
  readonly metadataIndexes?: readonly MetadataIndex[];
}

/**
 * A metadata index as stored: `createdAt` is the index generation at which it
 * was added. Vectors written at or before it are not in it, as in production
 * ("vectors upserted before a metadata index was created won't be indexed").
 */
export interface StoredMetadataIndex extends MetadataIndex {
  readonly createdAt: number;
}

/** The config row of one index, as read from D1. */
export interface IndexState {
  readonly name: string;
  /** Random per creation: a dropped and recreated index never matches an old cache. */
  readonly uid: string;
  readonly dimensions: number;
  readonly metric: VectorizeDistanceMetric;
  readonly metadataIndexes: readonly StoredMetadataIndex[];
  /** Bumped by every write, in the same transaction; invalidates caches. */
  readonly generation: number;
  readonly lastMutationId: string | null;
  readonly lastMutationAt: string | null;
}

/** One stored vector, decoded. */
export interface StoredVector {
  readonly id: string;
  readonly namespace: string | null;
  readonly values: Float32Array;
  readonly metadata: Record<string, VectorizeVectorMetadata> | null;
  /** Generation of the write that stored it (see StoredMetadataIndex). */
  readonly writtenAt: number;
}
