/**
 * A 20,000-URL sitemap (the default page budget) seeded to the end on local D1,
 * each consumer invocation metered: within D1's 1,000 queries, 1,000 subrequests
 * and 100 bound parameters a statement. Then the same with the queue failing
 * half-way through a slice: the platform's redelivery still sends every URL.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as schema from "../../../workers/db/schema";
import { handleCrawlBatch } from "../../../workers/crawler/consumer";
import type { CrawlMessage } from "../../../workers/crawler/messages";
import { startRun } from "../../../workers/crawler/runs";
import { SEED_SLICE } from "../../../workers/crawler/sitemap-seed";
import { LIMITS, messageBatch, meterEnv, peak, type Meter } from "./meter";
import { frontierCounts } from "./sitemap-crawl-driver";

const ORIGIN = "http://127.0.0.1:9";
const URLS = 20_000;
const productUrl = (n: number) => `${ORIGIN}/works/${n}`;

function bigSitemap(): string {
  const rows = Array.from({ length: URLS }, (_, i) => `<url><loc>${productUrl(i + 1)}</loc><lastmod>2026-11-0${(i % 9) + 1}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join("\n")}\n</urlset>\n`;
}

const realFetch = globalThis.fetch;
const sitemapXml = bigSitemap();

beforeAll(() => {
  // The shop behind ORIGIN exists only here: robots.txt allows all, /sitemap.xml lists 20,000 works.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== ORIGIN) return realFetch(input, init);
    if (url.pathname === "/robots.txt") return new Response("User-agent: *\nAllow: /\n", { headers: { "Content-Type": "text/plain" } });
    if (url.pathname === "/sitemap.xml") return new Response(sitemapXml, { headers: { "Content-Type": "application/xml" } });
    return new Response("not here", { status: 404 });
  });
});
afterAll(() => vi.restoreAllMocks());

async function addSource(slug: string) {
  const db = drizzle(env.DB, { schema });
  const [source] = await db.insert(schema.sources).values({
    slug, name: slug, baseUrl: `${ORIGIN}/`, sitemapUrls: [`${ORIGIN}/sitemap.xml`], productUrlPatterns: ["/works/\\d+$"],
    crawlDelayMs: 0, maxPagesPerRun: URLS + 10,
  }).returning();
  return source!;
}

/**
 * Drives the crawl queue as the platform would for the sitemap's messages: batches of up to
 * 10 (max_batch_size), a retried message delivered again with attempts + 1. Product messages
 * are collected, not crawled: seeding is what is measured here.
 */
async function seedToTheEnd(meter: Meter, runId: number): Promise<Map<string, number>> {
  const products = new Map<string, number>();
  const pending: Array<{ body: CrawlMessage; attempts: number }> = [];
  let seen = 0;
  const collect = () => {
    for (const { body } of meter.sent.slice(seen)) {
      if (body.runId !== runId) continue;
      if (body.kind === "sitemap") pending.push({ body, attempts: 1 });
      else products.set(body.url, (products.get(body.url) ?? 0) + 1);
    }
    seen = meter.sent.length;
  };
  collect();
  for (let i = 0; pending.length > 0; i++) {
    if (i > 100) throw new Error("seeding did not end");
    const deliveries = pending.splice(0, 10);
    const { batch, outcome } = messageBatch(deliveries);
    await meter.invoke(`consumer batch ${i + 1}`, (metered) => handleCrawlBatch(batch, metered));
    deliveries.forEach((d, j) => {
      if (outcome.get(j) === "retry") pending.push({ body: d.body, attempts: d.attempts + 1 });
    });
    collect();
  }
  return products;
}

describe("a 20,000-URL sitemap", () => {
  it("is seeded to the end, every invocation within the paid plan's limits", async () => {
    const source = await addSource("big-sitemap");
    const meter = meterEnv({ CRAWLER_ALLOWED_PRIVATE_HOSTS: "127.0.0.1:9" });
    const run = await meter.invoke("start run", (metered) => startRun(drizzle(metered.DB, { schema }), metered.CRAWL_QUEUE, source, "test"));
    const products = await seedToTheEnd(meter, run.id);

    expect(products.size).toBe(URLS);
    expect([...products.values()].every((n) => n === 1)).toBe(true);
    expect(await frontierCounts(run.id)).toEqual([
      { kind: "product", status: "queued", n: URLS },
      { kind: "sitemap", status: "done", n: 1 },
    ]);
    const stored = await drizzle(env.DB, { schema }).query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, run.id) });
    expect(stored?.pagesQueued).toBe(URLS + 1);
    // The kept entries are removed with the last slice.
    expect((await env.IMAGES.list({ prefix: `crawl-seeds/run-${run.id}/` })).objects).toHaveLength(0);

    const top = peak(meter.invocations);
    console.log(`20,000-URL sitemap: ${JSON.stringify(top)}`);
    expect(top.invocations).toBe(1 + URLS / SEED_SLICE);
    expect(top.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(top.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
    expect(top.maxBoundParameters).toBeLessThanOrEqual(LIMITS.boundParameters);
  });

  it("loses no URL when the queue fails half-way through a slice", async () => {
    const source = await addSource("big-sitemap-crash");
    const meter = meterEnv({ CRAWLER_ALLOWED_PRIVATE_HOSTS: "127.0.0.1:9" });
    const run = await meter.invoke("start run", (metered) => startRun(drizzle(metered.DB, { schema }), metered.CRAWL_QUEUE, source, "test"));
    // The first slice sends 10 batches: the 15th sendBatch is the 5th of the second slice.
    meter.failSendBatchAfter(15);
    const products = await seedToTheEnd(meter, run.id);

    expect(products.size).toBe(URLS);
    // Only the failed slice's waiting rows may go out twice.
    const twice = [...products.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(SEED_SLICE);
    expect(await frontierCounts(run.id)).toEqual([
      { kind: "product", status: "queued", n: URLS },
      { kind: "sitemap", status: "done", n: 1 },
    ]);
    const top = peak(meter.invocations);
    console.log(`20,000-URL sitemap with a failed send: ${JSON.stringify(top)}, sent twice: ${twice}`);
    expect(top.d1Queries).toBeLessThanOrEqual(LIMITS.d1Queries);
    expect(top.subrequests).toBeLessThanOrEqual(LIMITS.subrequests);
  });
});
