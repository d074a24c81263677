import { describe, expect, it } from "vitest";
import { extractArtworks } from "../../../workers/crawler/extract.ts";
import { PAGE_URL, page } from "./helpers.ts";

describe("microdata Product", () => {
  it("reads a product with nested offers, meta/link values and visible text", () => {
    const html = page(
      `<link rel="canonical" href="https://shop.example/artworks/cool-meadow">`,
      `<article itemscope itemtype="https://schema.org/Product">
  <img itemprop="image" src="/images/1003.png" width="288" height="360" alt="Cool Meadow">
  <h1 itemprop="name">Cool   Meadow</h1>
  <p>by <span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Soren Tanaka</span></span></p>
  <meta itemprop="sku" content="AS-1003">
  <meta itemprop="keywords" content="landscape, meadow, Cool">
  <p itemprop="description">A <em>cool</em> landscape &amp; more.</p>
  <table><tbody>
    <tr itemprop="offers" itemscope itemtype="https://schema.org/Offer">
      <td itemprop="name">40 × 50 cm</td>
      <td>$45.00<meta itemprop="price" content="45.00"><meta itemprop="priceCurrency" content="USD"><meta itemprop="sku" content="AS-1003-A"><link itemprop="availability" href="https://schema.org/InStock"><link itemprop="url" href="/artworks/cool-meadow?size=AS-1003-A"></td>
    </tr>
    <tr itemprop="offers" itemscope itemtype="http://schema.org/Offer">
      <td itemprop="name">56 × 70 cm</td>
      <td>$75.00<meta itemprop="price" content="75.00"><meta itemprop="priceCurrency" content="USD"><link itemprop="availability" href="http://schema.org/OutOfStock"></td>
    </tr>
  </tbody></table>
</article>`,
    );
    const [art, ...rest] = extractArtworks(html, PAGE_URL);
    expect(rest).toEqual([]);
    expect(art).toEqual({
      syntax: "microdata",
      syntaxes: ["microdata"],
      title: "Cool Meadow",
      artist: "Soren Tanaka",
      description: "A cool landscape & more.",
      medium: null,
      tags: ["landscape", "meadow", "cool"],
      imageUrls: ["https://shop.example/images/1003.png"],
      imageSize: { width: 288, height: 360 },
      canonicalUrl: "https://shop.example/artworks/cool-meadow",
      sku: "AS-1003",
      productId: null,
      offers: [
        { label: "40 × 50 cm", sku: "AS-1003-A", widthCm: 40, heightCm: 50, price: 45, priceMinor: 4500, currency: "USD", available: true, url: "https://shop.example/artworks/cool-meadow?size=AS-1003-A" },
        { label: "56 × 70 cm", sku: null, widthCm: 56, heightCm: 70, price: 75, priceMinor: 7500, currency: "USD", available: false, url: null },
      ],
      widthCm: 56,
      heightCm: 70,
      orientation: "portrait",
      available: true,
    });
  });

  it("parses visible price text when there is no content attribute", () => {
    const html = page(
      "",
      `<div itemscope itemtype="http://schema.org/Product"><span itemprop="name">Bands</span>
<div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><span itemprop="price">1.299,00 €</span></div></div>`,
    );
    expect(extractArtworks(html, PAGE_URL)[0]?.offers[0]).toMatchObject({ price: 1299, priceMinor: 129900, currency: "EUR" });
  });

  it("reads AggregateOffer, artist/creator people, material and lazy images", () => {
    const html = page(
      "",
      `<div itemscope itemtype="https://schema.org/VisualArtwork https://schema.org/Product">
<h2 itemprop="name">Orbit</h2>
<span itemprop="creator" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ines Ivanova</span></span>
<span itemprop="artMedium">Screen print</span>
<img itemprop="image" src="data:image/gif;base64,R0lGOD" data-src="/img/orbit-large.jpg">
<div itemprop="offers" itemscope itemtype="https://schema.org/AggregateOffer">
  <meta itemprop="lowPrice" content="30"><meta itemprop="priceCurrency" content="GBP">
</div></div>`,
    );
    expect(extractArtworks(html, PAGE_URL)[0]).toMatchObject({
      title: "Orbit",
      artist: "Ines Ivanova",
      medium: "Screen print",
      imageUrls: ["https://shop.example/img/orbit-large.jpg"],
      offers: [{ priceMinor: 3000, currency: "GBP" }],
    });
  });

  it("supports itemref, several products, and ignores non-product items", () => {
    const html = page(
      "",
      `<div itemscope itemtype="https://schema.org/Organization"><span itemprop="name">The Shop</span></div>
<ul>
  <li itemscope itemtype="https://schema.org/Product" itemref="shared-brand"><a itemprop="url" href="/artworks/a"><span itemprop="name">A</span></a></li>
  <li itemscope itemtype="https://schema.org/Product"><a itemprop="url" href="/artworks/b"><span itemprop="name">B</span></a></li>
</ul>
<p id="shared-brand">Artist: <span itemprop="brand">Tove Tanaka</span></p>`,
    );
    expect(extractArtworks(html, "https://shop.example/category/x").map((a) => [a.title, a.artist, a.canonicalUrl])).toEqual([
      ["A", "Tove Tanaka", "https://shop.example/artworks/a"],
      ["B", null, "https://shop.example/artworks/b"],
    ]);
  });

  it("keeps escaped script-looking text as plain text", () => {
    const html = page("", `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">&lt;script&gt;alert(1)&lt;/script&gt; Study</h1><script>document.title = "x"</script></div>`);
    expect(extractArtworks(html, PAGE_URL)[0]?.title).toBe("<script>alert(1)</script> Study");
  });

  it("tolerates broken markup around the item", () => {
    const html = `<div itemscope itemtype="https://schema.org/Product"><p><span itemprop="name">Unclosed<b> Title</span><div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="12"><meta itemprop="priceCurrency" content="EUR">`;
    expect(extractArtworks(html, PAGE_URL)[0]).toMatchObject({ title: "Unclosed Title", offers: [{ priceMinor: 1200, currency: "EUR" }] });
  });
});
