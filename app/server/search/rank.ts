/**
 * Blending semantic and keyword results (docs/decisions/0005-search-ranking.md).
 *
 * Vector hits under a relevance floor are dropped first (cosine similarity; the floor
 * depends on the model, since CLIP's text-to-image similarities live in a narrow band far
 * below its image-to-image ones). The two ranked lists are then fused by reciprocal rank
 * (RRF, k = 60): score(w) = Σ 1 / (k + rank of w in each list), normalised so that a work
 * first in both lists scores 1. RRF needs no calibration between cosine similarities and
 * bm25, and a work both lists agree on rises above either list's own favourites.
 */

export type ResultSource = "vector" | "keyword" | "both";

export interface VectorHit {
  id: number;
  /** Cosine similarity. */
  score: number;
}

export interface RankedHit {
  id: number;
  score: number;
  source: ResultSource;
}

export const RRF_K = 60;

export interface RelevanceFloor {
  /** Text query -> image vectors. */
  text: number;
  /** Image query -> image vectors. */
  image: number;
}

/**
 * CLIP ViT-B/32: a caption and its image score about 0.25-0.35, unrelated pairs 0.1-0.2;
 * images of the same kind 0.7 and up. The built-in colour model's vectors are colour
 * compositions: 0.6 means the query's colours make up a good share of the work (text naming
 * no colour means "any colour" there, and scores at most ~0.55 against a painting of up to
 * five colours).
 */
export const DEFAULT_FLOOR: RelevanceFloor = { text: 0.2, image: 0.6 };
const MODEL_FLOORS: ReadonlyArray<[RegExp, RelevanceFloor]> = [[/^builtin-colour/, { text: 0.6, image: 0.8 }]];

export function relevanceFloor(modelId: string): RelevanceFloor {
  return MODEL_FLOORS.find(([pattern]) => pattern.test(modelId))?.[1] ?? DEFAULT_FLOOR;
}

/** Vector hits at or above the floor, best first. */
export function aboveFloor(hits: VectorHit[], floor: number): VectorHit[] {
  return hits.filter((h) => Number.isFinite(h.score) && h.score >= floor).sort((a, b) => b.score - a.score || a.id - b.id);
}

/** Reciprocal-rank fusion of the (already floored) vector hits and the keyword hits. */
export function fuseRankings(vector: readonly VectorHit[], keyword: readonly { id: number }[], k = RRF_K): RankedHit[] {
  const fused = new Map<number, { score: number; inVector: boolean; inKeyword: boolean; similarity: number }>();
  const add = (id: number, rank: number, from: "vector" | "keyword", similarity = 0) => {
    const entry = fused.get(id) ?? { score: 0, inVector: false, inKeyword: false, similarity: 0 };
    if ((from === "vector" && entry.inVector) || (from === "keyword" && entry.inKeyword)) return;
    entry.score += 1 / (k + rank);
    if (from === "vector") {
      entry.inVector = true;
      entry.similarity = similarity;
    } else {
      entry.inKeyword = true;
    }
    fused.set(id, entry);
  };
  vector.forEach((hit, i) => add(hit.id, i + 1, "vector", hit.score));
  keyword.forEach((hit, i) => add(hit.id, i + 1, "keyword"));
  const best = 2 / (k + 1);
  return [...fused.entries()]
    .sort(([idA, a], [idB, b]) => b.score - a.score || b.similarity - a.similarity || idA - idB)
    .map(([id, e]) => ({
      id,
      score: Math.round((e.score / best) * 10_000) / 10_000,
      source: e.inVector && e.inKeyword ? "both" : e.inVector ? "vector" : "keyword",
    }));
}
