/**
 * Prices: integer minor units inside the shop, formatted the way each currency's home
 * market writes them, so crawlers have to parse "$1,299.00", "1.299,00 €" and "£85".
 * Hand-rolled instead of Intl so output never depends on the runtime's ICU data.
 */
import type { Currency } from "./types.ts";

function groupThousands(whole: number, separator: string): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Human-readable price in the currency's local style. */
export function formatPrice(minor: number, currency: Currency): string {
  const whole = Math.floor(minor / 100);
  const cents = String(minor % 100).padStart(2, "0");
  switch (currency) {
    case "USD":
      return `$${groupThousands(whole, ",")}.${cents}`;
    case "EUR":
      return `${groupThousands(whole, ".")},${cents} €`;
    case "GBP":
      // British shops commonly drop ".00" on whole-pound prices.
      return minor % 100 === 0 ? `£${groupThousands(whole, ",")}` : `£${groupThousands(whole, ",")}.${cents}`;
  }
}

/** Machine-readable decimal string, as schema.org and OpenGraph expect ("1299.00"). */
export function decimalPrice(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}

/** Rounds a raw amount (major units) to a shop-like price in minor units: 45, 129, 1,299. */
export function nicePrice(major: number): number {
  if (major < 100) return Math.max(5, Math.round(major / 5) * 5) * 100;
  if (major < 1000) return (Math.round(major / 10) * 10 - 1) * 100;
  return (Math.round(major / 100) * 100 - 1) * 100;
}
