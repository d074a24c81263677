/**
 * Artworks from a product (or listing) page: schema.org Product in JSON-LD, then microdata,
 * then OpenGraph product tags, then (when a source configures them) CSS selectors, merged per
 * product with the more trusted syntax winning field by field. Pure: no I/O, nothing executed.
 */
import { isoCode } from "./parse/currency.ts";
import { finaliseDraft } from "./parse/finalise.ts";
import { parseHtml, type Document } from "./parse/html.ts";
import { extractJsonLd } from "./parse/jsonld.ts";
import { mergeDrafts } from "./parse/merge.ts";
import { extractMicrodata } from "./parse/microdata.ts";
import { extractOpenGraph } from "./parse/opengraph.ts";
import { extractSelectors, type ProductSelectors } from "./parse/selectors.ts";
import type { ArtworkDraft, ExtractedArtwork, ExtractionContext } from "./parse/types.ts";
import { declaredCanonical, documentBase } from "./parse/urls.ts";

export type { ExtractedArtwork, ExtractedOffer, ExtractionSyntax, Orientation } from "./parse/types.ts";
export type { ProductSelectors } from "./parse/selectors.ts";

export interface ExtractOptions {
  /** The source's CSS selectors; used as the least trusted syntax. */
  selectors?: ProductSelectors | null;
  /** ISO currency assumed when a price names none (the source's default currency). */
  defaultCurrency?: string | null;
}

type Extractor = (doc: Document, ctx: ExtractionContext) => ArtworkDraft[];

/** One syntax failing on a hostile page (a parser bug, a stack overflow) must not lose the others. */
function safely(extractor: Extractor, doc: Document, ctx: ExtractionContext): ArtworkDraft[] {
  try {
    return extractor(doc, ctx);
  } catch {
    return [];
  }
}

function run(html: string, pageUrl: string, extractors: Extractor[], defaultCurrency: string | null | undefined): ExtractedArtwork[] {
  const doc = parseHtml(typeof html === "string" ? html : "");
  const base = documentBase(doc, pageUrl);
  const ctx: ExtractionContext = { pageUrl, base, defaultCurrency: isoCode(defaultCurrency) };
  const drafts = extractors.flatMap((extractor) => safely(extractor, doc, ctx));
  const merged = mergeDrafts(drafts).filter((d) => d.title !== null);
  const facts = { pageUrl, declaredCanonical: declaredCanonical(doc, base), artworkCount: merged.length };
  return merged.map((d) => finaliseDraft(d, facts)).filter((a): a is ExtractedArtwork => a !== null);
}

/** Every syntax, selectors included when given. */
export function extractPage(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedArtwork[] {
  const { selectors } = options;
  const extractors: Extractor[] = [extractJsonLd, extractMicrodata, extractOpenGraph];
  if (selectors && Object.values(selectors).some((s) => typeof s === "string" && s.trim() !== "")) {
    extractors.push((doc, ctx) => extractSelectors(doc, ctx, selectors));
  }
  return run(html, pageUrl, extractors, options.defaultCurrency);
}

/** Structured data only: JSON-LD, microdata, OpenGraph. */
export function extractArtworks(html: string, pageUrl: string): ExtractedArtwork[] {
  return extractPage(html, pageUrl);
}

/** The source's CSS selectors only, for shops without structured data. */
export function extractWithSelectors(
  html: string,
  pageUrl: string,
  selectors: ProductSelectors,
  hints: { currency?: string } = {},
): ExtractedArtwork[] {
  return run(html, pageUrl, [(doc, ctx) => extractSelectors(doc, ctx, selectors)], hints.currency);
}
