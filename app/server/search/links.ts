/** Links to searches (load more, chips, swatches); safe in the browser bundle. */
import type { SearchFilters } from "./query-parser";

function majorUnits(minor: number): string {
  return minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2);
}

/** The URL of a search, with the parameters readSearchParams reads back. */
export function searchHref(q: string, filters: SearchFilters, cursor?: number, path = "/search"): string {
  const p = new URLSearchParams();
  if (q) p.set("q", q);
  if (filters.colours?.length) p.set("colour", filters.colours.join(","));
  if (filters.minPriceMinor !== undefined) p.set("minPrice", majorUnits(filters.minPriceMinor));
  if (filters.maxPriceMinor !== undefined) p.set("maxPrice", majorUnits(filters.maxPriceMinor));
  if (filters.currency) p.set("currency", filters.currency);
  else if (filters.anyCurrency) p.set("currency", "any");
  if (filters.orientation) p.set("orientation", filters.orientation);
  if (filters.size) p.set("size", filters.size);
  if (filters.verbatim) p.set("verbatim", "1");
  if (cursor) p.set("cursor", String(cursor));
  const query = p.toString();
  return query ? `${path}?${query}` : path;
}
