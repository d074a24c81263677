/**
 * A sitemap index of a million works (21 parts of up to 50,000 URLs, neighbouring parts
 * overlapping by 100, the first listed twice), crawled on local D1 with every consumer invocation metered. Every URL
 * is seeded into the frontier through the consumer; 1 product page in SAMPLE_EVERY is crawled
 * through it as the seeding goes (the rest would take a day here), the rest is closed by SQL,
 * and the consumer ends the run with a last batch.
 *
 * What it shows: the frontier and its dedupe hold a million URLs (each work once), seeding goes
 * at a steady rate from the first 100,000 URLs to the last, and no invocation's work grows with
 * the frontier (D1 queries, subrequests, rows read). Not part of `npm test` (it takes tens of
 * minutes): `npm run trial:sitemap -- --million` runs it. MILLION_WORKS (at least 200,000)
 * picks another size.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import * as schema from "../../../workers/db/schema";
import { startRun } from "../../../workers/crawler/runs";
import type { CrawlMessage } from "../../../workers/crawler/messages";
import { type Invocation, LIMITS, meterEnv, peak } from "./meter";
import { MAX_BATCH, driveQueue, frontierCounts } from "./sitemap-crawl-driver";
import { SEED_SLICE } from "../../../workers/crawler/sitemap-seed";
import { TINY_ORIGIN, sitemapParts, tinyShopResponse, tinySitemapIndex, workNumber, workUrl } from "./tiny-shop";

declare module "vitest" {
  interface ProvidedContext {
    /** Set by `npm run trial:sitemap -- --million` from MILLION_WORKS (the isolate has no process env). */
    millionWorks?: number;
  }
}

const WORKS = inject("millionWorks") ?? 1_000_000;
const SAMPLE_EVERY = 500;
const LAST_BATCH = 10;
const WINDOW = 100_000;
const PARTS = sitemapParts(WORKS);

const realFetch = globalThis.fetch;
const indexXml = tinySitemapIndex(WORKS);
const SITEMAP_URL = `${TINY_ORIGIN}/sitemap.xml`;

beforeAll(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return tinyShopResponse(url, indexXml) ?? realFetch(input, init);
  });
});
afterAll(() => vi.restoreAllMocks());

interface Window {
  from: number;
  seconds: number;
  crawled: number;
  invocations: Invocation[];
}

describe(`a sitemap index of ${WORKS.toLocaleString("en")} URLs`, () => {
  it("is seeded into the frontier at a steady rate, each work once, and crawled to the end (a sample)", { timeout: 4 * 3600_000 }, async () => {
    const started = Date.now();
    const db = drizzle(env.DB, { schema });
    const [source] = await db.insert(schema.sources).values({
      slug: "million-sitemap", name: "million-sitemap", baseUrl: `${TINY_ORIGIN}/`, sitemapUrls: [SITEMAP_URL], productUrlPatterns: ["/works/\\d+$"],
      // A budget well clear of the works: near it, slices running side by side reserve room for
      // URLs that turn out to be duplicates, and the run stops short (page_budget_reached).
      crawlDelayMs: 0, maxPagesPerRun: WORKS * 2,
    }).returning();
    const meter = meterEnv({ CRAWLER_ALLOWED_PRIVATE_HOSTS: "127.0.0.1:9" });
    const run = await meter.invoke("start run", (metered) => startRun(drizzle(metered.DB, { schema }), metered.CRAWL_QUEUE, source!, "test"));

    // Windows of 100,000 URLs discovered: how long each took and what its invocations did.
    let discovered = 0;
    let crawled = 0;
    let windowStart = Date.now();
    let windowFrom = 0;
    const windows: Window[] = [];
    const sampled = (n: number) => n % SAMPLE_EVERY === 0 && n <= WORKS - LAST_BATCH;
    const take = (m: CrawlMessage) => {
      discovered++;
      return sampled(workNumber(m.url));
    };
    let lastInvocation = meter.invocations.length;
    const closeWindow = () => {
      windows.push({ from: windows.length * WINDOW, seconds: (Date.now() - windowStart) / 1000, crawled: crawled - windowFrom, invocations: meter.invocations.slice(lastInvocation) });
      lastInvocation = meter.invocations.length;
      windowStart = Date.now();
      windowFrom = crawled;
      const w = windows.at(-1)!;
      const top = peak(w.invocations);
      console.log(`  ${(w.from / 1000).toFixed(0)}k-${((w.from + WINDOW) / 1000).toFixed(0)}k URLs: ${w.seconds.toFixed(1)} s (${Math.round(WINDOW / w.seconds)} URLs/s), ${w.crawled} pages crawled, ${w.invocations.length} invocations, at most ${top.d1Queries} D1 queries, ${top.subrequests} subrequests, ${top.d1RowsRead} rows read`);
    };
    await driveQueue(meter, run.id, take, 0, {
      keepHeldBack: false,
      forgetSent: true,
      onInvocation: (delivered) => {
        crawled += delivered.filter((m) => m.kind === "product").length;
        while (discovered >= (windows.length + 1) * WINDOW && windows.length < WORKS / WINDOW) closeWindow();
      },
    });

    // Every work once, whatever the overlaps and the part listed twice.
    expect(await frontierCounts(run.id)).toEqual([
      { kind: "product", status: "done", n: crawled },
      { kind: "product", status: "queued", n: WORKS - crawled },
      { kind: "sitemap", status: "done", n: PARTS + 1 },
    ]);
    const seedSeconds = (Date.now() - started) / 1000;

    // Close all but the last batch as if crawled; the consumer crawls that and ends the run.
    const last = Array.from({ length: LAST_BATCH }, (_, i) => workUrl(WORKS - LAST_BATCH + 1 + i));
    await env.DB.prepare(`UPDATE crawl_frontier SET status = 'done', outcome = 'closed by the trial', done_at = ?
      WHERE run_id = ? AND status = 'queued' AND url NOT IN (SELECT value FROM json_each(?))`)
      .bind(Date.now(), run.id, JSON.stringify(last)).run();
    await env.DB.prepare("UPDATE crawl_runs SET pages_fetched = pages_fetched + ? WHERE id = ?").bind(WORKS - crawled - LAST_BATCH, run.id).run();
    meter.sent.push(...last.map((url) => ({ body: { runId: run.id, sourceId: source!.id, url, kind: "product" as const, attempt: 1 }, delaySeconds: 0 })));
    const end = await driveQueue(meter, run.id, () => true, 0, { keepHeldBack: false });
    expect(end.invocations).toBe(1);
    crawled += LAST_BATCH;

    const finished = await db.query.crawlRuns.findFirst({ where: (r, { eq }) => eq(r.id, run.id) });
    expect(finished).toMatchObject({ status: "finished", phase: "done", pagesFailed: 0, artworksNew: crawled, imagesStored: crawled });
    expect(finished?.errorsByKind).toEqual({});
    expect(await frontierCounts(run.id)).toEqual([
      { kind: "product", status: "done", n: WORKS },
      { kind: "sitemap", status: "done", n: PARTS + 1 },
    ]);

    const all = meter.invocations;
    const top = peak(all);
    const beforeEnd = peak(all.slice(0, -1));
    const rates = windows.map((w) => WINDOW / w.seconds);
    console.log(
      `${WORKS.toLocaleString("en")}-URL sitemap index: seeded with ${crawled} pages crawled in ${seedSeconds.toFixed(1)} s, ${all.length} invocations; ` +
        `seeding rate per ${WINDOW / 1000}k URLs ${Math.round(Math.min(...rates))}-${Math.round(Math.max(...rates))} URLs/s (first ${Math.round(rates[0]!)}, last ${Math.round(rates.at(-1)!)}); ` +
        `every invocation ${JSON.stringify(top)}; rows read at most ${beforeEnd.d1RowsRead} before the last, ${all.at(-1)!.d1RowsRead} in it`,
    );
    expect(top.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(top.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
    expect(top.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
    // Here the parts' slices run side by side, up to a batch of them per invocation; each slice of
    // SEED_SLICE URLs may read a few rows per URL (the frontier's unique index, json_each), never
    // a number that grows with the frontier.
    expect(beforeEnd.d1RowsRead).toBeLessThanOrEqual(MAX_BATCH * 5 * SEED_SLICE);
    // Flat: the last 100,000 URLs cost no invocation more rows than the second 100,000 did (the
    // first window holds the index and each part's first fetch), and no seeding invocation more
    // queries or subrequests. (Batches of 10 product pages, which come once the seeding thins
    // out at the end, cost more queries than seeding ones: that is the mix, not the frontier.)
    const seeding = (w: Window) => peak(w.invocations.filter((i) => i.label.endsWith("(sitemap)")));
    const [second, lastWindow] = [windows[1]!, windows.at(-1)!];
    expect(peak(lastWindow.invocations).d1RowsRead).toBeLessThanOrEqual(peak(second.invocations).d1RowsRead);
    expect(seeding(lastWindow).d1Queries).toBeLessThanOrEqual(seeding(second).d1Queries);
    expect(seeding(lastWindow).subrequests).toBeLessThanOrEqual(seeding(second).subrequests);
  });
});
