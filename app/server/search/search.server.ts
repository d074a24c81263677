/**
 * Search: the one box's text, split into filters and the rest (query-parser.ts), answered by
 *  - "semantic": the rest's query vector (cache, encoder, or composed from cached words)
 *    against the vector index with the filters as a metadata filter, floored, blended by
 *    reciprocal rank with keyword (FTS5) hits under the same filters (rank.ts);
 *  - "filters": no text left, only filters (a colour swatch, "blue under $80"): every
 *    available work that passes, the works with most of the colour first;
 *  - "empty": nothing at all: no results, and suggestions to start from.
 * Results are cards re-read from D1 (cardsByIds), so a work that went unavailable after
 * it was indexed never shows.
 */
import { sniffImage } from "../../../workers/crawler/image-sniff";
import { vectorIndexFor } from "../../../workers/vectorize";
import { type ArtworkCard, cardsByIds } from "../artworks.server";
import type { AppEnv } from "../../env";
import { catalogueVersion } from "../catalogue-version.server";
import { type ActiveModel, activeModel } from "../models.server";
import { COLOUR_NAMES } from "./colours";
import { encodeImage, type UnavailableCode } from "./encoder-client";
import { MAX_IMAGE_BYTES, MAX_OFFSET, PAGE_SIZE } from "./limits";
import { colourShareSql, sqlFilter, vectorFilter } from "./filters";
import { keywordSearch } from "./keyword";
import type { Correction } from "./lexical";
import { correctQuery, lexicalKeywordHits } from "./lexical.server";
import { resolveCheap } from "./cheap-prices.server";
import { type ParsedQuery, type SearchCurrency, type SearchFilters, hasFilters, parseQuery } from "./query-parser";
import { type PriceCurrency, settlePriceCurrency } from "./visitor-currency";
import { normalise, queryVectorFor } from "./query-vectors";
import { type RankedHit, type ResultSource, type VectorHit, aboveFloor, fuseRankings, relevanceFloor } from "./rank";

export { PAGE_SIZE, MAX_OFFSET };

/**
 * Cache-Control of a degraded answer: public (it is the same for everyone), but kept only
 * briefly, so the full answer returns soon after the encoder does.
 */
export const CACHE_DEGRADED = "public, max-age=0, s-maxage=30";
/** Candidates taken from each side before blending (Vectorize's topK limit). */
const CANDIDATES = 100;
/** Nearest works kept for the closest vibe. */
const NEAREST_KEPT = 8;

export type SearchSource = ResultSource | "filter";
export type SearchResult = ArtworkCard & { score: number; source: SearchSource };
export type SearchMode = "empty" | "filters" | "semantic";
export type DegradedCode = UnavailableCode | "no_model" | "vector_index_error";

export interface SearchInput {
  /** The visitor's text (callers refuse or cut texts over 300 characters first). */
  q: string;
  /** Filters from URL parameters: price, currency, orientation and size replace those in the text; colours add to them. */
  filters?: SearchFilters;
  offset?: number;
  limit?: number;
  /**
   * false: the search as it was before the lexical layer (no corrections, related words or
   * partial matches): kept callable for `npm run bench -- search`'s before/after figures.
   */
  lexical?: boolean;
  /** The currency of the visitor's browser language, for a price written without one (visitor-currency.ts). */
  visitorCurrency?: SearchCurrency | null;
}

/** What the lexical layer did to the query (docs/decisions/0009-lexical-search.md). */
export interface LexicalNotes {
  /** Words replaced before searching ("bleu" -> blue, "tulps" -> tulips). */
  corrections: Correction[];
  /** Words no work's text holds, left out of the keyword search. */
  ignored: string[];
  /** No work matched every word: works matching some of them are shown. */
  partial: boolean;
}

export interface SearchAnswer {
  query: { text: string; filters: SearchFilters };
  /** The parsed text: the visitor's, with the corrections applied. */
  parsed: ParsedQuery;
  lexical: LexicalNotes;
  mode: SearchMode;
  results: SearchResult[];
  /** How many works passed the floor and the filters (all pages). */
  total: number;
  nextCursor: string | null;
  degraded: boolean;
  reasonCode?: DegradedCode;
  reason?: string;
  /** Where the query vector came from, when there was one. */
  vectorSource?: "cache" | "encoder" | "composed";
  model: string | null;
  /** How the currency of a price bound was decided; absent when no price bound applies. */
  priceCurrency?: PriceCurrency;
  /**
   * The works nearest the query vector, floor or not (best first, at most NEAREST_KEPT): what
   * "the closest vibe" is read from when nothing passed (alternatives.server.ts).
   */
  nearestIds?: number[];
}

export interface SearchContext {
  waitUntil?: (promise: Promise<unknown>) => void;
  /** false: answer from the cache and keywords only, without asking the encoder. */
  useEncoder?: boolean;
}

export function mergeFilters(parsed: SearchFilters, params: SearchFilters = {}): SearchFilters {
  const merged: SearchFilters = { ...parsed };
  if (params.minPriceMinor !== undefined || params.maxPriceMinor !== undefined) {
    delete merged.minPriceMinor;
    delete merged.maxPriceMinor;
    delete merged.cheap;
    if (params.minPriceMinor !== undefined) merged.minPriceMinor = params.minPriceMinor;
    if (params.maxPriceMinor !== undefined) merged.maxPriceMinor = params.maxPriceMinor;
  }
  if (params.currency) merged.currency = params.currency;
  else if (params.anyCurrency && !merged.currency) merged.anyCurrency = true;
  if (params.orientation) merged.orientation = params.orientation;
  if (params.size) merged.size = params.size;
  const colours = [...(parsed.colours ?? []), ...(params.colours ?? [])];
  if (colours.length > 0) merged.colours = COLOUR_NAMES.filter((c) => colours.includes(c));
  return merged;
}

async function withCards(db: D1Database, hits: { id: number; score: number; source: SearchSource }[]): Promise<SearchResult[]> {
  const byId = new Map(hits.map((h) => [h.id, h]));
  const cards = await cardsByIds(db, hits.map((h) => h.id));
  return cards.map((card) => ({ ...card, score: byId.get(card.id)!.score, source: byId.get(card.id)!.source }));
}

function cursorAfter(offset: number, limit: number, total: number): string | null {
  const next = offset + limit;
  return next < total && next <= MAX_OFFSET ? String(next) : null;
}

/** Filter-only search: works with the most of the asked colours first, else newest first. */
async function filterSearch(db: D1Database, filters: SearchFilters, offset: number, limit: number) {
  const { where, binds } = sqlFilter(filters);
  const colours = filters.colours ?? [];
  const count = await db.prepare(`SELECT COUNT(*) AS n FROM artworks a WHERE ${where}`).bind(...binds).first<{ n: number }>();
  const total = count?.n ?? 0;
  if (total === 0 || offset >= total) return { total, hits: [] };
  const rows = colours.length
    ? await db
        .prepare(`SELECT a.id AS id, ${colourShareSql(colours.length)} AS share FROM artworks a WHERE ${where} ORDER BY share DESC, a.id LIMIT ? OFFSET ?`)
        .bind(...colours, ...binds, limit, offset)
        .all<{ id: number; share: number }>()
    : await db
        .prepare(`SELECT a.id AS id, 1 AS share FROM artworks a WHERE ${where} ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ? OFFSET ?`)
        .bind(...binds, limit, offset)
        .all<{ id: number; share: number }>();
  const hits = rows.results.map((r) => ({ id: r.id, score: Math.round(Math.min(1, Math.max(0, Number(r.share) || 0)) * 10_000) / 10_000, source: "filter" as const }));
  return { total, hits };
}

/** The ids of works still available and passing the filters exactly (the index's copy can lag, and "cheap" is per currency). */
async function availableIds(db: D1Database, ids: number[], filters: SearchFilters): Promise<Set<number>> {
  const out = new Set<number>();
  const { where, binds } = sqlFilter(filters);
  const size = Math.max(1, 90 - binds.length);
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    const { results } = await db
      .prepare(`SELECT a.id AS id FROM artworks a WHERE ${where} AND a.id IN (${chunk.map(() => "?").join(",")})`)
      .bind(...binds, ...chunk)
      .all<{ id: number }>();
    for (const r of results) out.add(r.id);
  }
  return out;
}

/** The index's nearest works under the filters, best first, before any floor. */
async function nearestWorks(env: AppEnv, model: ActiveModel, vector: Float32Array, filters: SearchFilters): Promise<VectorHit[]> {
  const index = vectorIndexFor(env, model);
  const { matches } = await index.query(vector, { topK: CANDIDATES, filter: vectorFilter(filters), returnValues: false, returnMetadata: "none" });
  return matches
    .flatMap((m) => {
      const id = Number(m.id);
      return Number.isSafeInteger(id) && id > 0 && Number.isFinite(m.score) ? [{ id, score: m.score }] : [];
    })
    .sort((a, b) => b.score - a.score || a.id - b.id);
}

async function vectorHits(env: AppEnv, model: ActiveModel, vector: Float32Array, filters: SearchFilters, floor: number): Promise<VectorHit[]> {
  return aboveFloor(await nearestWorks(env, model, vector, filters), floor);
}

export async function runSearch(env: AppEnv, input: SearchInput, context: SearchContext = {}): Promise<SearchAnswer> {
  const useLexical = input.lexical !== false;
  const corrected = useLexical && !input.filters?.verbatim ? await correctQuery(env.DB, input.q) : { text: input.q, corrections: [] };
  const parsed = parseQuery(corrected.text);
  const settled = settlePriceCurrency(mergeFilters(parsed.filters, input.filters), parsed.filters.currency, input.visitorCurrency);
  const filters = await resolveCheap(env.DB, settled.filters);
  const priceCurrency = settled.note ? { priceCurrency: settled.note } : {};
  const offset = Math.max(0, Math.min(MAX_OFFSET, input.offset ?? 0));
  const limit = input.limit ?? PAGE_SIZE;
  const text = parsed.remainder;
  const lexical: LexicalNotes = { corrections: corrected.corrections, ignored: [], partial: false };
  const base = { query: { text, filters }, parsed, lexical, ...priceCurrency };

  if (!text && !hasFilters(filters)) {
    return { ...base, mode: "empty", results: [], total: 0, nextCursor: null, degraded: false, model: null };
  }
  if (!text) {
    const { total, hits } = await filterSearch(env.DB, filters, offset, limit);
    return { ...base, mode: "filters", results: await withCards(env.DB, hits), total, nextCursor: cursorAfter(offset, limit, total), degraded: false, model: null };
  }

  const model = await activeModel(env.DB, env.ACTIVE_MODEL);
  const [queryVector, keyword] = await Promise.all([
    model ? queryVectorFor(env, model, text, context) : Promise.resolve(null),
    useLexical
      ? lexicalKeywordHits(env.DB, text, filters, CANDIDATES)
      : keywordSearch(env.DB, text, filters, CANDIDATES).then((hits) => ({ hits, ignored: [], partial: false, allIgnored: false })),
  ]);
  const keywordHits = keyword.hits;
  lexical.ignored = keyword.ignored;
  lexical.partial = keyword.partial;
  let degraded = queryVector?.degraded ?? true;
  let reasonCode: DegradedCode | undefined = queryVector?.reasonCode ?? (model ? undefined : "no_model");
  let reason = queryVector?.reason ?? (model ? undefined : "No embedding model has been pushed yet, so only keywords are searched.");
  let semantic: VectorHit[] = [];
  let nearestIds: number[] = [];
  if (model && queryVector?.vector) {
    try {
      const nearest = await nearestWorks(env, model, queryVector.vector, filters);
      nearestIds = nearest.slice(0, NEAREST_KEPT).map((h) => h.id);
      semantic = aboveFloor(nearest, relevanceFloor(model.id).text);
    } catch (error) {
      console.error("vector search failed", error);
      degraded = true;
      reasonCode = "vector_index_error";
      reason = "The vector index could not be searched just now.";
    }
  }
  // The index's `available` can lag behind D1: drop works that went off sale, so the count
  // and the pages are exact.
  const available = await availableIds(env.DB, semantic.map((h) => h.id), filters);
  const ranked: RankedHit[] = fuseRankings(semantic.filter((h) => available.has(h.id)), keywordHits);
  if (ranked.length === 0 && keyword.allIgnored && hasFilters(filters)) {
    // No work holds any of the words ("portrait of a woman"): the filters alone answer, and
    // the page says which words were left out.
    const { total, hits } = await filterSearch(env.DB, filters, offset, limit);
    return { ...base, mode: "filters", results: await withCards(env.DB, hits), total, nextCursor: cursorAfter(offset, limit, total), degraded, model: model?.id ?? null };
  }
  const page = ranked.slice(offset, offset + limit);
  return {
    ...base,
    mode: "semantic",
    results: await withCards(env.DB, page),
    total: ranked.length,
    nextCursor: cursorAfter(offset, limit, ranked.length),
    degraded,
    ...(degraded && reasonCode ? { reasonCode, reason } : {}),
    ...(queryVector?.source ? { vectorSource: queryVector.source } : {}),
    model: model?.id ?? null,
    ...(nearestIds.length > 0 ? { nearestIds } : {}),
  };
}

// ------------------------------------------------------------ by image

export const IMAGE_RESULTS = 48;

export type ImageSearchAnswer =
  | { ok: true; results: SearchResult[]; degraded: false; model: string }
  | { ok: true; results: []; degraded: true; reasonCode: DegradedCode; reason: string; model: string | null }
  /** The upload itself is the problem: not an image, too large, undecodable. */
  | { ok: false; status: 400 | 413 | 415 | 422; code: string; message: string };

/** Works that look like an uploaded image (PNG, JPEG, WebP or GIF, at most 8 MiB). */
export async function searchByImage(env: AppEnv, bytes: Uint8Array, filters: SearchFilters = {}): Promise<ImageSearchAnswer> {
  if (bytes.byteLength === 0) return { ok: false, status: 400, code: "empty_image", message: "The upload is empty; choose an image file." };
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    return { ok: false, status: 413, code: "image_too_large", message: `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.` };
  }
  const sniffed = sniffImage(bytes);
  if (!sniffed) return { ok: false, status: 415, code: "unsupported_image", message: "That file is not a PNG, JPEG, WebP or GIF image." };
  const model = await activeModel(env.DB, env.ACTIVE_MODEL);
  if (!model) {
    return { ok: true, results: [], degraded: true, reasonCode: "no_model", reason: "No embedding model has been pushed yet, so images cannot be compared.", model: null };
  }
  const encoded = await encodeImage(env, model, bytes, sniffed.type);
  if (!encoded.ok) {
    if (encoded.kind === "rejected") return { ok: false, status: encoded.status, code: encoded.code, message: encoded.message };
    return { ok: true, results: [], degraded: true, reasonCode: encoded.code, reason: encoded.message, model: model.id };
  }
  const vector = normalise(encoded.vector);
  if (!vector) return { ok: true, results: [], degraded: true, reasonCode: "encoder_error", reason: "The query encoder answered a zero vector.", model: model.id };
  let hits: VectorHit[];
  try {
    hits = await vectorHits(env, model, vector, filters, relevanceFloor(model.id).image);
  } catch (error) {
    console.error("vector search failed", error);
    return { ok: true, results: [], degraded: true, reasonCode: "vector_index_error", reason: "The vector index could not be searched just now.", model: model.id };
  }
  const results = await withCards(
    env.DB,
    hits.slice(0, IMAGE_RESULTS).map((h) => ({ id: h.id, score: Math.round(h.score * 10_000) / 10_000, source: "vector" as const })),
  );
  return { ok: true, results, degraded: false, model: model.id };
}

// ---------------------------------------------------------- suggestions

/** Candidate phrases checked per catalogue version: popular cached phrases and common tags. */
const SUGGESTION_CANDIDATES = 24;
let suggestionCache: { key: string; phrases: string[] } | null = null;

/** Tests: forget the checked suggestions. */
export function forgetSuggestions(): void {
  suggestionCache = null;
}

/**
 * Starting points for an empty search: popular cached phrases, then the commonest tags, each
 * kept only when searching it (from the cache and keywords, without the encoder) returns works
 * now. Checked once per catalogue version and model per isolate, so a crawl or a pipeline push
 * refreshes them.
 */
export async function searchSuggestions(env: AppEnv, limit = 8): Promise<string[]> {
  const db = env.DB;
  const [model, version] = await Promise.all([activeModel(db, env.ACTIVE_MODEL), catalogueVersion(db)]);
  const key = `${version}:${model?.id ?? ""}`;
  if (suggestionCache?.key === key) return suggestionCache.phrases.slice(0, limit);
  const colourWords = new Set<string>(COLOUR_NAMES);
  const candidates: string[] = [];
  const add = (text: string) => {
    const t = text.trim();
    if (t && t.length <= 60 && !colourWords.has(t) && !candidates.includes(t)) candidates.push(t);
  };
  if (model) {
    const { results } = await db
      .prepare("SELECT text FROM query_vectors WHERE model_id = ? AND hits > 0 ORDER BY hits DESC, text LIMIT ?")
      .bind(model.id, SUGGESTION_CANDIDATES)
      .all<{ text: string }>();
    for (const r of results) if (candidates.length < SUGGESTION_CANDIDATES / 2) add(r.text);
  }
  const { results: tags } = await db
    .prepare(
      `SELECT t.tag AS tag FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id
       WHERE a.available = 1 GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT ?`,
    )
    .bind(SUGGESTION_CANDIDATES)
    .all<{ tag: string }>();
  for (const t of tags) add(t.tag.replace(/-/g, " "));
  const phrases: string[] = [];
  for (const phrase of candidates) {
    if (phrases.length >= Math.max(limit, 8)) break;
    const answer = await runSearch(env, { q: phrase, limit: 1 }, { useEncoder: false });
    // A phrase that is only a filter ("portrait") is fine too; one that finds nothing is not.
    if (answer.total > 0 && answer.lexical.corrections.length === 0) phrases.push(phrase);
  }
  suggestionCache = { key, phrases };
  return phrases.slice(0, limit);
}
