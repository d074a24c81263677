/**
 * Prices from real-world shop strings: "$1,299.00", "1.299,00 €", "CHF 1'200.50", "From $49",
 * "£50 – £120". Currencies come back as ISO 4217 codes (symbols mapped: € -> EUR, £ -> GBP,
 * $ -> USD unless the text says US$/C$/A$/... or the hint names another dollar), because the
 * catalogue stores ISO codes; the amount is the decimal number as written.
 *
 * Several amounts (ranges, "was $120 now $99") give the lowest: the price a buyer pays today,
 * or the entry price of a range. Numbers printed next to a currency marker beat bare numbers.
 */
import { decodeHTML } from "entities";
import {
  ISO_CODES,
  SYMBOL_MARKERS,
  currencyExponent,
  currencyFromLabel,
  resolveMarker,
  type CurrencyMarker,
} from "./parse/currency.ts";

export interface PriceHints {
  /** Currency the source uses when its pages print none (ISO code; a symbol is accepted). */
  currency?: string;
  /** Which separator is decimal when a string alone cannot tell ("1.299", "1,299"). */
  decimalSeparator?: "." | ",";
}

export interface ParsedPrice {
  amount: number | null;
  currency: string | null;
}

// Long strings are not prices; looking at the head keeps the work bounded on hostile input.
const MAX_INPUT = 400;
// More than a trillion (major units) is a parsing accident, not a price.
const MAX_INTEGER_DIGITS = 12;

interface FoundMarker {
  start: number;
  end: number;
  marker: CurrencyMarker;
}

interface FoundNumber {
  start: number;
  end: number;
  token: string;
}

// Codes that are also English words ("ALL SIZES", "TRY IT"): currencies only right next to a number.
const WORDLIKE_CODES = new Set(["ALL", "BOB", "CUP", "GEL", "MAD", "MOP", "PEN", "SOS", "TOP", "TRY"]);

const isLetter = (ch: string | undefined): boolean => ch !== undefined && /\p{L}/u.test(ch);

/** Currency markers in text order; longest marker wins at a position. */
function findMarkers(text: string): FoundMarker[] {
  const found: FoundMarker[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = markerAt(text, i);
    if (hit) {
      found.push(hit);
      i = hit.end;
    } else {
      i += 1;
    }
  }
  return found;
}

function markerAt(text: string, i: number): FoundMarker | null {
  const before = text[i - 1];
  // ISO codes: three upper-case letters standing alone ("USD45" counts, "USDA" does not).
  const code = text.slice(i, i + 3);
  if (/^[A-Z]{3}$/.test(code) && ISO_CODES.has(code) && !isLetter(before) && !isLetter(text[i + 3])) {
    return { start: i, end: i + 3, marker: { text: code, code } };
  }
  for (const marker of SYMBOL_MARKERS) {
    if (!text.startsWith(marker.text, i)) continue;
    const end = i + marker.text.length;
    const wordLike = /^\p{L}/u.test(marker.text);
    // "Rs", "kr", "US$" must not be the tail of a word ("Prints", "Skr", "AUS$").
    if (wordLike && isLetter(before)) continue;
    if (/\p{L}$/u.test(marker.text) && isLetter(text[end])) continue;
    return { start: i, end, marker };
  }
  return null;
}

// Digit groups joined by . , ' ’ or by a space before exactly three digits ("1 299,00").
const NUMBER = /\d+(?:[.,'’]\d+|[ ]\d{3}(?!\d))*/g;

function findNumbers(text: string): FoundNumber[] {
  return [...text.matchAll(NUMBER)].map((m) => ({ start: m.index, end: m.index + m[0].length, token: m[0] }));
}

/** Decimal value of a digit token, deciding which separator (if any) is the decimal one. */
function interpretNumber(token: string, decimalHint: "." | "," | undefined, exponent: number): number | null {
  const seps = [...token.matchAll(/[.,'’ ]/g)].map((m) => m[0]);
  const groups = token.split(/[.,'’ ]/);
  const last = seps[seps.length - 1];
  let decimal = false;
  if (last === "." || last === ",") {
    const lastCount = seps.filter((s) => s === last).length;
    const tail = groups[groups.length - 1] ?? "";
    if (lastCount > 1) decimal = false; // "1.299.000", "1,49,999": all grouping
    else if (seps.length > 1) decimal = true; // "1.299,00", "1 299,00", "1'299.50"
    else if (tail.length !== 3) decimal = true; // "12.50", "1,29", "12,5"
    else if (groups[0] === "0") decimal = true; // "0.299" cannot be grouping
    else if (decimalHint) decimal = decimalHint === last;
    else decimal = exponent === 3 && last === "."; // three-decimal currencies (KWD 1.299)
  }
  const intDigits = (decimal ? groups.slice(0, -1) : groups).join("").replace(/^0+(?=\d)/, "");
  const fraction = decimal ? groups[groups.length - 1] ?? "" : "";
  if (intDigits.length > MAX_INTEGER_DIGITS) return null;
  const value = Number(fraction ? `${intDigits}.${fraction}` : intDigits);
  return Number.isFinite(value) ? value : null;
}

const between = (text: string, from: number, to: number): string => text.slice(Math.max(0, from), Math.max(from, to));

/** The marker printed right before or after a number (only spaces between), if any. */
function adjacentMarker(text: string, num: FoundNumber, markers: FoundMarker[]): FoundMarker | null {
  for (const m of markers) {
    if (m.end <= num.start && /^\s*$/.test(between(text, m.end, num.start))) return m;
    if (m.start >= num.end && /^\s*$/.test(between(text, num.end, m.start))) return m;
  }
  return null;
}

/** A minus sign directly attached to the amount (or its prefix marker) that is not a range dash. */
function isNegative(text: string, start: number): boolean {
  const sign = text[start - 1];
  if (sign !== "-" && sign !== "−") return false;
  const before = text.slice(0, start - 1).trimEnd();
  const prev = before[before.length - 1];
  // "$10 - $20", "10-20 €": a dash after a number (or a suffix marker after one) is a range.
  return !(prev !== undefined && (/\d/.test(prev) || /\d\s*\S{1,4}$/.test(before)));
}

/** Numbers that describe something other than money: percentages and sizes ("30 x 40 cm"). */
function isNotMoney(text: string, num: FoundNumber): boolean {
  const after = text.slice(num.end, num.end + 6);
  const before = text.slice(Math.max(0, num.start - 3), num.start);
  return /^\s*(%|cm\b|mm\b|in\b|"|″|×|[xX]\s*\d)/.test(after) || /[×xX]\s*$/.test(before);
}

/** Plain text: entity remnants decoded, exotic spaces made ordinary. */
function normaliseInput(text: string): string {
  return decodeHTML(text.slice(0, MAX_INPUT))
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .replace(/[\u200B-\u200D\uFEFF]/g, "");
}

export function parsePrice(text: string, hints?: PriceHints): ParsedPrice {
  const hintCurrency = currencyFromLabel(hints?.currency);
  if (typeof text !== "string") return { amount: null, currency: hintCurrency };
  const clean = normaliseInput(text);
  const markers = findMarkers(clean);
  const standalone = markers.find((m) => !WORDLIKE_CODES.has(m.marker.text));
  const firstMarker = standalone ? resolveMarker(standalone.marker, hintCurrency) : null;

  interface Candidate {
    value: number | null;
    currency: string | null;
    marked: boolean;
    negative: boolean;
  }
  const candidates: Candidate[] = [];
  for (const num of findNumbers(clean)) {
    if (isNotMoney(clean, num)) continue;
    const marker = adjacentMarker(clean, num, markers);
    const currency = marker ? resolveMarker(marker.marker, hintCurrency) : (firstMarker ?? hintCurrency);
    const signAt = marker && marker.end <= num.start ? marker.start : num.start;
    candidates.push({
      value: interpretNumber(num.token, hints?.decimalSeparator, currencyExponent(currency ?? "")),
      currency,
      marked: marker !== null,
      negative: isNegative(clean, signAt) || isNegative(clean, num.start),
    });
  }

  const pool = candidates.some((c) => c.marked) ? candidates.filter((c) => c.marked) : candidates;
  let best: Candidate | null = null;
  for (const c of pool) {
    if (c.negative || c.value === null) continue;
    if (!best || (best.value !== null && c.value < best.value)) best = c;
  }
  const currency = best?.currency ?? firstMarker ?? hintCurrency;
  return { amount: best?.value ?? null, currency };
}

/**
 * Integer minor units (cents, pence, yen, fils) of a decimal amount under ISO 4217 exponents,
 * rounded half away from zero on the decimal digits as written, so 19.99 -> 1999 and
 * 1.005 -> 101 despite binary floating point.
 */
export function toMinorUnits(amount: number, currency: string): number {
  if (!Number.isFinite(amount)) throw new RangeError(`not a finite amount: ${amount}`);
  const exponent = currencyExponent(currency);
  const magnitude = Math.abs(amount);
  const written = String(magnitude);
  // Shifting the decimal point in the string avoids 1.005 * 100 = 100.49999999999999.
  const shifted = written.includes("e") ? magnitude * 10 ** exponent : Number(`${written}e${exponent}`);
  const minor = Math.round(shifted);
  return amount < 0 && minor !== 0 ? -minor : minor;
}
