import { describe, expect, it } from "vitest";
import { extractPage, extractWithSelectors } from "../../../workers/crawler/extract.ts";
import { PAGE_URL, page } from "./helpers.ts";

const productPage = page(
  `<link rel="canonical" href="/artworks/blue-hour">`,
  `<div class="product">
  <h1 class="product-title">Blue&nbsp;Hour <small>(signed)</small></h1>
  <p class="artist">by <a href="/artists/vera">Vera Varga</a></p>
  <div class="gallery"><img class="main" src="data:image/gif;base64,R0l" data-src="/img/blue-hour.jpg"><img class="main" srcset="/img/bh-480.jpg 480w, /img/bh-1200.jpg 1200w"></div>
  <div class="desc"><p>Evening light.</p><p>Oil on board.</p></div>
  <ul class="sizes">
    <li>30 × 40 cm — $45.00</li>
    <li data-price="89.50" data-sku="BH-L">50 x 70 cm</li>
    <li>One size fits all</li>
  </ul>
  <span class="price">From $45.00</span>
  <p class="tags">Tags: Blue, evening, Oil Painting</p>
</div>`,
);

const selectors = {
  title: "h1.product-title",
  artist: ".artist",
  price: ".price",
  image: "img.main",
  description: ".desc",
  sizes: "ul.sizes li",
  tags: ".tags",
};

describe("per-source CSS selectors", () => {
  it("extracts a page with no structured data", () => {
    const [art, ...rest] = extractWithSelectors(productPage, PAGE_URL, selectors);
    expect(rest).toEqual([]);
    expect(art).toMatchObject({
      syntax: "selectors",
      title: "Blue Hour (signed)",
      artist: "Vera Varga",
      description: "Evening light. Oil on board.",
      tags: ["blue", "evening", "oil-painting"],
      imageUrls: ["https://shop.example/img/blue-hour.jpg", "https://shop.example/img/bh-1200.jpg"],
      canonicalUrl: "https://shop.example/artworks/blue-hour",
      widthCm: 50,
      heightCm: 70,
      orientation: "portrait",
    });
    expect(art?.offers.map((o) => [o.label, o.sku, o.widthCm, o.heightCm, o.priceMinor, o.currency])).toEqual([
      ["30 × 40 cm", null, 30, 40, 4500, "USD"],
      ["50 x 70 cm", "BH-L", 50, 70, 8950, null],
      ["One size fits all", null, null, null, null, null],
    ]);
  });

  it("falls back to the price selector when there are no sizes, with the source's currency", () => {
    const [art] = extractWithSelectors(productPage, PAGE_URL, { title: "h1", price: ".price" }, { currency: "CAD" });
    expect(art?.offers).toEqual([{ label: null, sku: null, widthCm: null, heightCm: null, price: 45, priceMinor: 4500, currency: "CAD", available: null, url: null }]);
  });

  it("reads attributes with 'selector@attr'", () => {
    const html = page(`<meta name="twitter:title" content="From Meta">`, `<a class="zoom" href="/full/big.jpg"><img src="/thumb.jpg"></a><h1 data-name="Attr Title">Text Title</h1>`);
    const [art] = extractWithSelectors(html, PAGE_URL, { title: "h1@data-name", image: "a.zoom@href" });
    expect(art).toMatchObject({ title: "Attr Title", imageUrls: ["https://shop.example/full/big.jpg"] });
    expect(extractWithSelectors(html, PAGE_URL, { title: "meta[name='twitter:title']" })[0]?.title).toBe("From Meta");
  });

  it("extracts several products from product roots on a listing", () => {
    const html = page(
      "",
      `<div class="card"><h2>One</h2><span class="p">£10</span><a href="/p/one"><img src="/1.jpg"></a></div>
<div class="card"><h2>Two</h2><span class="p">£20</span></div><div class="card"><span class="p">£30</span></div>`,
    );
    const found = extractWithSelectors(html, "https://shop.example/list", { product: ".card", title: "h2", price: ".p", image: "img" });
    expect(found.map((a) => [a.title, a.offers[0]?.priceMinor, a.offers[0]?.currency])).toEqual([
      ["One", 1000, "GBP"],
      ["Two", 2000, "GBP"],
    ]);
  });

  it("keeps script-looking text as plain text", () => {
    const html = page("", `<h1>&lt;script&gt;alert(1)&lt;/script&gt; Study</h1><script>alert(2)</script>`);
    expect(extractWithSelectors(html, PAGE_URL, { title: "h1" })[0]?.title).toBe("<script>alert(1)</script> Study");
  });

  it("treats an invalid selector as matching nothing", () => {
    expect(() => extractWithSelectors(productPage, PAGE_URL, { title: "h1[[[", price: ":nope(" })).not.toThrow();
    expect(extractWithSelectors(productPage, PAGE_URL, { title: "h1[[[" })).toEqual([]);
    expect(extractWithSelectors(productPage, PAGE_URL, { title: ".missing" })).toEqual([]);
  });

  it("runs as the least trusted syntax in extractPage, filling gaps only", () => {
    const html = productPage.replace(
      "</head>",
      `<meta property="og:type" content="product"><meta property="og:title" content="OG Title"><meta property="product:price:amount" content="40"><meta property="product:price:currency" content="USD"></head>`,
    );
    const [art, ...rest] = extractPage(html, PAGE_URL, { selectors });
    expect(rest).toEqual([]);
    expect(art).toMatchObject({ syntax: "opengraph", syntaxes: ["opengraph", "selectors"], title: "OG Title", artist: "Vera Varga" });
    // OpenGraph's single "from" price gives way to the size table the selectors read in full.
    expect(art!.offers.length).toBeGreaterThan(1);
    expect(art!.offers.some((o) => o.widthCm !== null && o.priceMinor !== null)).toBe(true);
  });
});
