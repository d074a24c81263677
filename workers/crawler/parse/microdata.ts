/**
 * Microdata (itemscope / itemtype / itemprop) products, read per the HTML microdata model:
 * each item becomes a { property: values } object (nested itemscopes become nested objects) and
 * then goes through the same schema.org reader as JSON-LD.
 */
import { isTag } from "domhandler";
import { parsePrice } from "../price.ts";
import { attr, attrTokens, findElements, textOf, type Document, type Element } from "./html.ts";
import { isProductNode, productDraft, type SchemaNode, type SchemaReader } from "./schema-product.ts";
import type { ArtworkDraft, ExtractionContext } from "./types.ts";
import { largestFromSrcset, resolveUrl } from "./urls.ts";

const MAX_DEPTH = 12;
const URL_ELEMENTS: Readonly<Record<string, string>> = {
  a: "href", area: "href", link: "href", audio: "src", embed: "src", iframe: "src", img: "src",
  source: "src", track: "src", video: "src", object: "data",
};
const PRICE_PROPS = new Set(["price", "lowprice", "highprice"]);

interface PropValue {
  value: string;
  /** From an attribute meant for machines (content, value, datetime) rather than visible text. */
  machine: boolean;
}

/** A property's value as the microdata spec defines it, plus the common content="" extension. */
function propValue(el: Element, base: string): PropValue {
  const content = attr(el, "content");
  if (content !== undefined) return { value: content, machine: true };
  const urlAttr = URL_ELEMENTS[el.name];
  if (urlAttr) {
    let ref = attr(el, urlAttr);
    // Lazy-loaded images keep the real URL in data-src/srcset and a placeholder in src.
    if (el.name === "img" && (!ref || ref.startsWith("data:"))) {
      const srcset = attr(el, "data-srcset") ?? attr(el, "srcset");
      ref = attr(el, "data-src") ?? (srcset ? (largestFromSrcset(srcset, base) ?? undefined) : undefined) ?? ref;
    }
    return { value: resolveUrl(ref, base) ?? "", machine: true };
  }
  if (el.name === "data" || el.name === "meter") return { value: attr(el, "value") ?? "", machine: true };
  if (el.name === "time") {
    const datetime = attr(el, "datetime");
    if (datetime !== undefined) return { value: datetime, machine: true };
  }
  return { value: textOf(el), machine: false };
}

function addValue(node: SchemaNode, name: string, value: unknown): void {
  const existing = node[name];
  if (existing === undefined) node[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

/** The item rooted at an itemscope element, nested items included. */
function readItem(scope: Element, doc: Document, base: string, depth: number): SchemaNode {
  const node: SchemaNode = {};
  const types = attrTokens(scope, "itemtype");
  if (types.length > 0) node["@type"] = (attr(scope, "itemtype") ?? "").trim().split(/\s+/);
  const itemId = attr(scope, "itemid");
  if (itemId) node["@id"] = itemId;
  let humanPriceCurrency: string | null = null;

  const visit = (el: Element): void => {
    const names = (attr(el, "itemprop") ?? "").trim().split(/\s+/).filter((n) => n !== "");
    const isScope = attr(el, "itemscope") !== undefined;
    if (names.length > 0) {
      let value: unknown;
      if (isScope) value = depth < MAX_DEPTH ? readItem(el, doc, base, depth + 1) : {};
      else {
        const pv = propValue(el, base);
        value = pv.value;
        // An <img> with width/height declares its pixel size: keep it for orientation.
        const width = attr(el, "width");
        const height = attr(el, "height");
        if (el.name === "img" && pv.value !== "" && width && height) value = { "@type": "ImageObject", url: pv.value, width, height };
        const priceProp = names.some((n) => PRICE_PROPS.has(n.replace(/^.*[/#]/, "").toLowerCase()));
        // Visible price text ("1.299,00 €") is parsed here, where it is known to be human text.
        if (priceProp && !pv.machine) {
          const parsed = parsePrice(pv.value);
          value = parsed.amount ?? pv.value;
          humanPriceCurrency ??= parsed.currency;
        }
      }
      for (const name of names) addValue(node, name, value);
    }
    // A nested itemscope owns everything below it.
    if (!isScope) for (const child of el.children) if (isTag(child)) visit(child);
  };

  for (const child of scope.children) if (isTag(child)) visit(child);
  // itemref="a b" pulls in properties from elements elsewhere on the page.
  for (const id of (attr(scope, "itemref") ?? "").split(/\s+/).filter((s) => s !== "")) {
    const referenced = findElements(doc, (el) => attr(el, "id") === id)[0];
    if (referenced && referenced !== scope) visit(referenced);
  }
  if (node["priceCurrency"] === undefined && humanPriceCurrency) node["priceCurrency"] = humanPriceCurrency;
  return node;
}

function hasProductAncestor(el: Element): boolean {
  for (let p = el.parent; p && isTag(p); p = p.parent) {
    if (attr(p, "itemscope") !== undefined && isProductNode({ "@type": attrTokens(p, "itemtype") })) return true;
  }
  return false;
}

export function extractMicrodata(doc: Document, ctx: ExtractionContext): ArtworkDraft[] {
  const reader: SchemaReader = { ctx, syntax: "microdata", markup: false, byId: new Map() };
  const scopes = findElements(
    doc,
    (el) => attr(el, "itemscope") !== undefined && isProductNode({ "@type": attrTokens(el, "itemtype") }),
  );
  return scopes.filter((el) => !hasProductAncestor(el)).map((el) => productDraft(readItem(el, doc, ctx.base, 0), reader));
}
