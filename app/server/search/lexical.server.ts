/**
 * The lexical layer against D1 (pure parts in lexical.ts): correcting a query's words, and the
 * keyword hits of its remaining text with related words, ignored words and partial matches.
 * Per request: the cached vocabulary (vocabulary.server.ts), at most two batches of indexed FTS5
 * lookups (one per unknown word, one per keyword group) and one or two keyword searches.
 */
import { expressionsFound, type KeywordHit, keywordSearchMatch } from "./keyword";
import {
  applyCorrections,
  type Correction,
  groupExpression,
  groupsExpression,
  keywordGroups,
  planCorrections,
  spellingCorrections,
} from "./lexical";
import { parseQuery } from "./query-parser";
import type { SearchFilters } from "./query-parser";
import { loadVocabulary } from "./vocabulary.server";

export interface CorrectedQuery {
  /** The text to search: the visitor's, with corrections applied. */
  text: string;
  corrections: Correction[];
}

/** The visitor's text with foreign and misspelt words of its searchable part corrected. */
export async function correctQuery(db: D1Database, raw: string): Promise<CorrectedQuery> {
  const remainder = parseQuery(raw).remainder;
  if (!remainder) return { text: raw, corrections: [] };
  const vocabulary = await loadVocabulary(db);
  const { translations, unknown } = planCorrections(remainder, vocabulary);
  let spelling: Correction[] = [];
  if (unknown.length > 0) {
    const found = await expressionsFound(db, unknown.map((w) => `"${w}"`));
    spelling = spellingCorrections(unknown, new Set(unknown.filter((_, i) => found[i])), vocabulary);
  }
  const corrections = [...translations, ...spelling];
  return corrections.length > 0 ? { text: applyCorrections(raw, corrections), corrections } : { text: raw, corrections };
}

export interface LexicalHits {
  hits: KeywordHit[];
  /** Words no work's text holds (nor any related word): left out of the keyword search. */
  ignored: string[];
  /** True when no work matched every word, so works matching some of them are shown. */
  partial: boolean;
  /** True when every word was ignored: the text adds nothing to the filters. */
  allIgnored: boolean;
}

/**
 * Works whose text holds every word of the text or one of its related words, under the filters;
 * words found nowhere are ignored; when no work holds them all, the works holding most of them
 * (ORed, bm25 ranks works matching more words higher).
 */
export async function lexicalKeywordHits(db: D1Database, text: string, filters: SearchFilters, limit: number): Promise<LexicalHits> {
  const groups = keywordGroups(text);
  if (groups.length === 0) return { hits: [], ignored: [], partial: false, allIgnored: false };
  const found = await expressionsFound(db, groups.map(groupExpression));
  const kept = groups.filter((_, i) => found[i]);
  const ignored = groups.filter((_, i) => !found[i]).map((g) => g[0]!);
  const all = groupsExpression(kept, "AND");
  if (!all) return { hits: [], ignored, partial: false, allIgnored: true };
  const hits = await keywordSearchMatch(db, all, filters, limit);
  if (hits.length > 0 || kept.length < 2) return { hits, ignored, partial: false, allIgnored: false };
  const some = await keywordSearchMatch(db, groupsExpression(kept, "OR")!, filters, limit);
  return { hits: some, ignored, partial: some.length > 0, allIgnored: false };
}
