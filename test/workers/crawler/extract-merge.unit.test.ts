import { describe, expect, it } from "vitest";
import { extractArtworks } from "../../../workers/crawler/extract.ts";
import { PAGE_URL, jsonLd, page } from "./helpers.ts";

describe("one product in several syntaxes", () => {
  const ogTags = `<meta property="og:type" content="product">
<meta property="og:title" content="Tide and Time | The Shop">
<meta property="og:image" content="https://cdn.shop.example/og/tide.jpg">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
<meta property="product:brand" content="OG Brand">
<meta property="product:price:amount" content="39.00"><meta property="product:price:currency" content="USD">`;

  it("merges JSON-LD, microdata and OpenGraph, the more trusted syntax winning field by field", () => {
    const html = page(
      ogTags + jsonLd({ "@context": "https://schema.org", "@type": "Product", name: "Tide & Time", sku: "TT-1", image: "https://cdn.shop.example/tide.jpg", offers: { "@type": "Offer", price: 45, priceCurrency: "USD" } }),
      `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Tide &amp; Time</h1><meta itemprop="sku" content="TT-1">
<span itemprop="brand">Ada Albers</span><p itemprop="description">From microdata.</p></div>`,
    );
    const [art, ...rest] = extractArtworks(html, PAGE_URL);
    expect(rest).toEqual([]);
    expect(art).toMatchObject({
      syntax: "jsonld",
      syntaxes: ["jsonld", "microdata", "opengraph"],
      title: "Tide & Time",
      artist: "Ada Albers",
      description: "From microdata.",
      imageUrls: ["https://cdn.shop.example/tide.jpg", "https://cdn.shop.example/og/tide.jpg"],
      imageSize: { width: 1200, height: 630 },
      offers: [{ priceMinor: 4500 }],
    });
  });

  it("takes prices from a less trusted syntax when the trusted one has none", () => {
    const html = page(ogTags + jsonLd({ "@type": "Product", name: "Tide & Time" }));
    expect(extractArtworks(html, PAGE_URL)[0]).toMatchObject({ syntaxes: ["jsonld", "opengraph"], artist: "OG Brand", offers: [{ priceMinor: 3900, currency: "USD" }] });
  });

  it("does not merge an OpenGraph page product into one of several JSON-LD products with other names", () => {
    const html = page(ogTags + jsonLd([{ "@type": "Product", name: "One" }, { "@type": "Product", name: "Two" }]));
    expect(extractArtworks(html, PAGE_URL).map((a) => a.title)).toEqual(["One", "Two", "Tide and Time | The Shop"]);
  });

  it("still extracts other syntaxes when the JSON-LD is broken", () => {
    const html = page(`<script type="application/ld+json">{"@type":"Product","name":"Broken",</script>` + ogTags);
    expect(extractArtworks(html, PAGE_URL)).toMatchObject([{ syntax: "opengraph", title: "Tide and Time | The Shop" }]);
  });
});

describe("robustness", () => {
  it("never throws on garbage", () => {
    const inputs = [
      "",
      "<",
      "<<<>>>",
      "\u0000\u0001",
      "<script type='application/ld+json'>",
      "<div itemscope itemtype='https://schema.org/Product'><div itemscope itemprop='offers'>".repeat(200),
      "<meta property='og:type' content='product'><meta property='og:title'>",
      `<script type="application/ld+json">${"[".repeat(100000)}</script>`,
    ];
    for (const html of inputs) expect(() => extractArtworks(html, PAGE_URL)).not.toThrow();
    expect(() => extractArtworks("<h1>x</h1>", "not a url")).not.toThrow();
  });

  it("does not execute or fetch anything it parses", () => {
    const html = page(
      `<script>globalThis.__pwned = true;</script><img src=x onerror="globalThis.__pwned = true">` +
        jsonLd({ "@type": "Product", name: "Safe", image: "javascript:globalThis.__pwned=true" }),
    );
    const [art] = extractArtworks(html, PAGE_URL);
    expect(art).toMatchObject({ title: "Safe", imageUrls: [] });
    expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it("handles a large page quickly", () => {
    const cards = Array.from({ length: 300 }, (_, i) => ({ "@type": "Product", name: `Work ${i}`, url: `/artworks/${i}`, offers: { "@type": "Offer", price: i + 1, priceCurrency: "USD" } }));
    const html = page(jsonLd({ "@type": "ItemList", itemListElement: cards }), "<p>filler</p>".repeat(20000));
    const started = Date.now();
    expect(extractArtworks(html, "https://shop.example/list")).toHaveLength(300);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
