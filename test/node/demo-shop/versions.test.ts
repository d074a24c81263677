/** Switching the shop to version 2 and what a re-crawl should notice. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth, GroundTruthWork } from "../../../workers/demo-shop/ground-truth.ts";
import { STYLES } from "../../../workers/demo-shop/types.ts";
import { findProduct, jsonLdScripts, offerPrices, productCardLinks, sitemapLocs, startTestShop, type TestShop } from "../../support/demo-shop.ts";

async function allSitemapUrls(shop: TestShop): Promise<Set<string>> {
  const urls = new Set<string>();
  for (const child of sitemapLocs(await shop.text("/sitemap.xml"))) {
    for (const entry of sitemapLocs(await (await fetch(child.loc)).text())) urls.add(entry.loc);
  }
  return urls;
}

async function allListedPaths(shop: TestShop): Promise<Set<string>> {
  const paths = new Set<string>();
  for (const style of STYLES) {
    for (let page = 1; ; page++) {
      const response = await shop.get(`/category/${style}?page=${page}`);
      if (response.status === 404) break;
      for (const href of productCardLinks(await response.text())) paths.add(href);
    }
  }
  return paths;
}

describe("demo shop versions", () => {
  let shop: TestShop;
  let v1: GroundTruth;
  let v2: GroundTruth;
  const etags = new Map<string, string>();

  beforeAll(async () => {
    shop = await startTestShop();
    v1 = await shop.groundTruth();
    for (const work of v1.works.filter((w) => w.case === "normal")) {
      const response = await shop.get(work.path);
      await response.arrayBuffer();
      etags.set(work.path, response.headers.get("etag") ?? "");
    }
    const switched = await shop.get("/__demo/version", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version: 2 }),
    });
    expect(await switched.json()).toEqual({ version: 2 });
    v2 = await shop.groundTruth();
  }, 120_000);
  afterAll(() => shop?.close());

  it("reports version 2 in the ground truth with the expected changes", () => {
    expect(v1.version).toBe(1);
    expect(v2.version).toBe(2);
    expect(v2.removed.length).toBeGreaterThan(10);
    expect(v2.works.length).toBeGreaterThan(500);
  });

  it("serves changed prices on repriced works, with a new ETag and Last-Modified", async () => {
    const before = new Map(v1.works.map((w) => [w.id, w]));
    const repriced = v2.works.filter((w) => {
      const old = before.get(w.id);
      return old && JSON.stringify(old.sizes) !== JSON.stringify(w.sizes);
    });
    expect(repriced.length).toBeGreaterThan(30);
    for (const work of repriced) {
      const response = await shop.get(work.path);
      const html = await response.text();
      expect(response.headers.get("etag")).not.toBe(etags.get(work.path));
      expect(response.headers.get("last-modified")).toBe(new Date(work.lastModified).toUTCString());
      if (work.syntax === "jsonld") {
        const product = findProduct(JSON.parse(jsonLdScripts(html)[0] ?? ""));
        expect(offerPrices(product)).toEqual(work.sizes.map((s) => s.price));
      }
      if (work.syntax === "client-rendered") {
        const api = (await (await shop.get(`/api/artworks/${work.id}.json`)).json()) as { sizes: Array<{ price: number }> };
        expect(api.sizes.map((s) => s.price)).toEqual(work.sizes.map((s) => s.price));
      }
      // A conditional request with the old ETag now gets the new page.
      const conditional = await shop.get(work.path, { headers: { "If-None-Match": etags.get(work.path) ?? "" } });
      expect(conditional.status).toBe(200);
      await conditional.arrayBuffer();
    }
  });

  it("keeps unchanged pages byte-identical: same ETag, 304 on revalidation", async () => {
    const unchanged = v2.works.filter((w) => {
      const old = v1.works.find((o) => o.id === w.id);
      return old && old.case === "normal" && JSON.stringify(old) === JSON.stringify(w);
    });
    expect(unchanged.length).toBeGreaterThan(400);
    for (const work of unchanged) {
      const response = await shop.get(work.path, { headers: { "If-None-Match": etags.get(work.path) ?? "" } });
      expect(response.status, work.path).toBe(304);
    }
  });

  it("answers 410 Gone for removed works and drops them from sitemaps and listings", async () => {
    const sitemap = await allSitemapUrls(shop);
    const listed = await allListedPaths(shop);
    for (const gone of v2.removed) {
      const response = await fetch(gone.url);
      expect([404, 410]).toContain(response.status);
      expect(response.status).toBe(410);
      expect(sitemap.has(gone.url)).toBe(false);
      expect(listed.has(new URL(gone.url).pathname)).toBe(false);
      expect((await fetch(`${shop.url}/images/${gone.id}.png`)).status).toBe(404);
    }
  });

  it("adds new works to pages, sitemaps and listings", async () => {
    const oldIds = new Set(v1.works.map((w) => w.id));
    const added: GroundTruthWork[] = v2.works.filter((w) => !oldIds.has(w.id));
    expect(added.length).toBeGreaterThan(10);
    const sitemap = await allSitemapUrls(shop);
    const listed = await allListedPaths(shop);
    for (const work of added) {
      expect((await shop.get(work.path)).status).toBe(200);
      expect(sitemap.has(work.url)).toBe(true);
      expect(listed.has(work.path)).toBe(true);
      expect(work.createdAt > v1.publishedAt).toBe(true);
    }
  });

  it("switches back to version 1 on request", async () => {
    await shop.get("/__demo/version", { method: "POST", body: JSON.stringify({ version: 1 }), headers: { "content-type": "application/json" } });
    const gone = v2.removed[0];
    expect((await fetch(gone?.url ?? "")).status).toBe(200);
    const bad = await shop.get("/__demo/version", { method: "POST", body: JSON.stringify({ version: 3 }) });
    expect(bad.status).toBe(400);
    shop.shop.setVersion(2);
    expect((await fetch(gone?.url ?? "")).status).toBe(410);
  });
});

describe("a small demo shop's version 2 (the first N works)", () => {
  let small: TestShop;

  beforeAll(async () => {
    small = await startTestShop({ works: 160 });
  }, 120_000);
  afterAll(() => small?.close());

  it("reprices and removes some of its works and adds new ones, in the whole shop's proportions", async () => {
    const v1 = await small.groundTruth();
    small.shop.setVersion(2);
    const v2 = await small.groundTruth();
    const v1Ids = new Set(v1.works.map((w) => w.id));
    const added = v2.works.filter((w) => !v1Ids.has(w.id));
    // 5% of 160, the whole shop's version 2 share; they are its first new works.
    expect(added.length).toBe(8);
    expect(added.map((w) => w.id)).toEqual(Array.from({ length: 8 }, (_, i) => 1541 + i));
    for (const work of added) expect((await small.get(work.path)).status, work.path).toBe(200);
    expect(v2.removed.length).toBeGreaterThan(0);
    expect(v2.removed.every((w) => v1Ids.has(w.id))).toBe(true);
    const sitemapPaths = new Set([...(await allSitemapUrls(small))].map((url) => new URL(url).pathname));
    for (const work of added) expect(sitemapPaths.has(work.path), work.path).toBe(true);
    for (const gone of v2.removed) expect(sitemapPaths.has(new URL(gone.url).pathname), gone.url).toBe(false);
    const v1ById = new Map(v1.works.map((w) => [w.id, w]));
    expect(v2.works.filter((w) => v1ById.has(w.id) && v1ById.get(w.id)!.minPrice !== w.minPrice).length).toBeGreaterThan(0);
  });
});
