import type { LocalWorkerBinding } from "./server/local-worker";
/** Bindings of the Pages app (see app/wrangler.toml). */
export interface AppEnv {
  /** Local dev only: the crawler Worker in the same process (app/server/local-worker.ts). */
  LOCAL_WORKER?: LocalWorkerBinding;
  DB: D1Database;
  IMAGES: R2Bucket;
  /*
   * Vector indexes: in production one binding per model, VECTORIZE_<MODEL ID>
   * (workers/vectorize/naming.ts), read by name; locally the D1-backed stand-in.
   */
  /** "vectorize" in production: a model without its binding is an error, never the stand-in. */
  VECTOR_INDEX_BACKEND?: string;
  /** Stand-in only: milliseconds before a vector write becomes queryable (default 0). */
  VECTORIZE_LOCAL_DELAY_MS?: string;
  /** Pages secret: a Cloudflare API token with Vectorize Read, so /operator checks metric and metadata indexes. */
  VECTORIZE_API_TOKEN?: string;
  /** The account of that token (written by `npm run provision`). */
  CLOUDFLARE_ACCOUNT_ID?: string;
  /** Pages secret used to sign visitor session cookies. */
  SESSION_SECRET?: string;
  /** Pages secret guarding the operator page (the Worker's ADMIN_TOKEN). */
  ADMIN_TOKEN?: string;
  /** The query encoder service (offline/encoder); search degrades without it. */
  ENCODER_URL?: string;
  /** Shared secret the encoder requires in production (workers/encoder); sent as a bearer token. */
  ENCODER_TOKEN?: string;
  /** Pin the embedding model the site reads; default: the newest with neighbours. */
  ACTIVE_MODEL?: string;
  PUBLIC_SITE_URL: string;
  VECTOR_INDEX_PREFIX: string;
}
