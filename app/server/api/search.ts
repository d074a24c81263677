/**
 * Search as JSON: the same service as the /search page.
 *   GET  /api/search?q=&colour=&minPrice=&maxPrice=&currency=&orientation=&size=&cursor=
 *   POST /api/search/image   (the image's raw bytes)
 */
import { readCapped } from "../../../workers/lib/read-capped";
import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { cacheHeaders } from "../cache";
import { catalogueVersion } from "../catalogue-version.server";
import { keepFragment, peekFragment } from "../fragment-cache";
import { recordSearch, searchAsText } from "../search/history.server";
import { MAX_IMAGE_BYTES } from "../search/limits";
import { readSearchParams, searchQuerySchema } from "../search/params";
import { searchAlternatives } from "../search/alternatives.server";
import { lexicalSwitch } from "../search/compare";
import { CACHE_DEGRADED, runSearch, searchByImage, searchSuggestions } from "../search/search.server";
import { currencyFromAcceptLanguage } from "../search/visitor-currency";
import { currentSessionId } from "../session.server";
import { apiRateLimit, countsAsSearch } from "../rate-limit.server";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

export const searchApi = new Hono<ApiEnv>();

/** CACHE_DEGRADED's s-maxage: a degraded answer is kept no longer than the edge cache keeps it. */
const DEGRADED_KEPT_MS = 30_000;

const filtersSchema = z.object({
  minPriceMinor: z.number().optional(),
  maxPriceMinor: z.number().optional(),
  currency: z.enum(["USD", "EUR", "GBP"]).optional(),
  orientation: z.enum(["portrait", "landscape", "square"]).optional(),
  size: z.enum(["small", "medium", "large", "oversize"]).optional(),
  colours: z.array(z.string()).optional(),
  anyCurrency: z.boolean().optional().describe("currency=any: a price without a currency compares each work in its own."),
  verbatim: z.boolean().optional().describe("verbatim=1: the text was searched as typed, without spelling corrections."),
  cheap: z.boolean().optional().describe("\"cheap\", \"affordable\"…: the cheapest quarter of the works priced in each currency (prices are never converted)."),
  priceCeilings: z.record(z.string(), z.number()).optional().describe("For cheap: the highest price counted cheap, per currency, in minor units."),
});
const resultSchema = artworkCardSchema.extend({
  score: z.number().describe("Blended relevance, 0-1 (for colour and filter-only searches: the share of the colour in the palette)."),
  source: z.enum(["vector", "keyword", "both", "filter"]),
});
const degradedFields = {
  degraded: z.boolean().describe("True when the query encoder was needed and unavailable: results come from cached vectors and keywords."),
  reasonCode: z.string().optional(),
  reason: z.string().optional(),
};

describeRoute({
  method: "get",
  path: "/api/search",
  summary:
    "Search by text, with filters parsed out of it (price, orientation, size, colour words) or given as parameters. " +
    "Semantic (vector) and keyword results are blended; works under the relevance floor are left out. 24 per page.",
  tags: ["search"],
  query: searchQuerySchema,
  response: z.object({
    query: z.object({ text: z.string().describe("The text searched for after the filters were taken out."), filters: filtersSchema }),
    mode: z.enum(["empty", "filters", "semantic"]),
    results: z.array(resultSchema),
    total: z.number(),
    nextCursor: z.string().nullable(),
    corrections: z
      .array(z.object({ from: z.string(), to: z.string(), kind: z.enum(["spelling", "translation"]) }))
      .describe("Words replaced before searching: a misspelt word by the catalogue's nearest word, a foreign colour or art word by its English word."),
    searchedFor: z.string().nullable().describe("The text searched after the corrections (null when nothing was corrected): \"Showing results for …\"."),
    ignoredWords: z.array(z.string()).describe("Words no work's text holds: left out of the keyword search."),
    partial: z.boolean().describe("True when no work matched every word, so works matching most of them are shown."),
    alternatives: z
      .array(z.object({ label: z.string(), q: z.string(), href: z.string(), total: z.number() }))
      .optional()
      .describe("Only when nothing was found: nearby searches that find works (a word or a filter dropped), with their counts, and the closest vibe (q empty, href its page, total its size) when the query had a vector."),
    priceCurrency: z
      .object({ currency: z.enum(["USD", "EUR", "GBP"]).nullable(), source: z.enum(["text", "chosen", "locale", "each"]) })
      .optional()
      .describe(
        "Only with a price bound: the currency it was read in. text: written in the query; chosen: the currency parameter; " +
          "locale: a price without a currency, read in the currency of the browser's language (Accept-Language); each: null currency, each work compared in its own.",
      ),
    model: z.string().nullable().describe("The embedding model whose index answered the vector side (null: filters only, or no model pushed)."),
    vectorSource: z
      .enum(["cache", "encoder", "composed"])
      .optional()
      .describe("Where the text's query vector came from: the phrase cache, the query encoder, or composed from cached words; absent when the text had none."),
    suggestions: z.array(z.string()).optional().describe("For an empty search, or one that found nothing: texts to start from, each checked to find works."),
    ...degradedFields,
  }),
});
searchApi.get("/", async (c) => {
  const { value, issues } = readSearchParams(new URL(c.req.url).searchParams);
  const tooLong = issues.find((i) => i.param === "q");
  if (tooLong) throw new HttpError(400, "query_too_long", `The search text is too long: ${tooLong.message}.`);
  if (issues.length > 0) {
    throw new HttpError(400, "invalid_request", issues.map((i) => `${i.param}: ${i.message}`).join("; "), issues);
  }
  // Rate limit (issue 6): searches per client; 429 with Retry-After. Counted for every request,
  // cached answer or not; the catalogue version (the answer cache's key) is read alongside.
  const [, version] = await Promise.all([countsAsSearch(value.q, value.filters) ? apiRateLimit(c, "search") : undefined, catalogueVersion(c.env.DB)]);
  const searchParams = new URL(c.req.url).searchParams;
  const lexical = lexicalSwitch(c.env, searchParams);
  const visitorCurrency = currencyFromAcceptLanguage(c.req.header("Accept-Language"));
  // The answer is the same for every visitor with these parameters and this browser-language
  // currency: kept per catalogue version (docs/decisions/0019), so a visitor's search costs the
  // rate limit, this version read and the history write.
  const key = `api-search:${lexical ? 1 : 0}:${visitorCurrency ?? ""}:${JSON.stringify([...searchParams].sort())}`;
  let answer = peekFragment<SearchApiAnswer>(version, key);
  if (!answer) {
    answer = await searchApiAnswer(c.env, value, lexical, visitorCurrency, { waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p) });
    // A degraded answer (encoder unreachable) only as long as the edge cache keeps one (CACHE_DEGRADED).
    keepFragment(version, key, answer, answer.body.degraded ? DEGRADED_KEPT_MS : undefined);
  }
  const sessionId = await currentSessionId(c.req.raw, c.env);
  if (sessionId && value.offset === 0 && answer.body.mode !== "empty") {
    c.executionCtx.waitUntil(recordSearch(c.env.DB, sessionId, searchAsText(value.q, value.filters), answer.body.total).catch(() => undefined));
  }
  return c.json(answer.body, 200, answer.headers);
});

interface SearchApiAnswer {
  body: { mode: string; total: number; degraded: boolean } & Record<string, unknown>;
  headers: Record<string, string>;
}

/** The search answer's body and cache headers: everything but the visitor's own parts. */
async function searchApiAnswer(
  env: ApiEnv["Bindings"],
  value: ReturnType<typeof readSearchParams>["value"],
  lexical: boolean,
  visitorCurrency: ReturnType<typeof currencyFromAcceptLanguage>,
  context: { waitUntil(p: Promise<unknown>): void },
): Promise<SearchApiAnswer> {
  const answer = await runSearch(env, { q: value.q, filters: value.filters, offset: value.offset, lexical, visitorCurrency }, context);
  const alternatives = answer.total === 0 && value.offset === 0 && lexical ? await searchAlternatives(env, answer, value.filters, context) : [];
  const body = {
    query: answer.query,
    mode: answer.mode,
    results: answer.results,
    total: answer.total,
    nextCursor: answer.nextCursor,
    corrections: answer.lexical.corrections,
    searchedFor: answer.lexical.corrections.length > 0 ? answer.parsed.text : null,
    ignoredWords: answer.lexical.ignored,
    partial: answer.lexical.partial,
    ...(answer.priceCurrency ? { priceCurrency: answer.priceCurrency } : {}),
    model: answer.model,
    ...(answer.vectorSource ? { vectorSource: answer.vectorSource } : {}),
    degraded: answer.degraded,
    ...(answer.degraded ? { reasonCode: answer.reasonCode, reason: answer.reason } : {}),
    ...(answer.total === 0 && value.offset === 0 ? { alternatives: alternatives.map(({ label, q, href, total }) => ({ label, q, href, total })) } : {}),
    ...(answer.mode === "empty" || (answer.total === 0 && lexical) ? { suggestions: await searchSuggestions(env) } : {}),
  };
  // A price read in the browser language's currency differs per visitor: not shared.
  const perVisitor = answer.priceCurrency?.source === "locale" || answer.priceCurrency?.source === "each";
  const headers = perVisitor ? { ...cacheHeaders(true), Vary: "Cookie, Accept-Language" } : cacheHeaders(false, answer.degraded ? CACHE_DEGRADED : undefined);
  return { body, headers };
}

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];

/** The body, refused as soon as it grows past `max` bytes. */
function readLimited(request: Request, max: number): Promise<Uint8Array> {
  return readCapped(request.body, request.headers.get("Content-Length"), max, () => new HttpError(413, "image_too_large", `The image is larger than ${max / 1024 / 1024} MiB.`));
}

describeRoute({
  method: "post",
  path: "/api/search/image",
  summary: "Works that look like an uploaded image (PNG, JPEG, WebP or GIF, at most 8 MiB), through the query encoder. Answers are private.",
  tags: ["search"],
  rawBody: { contentType: "image/*", description: "The image's bytes, with its Content-Type (image/png, image/jpeg, image/webp or image/gif)." },
  response: z.object({ results: z.array(resultSchema), total: z.number(), ...degradedFields }),
});
searchApi.post("/image", async (c) => {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!IMAGE_TYPES.includes(type)) {
    throw new HttpError(415, "unsupported_media_type", `Send the image's bytes with Content-Type ${IMAGE_TYPES.join(", ")}${type ? `, not ${type}` : ""}.`);
  }
  // Rate limit (issue 6): image uploads per client, stricter than text searches.
  await apiRateLimit(c, "upload");
  const bytes = await readLimited(c.req.raw, MAX_IMAGE_BYTES);
  const answer = await searchByImage(c.env, bytes);
  if (!answer.ok) throw new HttpError(answer.status, answer.code, answer.message);
  const body = {
    results: answer.results,
    total: answer.results.length,
    degraded: answer.degraded,
    ...(answer.degraded ? { reasonCode: answer.reasonCode, reason: answer.reason } : {}),
  };
  return c.json(body, 200, cacheHeaders(true));
});

