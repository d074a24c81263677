/** The demo shop's URL scheme in one place (paths; pages prefix them with the origin). */
import type { DemoArtwork, DraftArtwork, PartnerProduct, Style } from "./types.ts";

export const LISTING_PAGE_SIZE = 24;
export const SITEMAP_CHUNK = 200;

export const productPath = (work: Pick<DemoArtwork, "slug">): string => `/artworks/${work.slug}`;
/** Second URL of a duplicated work (cases duplicate-url and duplicate-image). */
export const salePath = (work: Pick<DemoArtwork, "slug">): string => `/sale/${work.slug}`;
/** The other half of the redirect loop: /artworks/<slug> -> /moved/<slug> -> /artworks/<slug>. */
export const movedPath = (work: Pick<DemoArtwork, "slug">): string => `/moved/${work.slug}`;
export const imagePath = (work: Pick<DemoArtwork, "id">): string => `/images/${work.id}.png`;
/** Same bytes as imagePath, different URL (case duplicate-image). */
export const saleImagePath = (work: Pick<DemoArtwork, "id">): string => `/images/sale/${work.id}.png`;
export const draftPath = (draft: Pick<DraftArtwork, "slug">): string => `/private/drafts/${draft.slug}`;
export const CLIENT_SCRIPT_PATH = "/static/artwork.js";
export const PRESS_KIT_PATH = "/private/press-kit.html";
export const TRADE_PRICES_PATH = "/private/trade-prices.html";

export function categoryPath(style: Style, page = 1): string {
  return page === 1 ? `/category/${style}` : `/category/${style}?page=${page}`;
}

export const partnerProductPath = (product: Pick<PartnerProduct, "slug">): string => `/products/${product.slug}`;
export const partnerImagePath = (product: Pick<PartnerProduct, "sku">): string => `/img/${product.sku.toLowerCase()}.png`;

/** The image URL a work's pages point at (the duplicate-image sale page uses its own). */
export function pageImagePath(work: DemoArtwork, pagePath: string): string {
  return work.case === "duplicate-image" && pagePath === salePath(work) ? saleImagePath(work) : imagePath(work);
}
