/**
 * Which currency a price without one ("under 100") means for this visitor.
 *
 * Prices are never converted (decision 0009), so "under 100" has to pick a currency or compare
 * each work in its own. The order: a currency written in the text ("under $100"), the one the
 * visitor chose on the page (`currency=EUR`, or `currency=any` for each work's own), then the
 * browser's first language that names a region or a language tied to one currency. Without
 * any of these, each work's own currency, and the page says so.
 */
import { SEARCH_CURRENCIES, type SearchCurrency, type SearchFilters } from "./query-parser";

/** Euro area members (ISO 3166 regions) in 2026. */
const EURO_REGIONS = new Set(["AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "SK", "SI", "ES", "AD", "MC", "SM", "VA", "ME", "XK", "BG"]);
const REGION_CURRENCY: Record<string, SearchCurrency> = { US: "USD", PR: "USD", GB: "GBP", UK: "GBP", IM: "GBP", JE: "GBP", GG: "GBP" };
/** Languages spoken almost only inside the euro area, so a bare tag ("de", "fi") is enough. */
const EURO_LANGUAGES = new Set(["de", "fr", "it", "nl", "fi", "et", "lv", "lt", "sk", "sl", "el", "mt", "ga", "lb", "hr", "bg"]);

/** How a price's currency was decided, for the page's one-line explanation. */
export type PriceCurrencySource = "text" | "chosen" | "locale" | "each";

export interface PriceCurrency {
  /** null: each work is compared in its own currency. */
  currency: SearchCurrency | null;
  source: PriceCurrencySource;
}

function currencyOfTag(tag: string): SearchCurrency | null {
  const [language = "", ...rest] = tag.trim().split(/[-_]/);
  const region = rest.find((part) => /^[A-Za-z]{2}$/.test(part))?.toUpperCase();
  if (region) {
    if (REGION_CURRENCY[region]) return REGION_CURRENCY[region];
    if (EURO_REGIONS.has(region)) return "EUR";
    return null;
  }
  return EURO_LANGUAGES.has(language.toLowerCase()) ? "EUR" : null;
}

/**
 * The currency of the browser's preferred languages (Accept-Language, by weight): the first
 * tag that settles one wins; a tag that names another currency's region ("ja-JP") settles on
 * none rather than guessing from a later one.
 */
export function currencyFromAcceptLanguage(header: string | null | undefined): SearchCurrency | null {
  if (!header) return null;
  const tags = header
    .split(",")
    .slice(0, 12)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.tag && t.tag !== "*" && Number.isFinite(t.weight) && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of tags) {
    const hasRegion = tag.split(/[-_]/).slice(1).some((part) => /^[A-Za-z]{2}$/.test(part));
    const currency = currencyOfTag(tag);
    if (currency || hasRegion) return currency;
  }
  return null;
}

export function isSearchCurrency(value: string): value is SearchCurrency {
  return (SEARCH_CURRENCIES as readonly string[]).includes(value);
}

/**
 * Settles the currency of a price bound that has none. `textCurrency` is the one written in
 * the query; `filters` are the merged filters (a chosen currency is already in them).
 * Returns the filters to search with and how the currency was decided, or no note when no
 * price bound applies ("cheap" explains itself: the cheapest quarter of each currency).
 */
export function settlePriceCurrency(
  filters: SearchFilters,
  textCurrency: SearchCurrency | undefined,
  visitorCurrency: SearchCurrency | null | undefined,
): { filters: SearchFilters; note: PriceCurrency | null } {
  const hasBound = filters.minPriceMinor !== undefined || filters.maxPriceMinor !== undefined;
  if (!hasBound) return { filters, note: null };
  if (filters.currency) return { filters, note: { currency: filters.currency, source: textCurrency === filters.currency ? "text" : "chosen" } };
  if (filters.anyCurrency) return { filters, note: { currency: null, source: "chosen" } };
  if (visitorCurrency) return { filters: { ...filters, currency: visitorCurrency }, note: { currency: visitorCurrency, source: "locale" } };
  return { filters, note: { currency: null, source: "each" } };
}
