/**
 * schema.org Product / VisualArtwork nodes to ArtworkDrafts. Shared by JSON-LD and microdata,
 * which both yield trees of { property: value | node | [..] } objects: names, people, images,
 * sizes, offers (Offer, arrays, AggregateOffer with nested offers, priceSpecification) and
 * ProductGroup variants.
 */
import { decodeHTMLAttribute } from "entities";
import { htmlToText } from "./html.ts";
import { buildOffer, offerHasContent, type OfferInput } from "./offers.ts";
import { parseDimensions, parseLength, type Dimensions } from "./sizes.ts";
import { collapseWhitespace, nonEmpty } from "./text.ts";
import { emptyDraft, type ArtworkDraft, type ExtractedOffer, type ExtractionContext } from "./types.ts";
import { resolveUrl } from "./urls.ts";

export type SchemaNode = Record<string, unknown>;

export interface SchemaReader {
  ctx: ExtractionContext;
  syntax: "jsonld" | "microdata";
  /** JSON-LD strings may carry markup and entities; microdata text is already plain. */
  markup: boolean;
  /** JSON-LD nodes by @id, so { "@id": "#offer" } references resolve. */
  byId: ReadonlyMap<string, SchemaNode>;
}

const PRODUCT_TYPES = new Set([
  "product", "individualproduct", "productmodel", "someproducts", "productgroup", "visualartwork",
  "painting", "photograph", "sculpture",
]);
const SCHEMA_PREFIXES = ["", "schema:", "http://schema.org/", "https://schema.org/"];
// Deeper nesting than this is not a real product page; stop instead of recursing forever.
const MAX_DEPTH = 12;

export function isObject(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Local type names of a node, lower-cased ("https://schema.org/Product" -> "product"). */
export function typesOf(node: SchemaNode): string[] {
  const raw = node["@type"] ?? node["type"];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((t): t is string => typeof t === "string").map((t) => t.replace(/^.*[/#:]/, "").toLowerCase());
}

export function isProductNode(node: SchemaNode): boolean {
  return typesOf(node).some((t) => PRODUCT_TYPES.has(t));
}

/** A bare { "@id": ... } is a reference; anything more is a node in its own right. */
function resolveRef(value: unknown, r: SchemaReader): unknown {
  if (!isObject(value)) return value;
  const id = value["@id"];
  if (typeof id === "string" && Object.keys(value).every((k) => k === "@id")) return r.byId.get(id) ?? value;
  return value;
}

/** All values of a property (any schema.org prefix), arrays flattened, references resolved. */
function prop(node: SchemaNode, key: string, r: SchemaReader): unknown[] {
  const out: unknown[] = [];
  for (const prefix of SCHEMA_PREFIXES) {
    const value = node[`${prefix}${key}`];
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value.flat(2) : [value]) {
      if (v !== undefined && v !== null) out.push(resolveRef(v, r));
    }
  }
  return out;
}

/** String or number behind a value, unwrapping JSON-LD value objects ({ "@value": .. }). */
function scalar(value: unknown): string | number | null {
  if (typeof value === "string" || typeof value === "number") return value;
  if (isObject(value)) {
    const inner = value["@value"];
    if (typeof inner === "string" || typeof inner === "number") return inner;
  }
  return null;
}

function cleanText(value: string, r: SchemaReader): string {
  return r.markup ? htmlToText(value) : collapseWhitespace(value);
}

/** Human text of a value: strings cleaned, numbers stringified, nodes by their name. */
function text(value: unknown, r: SchemaReader): string | null {
  const s = scalar(value);
  if (typeof s === "string") return nonEmpty(cleanText(s, r));
  if (typeof s === "number") return Number.isFinite(s) ? String(s) : null;
  if (isObject(value)) {
    const name = value["name"];
    if (typeof name === "string" || isObject(name)) return text(name, r);
  }
  return null;
}

function firstText(node: SchemaNode, key: string, r: SchemaReader): string | null {
  for (const v of prop(node, key, r)) {
    const t = text(v, r);
    if (t) return t;
  }
  return null;
}

function allTexts(node: SchemaNode, key: string, r: SchemaReader): string[] {
  return prop(node, key, r).map((v) => text(v, r)).filter((t): t is string => t !== null);
}

/** A URL-valued property: raw string (entities decoded, never tag-stripped), resolved. */
function urlOf(value: unknown, r: SchemaReader): string | null {
  const s = scalar(value);
  if (typeof s !== "string") return null;
  return resolveUrl(r.markup ? decodeHTMLAttribute(s) : s, r.ctx.base);
}

function personName(value: unknown, r: SchemaReader): string | null {
  if (!isObject(value)) return text(value, r);
  const name = text(value["name"], r);
  if (name) return name;
  const given = text(value["givenName"], r);
  const family = text(value["familyName"], r);
  return nonEmpty([given, family].filter(Boolean).join(" "));
}

function pixels(value: unknown): number | null {
  const v = isObject(value) ? scalar(value["value"]) : scalar(value);
  const n = typeof v === "number" ? v : typeof v === "string" ? Number.parseInt(v, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

function readImages(node: SchemaNode, r: SchemaReader, draft: ArtworkDraft): void {
  for (const v of prop(node, "image", r)) {
    if (!isObject(v)) {
      const url = urlOf(v, r);
      if (url) draft.imageUrls.push(url);
      continue;
    }
    const url = urlOf(v["contentUrl"], r) ?? urlOf(v["url"], r) ?? urlOf(v["@id"], r);
    if (url) draft.imageUrls.push(url);
    const width = pixels(v["width"]);
    const height = pixels(v["height"]);
    if (url && width && height && !draft.imageSize) draft.imageSize = { width, height };
  }
}

/** Physical length of a width/height value: "30 cm", 30 with unitCode CMT, QuantitativeValue. */
function lengthOf(value: unknown, r: SchemaReader): number | null {
  if (isObject(value)) {
    const unit = text(value["unitCode"], r) ?? text(value["unitText"], r);
    return parseLength(scalar(value["value"]) ?? scalar(value["name"]), unit);
  }
  return parseLength(scalar(value));
}

function dimensionsOf(node: SchemaNode, r: SchemaReader, depth = 0): Dimensions | null {
  // @id references can form cycles (A.size -> B, B.size -> A); stop instead of overflowing.
  if (depth > 3) return null;
  const width = prop(node, "width", r).map((v) => lengthOf(v, r)).find((v) => v !== null);
  const height = prop(node, "height", r).map((v) => lengthOf(v, r)).find((v) => v !== null);
  if (width && height) return { widthCm: width, heightCm: height };
  for (const size of prop(node, "size", r)) {
    const label = text(size, r);
    const dims = label ? parseDimensions(label) : null;
    if (dims) return dims;
    if (isObject(size)) {
      const nested = dimensionsOf(size, r, depth + 1);
      if (nested) return nested;
    }
  }
  const fromProps = propertyValues(node, r);
  if (fromProps.size) return fromProps.size;
  if (fromProps.width && fromProps.height) return { widthCm: fromProps.width, heightCm: fromProps.height };
  return null;
}

interface PropertyFacts {
  size?: Dimensions;
  width?: number;
  height?: number;
  medium?: string;
  artist?: string;
}

/** Facts shops put in additionalProperty (PropertyValue name/value pairs). */
function propertyValues(node: SchemaNode, r: SchemaReader): PropertyFacts {
  const facts: PropertyFacts = {};
  for (const pv of prop(node, "additionalProperty", r)) {
    if (!isObject(pv)) continue;
    const name = (text(pv["name"], r) ?? text(pv["propertyID"], r) ?? "").toLowerCase();
    const value = text(pv["value"], r);
    if (!value) continue;
    const unit = text(pv["unitCode"], r) ?? text(pv["unitText"], r);
    if (/size|dimension|format|abmessung|maße|taille/.test(name)) facts.size ??= parseDimensions(value, null) ?? undefined;
    else if (/^(width|breite|largeur)$/.test(name)) facts.width ??= parseLength(scalar(pv["value"]), unit) ?? undefined;
    else if (/^(height|höhe|hoehe|hauteur)$/.test(name)) facts.height ??= parseLength(scalar(pv["value"]), unit) ?? undefined;
    else if (/medium|material|technique|technik/.test(name)) facts.medium ??= value;
    else if (/artist|künstler|artiste/.test(name)) facts.artist ??= value;
  }
  return facts;
}

/** The price specification a buyer pays: not a strikethrough/list price. */
function pickPriceSpec(node: SchemaNode, r: SchemaReader): SchemaNode | null {
  const specs = prop(node, "priceSpecification", r).filter(isObject);
  const current = specs.find((s) => !/strikethrough|listprice|msrp|srp/i.test(String(scalar(s["priceType"]) ?? "")));
  return current ?? specs[0] ?? null;
}

interface FlatOffer {
  node: SchemaNode;
  currency: string | null;
}

/** Offers flattened: arrays, AggregateOffer's nested offers (inheriting its currency), references. */
function flattenOffers(values: unknown[], inherited: string | null, r: SchemaReader, depth = 0): FlatOffer[] {
  const out: FlatOffer[] = [];
  if (depth > MAX_DEPTH) return out;
  for (const v of values) {
    if (!isObject(v)) continue;
    const nested = prop(v, "offers", r);
    const currency = firstText(v, "priceCurrency", r) ?? inherited;
    if (nested.length > 0) {
      const inner = flattenOffers(nested, currency, r, depth + 1);
      if (inner.length > 0) {
        out.push(...inner);
        continue;
      }
    }
    out.push({ node: v, currency });
  }
  return out;
}

function offerInput(flat: FlatOffer, r: SchemaReader): OfferInput {
  const { node } = flat;
  const spec = pickPriceSpec(node, r);
  const item = prop(node, "itemOffered", r).find(isObject);
  const price =
    prop(node, "price", r).map(scalar).find((p) => p !== null) ??
    (spec ? prop(spec, "price", r).map(scalar).find((p) => p !== null) : undefined) ??
    prop(node, "lowPrice", r).map(scalar).find((p) => p !== null);
  return {
    label: firstText(node, "name", r) ?? (item ? (firstText(item, "size", r) ?? firstText(item, "name", r)) : null),
    sku: firstText(node, "sku", r) ?? (item ? firstText(item, "sku", r) : null),
    price: price ?? null,
    currency: firstText(node, "priceCurrency", r) ?? (spec ? firstText(spec, "priceCurrency", r) : null) ?? flat.currency,
    availability: firstText(node, "availability", r),
    url: prop(node, "url", r).map((u) => urlOf(u, r)).find((u) => u !== null) ?? null,
    size: (item ? dimensionsOf(item, r) : null) ?? dimensionsOf(node, r),
  };
}

function offersOf(node: SchemaNode, r: SchemaReader): ExtractedOffer[] {
  const hints = { defaultCurrency: r.ctx.defaultCurrency, decimalSeparator: "." as const };
  return flattenOffers(prop(node, "offers", r), null, r)
    .map((flat) => buildOffer(offerInput(flat, r), hints))
    .filter(offerHasContent);
}

/** ProductGroup variants (hasVariant), each a Product with its own size, sku and offers. */
function variantOffers(group: SchemaNode, r: SchemaReader, draft: ArtworkDraft): ExtractedOffer[] {
  const out: ExtractedOffer[] = [];
  const hints = { defaultCurrency: r.ctx.defaultCurrency, decimalSeparator: "." as const };
  for (const variant of prop(group, "hasVariant", r)) {
    if (!isObject(variant)) continue;
    const size = dimensionsOf(variant, r);
    const sizeText = prop(variant, "size", r).map((s) => text(s, r)).find((s) => s !== null) ?? null;
    const label = sizeText ?? firstText(variant, "name", r);
    const sku = firstText(variant, "sku", r);
    readImages(variant, r, draft);
    const flats = flattenOffers(prop(variant, "offers", r), null, r);
    if (flats.length === 0) {
      out.push(buildOffer({ label, sku, size }, hints));
      continue;
    }
    for (const flat of flats) {
      const input = offerInput(flat, r);
      out.push(
        buildOffer({ ...input, label: label ?? input.label ?? null, sku: input.sku ?? sku, size: size ?? input.size ?? null }, hints),
      );
    }
  }
  return out.filter(offerHasContent);
}

/** Draft for one product node. */
export function productDraft(node: SchemaNode, r: SchemaReader): ArtworkDraft {
  const draft = emptyDraft(r.syntax);
  const facts = propertyValues(node, r);
  draft.title = firstText(node, "name", r) ?? firstText(node, "headline", r);
  for (const key of ["artist", "creator", "author"]) {
    draft.artist ??= prop(node, key, r).map((v) => personName(v, r)).find((n) => n !== null) ?? null;
  }
  draft.artist ??= facts.artist ?? prop(node, "brand", r).map((v) => personName(v, r)).find((n) => n !== null) ?? null;
  draft.description = firstText(node, "description", r);
  draft.medium = allTexts(node, "artMedium", r).join(", ") || allTexts(node, "material", r).join(", ") || facts.medium || null;
  draft.keywords = allTexts(node, "keywords", r);
  readImages(node, r, draft);
  draft.url = prop(node, "url", r).map((u) => urlOf(u, r)).find((u) => u !== null) ?? null;
  draft.sku = firstText(node, "sku", r) ?? firstText(node, "mpn", r);
  draft.productId =
    firstText(node, "productID", r) ??
    ["gtin13", "gtin12", "gtin14", "gtin8", "gtin", "isbn"].map((k) => firstText(node, k, r)).find((v) => v !== null) ??
    (typeof node["@id"] === "string" ? node["@id"] : null);
  draft.size = dimensionsOf(node, r);
  // hasVariant belongs on ProductGroup, but shops put it on plain Products too.
  const variants = variantOffers(node, r, draft);
  draft.offers = variants.length > 0 ? variants : offersOf(node, r);
  return draft;
}
