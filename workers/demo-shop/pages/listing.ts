/**
 * Category listings, 24 products a page, with rel=prev/next in <head> and in the pagination.
 * Page 1 also shows "coming soon" cards that link into /private/ (bait for crawlers that
 * ignore robots.txt) and sort links that robots.txt disallows with a wildcard rule.
 */
import { html } from "../html.ts";
import { formatPrice } from "../money.ts";
import type { ListingEntry, ShopState } from "../shop-state.ts";
import type { Style } from "../types.ts";
import { LISTING_PAGE_SIZE, TRADE_PRICES_PATH, categoryPath, draftPath } from "../urls.ts";
import { STYLE_LABELS } from "../words.ts";
import { layout } from "./layout.ts";

export type ListingSort = "price-asc" | "price-desc";

function card(entry: ListingEntry): ReturnType<typeof html> {
  const { work } = entry;
  const from = Math.min(...work.sizes.map((s) => s.price));
  return html`<li class="product-card"><a href="${entry.path}"><img src="${entry.imagePath}" width="${work.image.width}" height="${work.image.height}" alt="${work.title}" loading="lazy">
<span class="title">${work.title}</span></a>
<span class="artist">${work.artist}</span> <span class="price">from ${formatPrice(from, work.currency)}</span></li>`;
}

/** The entries of one page, or undefined when the page does not exist. */
export function listingPage(
  state: ShopState,
  style: Style,
  page: number,
  origin: string,
  sort?: ListingSort,
): string | undefined {
  let entries = state.listings[style];
  if (sort) {
    const from = (e: ListingEntry): number => Math.min(...e.work.sizes.map((s) => s.price));
    entries = [...entries].sort((a, b) => (sort === "price-asc" ? from(a) - from(b) : from(b) - from(a)) || a.work.id - b.work.id);
  }
  const pages = Math.max(1, Math.ceil(entries.length / LISTING_PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1 || page > pages) return undefined;
  const shown = entries.slice((page - 1) * LISTING_PAGE_SIZE, page * LISTING_PAGE_SIZE);
  // Sorted URLs start with "?sort=" so robots.txt's "Disallow: /*?sort=" covers every page of them.
  const pathOf = (n: number): string =>
    sort ? `/category/${style}?sort=${sort}${n > 1 ? `&page=${n}` : ""}` : categoryPath(style, n);
  const prev = page > 1 ? pathOf(page - 1) : undefined;
  const next = page < pages ? pathOf(page + 1) : undefined;
  const drafts = page === 1 && !sort ? state.catalog.drafts.filter((d) => d.style === style) : [];
  return layout({
    title: `${STYLE_LABELS[style]} art${page > 1 ? ` (page ${page})` : ""} | Demo Art Shop`,
    origin,
    canonicalPath: sort ? undefined : categoryPath(style, page),
    head: html`${prev ? html`<link rel="prev" href="${origin}${prev}">` : ""}
${next ? html`<link rel="next" href="${origin}${next}">` : ""}`,
    body: html`<h1>${STYLE_LABELS[style]}</h1>
<p>${entries.length} works. Page ${page} of ${pages}. Sort: <a href="${categoryPath(style)}?sort=price-asc">price, low to high</a> · <a href="${categoryPath(style)}?sort=price-desc">price, high to low</a></p>
<ul class="grid">
${shown.map(card)}
${drafts.map(
  (d) => html`<li class="product-card coming-soon"><a href="${draftPath(d)}"><span class="title">${d.title}</span></a> <span class="artist">${d.artist}</span> <span class="price">Coming soon</span></li>`,
)}
</ul>
<nav class="pagination">${prev ? html`<a rel="prev" href="${prev}">Previous</a>` : ""} ${next ? html`<a rel="next" href="${next}">Next</a>` : ""}</nav>
<p class="trade"><a href="${TRADE_PRICES_PATH}">Trade customers: see wholesale prices</a></p>`,
  });
}
