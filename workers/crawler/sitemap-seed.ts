/**
 * Seeding a sitemap's entries into the run, a bounded slice per queue message.
 * A sitemap may list 50,000 URLs; written and sent in one invocation that is over
 * D1's 1,000 queries. So the first message fetches the sitemap, keeps its entries
 * in R2 and seeds the first slice; each slice then sends a message for the next
 * one, which reads the entries back instead of fetching the sitemap again. The
 * sitemap's own frontier row stays queued until the last slice, so the run cannot
 * look finished while slices are pending. A redelivered slice is safe: its rows
 * are ignored as known and those still waiting are sent again (runs.ts enqueue).
 */
import { sha256Hex } from "../lib/hash";
import type { CrawlContext } from "./crawl-context";
import type { CrawlMessage } from "./messages";
import { enqueue, type FrontierItem } from "./runs";

/** URLs per message: 1 to 2 insert statements and 10 queue batches. */
export const SEED_SLICE = 1000;

async function snapshotKey(runId: number, sitemapUrl: string): Promise<string> {
  return `crawl-seeds/run-${runId}/${await sha256Hex(sitemapUrl)}.json`;
}

/** Stores the entries for the slices after the first (only when there are any). */
export async function keepSitemapEntries(ctx: CrawlContext, sitemapUrl: string, items: readonly FrontierItem[]): Promise<void> {
  if (items.length <= SEED_SLICE) return;
  await ctx.env.IMAGES.put(await snapshotKey(ctx.run.id, sitemapUrl), JSON.stringify(items), { httpMetadata: { contentType: "application/json" } });
}

/** The stored entries; null once the last slice removed them (a duplicate chain then stops). */
export async function readSitemapEntries(ctx: CrawlContext, sitemapUrl: string): Promise<FrontierItem[] | null> {
  const object = await ctx.env.IMAGES.get(await snapshotKey(ctx.run.id, sitemapUrl));
  return object ? ((await object.json()) as FrontierItem[]) : null;
}

export interface SliceResult {
  queued: number;
  /** Where the next slice starts; null when this was the last one. */
  next: number | null;
}

/** Seeds the slice starting at the message's offset, then sends the message for the next slice. */
export async function seedSlice(ctx: CrawlContext, message: CrawlMessage, items: readonly FrontierItem[]): Promise<SliceResult> {
  const offset = message.seedOffset ?? 0;
  const queued = await enqueue(ctx.db, ctx.env.CRAWL_QUEUE, ctx.run, ctx.source, items.slice(offset, offset + SEED_SLICE), { redelivered: ctx.redelivered });
  const next = offset + SEED_SLICE < items.length ? offset + SEED_SLICE : null;
  if (next !== null) {
    await ctx.env.CRAWL_QUEUE.send({ ...message, attempt: 1, seedOffset: next });
  } else if (offset > 0) {
    await ctx.env.IMAGES.delete(await snapshotKey(ctx.run.id, message.url));
  }
  return { queued, next };
}
