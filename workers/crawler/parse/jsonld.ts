/**
 * JSON-LD (<script type="application/ld+json">) products: every block parsed on its own, so a
 * malformed block costs only itself; arrays, @graph, nested nodes (WebPage.mainEntity,
 * ItemList elements) and @id references all lead to the products.
 */
import { decodeHTML } from "entities";
import { attr, byTag, scriptText, type Document } from "./html.ts";
import { isObject, isProductNode, productDraft, typesOf, type SchemaNode, type SchemaReader } from "./schema-product.ts";
import type { ArtworkDraft, ExtractionContext } from "./types.ts";

// JSON nested deeper than this is not a product description; walking stops there.
const MAX_DEPTH = 32;

function isJsonLdScript(type: string | undefined): boolean {
  return (type ?? "").trim().toLowerCase().split(";")[0]?.trim() === "application/ld+json";
}

/** Wrappers CMSs put around JSON in scripts: HTML comments, CDATA, a trailing semicolon. */
function unwrap(raw: string): string {
  return raw
    .trim()
    .replace(/^<!--/, "")
    .replace(/-->$/, "")
    .replace(/^\s*(\/\/\s*)?<!\[CDATA\[/, "")
    .replace(/(\/\/\s*)?\]\]>\s*$/, "")
    .trim()
    .replace(/;$/, "");
}

/** Raw control characters inside strings (pasted descriptions) escaped, as JSON requires. */
function escapeControlCharsInStrings(json: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i] as string;
    if (inString) {
      if (ch === "\\") {
        out += ch + (json[i + 1] ?? "");
        i += 1;
        continue;
      }
      if (ch === '"') inString = false;
      else if (ch < " ") {
        out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
        continue;
      }
    } else if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}

/**
 * Parses one block. Real pages break JSON in a few repeatable ways (wrappers, raw newlines in
 * strings, HTML-escaped quotes); those are repaired, anything else is rejected as malformed.
 */
export function parseJsonLdBlock(raw: string): unknown {
  const text = unwrap(raw);
  const attempts = [text, escapeControlCharsInStrings(text)];
  if (/&quot;|&#34;/.test(text)) attempts.push(escapeControlCharsInStrings(decodeHTML(text)));
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch {
      // Try the next repair.
    }
  }
  return undefined;
}

/** Every object with an @id and content, so bare references can be resolved page-wide. */
function indexIds(value: unknown, byId: Map<string, SchemaNode>, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) indexIds(v, byId, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  const id = value["@id"];
  if (typeof id === "string" && Object.keys(value).length > 1 && !byId.has(id)) byId.set(id, value);
  for (const v of Object.values(value)) indexIds(v, byId, depth + 1);
}

/** Product nodes, outermost only: a product's own nested products are its variants/offers. */
function findProducts(value: unknown, out: SchemaNode[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) findProducts(v, out, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (isProductNode(value)) {
    out.push(value);
    return;
  }
  // A top-level Offer wrapping its product ("itemOffered"): the product, carrying that offer.
  const item = value["itemOffered"];
  if (typesOf(value).some((t) => t === "offer" || t === "aggregateoffer") && isObject(item) && isProductNode(item) && item["offers"] === undefined) {
    const offer: SchemaNode = { ...value };
    delete offer["itemOffered"];
    out.push({ ...item, offers: offer });
    return;
  }
  for (const v of Object.values(value)) findProducts(v, out, depth + 1);
}

function idsOf(values: unknown): string[] {
  const list = Array.isArray(values) ? values : [values];
  return list.map((v) => (isObject(v) ? v["@id"] : undefined)).filter((id): id is string => typeof id === "string");
}

export function extractJsonLd(doc: Document, ctx: ExtractionContext): ArtworkDraft[] {
  const blocks: unknown[] = [];
  for (const script of byTag(doc, "script")) {
    if (!isJsonLdScript(attr(script, "type"))) continue;
    const parsed = parseJsonLdBlock(scriptText(script));
    if (parsed !== undefined) blocks.push(parsed);
  }
  const byId = new Map<string, SchemaNode>();
  indexIds(blocks, byId);
  const products: SchemaNode[] = [];
  findProducts(blocks, products);

  // Variants listed beside their ProductGroup in a @graph are offers, not artworks of their own.
  const variantIds = new Set(products.flatMap((p) => idsOf(p["hasVariant"])));
  const hasGroup = products.some((p) => p["hasVariant"] !== undefined);
  const seenIds = new Set<string>();
  const reader: SchemaReader = { ctx, syntax: "jsonld", markup: true, byId };
  const drafts: ArtworkDraft[] = [];
  for (const node of products) {
    const id = typeof node["@id"] === "string" ? node["@id"] : null;
    if (id && (variantIds.has(id) || seenIds.has(id))) continue;
    if (hasGroup && node["isVariantOf"] !== undefined) continue;
    if (id) seenIds.add(id);
    drafts.push(productDraft(node, reader));
  }
  return drafts;
}
