/** Links and counts for keyset-paged lists (tag and artist pages); safe in the browser bundle. */

/** A paged list's URL: the first page is the bare path, later ones carry the keyset position. */
export function browseHref(path: string, after: number | null, page: number): string {
  return after === null ? path : `${path}?after=${after}&page=${page}`;
}

/** "1 artwork", "12 artworks", "500+ artworks" (totals are counted up to a cap). */
export function countText(page: { total: number; totalCapped: boolean }, one: string, many: string): string {
  if (page.totalCapped) return `${page.total}+ ${many}`;
  return page.total === 1 ? `1 ${one}` : `${page.total} ${many}`;
}
