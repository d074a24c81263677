/**
 * The extractors against exactly what the demo shop serves: every product page of both
 * catalogue versions, the partner shop, listings and sitemaps, checked against the
 * generator's own data (its ground truth).
 */
import { describe, expect, it } from "vitest";
import { generateCatalog } from "../../../workers/demo-shop/catalog.ts";
import { artworkApiPayload, clientRenderedPage } from "../../../workers/demo-shop/pages/client-rendered.ts";
import { listingPage } from "../../../workers/demo-shop/pages/listing.ts";
import { partnerProductPage } from "../../../workers/demo-shop/pages/partner.ts";
import { productPage } from "../../../workers/demo-shop/pages/product.ts";
import { buildShopState } from "../../../workers/demo-shop/shop-state.ts";
import { artworkSitemap, sitemapIndex } from "../../../workers/demo-shop/sitemaps.ts";
import type { DemoArtwork } from "../../../workers/demo-shop/types.ts";
import { pageImagePath, partnerImagePath, partnerProductPath, productPath, salePath } from "../../../workers/demo-shop/urls.ts";
import { extractArtworks } from "../../../workers/crawler/extract.ts";
import { discoverLinks } from "../../../workers/crawler/parse/links.ts";
import { parseSitemap } from "../../../workers/crawler/parse/sitemap.ts";
import { normaliseTags } from "../../../workers/crawler/parse/text.ts";

const ORIGIN = "http://127.0.0.1:8787";
const PARTNER_ORIGIN = "http://127.0.0.1:8788";
const catalogs = [generateCatalog(1), generateCatalog(2)];
const structured = (w: DemoArtwork) => w.syntax !== "client-rendered" && w.case !== "malformed-jsonld";

function expectSizes(work: DemoArtwork, offers: ReturnType<typeof extractArtworks>[number]["offers"]) {
  expect(offers.map((o) => [o.label, o.widthCm, o.heightCm, o.priceMinor, o.currency, o.sku, o.available])).toEqual(
    work.sizes.map((s) => [s.label, s.widthCm, s.heightCm, s.price, work.currency, s.sku, true]),
  );
}

describe.each(catalogs.map((c) => [c.version, c] as const))("demo shop version %s product pages", (_version, catalog) => {
  const works = catalog.artworks.filter(structured);

  it("covers every syntax and JSON-LD shape", () => {
    expect(new Set(works.map((w) => w.syntax))).toEqual(new Set(["jsonld", "microdata", "opengraph"]));
    expect(new Set(works.filter((w) => w.syntax === "jsonld").map((w) => w.jsonLdShape))).toEqual(new Set(["offer-list", "aggregate-offer", "graph"]));
  });

  it("extracts every structured page exactly as generated", () => {
    for (const work of works) {
      const url = `${ORIGIN}${productPath(work)}`;
      const found = extractArtworks(productPage(work, ORIGIN, productPath(work)), url);
      expect(found, work.slug).toHaveLength(1);
      const art = found[0]!;
      expect(art.syntax).toBe(work.syntax);
      expect(art.title).toBe(work.title);
      expect(art.canonicalUrl).toBe(url);
      expect(art.imageUrls[0]).toBe(`${ORIGIN}${pageImagePath(work, productPath(work))}`);
      expect(art.description).toBe(work.description);
      expect(art.orientation).toBe(work.orientation);
      expect(art.available).toBe(true);
      if (work.syntax === "opengraph") {
        // OpenGraph carries one "from" price and no sizes.
        expect(art.offers.map((o) => [o.priceMinor, o.currency])).toEqual([[Math.min(...work.sizes.map((s) => s.price)), work.currency]]);
        continue;
      }
      expect(art.artist).toBe(work.artist);
      expectSizes(work, art.offers);
      const largest = work.sizes.reduce((a, b) => (b.widthCm * b.heightCm > a.widthCm * a.heightCm ? b : a));
      expect([art.widthCm, art.heightCm]).toEqual([largest.widthCm, largest.heightCm]);
      expect(art.sku).toBe(`AS-${work.id}`);
      if (work.syntax === "jsonld") {
        expect(art.tags).toEqual(normaliseTags(work.tags));
        expect(art.medium).toBe(work.medium);
      }
    }
  });
});

describe("demo shop special pages", () => {
  const [v1] = catalogs;
  const works = v1!.artworks;

  it("finds no structured data on the malformed JSON-LD page", () => {
    const work = works.find((w) => w.case === "malformed-jsonld")!;
    expect(extractArtworks(productPage(work, ORIGIN, productPath(work)), `${ORIGIN}${productPath(work)}`)).toEqual([]);
  });

  it("finds nothing in a client-rendered shell, and the product once the browser has run its script", () => {
    const work = works.find((w) => w.syntax === "client-rendered" && w.case === "normal")!;
    const url = `${ORIGIN}${productPath(work)}`;
    const shell = clientRenderedPage(work, ORIGIN);
    expect(extractArtworks(shell, url)).toEqual([]);
    // What Browser Rendering serialises after the script ran: the JSON-LD injected into <head>.
    const rendered = shell.replace("</head>", `<script type="application/ld+json">${JSON.stringify(artworkApiPayload(work, ORIGIN).jsonLd)}</script></head>`);
    const [art] = extractArtworks(rendered, url);
    expect(art).toMatchObject({ title: work.title, artist: work.artist, canonicalUrl: url });
    expectSizes(work, art!.offers);
  });

  it("extracts the /sale/ duplicate as the same work (same SKU) without a canonical link", () => {
    const work = works.find((w) => w.case === "duplicate-url")!;
    const [art] = extractArtworks(productPage(work, ORIGIN, salePath(work)), `${ORIGIN}${salePath(work)}`);
    expect(art).toMatchObject({ title: work.title, sku: `AS-${work.id}` });
  });

  it("extracts every partner product", () => {
    for (const product of v1!.partner.products) {
      const url = `${PARTNER_ORIGIN}${partnerProductPath(product)}`;
      const [art, ...rest] = extractArtworks(partnerProductPage(v1!.partner.shopName, product, PARTNER_ORIGIN, 360, 270), url);
      expect(rest).toEqual([]);
      expect(art).toMatchObject({ title: product.title, artist: product.artist, canonicalUrl: url, sku: product.sku, imageUrls: [`${PARTNER_ORIGIN}${partnerImagePath(product)}`] });
      expect(art!.offers.map((o) => [o.label, o.priceMinor, o.currency, o.sku])).toEqual(product.sizes.map((s) => [s.label, s.price, product.currency, s.sku]));
    }
  });
});

describe("demo shop discovery", () => {
  const state = buildShopState(catalogs[0]!);

  it("finds every listed product and the next page on a category listing", () => {
    const html = listingPage(state, "landscape", 1, ORIGIN)!;
    const links = discoverLinks(html, `${ORIGIN}/category/landscape`);
    const expected = state.listings.landscape.slice(0, 24).map((e) => `${ORIGIN}${e.path}`);
    expect(links.productLinks.filter((u) => u.includes("/artworks/"))).toEqual(expected.filter((u) => u.includes("/artworks/")));
    expect(links.paginationLinks).toContain(`${ORIGIN}/category/landscape?page=2`);
    expect(links.productLinks.some((u) => u.includes("/private/"))).toBe(false);
  });

  it("reads the sitemap index and its artwork sitemaps", () => {
    const index = parseSitemap(sitemapIndex(state, ORIGIN).xml, `${ORIGIN}/sitemap.xml`);
    expect(index.kind).toBe("index");
    expect(index.entries.at(-1)?.loc).toBe(`${ORIGIN}/sitemaps/categories.xml`);
    const first = parseSitemap(artworkSitemap(state, ORIGIN, 1)!.xml);
    expect(first.kind).toBe("urlset");
    expect(first.entries).toHaveLength(Math.min(200, state.sitemapEntries.length));
    expect(first.entries[0]).toEqual({ loc: `${ORIGIN}${state.sitemapEntries[0]!.path}`, lastmod: state.sitemapEntries[0]!.work.lastModified });
  });
});
