import type { HostGate } from "./crawler/host-gate";
import type { CrawlMessage } from "./crawler/messages";

/** Bindings and variables of the Art Snob Worker (see wrangler.toml). */
export interface Env {
  DB: D1Database;
  IMAGES: R2Bucket;
  CRAWL_QUEUE: Queue<CrawlMessage>;
  HOST_GATE: DurableObjectNamespace<HostGate>;
  BROWSER: Fetcher;
  /*
   * Vector indexes: in production one binding per model, VECTORIZE_<MODEL ID>
   * (workers/vectorize/naming.ts), read by name; locally the D1-backed stand-in.
   */
  /** "vectorize" in production: a model without its binding is an error, never the stand-in. */
  VECTOR_INDEX_BACKEND?: string;
  /** Stand-in only: milliseconds before a vector write becomes queryable (default 0). */
  VECTORIZE_LOCAL_DELAY_MS?: string;
  /** Worker secret: a Cloudflare API token with Vectorize Read, so pushes check metric and metadata indexes. */
  VECTORIZE_API_TOKEN?: string;
  /** The account of that token (written by `npm run provision`). */
  CLOUDFLARE_ACCOUNT_ID?: string;
  /** Worker secret (`wrangler secret put ADMIN_TOKEN`); `.dev.vars` locally. */
  ADMIN_TOKEN?: string;
  PUBLIC_SITE_URL: string;
  CRAWLER_CONTACT_URL: string;
  CRAWLER_ALLOWED_PRIVATE_HOSTS: string;
  /** DNS-over-HTTPS resolver (JSON API) the crawler checks host names with; Cloudflare's by default. */
  CRAWLER_DOH_URL?: string;
  VECTOR_INDEX_PREFIX: string;
  /** Base of the crawl retry back-off in seconds (default 2). */
  CRAWL_RETRY_BASE_SECONDS?: string;
  /** How long an unavailable robots.txt blocks its host before the next try, in seconds (default 60). */
  CRAWL_ROBOTS_RETRY_SECONDS?: string;
}
