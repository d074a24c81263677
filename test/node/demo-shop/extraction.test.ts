/** Each extraction syntax carries the ground-truth data, and only that syntax. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth, GroundTruthWork } from "../../../workers/demo-shop/ground-truth.ts";
import { decodeEntities, findProduct, jsonLdScripts, metaContents, offerPrices, startTestShop, type TestShop } from "../../support/demo-shop.ts";

type Node = Record<string, unknown>;

function priceOf(value: unknown): number {
  return Math.round(Number(value) * 100);
}

describe("demo shop product pages", () => {
  let shop: TestShop;
  let truth: GroundTruth;
  const normal = (syntax: string): GroundTruthWork[] => truth.works.filter((w) => w.case === "normal" && w.syntax === syntax);

  beforeAll(async () => {
    shop = await startTestShop();
    truth = await shop.groundTruth();
  }, 120_000);
  afterAll(() => shop?.close());

  it("JSON-LD pages carry a Product matching ground truth, in all three shapes", async () => {
    const works = normal("jsonld");
    const shapes = new Set<string>();
    for (const work of works) {
      const html = await shop.text(work.path);
      const scripts = jsonLdScripts(html);
      expect(scripts).toHaveLength(1);
      const product = findProduct(JSON.parse(scripts[0] ?? ""));
      expect(product, work.path).toBeDefined();
      if (!product) continue;
      shapes.add(work.jsonLdShape ?? "");
      expect(product.name).toBe(work.title);
      expect(product.url).toBe(work.url);
      const image = product.image;
      const imageUrl = typeof image === "string" ? image : Array.isArray(image) ? image[0] : (image as Node).url;
      expect(imageUrl).toBe(work.imageUrl);
      const artist = ((product.brand ?? product.creator) as Node).name;
      expect(artist).toBe(work.artist);
      const offersField = product.offers as Node | Node[];
      const offers = (Array.isArray(offersField) ? offersField : (offersField.offers as Node[])) ?? [];
      expect(offerPrices(product)).toEqual(work.sizes.map((s) => s.price));
      expect(offers.map((o) => o.priceCurrency)).toEqual(work.sizes.map(() => work.currency));
      expect(offers.map((o) => o.name)).toEqual(work.sizes.map((s) => s.label));
      if (!Array.isArray(offersField)) {
        expect(offersField["@type"]).toBe("AggregateOffer");
        expect(priceOf(offersField.lowPrice)).toBe(work.minPrice);
        expect(priceOf(offersField.highPrice)).toBe(work.maxPrice);
      }
      // No other syntax on a JSON-LD page.
      expect(html).not.toContain("itemscope");
      expect(html).not.toContain('property="og:');
    }
    expect([...shapes].sort()).toEqual(["aggregate-offer", "graph", "offer-list"]);
  });

  it("microdata pages mark up name, image, brand and one Offer per size", async () => {
    for (const work of normal("microdata").slice(0, 25)) {
      const html = await shop.text(work.path);
      expect(jsonLdScripts(html)).toHaveLength(0);
      expect(html).toContain('itemscope itemtype="https://schema.org/Product"');
      expect(html).toContain(`<h1 itemprop="name">`);
      expect(decodeEntities(/<h1 itemprop="name">([^<]*)<\/h1>/.exec(html)?.[1] ?? "")).toBe(work.title);
      expect(html).toMatch(new RegExp(`<img src="${work.imageUrl}"[^>]* itemprop="image">`));
      expect(decodeEntities(/itemprop="brand"[^>]*><span itemprop="name">([^<]*)</.exec(html)?.[1] ?? "")).toBe(work.artist);
      expect(html.match(/itemtype="https:\/\/schema.org\/Offer"/g)).toHaveLength(work.sizes.length);
      expect(metaContents(html, "itemprop", "price").map(priceOf)).toEqual(work.sizes.map((s) => s.price));
      expect(metaContents(html, "itemprop", "priceCurrency")).toEqual(work.sizes.map(() => work.currency));
    }
  });

  it("OpenGraph pages carry og:title, og:image and product price tags, plus visible artist and sizes", async () => {
    for (const work of normal("opengraph").slice(0, 25)) {
      const html = await shop.text(work.path);
      expect(jsonLdScripts(html)).toHaveLength(0);
      expect(html).not.toContain("itemprop");
      expect(metaContents(html, "property", "og:type")).toEqual(["product"]);
      expect(metaContents(html, "property", "og:title")).toEqual([work.title]);
      expect(metaContents(html, "property", "og:image")).toEqual([work.imageUrl]);
      expect(metaContents(html, "property", "product:price:amount").map(priceOf)).toEqual([work.minPrice]);
      expect(metaContents(html, "property", "product:price:currency")).toEqual([work.currency]);
      const text = decodeEntities(html);
      expect(text).toContain(work.artist);
      for (const size of work.sizes) expect(text).toContain(size.label);
    }
  });

  it("client-rendered pages hide the product from plain HTTP; the JSON endpoint has it", async () => {
    const works = normal("client-rendered");
    expect(works.length).toBeGreaterThan(40);
    for (const work of works.slice(0, 25)) {
      const html = await shop.text(work.path);
      expect(decodeEntities(html)).not.toContain(work.title);
      expect(decodeEntities(html)).not.toContain(work.artist);
      expect(jsonLdScripts(html)).toHaveLength(0);
      expect(html).not.toContain('property="og:title"');
      expect(html).toContain(`data-artwork-id="${work.id}"`);
      expect(html).toContain('<script src="/static/artwork.js" defer>');
      const api = (await (await shop.get(`/api/artworks/${work.id}.json`)).json()) as Node;
      expect(api.title).toBe(work.title);
      expect(api.artist).toBe(work.artist);
      expect(findProduct(api.jsonLd)?.name).toBe(work.title);
    }
    const script = await shop.get("/static/artwork.js");
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const code = await script.text();
    expect(code).toContain("application/ld+json");
    expect(code).toContain("/api/artworks/");
  });

  it("shows prices in each currency's local style", async () => {
    const pick = (currency: string): GroundTruthWork | undefined =>
      truth.works.find((w) => w.case === "normal" && w.syntax === "jsonld" && w.currency === currency && w.maxPrice >= 100_000);
    const usd = pick("USD");
    const eur = pick("EUR");
    const gbp = truth.works.find((w) => w.case === "normal" && w.syntax === "jsonld" && w.currency === "GBP");
    expect(usd && eur && gbp).toBeTruthy();
    expect(await shop.text(usd?.path ?? "")).toMatch(/\$\d{1,3}(,\d{3})+\.\d\d</);
    expect(await shop.text(eur?.path ?? "")).toMatch(/\d{1,3}(\.\d{3})+,\d\d €</);
    expect(await shop.text(gbp?.path ?? "")).toMatch(/£\d[\d,]*(\.\d\d)?</);
  });

  it("uses the request's origin for absolute URLs, or baseUrl when configured", async () => {
    const fixed = await startTestShop({ baseUrl: "https://shop.example" });
    try {
      const work = normal("jsonld")[0];
      const html = await fixed.text(work?.path ?? "");
      expect(html).toContain(`https://shop.example${work?.path ?? ""}`);
      expect(html).not.toContain(fixed.url);
    } finally {
      await fixed.close();
    }
  });
});
