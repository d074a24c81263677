/** Bindings and variables of the Art Snob Worker (see wrangler.toml). */
export interface Env {
  DB: D1Database;
  IMAGES: R2Bucket;
  CRAWL_QUEUE: Queue<unknown>;
  HOST_GATE: DurableObjectNamespace;
  BROWSER: Fetcher;
  /** Bound only in production; locally the D1-backed stand-in takes its place. */
  VECTORIZE?: VectorizeIndex;
  /** Worker secret (`wrangler secret put ADMIN_TOKEN`); `.dev.vars` locally. */
  ADMIN_TOKEN?: string;
  PUBLIC_SITE_URL: string;
  CRAWLER_CONTACT_URL: string;
  CRAWLER_ALLOWED_PRIVATE_HOSTS: string;
  VECTOR_INDEX_PREFIX: string;
}
