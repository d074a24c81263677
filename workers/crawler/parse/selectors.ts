/**
 * Per-source CSS selectors for shops without structured data. Each field names a selector;
 * "selector@attr" reads an attribute instead of the text ("img.main@data-src"). A selector
 * that does not parse matches nothing, so one bad source record cannot break a crawl.
 */
import { selectAll } from "css-select";
import type { SourceSelectors } from "../../db/schema";
import type { AnyNode, Element } from "domhandler";
import { parsePrice, type PriceHints } from "../price.ts";
import { attr, htmlToText, textOf, type Document } from "./html.ts";
import { buildOffer, offerHasContent } from "./offers.ts";
import { parseDimensions } from "./sizes.ts";
import { nonEmpty } from "./text.ts";
import { emptyDraft, type ArtworkDraft, type ExtractionContext } from "./types.ts";
import { largestFromSrcset, resolveUrl } from "./urls.ts";

/** The `selectors` column of a source record: one CSS selector (optionally "@attr") per field. */
export type ProductSelectors = SourceSelectors;

interface Selection {
  elements: Element[];
  attribute: string | null;
}

function select(root: AnyNode | AnyNode[], selector: string | undefined): Selection {
  if (!selector || selector.trim() === "") return { elements: [], attribute: null };
  // "@" cannot occur in a CSS selector outside quotes, so a trailing "@name" is ours.
  const at = /^(.*?)@([A-Za-z_][\w:-]*)\s*$/.exec(selector);
  const css = at?.[1]?.trim() ?? selector;
  try {
    return { elements: selectAll<AnyNode, Element>(css, root), attribute: at?.[2]?.toLowerCase() ?? null };
  } catch {
    return { elements: [], attribute: null };
  }
}

/** Text of an element, or the named attribute (attributes may hold escaped markup). */
function valueOf(el: Element, attribute: string | null): string | null {
  if (attribute) {
    const value = attr(el, attribute);
    return value === undefined ? null : nonEmpty(htmlToText(value));
  }
  if (el.name === "meta") return nonEmpty(htmlToText(attr(el, "content") ?? ""));
  return nonEmpty(textOf(el));
}

function firstValue(root: AnyNode | AnyNode[], selector: string | undefined): string | null {
  const { elements, attribute } = select(root, selector);
  for (const el of elements) {
    const value = valueOf(el, attribute);
    if (value) return value;
  }
  return null;
}

function imageUrlOf(el: Element, attribute: string | null, base: string): string | null {
  if (attribute) return resolveUrl(attr(el, attribute), base);
  if (el.name === "img" || el.name === "source") {
    const src = attr(el, "data-src") ?? attr(el, "src");
    if (src && !src.startsWith("data:")) return resolveUrl(src, base);
    const srcset = attr(el, "data-srcset") ?? attr(el, "srcset");
    return srcset ? largestFromSrcset(srcset, base) : null;
  }
  if (el.name === "meta") return resolveUrl(attr(el, "content"), base);
  return resolveUrl(attr(el, "href") ?? attr(el, "src"), base);
}

// The size phrase inside a row such as "30 × 40 cm — $45" (so the price is read from the rest).
const SIZE_PHRASE =
  /\d+(?:[.,]\d+)?\s*(?:cm|mm|in(?:ches)?|"|″)?\s*(?:[x×✕*]|by)\s*\d+(?:[.,]\d+)?(?:\s*(?:[x×✕*]|by)\s*\d+(?:[.,]\d+)?)?\s*(?:cm|mm|inches|in|"|″)?/i;

function sizeOffers(root: AnyNode | AnyNode[], selector: string | undefined, hints: PriceHints, ctx: ExtractionContext) {
  const { elements, attribute } = select(root, selector);
  return elements
    .map((el) => {
      const text = valueOf(el, attribute) ?? "";
      const phrase = SIZE_PHRASE.exec(text)?.[0]?.trim() ?? null;
      const rest = phrase ? text.replace(phrase, " ") : "";
      const priceText = attr(el, "data-price") ?? (/\d/.test(rest) ? rest : null);
      const price = priceText ? parsePrice(priceText, hints) : null;
      return buildOffer(
        {
          label: phrase ?? text,
          sku: attr(el, "data-sku") ?? null,
          price: price?.amount ?? null,
          currency: price?.currency ?? null,
          size: parseDimensions(phrase ?? text),
        },
        { defaultCurrency: ctx.defaultCurrency },
      );
    })
    .filter(offerHasContent);
}

function productFrom(root: AnyNode | AnyNode[], selectors: ProductSelectors, ctx: ExtractionContext, hints: PriceHints): ArtworkDraft {
  const draft = emptyDraft("selectors");
  draft.title = firstValue(root, selectors.title);
  // "by Ada Albers" -> "Ada Albers": shops print the preposition next to the name.
  draft.artist = firstValue(root, selectors.artist)?.replace(/^(by|von|par|di|door|av)\s+/i, "") ?? null;
  draft.description = firstValue(root, selectors.description);
  const images = select(root, selectors.image);
  for (const el of images.elements) {
    const url = imageUrlOf(el, images.attribute, ctx.base);
    if (url && !draft.imageUrls.includes(url)) draft.imageUrls.push(url);
  }
  const tags = select(root, selectors.tags);
  draft.keywords = tags.elements
    .map((el) => valueOf(el, tags.attribute))
    .filter((t): t is string => t !== null)
    .map((t) => t.replace(/^\s*(tags?|keywords?)\s*:\s*/i, ""));
  draft.offers = sizeOffers(root, selectors.sizes, hints, ctx);
  if (draft.offers.length === 0) {
    const priceText = firstValue(root, selectors.price);
    if (priceText) {
      const price = parsePrice(priceText, hints);
      const offer = buildOffer({ price: price.amount, currency: price.currency }, { defaultCurrency: ctx.defaultCurrency });
      if (offerHasContent(offer)) draft.offers.push(offer);
    }
  }
  return draft;
}

/** Drafts for every product root (selectors.product), or for the page as one product. */
export function extractSelectors(doc: Document, ctx: ExtractionContext, selectors: ProductSelectors): ArtworkDraft[] {
  const hints: PriceHints = ctx.defaultCurrency ? { currency: ctx.defaultCurrency } : {};
  const roots: AnyNode[] = selectors.product ? select(doc, selectors.product).elements : [doc];
  return roots.map((root) => productFrom(root, selectors, ctx, hints));
}
