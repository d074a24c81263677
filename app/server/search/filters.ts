/**
 * One set of search filters, applied the same way to the vector index (metadata filter)
 * and to SQL (keyword and filter-only searches). The colour filter is the work's dominant
 * colour (artworks.dominant_colour = vector metadata `colour`); price bounds are inclusive
 * and compare the work's cheapest price in its own currency.
 */
import type { SearchFilters } from "./query-parser";

/** Vectorize metadata filter: keys are ANDed; only available works. */
export function vectorFilter(filters: SearchFilters): VectorizeVectorMetadataFilter {
  const filter: Record<string, unknown> = { available: { $eq: true } };
  const price: Record<string, number> = {};
  if (filters.minPriceMinor !== undefined) price.$gte = filters.minPriceMinor;
  if (filters.maxPriceMinor !== undefined) price.$lte = filters.maxPriceMinor;
  const ceilings = Object.values(filters.priceCeilings ?? {});
  // Vectorize has no OR: the highest ceiling here, each currency's own in the exact re-check (sqlFilter).
  if (filters.priceCeilings) price.$lte = Math.min(price.$lte ?? Number.MAX_SAFE_INTEGER, ceilings.length ? Math.max(...ceilings) : 0);
  if (Object.keys(price).length > 0) filter.priceMinor = price;
  if (filters.currency) filter.currency = { $eq: filters.currency };
  if (filters.orientation) filter.orientation = { $eq: filters.orientation };
  if (filters.size) filter.sizeClass = { $eq: filters.size };
  const colours = filters.colours ?? [];
  if (colours.length === 1) filter.colour = { $eq: colours[0] };
  else if (colours.length > 1) filter.colour = { $in: colours };
  return filter as VectorizeVectorMetadataFilter;
}

/** SQL conditions over `artworks a` (always: available). */
export function sqlFilter(filters: SearchFilters): { where: string; binds: unknown[] } {
  const where = ["a.available = 1"];
  const binds: unknown[] = [];
  if (filters.minPriceMinor !== undefined) {
    where.push("a.min_price_minor >= ?");
    binds.push(filters.minPriceMinor);
  }
  if (filters.maxPriceMinor !== undefined) {
    where.push("a.min_price_minor <= ?");
    binds.push(filters.maxPriceMinor);
  }
  if (filters.priceCeilings) {
    const entries = Object.entries(filters.priceCeilings);
    where.push(entries.length ? `(${entries.map(() => "(a.currency = ? AND a.min_price_minor <= ?)").join(" OR ")})` : "0");
    for (const [currency, ceiling] of entries) binds.push(currency, ceiling);
  }
  if (filters.currency) {
    where.push("a.currency = ?");
    binds.push(filters.currency);
  }
  if (filters.orientation) {
    where.push("a.orientation = ?");
    binds.push(filters.orientation);
  }
  if (filters.size) {
    where.push("a.size_class = ?");
    binds.push(filters.size);
  }
  const colours = filters.colours ?? [];
  if (colours.length > 0) {
    where.push(`a.dominant_colour IN (${colours.map(() => "?").join(",")})`);
    binds.push(...colours);
  }
  return { where: where.join(" AND "), binds };
}

/**
 * How much of the given colours a work's palette holds (sum of their weights, 0..1), as an
 * SQL expression over `a`; a missing or malformed palette counts as none.
 */
export function colourShareSql(colourCount: number): string {
  return `(SELECT COALESCE(SUM(json_extract(p.value, '$.weight')), 0)
    FROM json_each(CASE WHEN json_valid(a.palette) THEN CASE WHEN json_type(a.palette) = 'array' THEN a.palette ELSE '[]' END ELSE '[]' END) p
    WHERE p.type = 'object' AND json_extract(p.value, '$.name') IN (${Array.from({ length: colourCount }, () => "?").join(",")}))`;
}
