/**
 * schema.org Product as JSON-LD, in the three shapes real shops use: a plain Offer list, an
 * AggregateOffer with nested Offers, and a Product inside an "@graph" with WebSite and
 * BreadcrumbList nodes. Prices are strings in one shape and numbers in another, on purpose.
 */
import { SHOP_NAME } from "../catalog.ts";
import { decimalPrice } from "../money.ts";
import type { DemoArtwork, DraftArtwork } from "../types.ts";
import { categoryPath } from "../urls.ts";
import { STYLE_LABELS } from "../words.ts";

const CONTEXT = "https://schema.org";
const IN_STOCK = "https://schema.org/InStock";

export interface JsonLdUrls {
  origin: string;
  pagePath: string;
  imagePath: string;
}

type Json = Record<string, unknown>;

function productCore(work: DemoArtwork, urls: JsonLdUrls): Json {
  return {
    "@type": "Product",
    name: work.title,
    description: work.description,
    sku: `AS-${work.id}`,
    url: `${urls.origin}${urls.pagePath}`,
    category: STYLE_LABELS[work.style],
    keywords: work.tags.join(", "),
    material: work.medium,
    additionalProperty: [
      ...work.sizes.map((size) => ({ "@type": "PropertyValue", name: "size", value: size.label })),
      { "@type": "PropertyValue", name: "orientation", value: work.orientation },
    ],
  };
}

function offer(work: DemoArtwork, urls: JsonLdUrls, index: number, numericPrice: boolean): Json {
  const size = work.sizes[index];
  if (!size) throw new Error(`work ${work.id} has no size ${index}`);
  return {
    "@type": "Offer",
    name: size.label,
    sku: size.sku,
    price: numericPrice ? size.price / 100 : decimalPrice(size.price),
    priceCurrency: work.currency,
    availability: IN_STOCK,
    url: `${urls.origin}${urls.pagePath}?size=${size.sku}`,
  };
}

/** The JSON-LD document for a product page (one object, ready for JSON.stringify). */
export function productJsonLd(work: DemoArtwork, urls: JsonLdUrls): Json {
  const imageUrl = `${urls.origin}${urls.imagePath}`;
  const offers = work.sizes.map((_, i) => offer(work, urls, i, work.jsonLdShape === "aggregate-offer"));
  switch (work.jsonLdShape) {
    case "offer-list":
      return {
        "@context": CONTEXT,
        ...productCore(work, urls),
        image: imageUrl,
        brand: { "@type": "Brand", name: work.artist },
        offers,
      };
    case "aggregate-offer": {
      const prices = work.sizes.map((s) => s.price);
      return {
        "@context": CONTEXT,
        ...productCore(work, urls),
        image: [imageUrl],
        creator: { "@type": "Person", name: work.artist },
        offers: {
          "@type": "AggregateOffer",
          lowPrice: Math.min(...prices) / 100,
          highPrice: Math.max(...prices) / 100,
          priceCurrency: work.currency,
          offerCount: prices.length,
          offers,
        },
      };
    }
    case "graph":
      return {
        "@context": CONTEXT,
        "@graph": [
          { "@type": "WebSite", "@id": `${urls.origin}/#website`, name: SHOP_NAME, url: `${urls.origin}/` },
          {
            "@type": "BreadcrumbList",
            itemListElement: [
              { "@type": "ListItem", position: 1, name: "Home", item: `${urls.origin}/` },
              { "@type": "ListItem", position: 2, name: STYLE_LABELS[work.style], item: `${urls.origin}${categoryPath(work.style)}` },
              { "@type": "ListItem", position: 3, name: work.title },
            ],
          },
          {
            "@id": `${urls.origin}${urls.pagePath}#product`,
            ...productCore(work, urls),
            image: { "@type": "ImageObject", url: imageUrl, width: work.image.width, height: work.image.height },
            brand: { "@type": "Brand", name: work.artist },
            creator: { "@type": "Person", name: work.artist },
            offers,
          },
        ],
      };
  }
}

/** A minimal Product for the private drafts (only a crawler ignoring robots.txt ever sees it). */
export function draftJsonLd(draft: DraftArtwork, pageUrl: string): Json {
  return {
    "@context": CONTEXT,
    "@type": "Product",
    name: draft.title,
    url: pageUrl,
    brand: { "@type": "Brand", name: draft.artist },
    offers: { "@type": "Offer", price: decimalPrice(draft.price), priceCurrency: draft.currency, availability: "https://schema.org/PreOrder" },
  };
}
