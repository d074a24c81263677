import { describe, expect, it } from "vitest";
import { extractArtworks, extractPage } from "../../../workers/crawler/extract.ts";
import { PAGE_URL, jsonLd, page } from "./helpers.ts";

const only = (html: string, url = PAGE_URL) => {
  const found = extractArtworks(html, url);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("JSON-LD Product", () => {
  it("reads a plain Product with an Offer list (Shopify-style)", () => {
    const html = page(
      `<link rel="canonical" href="/artworks/tide-and-time">` +
        jsonLd({
          "@context": "https://schema.org/",
          "@type": "Product",
          name: "Tide & Time",
          description: "<p>A quiet <em>seascape</em>.</p>\n<p>Giclée print.</p>",
          sku: "TT-1",
          gtin13: "4006381333931",
          image: ["https://cdn.shop.example/tide.jpg?v=2", "//cdn.shop.example/tide-detail.jpg"],
          brand: { "@type": "Brand", name: "Ada Albers" },
          keywords: ["Seascape", "blue", "Giclée Print", "blue"],
          material: "Giclée print on cotton rag",
          offers: [
            { "@type": "Offer", name: "30 × 40 cm", sku: "TT-1-S", price: "45.00", priceCurrency: "USD", availability: "https://schema.org/InStock", url: "/artworks/tide-and-time?variant=1" },
            { "@type": "Offer", name: "60 × 80 cm", sku: "TT-1-L", price: 129.5, priceCurrency: "USD", availability: "http://schema.org/OutOfStock" },
          ],
        }),
    );
    expect(only(html)).toEqual({
      syntax: "jsonld",
      syntaxes: ["jsonld"],
      title: "Tide & Time",
      artist: "Ada Albers",
      description: "A quiet seascape. Giclée print.",
      medium: "Giclée print on cotton rag",
      tags: ["seascape", "blue", "giclee-print"],
      imageUrls: ["https://cdn.shop.example/tide.jpg?v=2", "https://cdn.shop.example/tide-detail.jpg"],
      imageSize: null,
      canonicalUrl: "https://shop.example/artworks/tide-and-time",
      sku: "TT-1",
      productId: "4006381333931",
      offers: [
        { label: "30 × 40 cm", sku: "TT-1-S", widthCm: 30, heightCm: 40, price: 45, priceMinor: 4500, currency: "USD", available: true, url: "https://shop.example/artworks/tide-and-time?variant=1" },
        { label: "60 × 80 cm", sku: "TT-1-L", widthCm: 60, heightCm: 80, price: 129.5, priceMinor: 12950, currency: "USD", available: false, url: null },
      ],
      widthCm: 60,
      heightCm: 80,
      orientation: "portrait",
      available: true,
    });
  });

  it("follows @graph, @id references and ImageObject sizes", () => {
    const base = "https://shop.example/artworks/harbour";
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@graph": [
          { "@type": "WebSite", "@id": "https://shop.example/#website", name: "Shop", url: "https://shop.example/" },
          { "@type": "WebPage", "@id": `${base}#webpage`, url: base, mainEntity: { "@id": `${base}#product` } },
          { "@type": "BreadcrumbList", itemListElement: [{ "@type": "ListItem", position: 1, name: "Home", item: "https://shop.example/" }] },
          { "@type": "Person", "@id": "https://shop.example/#artist-7", name: "Bruno Brandt" },
          {
            "@type": "Product",
            "@id": `${base}#product`,
            name: "Harbour at Dusk",
            url: base,
            image: { "@type": "ImageObject", url: "https://shop.example/images/7.png", width: 360, height: 240 },
            creator: { "@id": "https://shop.example/#artist-7" },
            offers: { "@id": `${base}#offer` },
          },
          { "@type": "Offer", "@id": `${base}#offer`, price: "1299.00", priceCurrency: "EUR", availability: "InStock" },
        ],
      }),
    );
    const art = only(html, base);
    expect(art.title).toBe("Harbour at Dusk");
    expect(art.artist).toBe("Bruno Brandt");
    expect(art.productId).toBe(`${base}#product`);
    expect(art.canonicalUrl).toBe(base);
    expect(art.imageSize).toEqual({ width: 360, height: 240 });
    expect(art.orientation).toBe("landscape");
    expect(art.offers).toEqual([
      { label: null, sku: null, widthCm: null, heightCm: null, price: 1299, priceMinor: 129900, currency: "EUR", available: true, url: null },
    ]);
  });

  it("reads an AggregateOffer with nested offers, which inherit its currency", () => {
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "Serene Tide",
        image: ["https://shop.example/images/5.png"],
        creator: { "@type": "Person", name: "Bruno Whitfield" },
        offers: {
          "@type": "AggregateOffer",
          lowPrice: 249,
          highPrice: 539,
          priceCurrency: "GBP",
          offerCount: 3,
          offers: [
            { "@type": "Offer", name: "45 × 60 cm", price: 249, availability: "https://schema.org/InStock" },
            { "@type": "Offer", name: "60 × 80 cm", price: 389 },
            { "@type": "Offer", name: "75 × 100 cm", price: 539.99, priceCurrency: "USD" },
          ],
        },
      }),
    );
    const art = only(html);
    expect(art.artist).toBe("Bruno Whitfield");
    expect(art.offers.map((o) => [o.label, o.priceMinor, o.currency])).toEqual([
      ["45 × 60 cm", 24900, "GBP"],
      ["60 × 80 cm", 38900, "GBP"],
      ["75 × 100 cm", 53999, "USD"],
    ]);
    expect([art.widthCm, art.heightCm]).toEqual([75, 100]);
  });

  it("reads an AggregateOffer without nested offers as one 'from' price", () => {
    const html = page(jsonLd({ "@context": "https://schema.org", "@type": "Product", name: "Dunes", offers: { "@type": "AggregateOffer", lowPrice: "35.00", highPrice: "120.00", priceCurrency: "USD" } }));
    expect(only(html).offers.map((o) => [o.priceMinor, o.currency])).toEqual([[3500, "USD"]]);
  });

  it("turns ProductGroup variants into offers and skips the variants listed beside it", () => {
    const group = "https://shop.example/artworks/fern#group";
    const variant = (sku: string, size: string, price: string) => ({
      "@type": "Product",
      "@id": `https://shop.example/artworks/fern#${sku}`,
      sku,
      name: `Fern – ${size}`,
      size,
      isVariantOf: { "@id": group },
      image: `https://shop.example/images/fern-${sku}.jpg`,
      offers: { "@type": "Offer", price, priceCurrency: "EUR", availability: "https://schema.org/InStock" },
    });
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@graph": [
          {
            "@type": "ProductGroup",
            "@id": group,
            name: "Fern",
            productGroupID: "FERN",
            variesBy: "https://schema.org/size",
            brand: { "@type": "Brand", name: "Greta Goldberg" },
            hasVariant: [{ "@id": "https://shop.example/artworks/fern#F-S" }, { "@id": "https://shop.example/artworks/fern#F-L" }],
          },
          variant("F-S", "20 x 30 cm", "39,00"),
          variant("F-L", "40 x 60 cm", "79.00"),
        ],
      }),
    );
    const art = only(html);
    expect(art.title).toBe("Fern");
    expect(art.artist).toBe("Greta Goldberg");
    expect(art.offers.map((o) => [o.label, o.sku, o.widthCm, o.heightCm, o.priceMinor, o.currency])).toEqual([
      ["20 x 30 cm", "F-S", 20, 30, 3900, "EUR"],
      ["40 x 60 cm", "F-L", 40, 60, 7900, "EUR"],
    ]);
    expect(art.imageUrls).toEqual(["https://shop.example/images/fern-F-S.jpg", "https://shop.example/images/fern-F-L.jpg"]);
  });

  it("reads inline hasVariant on a Product too", () => {
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "Orbit",
        hasVariant: [
          { "@type": "Product", name: "Small", width: { "@type": "QuantitativeValue", value: 12, unitCode: "INH" }, height: { "@type": "QuantitativeValue", value: 16, unitCode: "INH" }, offers: { "@type": "Offer", price: 30, priceCurrency: "USD" } },
          { "@type": "Product", name: "Large", width: "50 cm", height: "70 cm", offers: { "@type": "Offer", price: 90, priceCurrency: "USD" } },
        ],
      }),
    );
    expect(only(html).offers.map((o) => [o.label, o.widthCm, o.heightCm, o.priceMinor])).toEqual([
      ["Small", 30.5, 40.6, 3000],
      ["Large", 50, 70, 9000],
    ]);
  });

  it("reads VisualArtwork: artist, artMedium, physical width/height, @type arrays and prefixes", () => {
    const html = page(
      jsonLd({
        "@context": "http://schema.org",
        "@type": ["Product", "VisualArtwork"],
        name: "Composition No. 7",
        artist: { "@type": "Person", givenName: "Wren", familyName: "Whitfield" },
        creator: "Somebody Else",
        brand: "The Shop",
        artMedium: ["Oil", "canvas"],
        artform: "Painting",
        width: { "@type": "QuantitativeValue", value: 100, unitCode: "CMT" },
        height: { "@type": "QuantitativeValue", value: 100, unitText: "cm" },
        offers: { "@type": "Offer", price: "2,450.00", priceCurrency: "usd" },
      }) +
        jsonLd({ "@context": "http://schema.org", "@type": "schema:Product", "schema:name": "Prefixed Study", "schema:offers": { "@type": "http://schema.org/Offer", "schema:price": 10, "schema:priceCurrency": "EUR" } }),
    );
    const found = extractArtworks(html, PAGE_URL);
    expect(found).toHaveLength(2);
    const [visual, prefixed] = found;
    expect(visual).toMatchObject({ title: "Composition No. 7", artist: "Wren Whitfield", medium: "Oil, canvas", widthCm: 100, heightCm: 100, orientation: "square" });
    expect(visual?.offers[0]).toMatchObject({ priceMinor: 245000, currency: "USD", widthCm: 100, heightCm: 100 });
    expect(prefixed).toMatchObject({ title: "Prefixed Study", offers: [{ priceMinor: 1000, currency: "EUR" }] });
  });

  it("prefers the selling price in priceSpecification over a strikethrough price", () => {
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "Poppies",
        offers: {
          "@type": "Offer",
          priceSpecification: [
            { "@type": "UnitPriceSpecification", priceType: "https://schema.org/StrikethroughPrice", price: 120, priceCurrency: "GBP" },
            { "@type": "UnitPriceSpecification", price: 99, priceCurrency: "GBP" },
          ],
        },
      }),
    );
    expect(only(html).offers[0]).toMatchObject({ priceMinor: 9900, currency: "GBP" });
  });

  it("reads sizes from additionalProperty and a product-level size onto a lone offer", () => {
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "Meadow",
        additionalProperty: [
          { "@type": "PropertyValue", name: "Dimensions", value: "16 x 20 in" },
          { "@type": "PropertyValue", name: "Medium", value: "Watercolour on paper" },
        ],
        offers: { "@type": "Offer", price: 60, priceCurrency: "USD" },
      }),
    );
    const art = only(html);
    expect(art).toMatchObject({ medium: "Watercolour on paper", widthCm: 40.6, heightCm: 50.8, orientation: "portrait" });
    expect(art.offers[0]).toMatchObject({ widthCm: 40.6, heightCm: 50.8, priceMinor: 6000 });
  });

  it("maps availability and reports an artwork with every offer sold out as unavailable", () => {
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "Sold Study",
        offers: [
          { "@type": "Offer", name: "A", price: 10, priceCurrency: "USD", availability: "https://schema.org/SoldOut" },
          { "@type": "Offer", name: "B", price: 20, priceCurrency: "USD", availability: "schema:Discontinued" },
          { "@type": "Offer", name: "C", price: 30, priceCurrency: "USD", availability: "https://schema.org/PreOrder" },
        ],
      }),
    );
    const art = only(html);
    expect(art.offers.map((o) => o.available)).toEqual([false, false, true]);
    expect(art.available).toBe(true);
    const soldOut = only(page(jsonLd({ "@type": "Product", name: "Gone", offers: { "@type": "Offer", price: 5, priceCurrency: "USD", availability: "OutOfStock" } })));
    expect(soldOut.available).toBe(false);
  });

  it("cleans HTML and entities out of names, never interpreting script-looking text", () => {
    const html = page(
      jsonLd({ "@context": "https://schema.org", "@type": "Product", name: "Tide &amp; Time <b>No. 4</b>", brand: { "@type": "Brand", name: "  Ada&nbsp;Albers\n " }, description: "Caf&eacute; <br/>scene" }) +
        `<script type="application/ld+json">{"@type":"Product","name":"\\u003cscript\\u003ealert('x')\\u003c/script\\u003eMoonrise","description":"<img src=x onerror=alert(1)>Quiet"}</script>`,
    );
    const [first, second] = extractArtworks(html, PAGE_URL);
    expect(first).toMatchObject({ title: "Tide & Time No. 4", artist: "Ada Albers", description: "Café scene" });
    expect(second).toMatchObject({ title: "Moonrise", description: "Quiet" });
  });

  it("keeps working when one block is malformed", () => {
    const html = page(
      `<script type="application/ld+json">{"@type": "Product", "name": "Broken", "offers": [ {"price": 1},</script>` +
        jsonLd({ "@context": "https://schema.org", "@type": "Product", name: "Intact", offers: { "@type": "Offer", price: 12, priceCurrency: "USD" } }) +
        `<script type="application/ld+json"></script><script type="application/ld+json">not json at all</script>`,
    );
    expect(extractArtworks(html, PAGE_URL).map((a) => a.title)).toEqual(["Intact"]);
  });

  it("repairs the usual CMS damage: comment and CDATA wrappers, raw newlines, escaped quotes", () => {
    const html = page(
      `<script type="application/ld+json"><!--\n{"@type":"Product","name":"Wrapped"}\n--></script>` +
        `<script type="application/ld+json">//<![CDATA[\n{"@type":"Product","name":"Cdata"}\n//]]></script>` +
        `<script type="application/ld+json">{"@type":"Product","name":"Multi\nline","description":"a\tb"}</script>` +
        `<script type="application/ld+json">{&quot;@type&quot;:&quot;Product&quot;,&quot;name&quot;:&quot;Escaped&quot;}</script>` +
        `<script type="application/ld+json; charset=utf-8">{"@type":"Product","name":"Typed"}</script>`,
    );
    expect(extractArtworks(html, PAGE_URL).map((a) => a.title)).toEqual(["Wrapped", "Cdata", "Multi line", "Escaped", "Typed"]);
  });

  it("finds each product of an ItemList on a listing page, each with its own URL", () => {
    const html = page(
      `<link rel="canonical" href="https://shop.example/category/seascape">` +
        jsonLd({
          "@context": "https://schema.org",
          "@type": "ItemList",
          itemListElement: [
            { "@type": "ListItem", position: 1, item: { "@type": "Product", name: "Bay", url: "/artworks/bay", offers: { "@type": "Offer", price: 10, priceCurrency: "USD" } } },
            { "@type": "ListItem", position: 2, item: { "@type": "Product", name: "Shore", url: "/artworks/shore", offers: { "@type": "Offer", price: 20, priceCurrency: "USD" } } },
          ],
        }),
    );
    expect(extractArtworks(html, "https://shop.example/category/seascape").map((a) => [a.title, a.canonicalUrl])).toEqual([
      ["Bay", "https://shop.example/artworks/bay"],
      ["Shore", "https://shop.example/artworks/shore"],
    ]);
  });

  it("resolves relative images against <base href> and drops non-http ones", () => {
    const html = page(
      `<base href="https://cdn.shop.example/assets/">` +
        jsonLd({ "@type": "Product", name: "Based", image: ["img/a.jpg", "/b.jpg", "data:image/png;base64,AAAA", "javascript:alert(1)", { "@type": "ImageObject", contentUrl: "c.jpg" }] }),
    );
    expect(only(html).imageUrls).toEqual(["https://cdn.shop.example/assets/img/a.jpg", "https://cdn.shop.example/b.jpg", "https://cdn.shop.example/assets/c.jpg"]);
  });

  it("leaves the currency unknown when the page has none, unless the source gives a default", () => {
    const html = page(jsonLd({ "@type": "Product", name: "Yen Print", offers: { "@type": "Offer", price: "3980" } }));
    expect(only(html).offers[0]).toMatchObject({ price: 3980, priceMinor: 398000, currency: null });
    expect(extractPage(html, PAGE_URL, { defaultCurrency: "JPY" })[0]?.offers[0]).toMatchObject({ price: 3980, priceMinor: 3980, currency: "JPY" });
  });

  it("reads string prices written the way people write them", () => {
    const html = page(jsonLd({ "@type": "Product", name: "Human", offers: [{ "@type": "Offer", name: "a", price: "$1,299.00" }, { "@type": "Offer", name: "b", price: "1.299,00", priceCurrency: "EUR" }] }));
    expect(only(html).offers.map((o) => [o.priceMinor, o.currency])).toEqual([
      [129900, "USD"],
      [129900, "EUR"],
    ]);
  });

  it("reads a top-level Offer that wraps its product in itemOffered", () => {
    const html = page(jsonLd({ "@context": "https://schema.org", "@type": "Offer", price: "75.00", priceCurrency: "AUD", itemOffered: { "@type": "Product", name: "Wrapped Offer", sku: "WO-1" } }));
    expect(only(html)).toMatchObject({ title: "Wrapped Offer", sku: "WO-1", offers: [{ priceMinor: 7500, currency: "AUD" }] });
  });

  it("drops products without a name and pages without products", () => {
    expect(extractArtworks(page(jsonLd({ "@type": "Product", offers: { "@type": "Offer", price: 1 } })), PAGE_URL)).toEqual([]);
    expect(extractArtworks(page(jsonLd({ "@type": "Organization", name: "Shop" })), PAGE_URL)).toEqual([]);
    expect(extractArtworks("", PAGE_URL)).toEqual([]);
  });

  it("merges a product repeated in two blocks (theme plus plugin)", () => {
    const product = { "@type": "Product", name: "Twice", sku: "TW-1" };
    const html = page(jsonLd({ ...product, offers: { "@type": "Offer", price: 10, priceCurrency: "USD" } }) + jsonLd({ ...product, brand: "Rosa Rasmussen" }));
    const art = only(html);
    expect(art).toMatchObject({ artist: "Rosa Rasmussen", offers: [{ priceMinor: 1000 }] });
  });

  it("survives hostile JSON: deep nesting, huge arrays, wrong types", () => {
    let deep: unknown = { "@type": "Product", name: "Deep" };
    for (let i = 0; i < 5000; i++) deep = [deep];
    const wrongTypes = { "@type": "Product", name: ["Array", "Name"], offers: "free", image: 42, brand: { name: { nested: true } }, keywords: 7, sku: { "@value": "SKU-9" } };
    const html = page(`<script type="application/ld+json">${JSON.stringify(deep)}</script>` + jsonLd(wrongTypes));
    const found = extractArtworks(html, PAGE_URL);
    expect(found.map((a) => a.title)).toEqual(["Array"]);
    expect(found[0]).toMatchObject({ sku: "SKU-9", offers: [], imageUrls: [], artist: null, tags: ["7"] });
    const cyclic = page(
      jsonLd({
        "@graph": [
          { "@type": "Product", "@id": "#p", name: "Cyclic", size: { "@id": "#s" }, offers: { "@id": "#o" } },
          { "@type": "SizeSpecification", "@id": "#s", size: { "@id": "#p" } },
          { "@type": "AggregateOffer", "@id": "#o", offers: { "@id": "#o" }, lowPrice: 5, priceCurrency: "USD" },
        ],
      }),
    );
    expect(extractArtworks(cyclic, PAGE_URL)).toMatchObject([{ title: "Cyclic" }]);
  });
});
