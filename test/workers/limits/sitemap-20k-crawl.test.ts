/**
 * A 20,000-URL sitemap crawled, not only seeded, on local D1: every consumer invocation
 * metered (D1 queries, subrequests, bound parameters, rows read) until the run reports
 * finished with its counters and frontier in agreement.
 *
 * The works are minimal valid product pages, each with its own 16x16 PNG (tiny-shop.ts):
 * the normal path of a product page (fetch, extract, image stored in R2, artwork, offer,
 * price, tags) at its smallest. A page without a product would be cheaper but skips the
 * catalogue writes, which are most of a page's D1 queries.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import * as schema from "../../../workers/db/schema";
import { startRun } from "../../../workers/crawler/runs";
import { LIMITS, meterEnv, peak } from "./meter";
import { driveQueue, frontierCounts } from "./sitemap-crawl-driver";
import { TINY_ORIGIN, TINY_WORKS, tinyShopResponse, tinySitemap, workNumber } from "./tiny-shop";

const realFetch = globalThis.fetch;
const sitemapXml = tinySitemap();
const SITEMAP_URL = `${TINY_ORIGIN}/sitemap.xml`;

beforeAll(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return tinyShopResponse(url, sitemapXml) ?? realFetch(input, init);
  });
});
afterAll(() => vi.restoreAllMocks());

async function addSource(slug: string) {
  const db = drizzle(env.DB, { schema });
  const [source] = await db.insert(schema.sources).values({
    slug, name: slug, baseUrl: `${TINY_ORIGIN}/`, sitemapUrls: [SITEMAP_URL], productUrlPatterns: ["/works/\\d+$"],
    crawlDelayMs: 0, maxPagesPerRun: TINY_WORKS + 10,
  }).returning();
  return source!;
}

declare module "vitest" {
  interface ProvidedContext {
    /** Set by `npm run trial:sitemap`: crawl all 20,000 works instead of a sample. */
    sitemapCrawlAll?: boolean;
  }
}

/**
 * npm test crawls 1 work in SAMPLE_EVERY (about 0.1 s a page here: all 20,000 take half an
 * hour), closes the rest of the frontier as if crawled, and lets the real consumer finish the
 * run with the last batch. `npm run trial:sitemap` crawls every work through the consumer.
 */
const ALL = inject("sitemapCrawlAll") === true;
const SAMPLE_EVERY = 50;
const LAST_BATCH = 10;

const runRow = (id: number) => drizzle(env.DB, { schema }).query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, id) });

describe("a 20,000-URL sitemap", () => {
  it(ALL ? "is crawled to the end (every work)" : "is crawled to the end (a sample, the rest closed)", { timeout: ALL ? 3 * 3600_000 : 300_000 }, async () => {
    const started = Date.now();
    const source = await addSource("big-sitemap-crawl");
    const meter = meterEnv({ CRAWLER_ALLOWED_PRIVATE_HOSTS: "127.0.0.1:9" });
    const run = await meter.invoke("start run", (metered) => startRun(drizzle(metered.DB, { schema }), metered.CRAWL_QUEUE, source, "test"));

    // The sample keeps back the last batch of works for the run's end.
    const sampled = (n: number) => ALL || (n % SAMPLE_EVERY === 0 && n <= TINY_WORKS - LAST_BATCH);
    const first = await driveQueue(meter, run.id, (m) => sampled(workNumber(m.url)));
    let crawled = TINY_WORKS - first.heldBack.length;

    if (!ALL) {
      // Mid-run, the run goes on: counters match the frontier, nothing finished early.
      const mid = await runRow(run.id);
      expect(mid).toMatchObject({ status: "running", phase: "discovering", pagesFetched: crawled + 1, artworksNew: crawled, imagesStored: crawled, pagesFailed: 0 });
      expect(await frontierCounts(run.id)).toEqual([
        { kind: "product", status: "done", n: crawled },
        { kind: "product", status: "queued", n: TINY_WORKS - crawled },
        { kind: "sitemap", status: "done", n: 1 },
      ]);
      // The works not sampled are closed as a crawl would close them, but for the last batch,
      // which the consumer crawls: the run's end is then detected among 20,000 frontier rows.
      const last = first.heldBack.slice(-LAST_BATCH);
      await env.DB.prepare(`UPDATE crawl_frontier SET status = 'done', outcome = 'closed by the test', done_at = ?
        WHERE run_id = ? AND status = 'queued' AND url NOT IN (SELECT value FROM json_each(?))`)
        .bind(Date.now(), run.id, JSON.stringify(last.map((m) => m.url))).run();
      await env.DB.prepare("UPDATE crawl_runs SET pages_fetched = pages_fetched + ? WHERE id = ?").bind(first.heldBack.length - LAST_BATCH, run.id).run();
      const from = meter.sent.length;
      meter.sent.push(...last.map((body) => ({ body, delaySeconds: 0 })));
      const end = await driveQueue(meter, run.id, () => true, from);
      expect(end.invocations).toBe(1);
      crawled += LAST_BATCH;
    }

    const ms = Date.now() - started;
    const finished = await runRow(run.id);
    expect(finished).toMatchObject({ status: "finished", phase: "done", pagesQueued: TINY_WORKS + 1, pagesFetched: TINY_WORKS + 1, pagesFailed: 0 });
    expect(finished).toMatchObject({ artworksNew: crawled, imagesStored: crawled });
    expect(finished?.errorsByKind).toEqual({});
    expect(await frontierCounts(run.id)).toEqual([
      { kind: "product", status: "done", n: TINY_WORKS },
      { kind: "sitemap", status: "done", n: 1 },
    ]);

    const invocations = meter.invocations;
    const top = peak(invocations);
    // The run's last invocation looks for known works this run did not reach (one read of the
    // source's offers, once a run); every other one must read no more as the run grows.
    const beforeEnd = peak(invocations.slice(0, -1));
    console.log(`20,000-URL sitemap, ${crawled} works crawled through the consumer: ${invocations.length} invocations, ${(ms / 1000).toFixed(1)} s; every invocation ${JSON.stringify(top)}; rows read at most ${beforeEnd.d1RowsRead} before the last, ${invocations.at(-1)!.d1RowsRead} in it`);
    expect(top.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(top.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
    expect(top.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
    expect(beforeEnd.d1RowsRead).toBeLessThan(5_000);
  });
});
