/**
 * Last normalisation of a merged draft into an ExtractedArtwork: required title, canonical URL,
 * tag slugs, deduplicated images and offers, size, orientation and availability.
 */
import type { MergedDraft } from "./merge.ts";
import { orientationOf } from "./sizes.ts";
import { nonEmpty, normaliseTags } from "./text.ts";
import type { ExtractedArtwork, ExtractedOffer } from "./types.ts";
import { stripFragment } from "./urls.ts";

export interface PageFacts {
  pageUrl: string;
  /** <link rel=canonical> or og:url, absolute. */
  declaredCanonical: string | null;
  /** How many artworks the page holds: a page-level canonical only names a lone product. */
  artworkCount: number;
}

function dedupeOffers(offers: readonly ExtractedOffer[]): ExtractedOffer[] {
  const seen = new Set<string>();
  return offers.filter((o) => {
    const key = `${o.label ?? ""}\u0000${o.sku ?? ""}\u0000${o.priceMinor ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The largest offered size (by area), as the catalogue records an artwork's size. */
function largestSize(offers: readonly ExtractedOffer[]): { widthCm: number; heightCm: number } | null {
  let best: { widthCm: number; heightCm: number } | null = null;
  for (const o of offers) {
    if (o.widthCm === null || o.heightCm === null) continue;
    if (!best || o.widthCm * o.heightCm > best.widthCm * best.heightCm) best = { widthCm: o.widthCm, heightCm: o.heightCm };
  }
  return best;
}

export function finaliseDraft(draft: MergedDraft, page: PageFacts): ExtractedArtwork | null {
  const title = nonEmpty(draft.title);
  if (!title) return null;
  const pageLevel = page.artworkCount === 1 ? page.declaredCanonical : null;
  const canonicalUrl = stripFragment(pageLevel ?? draft.url ?? page.declaredCanonical ?? page.pageUrl);

  let offers = dedupeOffers(draft.offers);
  // A lone offer without a size is the product itself: give it the product's size.
  const lone = offers[0];
  if (offers.length === 1 && lone && lone.widthCm === null && draft.size) {
    offers = [{ ...lone, widthCm: draft.size.widthCm, heightCm: draft.size.heightCm }];
  }
  const size = largestSize(offers) ?? draft.size;
  const orientation = size
    ? orientationOf(size.widthCm, size.heightCm)
    : draft.imageSize
      ? orientationOf(draft.imageSize.width, draft.imageSize.height)
      : null;
  const stock = offers.map((o) => o.available).filter((a): a is boolean => a !== null);

  return {
    syntax: draft.syntaxes[0] ?? draft.syntax,
    syntaxes: [...draft.syntaxes],
    title,
    artist: nonEmpty(draft.artist),
    description: nonEmpty(draft.description),
    medium: nonEmpty(draft.medium),
    tags: normaliseTags(draft.keywords),
    imageUrls: [...new Set(draft.imageUrls)],
    imageSize: draft.imageSize,
    canonicalUrl,
    sku: draft.sku,
    productId: draft.productId,
    offers,
    widthCm: size?.widthCm ?? null,
    heightCm: size?.heightCm ?? null,
    orientation,
    available: stock.length === 0 ? null : stock.some(Boolean),
  };
}
