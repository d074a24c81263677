import type { HostGate } from "./crawler/host-gate";
import type { CrawlMessage } from "./crawler/messages";

/** Bindings and variables of the Art Snob Worker (see wrangler.toml). */
export interface Env {
  DB: D1Database;
  IMAGES: R2Bucket;
  CRAWL_QUEUE: Queue<CrawlMessage>;
  HOST_GATE: DurableObjectNamespace<HostGate>;
  BROWSER: Fetcher;
  /** Bound only in production; locally the D1-backed stand-in takes its place. */
  VECTORIZE?: Vectorize;
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
