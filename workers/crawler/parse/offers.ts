/** Turns an offer as a page states it (price text or number, currency label, stock) into an ExtractedOffer. */
import { parsePrice, toMinorUnits } from "../price.ts";
import { currencyFromLabel } from "./currency.ts";
import { parseDimensions, sizeLabel, type Dimensions } from "./sizes.ts";
import { nonEmpty } from "./text.ts";
import type { ExtractedOffer } from "./types.ts";

export interface OfferInput {
  label?: string | null;
  sku?: string | null;
  /** A number, or text such as "1299.00" or "$1,299.00". */
  price?: unknown;
  /** What the page calls the currency: an ISO code, or a symbol like "€". */
  currency?: string | null;
  /** schema.org availability URL/name or a shop's wording ("in stock"). */
  availability?: string | null;
  url?: string | null;
  size?: Dimensions | null;
}

export interface OfferHints {
  defaultCurrency: string | null;
  /** "." for machine-readable values (schema.org, OpenGraph); unset for human text. */
  decimalSeparator?: "." | ",";
}

const AVAILABLE = new Set([
  "instock", "in stock", "instoreonly", "onlineonly", "limitedavailability", "preorder", "presale",
  "backorder", "madetoorder", "available", "available for order", "availablefororder", "in_stock",
]);
const UNAVAILABLE = new Set([
  "outofstock", "out of stock", "soldout", "sold out", "discontinued", "oos", "out_of_stock",
  "unavailable", "reserved", "sold",
]);

/** schema.org ItemAvailability (any prefix) or OpenGraph/shop wording as a boolean; null if unknown. */
export function availabilityOf(value: string | null | undefined): boolean | null {
  if (typeof value !== "string") return null;
  const name = value.trim().replace(/^.*[/#:]/, "").toLowerCase();
  if (AVAILABLE.has(name)) return true;
  if (UNAVAILABLE.has(name)) return false;
  return null;
}

function amountOf(price: unknown, currency: string | null, hints: OfferHints): { amount: number | null; currency: string | null } {
  if (typeof price === "number") {
    return { amount: Number.isFinite(price) && price >= 0 ? price : null, currency };
  }
  if (typeof price !== "string") return { amount: null, currency };
  const parsed = parsePrice(price, {
    ...(currency ? { currency } : {}),
    ...(hints.decimalSeparator ? { decimalSeparator: hints.decimalSeparator } : {}),
  });
  // A declared currency beats a symbol in the price text ("price": "$45", priceCurrency CAD).
  return { amount: parsed.amount, currency: currency ?? parsed.currency };
}

export function buildOffer(input: OfferInput, hints: OfferHints): ExtractedOffer {
  const declared = currencyFromLabel(input.currency ?? null, hints.defaultCurrency);
  const { amount, currency: found } = amountOf(input.price, declared, hints);
  const currency = found ?? hints.defaultCurrency;
  let priceMinor: number | null = null;
  if (amount !== null) {
    const minor = toMinorUnits(amount, currency ?? "");
    priceMinor = Number.isSafeInteger(minor) ? minor : null;
  }
  const label = nonEmpty(input.label ?? null);
  const size = input.size ?? (label ? parseDimensions(label) : null);
  return {
    label: label ?? (size ? sizeLabel(size.widthCm, size.heightCm) : null),
    sku: nonEmpty(input.sku ?? null),
    widthCm: size?.widthCm ?? null,
    heightCm: size?.heightCm ?? null,
    price: priceMinor === null ? null : amount,
    priceMinor,
    currency,
    available: availabilityOf(input.availability ?? null),
    url: input.url ?? null,
  };
}

/** True when an offer carries anything worth keeping. */
export function offerHasContent(offer: ExtractedOffer): boolean {
  return offer.priceMinor !== null || offer.label !== null || offer.sku !== null || offer.available !== null;
}
