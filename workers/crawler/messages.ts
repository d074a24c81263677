/** What travels on the crawl queue. Validated on receipt: a bad message is dead-lettered, never retried forever. */
import { z } from "zod";

export const crawlMessageSchema = z.object({
  runId: z.number().int().positive(),
  sourceId: z.number().int().positive(),
  url: z.string().url(),
  /** sitemap: a sitemap or index; listing: a page to discover links on; product: a work's page; verify: a known page not rediscovered this run. */
  kind: z.enum(["sitemap", "listing", "product", "verify"]),
  /** Our own attempt counter (1-based); transient failures are re-sent with a delay. */
  attempt: z.number().int().positive().default(1),
  sitemapLastmod: z.string().optional(),
  /** A large sitemap is seeded a slice per message: where this message's slice starts (see sitemap-seed.ts). */
  seedOffset: z.number().int().nonnegative().optional(),
});

export type CrawlMessage = z.infer<typeof crawlMessageSchema>;
export type CrawlKind = CrawlMessage["kind"];

/** Attempts before a URL is given up and dead-lettered. */
export const MAX_ATTEMPTS = 4;

/** Back-off for the next attempt: base, 4x base, 16x base ... capped at 5 minutes (base 2 s by default). */
export function backoffSeconds(attempt: number, baseSeconds = 2): number {
  return Math.min(300, Math.round(baseSeconds * 4 ** Math.max(0, attempt - 1)));
}
