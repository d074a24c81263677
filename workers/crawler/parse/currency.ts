/**
 * Currency knowledge for price parsing: ISO 4217 codes and their minor-unit exponents, and the
 * symbols shops print instead of codes.
 */

/** ISO 4217 exponents other than the default 2 (minor units per major unit = 10^exponent). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Minor-unit exponent of an ISO code; 2 for the vast majority and for unknown codes. */
export function currencyExponent(code: string): number {
  return EXPONENTS[code.trim().toUpperCase()] ?? 2;
}

/**
 * Active ISO 4217 codes shops actually use. Recognised in text only in upper case, so words
 * such as "all" (ALL, Albanian lek) or "top" (TOP) in prose are not mistaken for currencies.
 */
export const ISO_CODES: ReadonlySet<string> = new Set(
  (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP " +
    "BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP " +
    "GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR " +
    "KMF KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN " +
    "MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD " +
    "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH " +
    "UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
  ).split(" "),
);

/** Upper-cased ISO code if `value` is one ("eur" -> "EUR"), else null. */
export function isoCode(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const code = value.trim().toUpperCase();
  return ISO_CODES.has(code) ? code : null;
}

/**
 * A currency marker as printed. `code` is the ISO code it names; `family` lists the codes that
 * share an ambiguous symbol, so a source's hint can pick among them ("$" in a Canadian shop is
 * CAD, "kr" needs a hint to be SEK, NOK, DKK or ISK).
 */
export interface CurrencyMarker {
  text: string;
  code: string | null;
  family?: readonly string[];
}

const DOLLARS = ["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN"] as const;
const KRONOR = ["SEK", "NOK", "DKK", "ISK"] as const;
const RUPEES = ["INR", "PKR", "LKR", "NPR", "MUR"] as const;

/**
 * Markers other than ISO codes, longest first so "US$" wins over "$". Letters-only markers are
 * matched as whole words (see price.ts), symbols anywhere.
 */
export const SYMBOL_MARKERS: readonly CurrencyMarker[] = [
  { text: "US$", code: "USD" },
  { text: "CA$", code: "CAD" },
  { text: "AU$", code: "AUD" },
  { text: "NZ$", code: "NZD" },
  { text: "HK$", code: "HKD" },
  { text: "SG$", code: "SGD" },
  { text: "NT$", code: "TWD" },
  { text: "MX$", code: "MXN" },
  { text: "C$", code: "CAD" },
  { text: "A$", code: "AUD" },
  { text: "S$", code: "SGD" },
  { text: "R$", code: "BRL" },
  { text: "CN¥", code: "CNY" },
  { text: "JP¥", code: "JPY" },
  { text: "SFr.", code: "CHF" },
  { text: "Fr.", code: "CHF" },
  { text: "Rs.", code: "INR", family: RUPEES },
  { text: "Rs", code: "INR", family: RUPEES },
  { text: "kr.", code: null, family: KRONOR },
  { text: "kr", code: null, family: KRONOR },
  { text: "Kr", code: null, family: KRONOR },
  { text: "zł", code: "PLN" },
  { text: "Kč", code: "CZK" },
  { text: "Ft", code: "HUF" },
  { text: "lei", code: "RON" },
  { text: "€", code: "EUR" },
  { text: "£", code: "GBP" },
  { text: "¥", code: "JPY", family: ["JPY", "CNY"] },
  { text: "￥", code: "JPY", family: ["JPY", "CNY"] },
  { text: "元", code: "CNY" },
  { text: "円", code: "JPY" },
  { text: "₹", code: "INR" },
  { text: "₩", code: "KRW" },
  { text: "₽", code: "RUB" },
  { text: "₺", code: "TRY" },
  { text: "₪", code: "ILS" },
  { text: "₫", code: "VND" },
  { text: "฿", code: "THB" },
  { text: "₱", code: "PHP" },
  { text: "₴", code: "UAH" },
  { text: "₦", code: "NGN" },
  { text: "$", code: "USD", family: DOLLARS },
];

/**
 * ISO code for a marker given an optional hint: an ambiguous symbol takes the hint when the hint
 * is one of its family, else its usual meaning (null for "kr", which has none).
 */
export function resolveMarker(marker: CurrencyMarker, hint: string | null): string | null {
  if (hint && marker.family?.includes(hint)) return hint;
  return marker.code;
}

/** Normalises what a page calls its currency ("usd", "€", "US$") to an ISO code, or null. */
export function currencyFromLabel(label: string | null | undefined, hint: string | null = null): string | null {
  if (typeof label !== "string") return null;
  const trimmed = label.trim();
  const iso = isoCode(trimmed);
  if (iso) return iso;
  const marker = SYMBOL_MARKERS.find((m) => m.text.toLowerCase() === trimmed.toLowerCase());
  return marker ? resolveMarker(marker, hint) : null;
}
