/** The partner shop resells main-shop works: same image bytes, its own URLs, prices and currency. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth.ts";
import { bytesOf, findProduct, jsonLdScripts, offerPrices, sitemapLocs, startTestShop, type TestShop } from "../../support/demo-shop.ts";

describe("demo partner shop", () => {
  let shop: TestShop;
  let truth: GroundTruth;

  beforeAll(async () => {
    shop = await startTestShop();
    truth = await shop.groundTruth();
  }, 120_000);
  afterAll(() => shop?.close());

  it("is served on its own origin with its own brand, robots.txt and sitemap", async () => {
    expect(shop.partnerUrl).not.toBe(shop.url);
    expect(truth.partner.origin).toBe(shop.partnerUrl);
    const home = await (await shop.getPartner("/")).text();
    expect(home).toContain(truth.partner.shopName);
    expect(home).not.toContain(truth.shopName);
    expect(await (await shop.getPartner("/robots.txt")).text()).toContain(`Sitemap: ${shop.partnerUrl}/sitemap.xml`);
    const locs = sitemapLocs(await (await shop.getPartner("/sitemap.xml")).text()).map((e) => e.loc);
    expect(locs.sort()).toEqual(truth.partner.products.map((p) => p.url).sort());
  });

  it("shares image bytes with the main shop under different URLs, at different prices", async () => {
    expect(truth.partner.products).toHaveLength(20);
    const main = new Map(truth.works.map((w) => [w.id, w]));
    for (const product of truth.partner.products) {
      const source = main.get(product.duplicateOf.id);
      expect(source).toBeDefined();
      expect(product.duplicateOf.url).toBe(source?.url);
      const html = await (await fetch(product.url ?? "")).text();
      const ld = findProduct(JSON.parse(jsonLdScripts(html)[0] ?? ""));
      expect(ld?.name).toBe(source?.title);
      expect(ld?.image).toBe(product.imageUrl);
      expect(offerPrices(ld)).toEqual(product.sizes.map((s) => s.price));
      expect(product.currency === source?.currency && product.sizes[0]?.price === source?.sizes[0]?.price).toBe(false);
      const partnerBytes = await bytesOf(await fetch(product.imageUrl ?? ""));
      const mainBytes = await bytesOf(await fetch(source?.imageUrl ?? ""));
      expect(product.imageUrl).not.toBe(source?.imageUrl);
      expect(Buffer.from(partnerBytes).equals(Buffer.from(mainBytes))).toBe(true);
    }
  });

  it("does not serve main-shop paths", async () => {
    const work = truth.works[0];
    expect((await shop.getPartner(work?.path ?? "/artworks/x")).status).toBe(404);
  });
});
