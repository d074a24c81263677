/**
 * The one search box: free text in, the filters it recognises out, plus the rest.
 *
 *   "lonely lighthouse in a storm, blue tones, under $80"
 *     -> remainder "lonely lighthouse in a storm", colours [blue], maxPriceMinor 8000, USD
 *
 * Recognised (case-insensitive, on the cleaned text):
 *  - price: "under $80", "below 100 euros", "less than £50", "up to 80", "$50-$120",
 *    "between 50 and 100 dollars", "from €50 to €90", "over $200", "at least 100",
 *    "$200 or more", "$80 or less", "around $80" (±20 %), a lone "$80" (read as a budget:
 *    at most $80), and "cheap"/"affordable"/"inexpensive"/"budget" (`cheap`: the cheapest
 *    quarter of each currency, or of the named one). Amounts become minor units (cents); bounds are inclusive.
 *    A currency symbol or word ($, US$, USD, dollars, bucks, €, EUR, euros, £, GBP, pounds,
 *    quid) sets `currency`. A bare number counts as a price only after a comparison word
 *    ("under 80"), never when a unit follows ("under 80 cm");
 *  - orientation: portrait/landscape/square (optionally "... format/orientation/shaped",
 *    "in portrait"), tall/vertical/upright -> portrait, wide/horizontal/panoramic -> landscape;
 *  - size: small/tiny/miniature, medium/mid-size, large/big, huge/giant/oversize(d)/extra large/XL;
 *  - colours: the 16 shared colour names and a few synonyms (colours.ts), with a shade word
 *    before them ("light blue") taken along; "not blue", "no red", "without green" are left alone.
 * Two different orientations (or sizes) in one query ("portrait or landscape") cancel out:
 * neither becomes a filter and the words stay in the text.
 *
 * The remainder is what is left, minus filler that would only blur a semantic query
 * ("painting", "artwork", "tones"...) and minus connector words at its edges.
 */
import type { Orientation, SizeClass } from "../../../workers/db/schema";
import { type ColourName, colourOfWord } from "./colours";
import { formatPrice } from "../../utils/format";

export const SEARCH_CURRENCIES = ["USD", "EUR", "GBP"] as const;
export type SearchCurrency = (typeof SEARCH_CURRENCIES)[number];

/**
 * What "cheap" means: the cheapest quarter of the works priced in each currency (prices are
 * never converted, so each currency has its own ceiling; docs/decisions/0009-lexical-search.md).
 * The ceilings are read per catalogue version (cheap-prices.server.ts); `cheap` carries the wish.
 */
export const CHEAP_SHARE = 0.25;
/** Larger amounts are not read as prices (10 million in major units). */
export const MAX_PRICE_MINOR = 1_000_000_000;
/** "around $80" means 80 % to 120 % of it. */
export const AROUND_SPREAD = 0.2;

export interface SearchFilters {
  minPriceMinor?: number;
  maxPriceMinor?: number;
  /** When set, only works priced in this currency match (prices are never converted). */
  currency?: SearchCurrency;
  orientation?: Orientation;
  size?: SizeClass;
  colours?: ColourName[];
  /** "cheap", "affordable"...: the cheapest quarter of each currency (or of the asked one). */
  cheap?: boolean;
  /** Resolved from `cheap` before searching: the highest price counted cheap, per currency. */
  priceCeilings?: Partial<Record<SearchCurrency, number>>;
  /** The visitor chose "any currency": a price without one compares each work in its own (visitor-currency.ts). */
  anyCurrency?: boolean;
  /** Not a filter but carried in links like one: search the text as typed, without spelling corrections ("Search instead for …"). */
  verbatim?: boolean;
}

export type FilterKind = "price" | "orientation" | "size" | "colour";

/** One recognised phrase: where it is in the cleaned text, and how to show it as a chip. */
export interface RecognisedPhrase {
  kind: FilterKind;
  /** "Under $80", "Portrait", "Blue". */
  label: string;
  start: number;
  end: number;
}

export interface ParsedQuery {
  /** The cleaned input (see cleanQueryText). */
  text: string;
  /** The text left for the semantic and keyword search; "" when nothing is left. */
  remainder: string;
  filters: SearchFilters;
  recognised: RecognisedPhrase[];
}

/**
 * NFKC (so "＄８０" reads "$80"), control, format, private-use and unpaired surrogate
 * characters as spaces, runs of whitespace as one space, trimmed. Case is kept.
 */
export function cleanQueryText(raw: string): string {
  return raw
    .replace(/[\p{Cs}]/gu, " ")
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** The cleaned text without one recognised phrase: the link a chip's "remove" goes to. */
export function withoutPhrase(text: string, phrase: Pick<RecognisedPhrase, "start" | "end">): string {
  return `${text.slice(0, phrase.start)} ${text.slice(phrase.end)}`
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/([,;:])(?:\s*[,;:])+/g, "$1")
    .replace(/^[\s,.;:!?]+|[\s,;:]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

// ------------------------------------------------------------------ money

const CUR_PREFIX = String.raw`(us\$|[$€£]|usd|eur|gbp)`;
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(k)?`;
const CUR_SUFFIX = String.raw`([$€£]|dollars?|usd|bucks|euros?|eur|pounds?|gbp|quid)`;
/** A number followed by a unit is a size, a year or a count, not a price. */
const NOT_A_UNIT = String.raw`(?!\s?(?:(?:cm|mm|m|inch|inches|in\.|ft|feet|x|px|s|th|st|nd|rd)(?![\p{L}])|"|×|%))`;
/** Five groups: prefix currency, whole part, fraction, k, suffix currency. */
const MONEY =
  String.raw`(?<![\p{L}\p{N}.,$€£])(?:${CUR_PREFIX}\s?)?${NUMBER}(?![\p{N}])(?:\s?${CUR_SUFFIX}(?![\p{L}\p{N}]))?(?![\p{L}\p{N}])` + NOT_A_UNIT;
const MONEY_GROUPS = 5;

interface Money {
  minor: number;
  currency: SearchCurrency | null;
}

function currencyOf(word: string | undefined): SearchCurrency | null {
  if (!word) return null;
  const w = word.toLowerCase();
  if (w === "$" || w === "us$" || w === "usd" || w.startsWith("dollar") || w === "bucks") return "USD";
  if (w === "€" || w === "eur" || w.startsWith("euro")) return "EUR";
  if (w === "£" || w === "gbp" || w.startsWith("pound") || w === "quid") return "GBP";
  return null;
}

/** Reads the money whose five groups start at match[at]. */
function moneyAt(match: RegExpMatchArray, at: number): Money | null {
  const [prefix, whole, fraction, thousand, suffix] = match.slice(at, at + MONEY_GROUPS);
  if (whole === undefined) return null;
  let major = Number(whole.replace(/,/g, "")) + (fraction ? Number(fraction.padEnd(2, "0")) / 100 : 0);
  if (thousand) major *= 1000;
  const minor = Math.round(major * 100);
  if (!Number.isSafeInteger(minor) || minor > MAX_PRICE_MINOR) return null;
  return { minor, currency: currencyOf(prefix) ?? currencyOf(suffix) };
}

function priceLabel(minor: number, currency: SearchCurrency | null): string {
  const whole = minor % 100 === 0;
  if (!currency) return whole ? (minor / 100).toLocaleString("en") : (minor / 100).toFixed(2);
  return formatPrice(minor, currency);
}

const PRICE_WORDS = String.raw`(?:priced?|costing|costs?|that\s+costs?|budget(?:\s+of)?)`;

interface PriceRule {
  pattern: RegExp;
  /** null: not a price after all (for example a bare number after "from"). */
  read(match: RegExpMatchArray): { min?: Money; max?: Money; label?: string } | null;
}

const rx = (source: string) => new RegExp(source, "giu");

const PRICE_RULES: PriceRule[] = [
  {
    // "$50-$120", "between 50 and 100 dollars", "from €50 to €90", "priced 50 to 80"
    pattern: rx(String.raw`(?:(?<![\p{L}])(${PRICE_WORDS})\s+)?(?:(?<![\p{L}])(between|from)\s+)?${MONEY}\s*(-|–|—|to(?![\p{L}])|and(?![\p{L}]))\s*${MONEY}`),
    read(m) {
      const priceWord = m[1];
      const lead = m[2]?.toLowerCase();
      const joiner = m[3 + MONEY_GROUPS]?.toLowerCase();
      const a = moneyAt(m, 3);
      const b = moneyAt(m, 4 + MONEY_GROUPS);
      if (!a || !b) return null;
      if (joiner === "and" && lead !== "between") return null;
      if (!a.currency && !b.currency && !priceWord && lead !== "between") return null;
      const currency = a.currency ?? b.currency;
      const [low, high] = a.minor <= b.minor ? [a.minor, b.minor] : [b.minor, a.minor];
      return { min: { minor: low, currency }, max: { minor: high, currency } };
    },
  },
  {
    // "under $80", "less than 100 euros", "up to £50", "<= 80", "budget of $300"
    pattern: rx(
      String.raw`(?:(?<![\p{L}])(?:${PRICE_WORDS}|for)\s+)?(?:(?<![\p{L}])(?:under|below|beneath|less\s+than|cheaper\s+than|lower\s+than|up\s+to|no\s+more\s+than|not\s+more\s+than|at\s+most|max(?:imum)?|within|budget(?:\s+of)?)(?![\p{L}])|<=?|≤)\s*${MONEY}`,
    ),
    read: (m) => {
      const max = moneyAt(m, 1);
      return max ? { max } : null;
    },
  },
  {
    // "$80 or less", "100 euros and under", "$80 max"
    pattern: rx(String.raw`${MONEY}\s*(?:(?:or|and)\s+(?:less|under|below|cheaper)|max(?:imum)?)(?![\p{L}])`),
    read: (m) => {
      const max = moneyAt(m, 1);
      return max ? { max } : null;
    },
  },
  {
    // "over $200", "at least 100", "more than £40", "starting at €90", "from $50"
    pattern: rx(
      String.raw`(?:(?<![\p{L}])${PRICE_WORDS}\s+)?(?:(?<![\p{L}])(over|above|more\s+than|at\s+least|min(?:imum)?|starting\s+(?:at|from)|upwards\s+of|from)(?![\p{L}])|>=?|≥)\s*${MONEY}`,
    ),
    read: (m) => {
      const min = moneyAt(m, 2);
      if (!min) return null;
      if (m[1]?.toLowerCase() === "from" && !min.currency) return null;
      return { min };
    },
  },
  {
    // "$200 or more", "100 euros and up", "$150+"
    pattern: rx(String.raw`${MONEY}\s*(?:(?:(?:or|and)\s+(?:more|over|above|up))(?![\p{L}])|(\+))`),
    read: (m) => {
      const min = moneyAt(m, 1);
      if (!min) return null;
      if (m[1 + MONEY_GROUPS] === "+" && !min.currency) return null;
      return { min };
    },
  },
  {
    // "around $80", "about 100 euros", "~£60": ±20 %, currency required ("about 3 birds")
    pattern: rx(String.raw`(?:(?<![\p{L}])(?:around|about|approximately|approx\.?|roughly|circa)\s+|~\s*)${MONEY}`),
    read: (m) => {
      const money = moneyAt(m, 1);
      if (!money || !money.currency) return null;
      return {
        min: { minor: Math.round(money.minor * (1 - AROUND_SPREAD)), currency: money.currency },
        max: { minor: Math.round(money.minor * (1 + AROUND_SPREAD)), currency: money.currency },
        label: `Around ${priceLabel(money.minor, money.currency)}`,
      };
    },
  },
  {
    // A lone amount with a currency is a budget: "blue sea $80", "for 50 euros"
    pattern: rx(String.raw`(?:(?<![\p{L}])(?:for|at|priced(?:\s+at)?|costing)\s+)?${MONEY}`),
    read: (m) => {
      const max = moneyAt(m, 1);
      return max && max.currency ? { max } : null;
    },
  },
];

const CHEAP = rx(String.raw`(?<![\p{L}])(?:cheap|cheaper|cheapest|inexpensive|affordable|budget|bargain|low[\s-]cost)(?![\p{L}])`);

// ------------------------------------------------------- orientation, size

interface WordRule<T> {
  pattern: RegExp;
  value: (m: RegExpMatchArray) => T;
}

const ORIENTATION_RULES: WordRule<Orientation>[] = [
  {
    pattern: rx(String.raw`(?<![\p{L}])(?:in\s+)?(portrait|landscape|square)(?:[\s-]+(?:format|orientation|oriented|shaped|shape))?(?![\p{L}])`),
    value: (m) => m[1]!.toLowerCase() as Orientation,
  },
  { pattern: rx(String.raw`(?<![\p{L}])(?:tall|vertical|upright)(?![\p{L}])`), value: () => "portrait" },
  { pattern: rx(String.raw`(?<![\p{L}])(?:wide|horizontal|panoramic|panorama)(?![\p{L}])`), value: () => "landscape" },
];

const SIZE_SUFFIX = String.raw`(?:[\s-]+(?:sized?|format|scale))?`;
const SIZE_RULES: WordRule<SizeClass>[] = [
  {
    pattern: rx(String.raw`(?<![\p{L}])(?:extra[\s-]?large|x-?large|xxl|xl|huge|giant|enormous|oversized?|massive)${SIZE_SUFFIX}(?![\p{L}])`),
    value: () => "oversize",
  },
  { pattern: rx(String.raw`(?<![\p{L}])(?:large|big)${SIZE_SUFFIX}(?![\p{L}])`), value: () => "large" },
  { pattern: rx(String.raw`(?<![\p{L}])(?:medium|mid[\s-]?sized?)${SIZE_SUFFIX}(?![\p{L}])`), value: () => "medium" },
  { pattern: rx(String.raw`(?<![\p{L}])(?:small|tiny|miniature)${SIZE_SUFFIX}(?![\p{L}])`), value: () => "small" },
];

const WORD = /(?<![\p{L}\p{N}])(?:(light|dark|pale|deep|bright|pastel|muted|vivid|soft)[\s-]+)?(\p{L}+)(?![\p{L}\p{N}])/gu;
const NEGATION_BEFORE = /(?:^|[^\p{L}])(?:not|no|without|non|except|excluding)[\s-]+(?:(?:light|dark|pale|deep|bright|pastel|muted|vivid|soft)[\s-]+)?$/iu;

// ------------------------------------------------------------- remainder

/** Words that only blur a semantic query in an art shop; dropped wherever they are. */
const FILLER = new Set([
  "art", "arts", "artwork", "artworks", "painting", "paintings", "piece", "pieces", "picture", "pictures",
  "work", "works", "something", "anything", "stuff", "colour", "colours", "color", "colors", "coloured",
  "colored", "tone", "tones", "toned", "hue", "hues", "shades", "please", "price", "priced", "prices",
  "cost", "costs", "costing", "sized", "size", "format", "orientation",
]);

/** Connector words trimmed from the remainder's edges ("a ... in", "show me ..."). */
const EDGE_WORDS = new Set([
  "a", "an", "the", "and", "or", "but", "with", "in", "of", "for", "on", "at", "to", "by", "from", "some",
  "any", "that", "which", "is", "are", "i", "im", "i'm", "me", "my", "want", "looking", "look", "show",
  "find", "search", "need", "like", "would", "something", "also", "very", "really", "ish",
]);

function cleanRemainder(work: string): string {
  const tokens = work
    .split(" ")
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((t) => t.length > 0 && !FILLER.has(t.toLowerCase()));
  let start = 0;
  let end = tokens.length;
  while (start < end && EDGE_WORDS.has(tokens[start]!.toLowerCase())) start++;
  while (end > start && EDGE_WORDS.has(tokens[end - 1]!.toLowerCase())) end--;
  return tokens.slice(start, end).join(" ");
}

// ------------------------------------------------------------------ parse

export function parseQuery(raw: string): ParsedQuery {
  const text = cleanQueryText(raw);
  // Consumed phrases are blanked out with spaces, so every index still points into `text`.
  let work = text;
  const recognised: RecognisedPhrase[] = [];
  const filters: SearchFilters = {};
  const consume = (start: number, end: number) => {
    work = work.slice(0, start) + " ".repeat(end - start) + work.slice(end);
  };
  const spanOf = (m: RegExpMatchArray) => {
    // Leading whitespace can be part of a match when a blanked phrase came before.
    const lead = m[0].length - m[0].trimStart().length;
    const trail = m[0].length - m[0].trimEnd().length;
    return { start: m.index! + lead, end: m.index! + m[0].length - trail };
  };

  // Price.
  let currency: SearchCurrency | null = null;
  for (const rule of PRICE_RULES) {
    for (const m of [...work.matchAll(rule.pattern)]) {
      const read = rule.read(m);
      if (!read) continue;
      const { start, end } = spanOf(m);
      consume(start, end);
      currency ??= read.min?.currency ?? read.max?.currency ?? null;
      if (read.min) filters.minPriceMinor = Math.max(filters.minPriceMinor ?? 0, read.min.minor);
      if (read.max) filters.maxPriceMinor = Math.min(filters.maxPriceMinor ?? Number.MAX_SAFE_INTEGER, read.max.minor);
      const cur = read.min?.currency ?? read.max?.currency ?? null;
      const label = read.label ??
        (read.min && read.max
          ? `${priceLabel(read.min.minor, cur)}–${priceLabel(read.max.minor, cur)}`
          : read.max
            ? `Under ${priceLabel(read.max.minor, cur)}`
            : `Over ${priceLabel(read.min!.minor, cur)}`);
      recognised.push({ kind: "price", label, start, end });
    }
  }
  for (const m of [...work.matchAll(CHEAP)]) {
    const { start, end } = spanOf(m);
    consume(start, end);
    // An explicit price wins over "cheap" ("cheap under $50" = under $50).
    const already = filters.maxPriceMinor !== undefined || filters.cheap === true;
    if (filters.maxPriceMinor === undefined) filters.cheap = true;
    if (!already) recognised.push({ kind: "price", label: "Cheapest quarter", start, end });
  }
  if (currency) filters.currency = currency;

  // Orientation and size: every mention must agree, else none is a filter.
  const single = <T extends string>(rules: WordRule<T>[], kind: FilterKind): T | undefined => {
    const found: { value: T; start: number; end: number }[] = [];
    for (const rule of rules) {
      for (const m of work.matchAll(rule.pattern)) {
        const span = spanOf(m);
        if (found.some((f) => span.start < f.end && f.start < span.end)) continue;
        found.push({ value: rule.value(m), ...span });
      }
    }
    if (found.length === 0 || found.some((f) => f.value !== found[0]!.value)) return undefined;
    for (const f of found) {
      consume(f.start, f.end);
      recognised.push({ kind, label: f.value.charAt(0).toUpperCase() + f.value.slice(1), start: f.start, end: f.end });
    }
    return found[0]!.value;
  };
  const orientation = single(ORIENTATION_RULES, "orientation");
  if (orientation) filters.orientation = orientation;
  const size = single(SIZE_RULES, "size");
  if (size) filters.size = size;

  // Colours.
  const colours: ColourName[] = [];
  for (const m of [...work.matchAll(WORD)]) {
    const colour = colourOfWord(m[2]!);
    if (!colour) continue;
    const start = m.index!;
    if (NEGATION_BEFORE.test(text.slice(0, start))) continue;
    // A shade word before a negated colour ("not light blue") is checked above; a shade word
    // alone before a colour is part of the colour phrase.
    const end = start + m[0].length;
    consume(start, end);
    if (!colours.includes(colour)) colours.push(colour);
    recognised.push({ kind: "colour", label: colour.charAt(0).toUpperCase() + colour.slice(1), start, end });
  }
  if (colours.length > 0) filters.colours = colours;

  recognised.sort((a, b) => a.start - b.start);
  return { text, remainder: cleanRemainder(work.replace(/\s+/g, " ").trim()), filters, recognised };
}

/** True when the filters narrow anything down. */
export function hasFilters(filters: SearchFilters): boolean {
  return (
    filters.minPriceMinor !== undefined ||
    filters.maxPriceMinor !== undefined ||
    filters.currency !== undefined ||
    filters.orientation !== undefined ||
    filters.size !== undefined ||
    filters.cheap === true ||
    (filters.colours?.length ?? 0) > 0
  );
}

/**
 * Filters as text the parser reads back into the same filters ("blue portrait under 80 USD"):
 * how a search made with URL parameters is remembered in the visitor's history.
 */
export function filtersAsText(filters: SearchFilters): string {
  const parts: string[] = [];
  if (filters.colours?.length) parts.push(filters.colours.join(" "));
  if (filters.orientation) parts.push(filters.orientation);
  if (filters.size) parts.push(filters.size === "oversize" ? "oversized" : filters.size);
  const amount = (minor: number) => `${(minor / 100).toFixed(minor % 100 === 0 ? 0 : 2)}${filters.currency ? ` ${filters.currency.toLowerCase()}` : ""}`;
  if (filters.cheap) parts.push("cheap");
  if (filters.minPriceMinor !== undefined && filters.maxPriceMinor !== undefined) {
    parts.push(`between ${amount(filters.minPriceMinor)} and ${amount(filters.maxPriceMinor)}`);
  } else if (filters.maxPriceMinor !== undefined) {
    parts.push(`under ${amount(filters.maxPriceMinor)}`);
  } else if (filters.minPriceMinor !== undefined) {
    parts.push(`over ${amount(filters.minPriceMinor)}`);
  }
  return parts.join(" ");
}
