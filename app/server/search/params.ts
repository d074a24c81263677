/**
 * The search URL's parameters, shared by GET /api/search (which refuses a bad one with 400)
 * and the /search page (which ignores a bad one and says so):
 *   q, colour (one of the 16 names, or several joined by commas), minPrice/maxPrice (whole
 *   currency units, e.g. 80 or 79.99), currency (USD, EUR, GBP or any), orientation, size,
 *   verbatim (1: the text as typed, no spelling corrections), cursor.
 */
import { z } from "zod";
import { COLOUR_NAMES, type ColourName, isColourName } from "./colours";
import { cleanQueryText, SEARCH_CURRENCIES, type SearchFilters } from "./query-parser";
import { MAX_OFFSET, MAX_QUERY_TEXT_LENGTH } from "./limits";

const price = z
  .string()
  .regex(/^\s*\d{1,8}(?:\.\d{1,2})?\s*$/, "a price is a number of whole currency units, like 80 or 79.99")
  .transform((v) => Math.round(Number(v) * 100));

export const searchParamSchemas = {
  q: z.string().describe(`Free text, at most ${MAX_QUERY_TEXT_LENGTH} characters; price, orientation, size and colour words in it become filters.`),
  colour: z
    .string()
    .transform((v) => v.split(",").map((c) => c.trim().toLowerCase()).filter(Boolean))
    .refine((list) => list.length > 0 && list.length <= COLOUR_NAMES.length && list.every(isColourName), {
      message: `colour must be one of ${COLOUR_NAMES.join(", ")} (several joined by commas)`,
    })
    .transform((list) => [...new Set(list)] as ColourName[])
    .describe(`One of ${COLOUR_NAMES.join(", ")}, or several joined by commas.`),
  minPrice: price.describe("Lowest price, in whole currency units (80 = $80)."),
  maxPrice: price.describe("Highest price, in whole currency units (80 = $80)."),
  currency: z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.enum([...SEARCH_CURRENCIES, "ANY"], { error: `currency must be one of ${SEARCH_CURRENCIES.join(", ")} or any` }))
    .describe(
      "Only works priced in this currency (prices are never converted); `any`: a price without a currency compares each work in its own. " +
        "Without it, a price without a currency (\"under 100\") means the currency of the browser's language (Accept-Language), when it names one.",
    ),
  verbatim: z.enum(["1"], { error: "verbatim is 1 or absent" }).describe("1: search the text as typed, without spelling corrections."),
  orientation: z.enum(["portrait", "landscape", "square"], { error: "orientation must be portrait, landscape or square" }),
  size: z.enum(["small", "medium", "large", "oversize"], { error: "size must be small, medium, large or oversize" }),
  cursor: z
    .string()
    .regex(/^\d{1,5}$/, "cursor is the nextCursor of a previous answer")
    .transform(Number)
    .refine((n) => n <= MAX_OFFSET, { message: `cursor is at most ${MAX_OFFSET}` })
    .describe("The nextCursor of the previous page."),
};

/** For the OpenAPI document. */
export const searchQuerySchema = z.object({
  q: searchParamSchemas.q.optional(),
  colour: searchParamSchemas.colour.optional(),
  minPrice: searchParamSchemas.minPrice.optional(),
  maxPrice: searchParamSchemas.maxPrice.optional(),
  currency: searchParamSchemas.currency.optional(),
  verbatim: searchParamSchemas.verbatim.optional(),
  orientation: searchParamSchemas.orientation.optional(),
  size: searchParamSchemas.size.optional(),
  cursor: searchParamSchemas.cursor.optional(),
});

export interface SearchParams {
  q: string;
  /** Filters given as parameters (not parsed from q). */
  filters: SearchFilters;
  offset: number;
}

export interface ParamIssue {
  param: string;
  message: string;
}

/**
 * Reads the parameters; every bad one is an issue and is left out of the value.
 * A q longer than MAX_QUERY_TEXT_LENGTH (after cleaning) is an issue too, and the value
 * carries it cut to that length.
 */
export function readSearchParams(params: URLSearchParams): { value: SearchParams; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const value: SearchParams = { q: "", filters: {}, offset: 0 };
  const get = <K extends keyof typeof searchParamSchemas>(name: K): z.output<(typeof searchParamSchemas)[K]> | undefined => {
    const raw = params.get(name);
    if (raw === null || (raw.trim() === "" && name !== "q")) return undefined;
    const parsed = searchParamSchemas[name].safeParse(raw);
    if (parsed.success) return parsed.data as z.output<(typeof searchParamSchemas)[K]>;
    issues.push({ param: name, message: parsed.error.issues[0]?.message ?? `${name} is not valid` });
    return undefined;
  };

  const q = cleanQueryText(get("q") ?? "");
  if (q.length > MAX_QUERY_TEXT_LENGTH) {
    issues.push({ param: "q", message: `the search text is ${q.length} characters long; at most ${MAX_QUERY_TEXT_LENGTH} are allowed` });
  }
  value.q = q.slice(0, MAX_QUERY_TEXT_LENGTH);
  const colours = get("colour");
  if (colours) value.filters.colours = colours;
  const minPrice = get("minPrice");
  const maxPrice = get("maxPrice");
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    issues.push({ param: "minPrice", message: "minPrice is above maxPrice" });
  } else {
    if (minPrice !== undefined) value.filters.minPriceMinor = minPrice;
    if (maxPrice !== undefined) value.filters.maxPriceMinor = maxPrice;
  }
  const currency = get("currency");
  if (currency === "ANY") value.filters.anyCurrency = true;
  else if (currency) value.filters.currency = currency;
  if (get("verbatim")) value.filters.verbatim = true;
  const orientation = get("orientation");
  if (orientation) value.filters.orientation = orientation;
  const size = get("size");
  if (size) value.filters.size = size;
  value.offset = get("cursor") ?? 0;
  return { value, issues };
}
