/**
 * OpenGraph product tags (og:*, product:*): one page-level product, the least structured of
 * the machine-readable syntaxes. Only pages that say they are products (og:type product or a
 * product price) count, since every page has an og:title.
 */
import { attr, byTag, htmlToText, type Document } from "./html.ts";
import { buildOffer } from "./offers.ts";
import { parseDimensions } from "./sizes.ts";
import { nonEmpty } from "./text.ts";
import { emptyDraft, type ArtworkDraft, type ExtractionContext } from "./types.ts";
import { resolveUrl } from "./urls.ts";

const PRODUCT_TYPES = new Set(["product", "og:product", "product.item", "product.group", "products"]);

/** property/name -> content values, in document order. */
function metaValues(doc: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const meta of byTag(doc, "meta")) {
    const key = (attr(meta, "property") ?? attr(meta, "name") ?? "").trim().toLowerCase();
    const content = attr(meta, "content");
    if (key === "" || content === undefined) continue;
    const list = map.get(key) ?? [];
    list.push(content);
    map.set(key, list);
  }
  return map;
}

export function extractOpenGraph(doc: Document, ctx: ExtractionContext): ArtworkDraft[] {
  const meta = metaValues(doc);
  const first = (...keys: string[]): string | null => {
    for (const key of keys) {
      for (const value of meta.get(key) ?? []) {
        const text = nonEmpty(htmlToText(value));
        if (text) return text;
      }
    }
    return null;
  };
  const priceKeys = ["product:sale_price:amount", "product:price:amount", "og:price:amount"];
  const type = (first("og:type") ?? "").toLowerCase();
  if (!PRODUCT_TYPES.has(type) && !priceKeys.some((k) => meta.has(k))) return [];

  const draft = emptyDraft("opengraph");
  draft.title = first("og:title", "product:title");
  draft.description = first("og:description");
  draft.artist = first("product:brand", "og:brand");
  draft.medium = first("product:material");
  draft.sku = first("product:retailer_item_id", "product:sku");
  draft.url = resolveUrl(first("og:url"), ctx.base);
  draft.keywords = [...(meta.get("product:tag") ?? []), ...(meta.get("article:tag") ?? [])];
  for (const key of ["og:image:secure_url", "og:image", "og:image:url"]) {
    for (const value of meta.get(key) ?? []) {
      const url = resolveUrl(value, ctx.base);
      if (url && !draft.imageUrls.includes(url)) draft.imageUrls.push(url);
    }
  }
  const width = Number.parseInt(first("og:image:width") ?? "", 10);
  const height = Number.parseInt(first("og:image:height") ?? "", 10);
  if (width > 0 && height > 0) draft.imageSize = { width, height };

  // A sale price, when given, is what the buyer pays.
  const onSale = meta.has("product:sale_price:amount");
  const sizeText = first("product:size");
  const size = sizeText ? parseDimensions(sizeText) : null;
  const price = first(...priceKeys);
  const availability = first("product:availability", "og:availability");
  if (price !== null || availability !== null) {
    draft.offers.push(
      buildOffer(
        {
          label: size ? sizeText : null,
          price,
          currency: onSale ? first("product:sale_price:currency", "product:price:currency") : first("product:price:currency", "og:price:currency"),
          availability,
          size,
        },
        { defaultCurrency: ctx.defaultCurrency, decimalSeparator: "." },
      ),
    );
  }
  draft.size = size;
  return [draft];
}
