/**
 * Limits of the real Vectorize (V2) service that the local stand-in enforces.
 *
 * Sources: developers.cloudflare.com/vectorize/platform/limits and
 * .../reference/metadata-filtering (docs), plus the error texts the service
 * actually returns (quoted in errors.ts). Where docs and observed behaviour
 * differ, the stricter number is used, so code that passes locally also
 * passes in production.
 */

export const MAX_DIMENSIONS = 1536;
export const MAX_ID_BYTES = 64;
export const MAX_NAMESPACE_BYTES = 64;
export const MAX_INDEX_NAME_BYTES = 64;
/** 10 KiB of metadata per vector, measured as its compact JSON in UTF-8. */
export const MAX_METADATA_BYTES = 10 * 1024;
export const MAX_METADATA_INDEXES = 10;
/** Indexed string metadata keeps only its first 64 bytes (UTF-8 boundary). */
export const MAX_INDEXED_STRING_BYTES = 64;

export const DEFAULT_TOP_K = 5;
export const MAX_TOP_K = 100;
/**
 * With returnValues or returnMetadata "all". The docs say 20; production has
 * been seen answering "max top K is 50". 20 keeps local code within both.
 */
export const MAX_TOP_K_WITH_VALUES_OR_ALL_METADATA = 20;

/** insert/upsert batch from a Worker binding (the HTTP API allows 5,000). */
export const MAX_WRITE_BATCH = 1000;
/** Not in the docs; quoted from the service's own refusal (code 40007). */
export const MAX_GET_BY_IDS = 20;
/** Not in the docs; quoted from the service's own refusal (code 40007). */
export const MAX_DELETE_BY_IDS = 100;

/** Filter: compact JSON under 2,048 bytes; keys at most 512 characters. */
export const MAX_FILTER_JSON_BYTES = 2048;
export const MAX_FILTER_KEY_LENGTH = 512;
