/**
 * The bridge between page parsing and the catalogue: run the extractors in
 * order of trust (structured data first, the source's CSS selectors last), tell when a page probably needs a browser, and turn an extracted
 * artwork into what the catalogue stores.
 */
import type { SourceSelectors } from "../db/schema";
import type { StorableArtwork, StorableVariant } from "./catalogue-store";
import { extractPage } from "./extract";
import { canonicalUrl } from "./parse/canonical-url";
import type { ExtractedArtwork } from "./parse/types";

export type { ExtractedArtwork };

/** Structured data first; the source's selectors (if any) fill what it leaves out, trusted least. */
export function extractPageArtworks(html: string, pageUrl: string, selectors: SourceSelectors | null, defaultCurrency: string | null = null): ExtractedArtwork[] {
  return extractPage(html, pageUrl, { selectors: selectors ?? undefined, defaultCurrency: defaultCurrency ?? undefined });
}

/**
 * A page whose content arrives by JavaScript: scripts present but little visible
 * text, or an empty application root. Only such pages are worth a browser.
 */
export function looksScriptRendered(html: string): boolean {
  if (!/<script\b/i.test(html)) return false;
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const visible = body
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<noscript\b[\s\S]*?<\/noscript>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const emptyRoot = /<(div|main|section)[^>]+(id|data-)[^>]*(root|app|product)[^>]*>\s*(<[^/][^>]*>\s*)*(loading[^<]*)?\s*(<\/[^>]+>\s*)*<\/\1>/i.test(body);
  return visible.length < 400 || emptyRoot;
}

export function toStorable(artwork: ExtractedArtwork, pageUrl: string, image: { hash: string; width: number; height: number }): StorableArtwork {
  const variants: StorableVariant[] = artwork.offers
    .filter((offer) => offer.priceMinor !== null || offer.widthCm !== null)
    .map((offer, index) => ({
      label: offer.label ?? (offer.widthCm && offer.heightCm ? `${offer.widthCm} × ${offer.heightCm} cm` : index === 0 ? "Standard" : `Option ${index + 1}`),
      widthCm: offer.widthCm,
      heightCm: offer.heightCm,
      priceMinor: offer.priceMinor,
      currency: offer.currency,
      sku: offer.sku,
    }));
  if (variants.length > 0 && variants.every((v) => v.widthCm === null) && artwork.widthCm && artwork.heightCm) {
    for (const v of variants) {
      v.widthCm = artwork.widthCm;
      v.heightCm = artwork.heightCm;
    }
  }
  const offerUrl = sameHost(artwork.canonicalUrl, pageUrl) ? artwork.canonicalUrl : pageUrl;
  return {
    offerUrl: canonicalUrl(offerUrl) ?? offerUrl,
    title: artwork.title,
    artist: artwork.artist,
    description: artwork.description ?? "",
    medium: artwork.medium,
    tags: artwork.tags,
    available: artwork.available ?? true,
    variants,
    priceMinor: variants.length ? null : (artwork.offers[0]?.priceMinor ?? null),
    currency: variants.length ? null : (artwork.offers[0]?.currency ?? null),
    imageHash: image.hash,
    imageWidth: image.width,
    imageHeight: image.height,
  };
}

/** A canonical link may only move an offer within its own shop. */
function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}
