/** Bindings of the Pages app (see app/wrangler.toml). */
export interface AppEnv {
  DB: D1Database;
  IMAGES: R2Bucket;
  /** Bound only in production; locally the D1-backed stand-in takes its place. */
  VECTORIZE?: Vectorize;
  /** Pages secret used to sign visitor session cookies. */
  SESSION_SECRET?: string;
  /** Pages secret guarding the operator page (the Worker's ADMIN_TOKEN). */
  ADMIN_TOKEN?: string;
  /** The query encoder service (offline/encoder); search degrades without it. */
  ENCODER_URL?: string;
  /** Pin the embedding model the site reads; default: the newest with neighbours. */
  ACTIVE_MODEL?: string;
  PUBLIC_SITE_URL: string;
  VECTOR_INDEX_PREFIX: string;
}
