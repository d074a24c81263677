/** What extraction produces: the crawler's view of one artwork on one page. */
import type { Orientation } from "./sizes.ts";

export type { Orientation };

/** Where a record came from, in decreasing order of trust. */
export type ExtractionSyntax = "jsonld" | "microdata" | "opengraph" | "selectors";
export const SYNTAX_TRUST: readonly ExtractionSyntax[] = ["jsonld", "microdata", "opengraph", "selectors"];

/** One purchasable variant (a size, a frame option) or the single offer of a simple product. */
export interface ExtractedOffer {
  /** As the shop names it ("30 × 40 cm"); from the size when unnamed; null for a lone offer. */
  label: string | null;
  sku: string | null;
  widthCm: number | null;
  heightCm: number | null;
  /** Decimal amount as written, kept so minor units can be redone with a source's currency. */
  price: number | null;
  /** Integer minor units under the currency's ISO 4217 exponent (2 when the currency is unknown). */
  priceMinor: number | null;
  /** ISO 4217 code, or null when neither page nor hint says. */
  currency: string | null;
  /** In stock / orderable; null when the page does not say. */
  available: boolean | null;
  url: string | null;
}

export interface ExtractedArtwork {
  /** The most trusted syntax that contributed. */
  syntax: ExtractionSyntax;
  /** Every syntax that described this artwork on the page, most trusted first. */
  syntaxes: ExtractionSyntax[];
  /** Plain text: markup stripped, entities decoded, whitespace collapsed. Never empty. */
  title: string;
  artist: string | null;
  description: string | null;
  medium: string | null;
  /** Lower-case slugs, deduplicated. */
  tags: string[];
  /** Absolute http(s) URLs, best first, deduplicated. */
  imageUrls: string[];
  /** Pixel size of the main image when the page declares it. */
  imageSize: { width: number; height: number } | null;
  /** Absolute, fragment-free: rel=canonical, og:url or the product's url, else the page URL. */
  canonicalUrl: string;
  sku: string | null;
  /** productID, a GTIN or the JSON-LD @id. */
  productId: string | null;
  offers: ExtractedOffer[];
  /** Product-level size, else the largest offered size. */
  widthCm: number | null;
  heightCm: number | null;
  /** From the size, else from the image's pixel size. */
  orientation: Orientation | null;
  /** True if any offer is available, false if all say not, null if none says. */
  available: boolean | null;
}

/** A record as one syntax saw it, before merging and final normalisation. */
export interface ArtworkDraft {
  syntax: ExtractionSyntax;
  title: string | null;
  artist: string | null;
  description: string | null;
  medium: string | null;
  /** Raw keyword strings; split and slugified when finalised. */
  keywords: string[];
  imageUrls: string[];
  imageSize: { width: number; height: number } | null;
  /** The product's own URL, absolute. */
  url: string | null;
  sku: string | null;
  productId: string | null;
  size: { widthCm: number; heightCm: number } | null;
  offers: ExtractedOffer[];
}

/** Page-level facts every syntax needs. */
export interface ExtractionContext {
  pageUrl: string;
  /** Base for relative URLs (<base href> or the page URL). */
  base: string;
  /** ISO code to assume when a price names no currency. */
  defaultCurrency: string | null;
}

export function emptyDraft(syntax: ExtractionSyntax): ArtworkDraft {
  return {
    syntax, title: null, artist: null, description: null, medium: null, keywords: [], imageUrls: [],
    imageSize: null, url: null, sku: null, productId: null, size: null, offers: [],
  };
}
