/**
 * Lookup tables derived from one catalogue version: what each URL resolves to, and the
 * listing/sitemap order. Built once per version and shared by all routes.
 */
import { STYLES, type DemoArtwork, type DemoCatalog, type DraftArtwork, type PartnerProduct, type Style } from "./types.ts";
import { imagePath, LISTING_PAGE_SIZE, pageImagePath, productPath, salePath } from "./urls.ts";

export interface ListingEntry {
  path: string;
  imagePath: string;
  work: DemoArtwork;
}

export interface ShopState {
  catalog: DemoCatalog;
  bySlug: Map<string, DemoArtwork>;
  byId: Map<number, DemoArtwork>;
  removedBySlug: Map<string, DemoArtwork>;
  /** Works with a second URL under /sale/. */
  saleBySlug: Map<string, DemoArtwork>;
  draftsBySlug: Map<string, DraftArtwork>;
  partnerBySlug: Map<string, PartnerProduct>;
  partnerBySku: Map<string, PartnerProduct>;
  /** Crawlable product links per category, in listing order (24 a page). */
  listings: Record<Style, ListingEntry[]>;
  /** Every crawlable product URL, in sitemap order. */
  sitemapEntries: ListingEntry[];
}

function hasSaleUrl(work: DemoArtwork): boolean {
  return work.case === "duplicate-url" || work.case === "duplicate-image";
}

export function buildShopState(catalog: DemoCatalog): ShopState {
  const sorted = [...catalog.artworks].sort((a, b) => a.id - b.id);
  const entriesFor = (work: DemoArtwork): ListingEntry[] => {
    const main = { path: productPath(work), imagePath: imagePath(work), work };
    if (!hasSaleUrl(work)) return [main];
    return [main, { path: salePath(work), imagePath: pageImagePath(work, salePath(work)), work }];
  };
  const listings = Object.fromEntries(STYLES.map((style) => [style, [] as ListingEntry[]])) as Record<Style, ListingEntry[]>;
  const sitemapEntries: ListingEntry[] = [];
  for (const work of sorted) {
    const entries = entriesFor(work);
    listings[work.style].push(...entries);
    sitemapEntries.push(...entries);
  }
  return {
    catalog,
    bySlug: new Map(sorted.map((w) => [w.slug, w])),
    byId: new Map(sorted.map((w) => [w.id, w])),
    removedBySlug: new Map(catalog.removed.map((w) => [w.slug, w])),
    saleBySlug: new Map(sorted.filter(hasSaleUrl).map((w) => [w.slug, w])),
    draftsBySlug: new Map(catalog.drafts.map((d) => [d.slug, d])),
    partnerBySlug: new Map(catalog.partner.products.map((p) => [p.slug, p])),
    partnerBySku: new Map(catalog.partner.products.map((p) => [p.sku.toLowerCase(), p])),
    listings,
    sitemapEntries,
  };
}

export function pageCount(entries: readonly unknown[]): number {
  return Math.max(1, Math.ceil(entries.length / LISTING_PAGE_SIZE));
}
