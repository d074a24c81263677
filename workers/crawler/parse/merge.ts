/**
 * One artwork described in several syntaxes on a page (JSON-LD and OpenGraph, say) becomes one
 * record: drafts arrive in trust order and each field keeps the most trusted non-empty value.
 */
import { looseKey } from "./text.ts";
import type { ArtworkDraft, ExtractionSyntax } from "./types.ts";
import { SYNTAX_TRUST } from "./types.ts";

export interface MergedDraft extends ArtworkDraft {
  syntaxes: ExtractionSyntax[];
}

function sameProduct(a: ArtworkDraft, b: ArtworkDraft): boolean {
  if (a.sku && b.sku && a.sku === b.sku) return true;
  if (a.productId && b.productId && a.productId === b.productId) return true;
  if (a.url && b.url && a.url === b.url) return true;
  return a.title !== null && b.title !== null && looseKey(a.title) !== "" && looseKey(a.title) === looseKey(b.title);
}

const hasPrice = (d: ArtworkDraft): boolean => d.offers.some((o) => o.priceMinor !== null);
const sizedOffers = (d: ArtworkDraft): number => d.offers.filter((o) => o.priceMinor !== null && o.widthCm !== null).length;
const currencies = (d: ArtworkDraft): Set<string> => new Set(d.offers.map((o) => o.currency).filter((c): c is string => c !== null));

/** Fills what `target` lacks from the less trusted `other`. */
function fill(target: MergedDraft, other: ArtworkDraft): void {
  target.title ??= other.title;
  target.artist ??= other.artist;
  target.description ??= other.description;
  target.medium ??= other.medium;
  target.url ??= other.url;
  target.sku ??= other.sku;
  target.productId ??= other.productId;
  target.size ??= other.size;
  target.imageSize ??= other.imageSize;
  if (target.keywords.length === 0) target.keywords = other.keywords;
  // Extra image URLs are harmless (stored once by content hash) and may be the larger copy.
  for (const url of other.imageUrls) if (!target.imageUrls.includes(url)) target.imageUrls.push(url);
  if (!hasPrice(target) && (hasPrice(other) || target.offers.length === 0)) target.offers = other.offers;
  // A single "from" price (OpenGraph) summarises the size table a less trusted syntax lists in full.
  else if (sizedOffers(target) === 0 && sizedOffers(other) > target.offers.length && [...currencies(other)].every((c) => currencies(target).size === 0 || currencies(target).has(c))) {
    target.offers = other.offers;
  }
  if (!target.syntaxes.includes(other.syntax)) target.syntaxes.push(other.syntax);
}

/**
 * Groups drafts that describe the same product: same SKU, product id, URL or title, or, when
 * each syntax found exactly one product on the page, those single products.
 */
export function mergeDrafts(drafts: readonly ArtworkDraft[]): MergedDraft[] {
  const merged: MergedDraft[] = [];
  for (const syntax of SYNTAX_TRUST) {
    const batch = drafts.filter((d) => d.syntax === syntax);
    for (const draft of batch) {
      let match = merged.find((m) => sameProduct(m, draft));
      const onlyOne = merged[0];
      if (!match && merged.length === 1 && batch.length === 1 && onlyOne && !onlyOne.syntaxes.includes(syntax)) match = onlyOne;
      if (match) fill(match, draft);
      else merged.push({ ...draft, keywords: [...draft.keywords], imageUrls: [...draft.imageUrls], offers: [...draft.offers], syntaxes: [draft.syntax] });
    }
  }
  return merged;
}
