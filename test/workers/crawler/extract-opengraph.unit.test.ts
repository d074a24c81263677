import { describe, expect, it } from "vitest";
import { extractArtworks } from "../../../workers/crawler/extract.ts";
import { PAGE_URL, page } from "./helpers.ts";

describe("OpenGraph product tags", () => {
  it("reads an OG-only product page", () => {
    const html = page(`<meta property="og:type" content="product">
<meta property="og:site_name" content="Demo Art Shop">
<meta property="og:title" content="Yellow Lighthouse">
<meta property="og:description" content="A moody seascape &amp; more.">
<meta property="og:url" content="https://shop.example/artworks/yellow-lighthouse?utm_source=x#top">
<meta property="og:image" content="/images/1008.png">
<meta property="og:image:width" content="360">
<meta property="og:image:height" content="360">
<meta property="product:price:amount" content="50.00">
<meta property="product:price:currency" content="EUR">
<meta property="product:availability" content="in stock">`);
    expect(extractArtworks(html, PAGE_URL)).toEqual([
      {
        syntax: "opengraph",
        syntaxes: ["opengraph"],
        title: "Yellow Lighthouse",
        artist: null,
        description: "A moody seascape & more.",
        medium: null,
        tags: [],
        imageUrls: ["https://shop.example/images/1008.png"],
        imageSize: { width: 360, height: 360 },
        canonicalUrl: "https://shop.example/artworks/yellow-lighthouse?utm_source=x",
        sku: null,
        productId: null,
        offers: [{ label: null, sku: null, widthCm: null, heightCm: null, price: 50, priceMinor: 5000, currency: "EUR", available: true, url: null }],
        widthCm: null,
        heightCm: null,
        orientation: "square",
        available: true,
      },
    ]);
  });

  it("accepts og:price:*, name= instead of property=, brand, tags, sale prices and stock wording", () => {
    const html = page(`<meta name="og:type" content="og:product">
<meta name="og:title" content="Dunes">
<meta property="og:price:amount" content="1299">
<meta property="og:price:currency" content="SEK">
<meta property="product:brand" content="Lena Lindqvist">
<meta property="product:tag" content="Sand"><meta property="product:tag" content="desert">
<meta property="product:availability" content="oos">
<meta property="og:image:secure_url" content="https://cdn.shop.example/dunes.jpg">
<meta property="og:image" content="http://cdn.shop.example/dunes.jpg">`);
    expect(extractArtworks(html, PAGE_URL)[0]).toMatchObject({
      title: "Dunes",
      artist: "Lena Lindqvist",
      tags: ["sand", "desert"],
      imageUrls: ["https://cdn.shop.example/dunes.jpg", "http://cdn.shop.example/dunes.jpg"],
      offers: [{ priceMinor: 129900, currency: "SEK", available: false }],
      available: false,
    });
    const sale = page(`<meta property="og:type" content="product"><meta property="og:title" content="Sale">
<meta property="product:price:amount" content="120"><meta property="product:price:currency" content="USD">
<meta property="product:sale_price:amount" content="99"><meta property="product:sale_price:currency" content="USD">`);
    expect(extractArtworks(sale, PAGE_URL)[0]?.offers[0]).toMatchObject({ priceMinor: 9900, currency: "USD" });
  });

  it("ignores ordinary pages that only have og:title", () => {
    const html = page(`<meta property="og:type" content="website"><meta property="og:title" content="Landscape art | Shop"><meta property="og:image" content="/x.png">`);
    expect(extractArtworks(html, PAGE_URL)).toEqual([]);
  });

  it("cleans double-escaped titles", () => {
    const html = page(`<meta property="og:type" content="product"><meta property="og:title" content="Tide &amp;amp; Time &lt;b&gt;No. 4&lt;/b&gt;">`);
    expect(extractArtworks(html, PAGE_URL)[0]?.title).toBe("Tide & Time No. 4");
  });
});
