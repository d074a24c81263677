/**
 * What "cheap" costs: per currency, the highest price among the cheapest quarter of the available
 * works priced in it (prices are never converted). Read once per catalogue version per isolate.
 */
import { catalogueVersion } from "../catalogue-version.server";
import { CHEAP_SHARE, SEARCH_CURRENCIES, type SearchCurrency, type SearchFilters } from "./query-parser";

type Ceilings = Partial<Record<SearchCurrency, number>>;

let cached: { version: number; ceilings: Ceilings } | null = null;

export function forgetCheapPrices(): void {
  cached = null;
}

export async function cheapCeilings(db: D1Database): Promise<Ceilings> {
  const version = await catalogueVersion(db);
  if (cached?.version === version) return cached.ceilings;
  const where = "available = 1 AND currency = ? AND min_price_minor IS NOT NULL";
  const answers = await db.batch<{ price: number }>(
    SEARCH_CURRENCIES.map((currency) =>
      db
        .prepare(
          `SELECT min_price_minor AS price FROM artworks WHERE ${where} ORDER BY min_price_minor
           LIMIT 1 OFFSET (SELECT MAX(0, CAST(COUNT(*) * ? AS INTEGER) - 1) FROM artworks WHERE ${where})`,
        )
        .bind(currency, CHEAP_SHARE, currency),
    ),
  );
  const ceilings: Ceilings = {};
  SEARCH_CURRENCIES.forEach((currency, i) => {
    const price = answers[i]?.results?.[0]?.price;
    if (typeof price === "number") ceilings[currency] = price;
  });
  cached = { version, ceilings };
  return ceilings;
}

/** The filters with `cheap` resolved: a ceiling for the asked currency, else one per currency. */
export async function resolveCheap(db: D1Database, filters: SearchFilters): Promise<SearchFilters> {
  if (!filters.cheap) return filters;
  const ceilings = await cheapCeilings(db);
  if (filters.currency) {
    const ceiling = ceilings[filters.currency] ?? 0;
    return { ...filters, maxPriceMinor: Math.min(filters.maxPriceMinor ?? ceiling, ceiling) };
  }
  return { ...filters, priceCeilings: ceilings };
}
