/**
 * The demo crawl with every consumer invocation metered: the queue is driven here
 * (batches of up to 10, max_batch_size; delays shortened), each handleCrawlBatch
 * call being one invocation on local D1/R2/Durable Objects against the demo shop.
 * The run is capped at 80 pages so the file stays short; a batch of 10 product
 * pages is the heaviest invocation a crawl has. It crawls a demo shop of its own, so files
 * running beside it (crawl-demo-shop switches its shop to version 2) cannot change what it sees.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { handleCrawlBatch } from "../../../workers/crawler/consumer";
import type { CrawlMessage } from "../../../workers/crawler/messages";
import { startRun } from "../../../workers/crawler/runs";
import * as schema from "../../../workers/db/schema";
import type {} from "../../support/demo-shop-global-setup";
import { registerDemoSources, setShopVersion } from "../crawl/support";
import { LIMITS, messageBatch, meterEnv, peak } from "./meter";

const PAGE_BUDGET = 80;

describe("a demo crawl, one consumer invocation at a time", () => {
  // Pages and images go out through fetch: a pass-through spy counts them.
  beforeAll(() => void vi.spyOn(globalThis, "fetch"));
  afterAll(() => vi.restoreAllMocks());

  it("keeps every batch within the paid plan's limits", { timeout: 240_000 }, async () => {
    const { limitsUrl, limitsPartnerUrl } = inject("demoShop");
    await setShopVersion(1, limitsUrl);
    await registerDemoSources("demo-gallery", { url: limitsUrl, partnerUrl: limitsPartnerUrl });
    const db = drizzle(env.DB, { schema });
    await db.update(schema.sources).set({ maxPagesPerRun: PAGE_BUDGET }).where(eq(schema.sources.slug, "demo-gallery"));
    const source = (await db.query.sources.findFirst({ where: eq(schema.sources.slug, "demo-gallery") }))!;

    const meter = meterEnv();
    const run = await meter.invoke("start run", (metered) => startRun(drizzle(metered.DB, { schema }), metered.CRAWL_QUEUE, source, "test"));
    const pending: Array<{ body: CrawlMessage; attempts: number; due: number }> = [];
    // The queue's clock is virtual (ms): each invocation takes 100 ms of it, and delays
    // (politeness, back-off) are kept in order but shortened to at most 1 s. How the
    // messages fall into batches then depends on the crawl alone, not on how fast this
    // machine is (with real time, a loaded machine mixed listings into the product batches).
    let clock = 0;
    let seen = 0;
    const collect = () => {
      for (const { body, delaySeconds } of meter.sent.slice(seen)) pending.push({ body, attempts: 1, due: clock + Math.min(1, delaySeconds) * 1000 });
      seen = meter.sent.length;
    };
    collect();
    // Invocations whose messages are all product pages, with how many each had. How many come
    // out full (10) depends on how fast the shop answers: HostGate re-queues what would wait too
    // long, and with other files crawling beside this one that happens more. Costs are per URL.
    const productBatches: Array<{ invocation: number; urls: number }> = [];
    while (pending.length > 0) {
      // Like the queue with a batch timeout: wait until a full batch of 10 is due (or all
      // that is left), so how full the batches are does not depend on how fast this machine is.
      const byDue = [...pending].sort((a, b) => a.due - b.due);
      clock = Math.max(clock, byDue[Math.min(9, byDue.length - 1)]!.due);
      const due = byDue.filter((p) => p.due <= clock).slice(0, 10);
      for (const d of due) pending.splice(pending.indexOf(d), 1);
      const { batch, outcome } = messageBatch(due);
      await meter.invoke(`batch of ${due.length} (${[...new Set(due.map((d) => d.body.kind))].join("+")})`, (metered) => handleCrawlBatch(batch, metered));
      if (due.every((d) => d.body.kind === "product")) productBatches.push({ invocation: meter.invocations.length - 1, urls: due.length });
      clock += 100;
      due.forEach((d, j) => {
        if (outcome.get(j) === "retry") pending.push({ ...d, attempts: d.attempts + 1, due: clock + 200 });
      });
      collect();
    }

    const finished = await db.query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, run.id) });
    expect(finished?.status).toBe("finished");
    expect(finished?.artworksNew).toBeGreaterThan(30);
    console.log(`invocations: ${meter.invocations.map((i) => i.label).join("; ")}`);
    const productUrls = productBatches.reduce((sum, b) => sum + b.urls, 0);
    expect(productBatches.some((b) => b.urls === 10)).toBe(true);
    expect(productUrls).toBeGreaterThanOrEqual(20);

    const all = peak(meter.invocations);
    const products = peak(productBatches.map((b) => meter.invocations[b.invocation]!));
    console.log(`demo crawl (${finished?.pagesFetched} pages, ${finished?.artworksNew} new works): every invocation ${JSON.stringify(all)}`);
    console.log(`batches of product pages only: ${JSON.stringify(products)}; D1 queries each: ${productBatches.map((b) => `${meter.invocations[b.invocation]!.d1Queries} (${b.urls} URLs)`).join(", ")}`);
    // What one product URL costs, over the batches of product pages only (a batch's fixed
    // costs, such as the run lookup and the ledger write, are shared by fewer URLs in a short one).
    const perUrl = (key: "d1Queries" | "d1RoundTrips" | "durableObjectCalls") =>
      productBatches.reduce((sum, b) => sum + meter.invocations[b.invocation]![key], 0) / productUrls;
    const cost = { d1Statements: perUrl("d1Queries"), d1RoundTrips: perUrl("d1RoundTrips"), durableObjectCalls: perUrl("durableObjectCalls") };
    console.log(`per new product URL: ${JSON.stringify(cost)}`);
    // Issue 16: 28 round trips and 5 Durable Object calls per URL before counters, logs and frontier
    // completions were written once per batch and a page's catalogue writes went in one db.batch().
    expect(cost.d1RoundTrips).toBeLessThanOrEqual(16);
    expect(cost.durableObjectCalls).toBeLessThanOrEqual(4.8);
    expect(all.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(all.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
    expect(all.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
  });
});
