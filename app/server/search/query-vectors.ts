/**
 * The query vector for a search text, from the best source at hand:
 *  1. the pre-encoded cache (query_vectors: popular phrases and every tag, pushed by the
 *     offline pipeline), looked up by the normalised text; a hit counts in `hits`;
 *  2. the query encoder;
 *  3. when the encoder is unavailable: the mean of the cached vectors of the words and
 *     phrases of the text that the cache knows (longest phrases first), L2-normalised,
 *     and the answer is marked degraded; when the cache knows none of them, no vector
 *     (keyword search alone answers).
 */
import { decodeVector } from "../../../workers/lib/vector-codec";
import { normaliseQueryText } from "../../../workers/lib/query-text";
import type { ActiveModel } from "../models.server";
import { encodeText, type EncoderEnv, type UnavailableCode } from "./encoder-client";

export type QueryVectorSource = "cache" | "encoder" | "composed";

export interface QueryVector {
  vector: Float32Array | null;
  source: QueryVectorSource | null;
  /** True when the encoder was needed and unavailable. */
  degraded: boolean;
  reasonCode?: UnavailableCode;
  reason?: string;
  /** For a composed vector: the cached phrases it is the mean of. */
  phrases?: string[];
}

export interface QueryVectorOptions {
  waitUntil?: (promise: Promise<unknown>) => void;
  /** false: never call the encoder (cache and composition only). */
  useEncoder?: boolean;
}

/** Longest cached phrase tried when composing, in words. */
const MAX_PHRASE_WORDS = 4;
/** Words of a text considered when composing. */
const MAX_COMPOSE_WORDS = 24;
/** D1 allows 100 bound parameters a statement. */
const MAX_LOOKUPS = 90;

function decode(text: string, dimensions: number): Float32Array | null {
  try {
    const vector = decodeVector(text);
    return vector.length === dimensions && vector.every(Number.isFinite) ? vector : null;
  } catch {
    return null;
  }
}

function bumpHits(db: D1Database, model: ActiveModel, texts: string[], options: QueryVectorOptions): void {
  if (!options.waitUntil || texts.length === 0) return;
  options.waitUntil(
    db
      .prepare(`UPDATE query_vectors SET hits = hits + 1 WHERE model_id = ? AND text IN (${texts.map(() => "?").join(",")})`)
      .bind(model.id, ...texts)
      .run()
      .catch(() => undefined),
  );
}

export function normalise(vector: Float32Array): Float32Array | null {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) return null;
  return vector.map((x) => x / norm);
}

/** Cached vectors of the given normalised texts, by text. */
async function cachedVectors(db: D1Database, model: ActiveModel, texts: string[]): Promise<Map<string, Float32Array>> {
  const found = new Map<string, Float32Array>();
  const unique = [...new Set(texts)].slice(0, MAX_LOOKUPS);
  if (unique.length === 0) return found;
  const { results } = await db
    .prepare(`SELECT text, vector FROM query_vectors WHERE model_id = ? AND text IN (${unique.map(() => "?").join(",")})`)
    .bind(model.id, ...unique)
    .all<{ text: string; vector: string }>();
  for (const row of results) {
    const vector = decode(row.vector, model.dimensions);
    if (vector) found.set(row.text, vector);
  }
  return found;
}

/** Words of a normalised text for composing: letters, digits and inner apostrophes/hyphens. */
function wordsOf(key: string): string[] {
  return (key.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).slice(0, MAX_COMPOSE_WORDS);
}

/**
 * The mean of the cached vectors of the longest known phrases covering the text, left to
 * right; words the cache does not know are skipped. Null when it knows none.
 */
export async function composeFromCache(db: D1Database, model: ActiveModel, key: string): Promise<{ vector: Float32Array; phrases: string[] } | null> {
  const words = wordsOf(key);
  if (words.length === 0) return null;
  const candidates: string[] = [];
  for (let n = Math.min(MAX_PHRASE_WORDS, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) candidates.push(words.slice(i, i + n).join(" "));
  }
  // Single words matter most: keep all of them within the lookup budget.
  const singles = new Set(words);
  const phrases = candidates.filter((c) => !singles.has(c)).slice(0, Math.max(0, MAX_LOOKUPS - singles.size));
  const known = await cachedVectors(db, model, [...phrases, ...singles]);
  const used: string[] = [];
  const sum = new Float32Array(model.dimensions);
  for (let i = 0; i < words.length; ) {
    let step = 1;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(" ");
      const vector = known.get(phrase);
      if (vector) {
        used.push(phrase);
        for (let d = 0; d < sum.length; d++) sum[d]! += vector[d]!;
        step = n;
        break;
      }
    }
    i += step;
  }
  if (used.length === 0) return null;
  const vector = normalise(sum);
  return vector ? { vector, phrases: used } : null;
}

export async function queryVectorFor(
  env: EncoderEnv & { DB: D1Database },
  model: ActiveModel,
  text: string,
  options: QueryVectorOptions = {},
): Promise<QueryVector> {
  const key = normaliseQueryText(text);
  if (!key) return { vector: null, source: null, degraded: false };

  const exact = (await cachedVectors(env.DB, model, [key])).get(key);
  if (exact) {
    bumpHits(env.DB, model, [key], options);
    return { vector: exact, source: "cache", degraded: false };
  }

  if (options.useEncoder !== false) {
    const encoded = await encodeText(env, model, key);
    if (encoded.ok) {
      const vector = normalise(encoded.vector);
      if (vector) return { vector, source: "encoder", degraded: false };
    }
    const reasonCode: UnavailableCode = encoded.ok ? "encoder_error" : encoded.kind === "unavailable" ? encoded.code : "encoder_error";
    const reason = encoded.ok ? "The query encoder answered a zero vector." : encoded.message;
    const composed = await composeFromCache(env.DB, model, key);
    if (composed) bumpHits(env.DB, model, composed.phrases, options);
    return composed
      ? { vector: composed.vector, source: "composed", degraded: true, reasonCode, reason, phrases: composed.phrases }
      : { vector: null, source: null, degraded: true, reasonCode, reason };
  }

  const composed = await composeFromCache(env.DB, model, key);
  return composed ? { vector: composed.vector, source: "composed", degraded: false, phrases: composed.phrases } : { vector: null, source: null, degraded: false };
}
