/**
 * Keyword search over artworks_fts (title, artist, tags, description; porter + unicode61
 * without diacritics, see migrations/0001_keyword_search.sql).
 *
 * The MATCH expression is built, never passed through: the text is cut into runs of letters
 * and digits, stop words are dropped, and each word becomes a double-quoted FTS5 string
 * ("near" or "title" are then words, not operators or column filters; quotes, *, ^, :, (, )
 * and - cannot reach FTS5 at all). Words are ANDed: every word must occur somewhere in the
 * work's text, which is what makes a keyword hit relevant enough to show without a floor.
 */
import { sqlFilter } from "./filters";
import type { SearchFilters } from "./query-parser";

const STOP_WORDS = new Set([
  "a", "an", "the", "and", "or", "but", "not", "no", "with", "without", "in", "into", "of", "for", "on", "at",
  "to", "by", "from", "as", "is", "are", "was", "be", "it", "its", "this", "that", "these", "those", "some",
  "any", "i", "me", "my", "we", "our", "you", "your", "show", "find", "want", "looking", "like", "s", "t",
]);

export const MAX_KEYWORDS = 8;
const MAX_KEYWORD_LENGTH = 64;

/** The keywords a text searches for (lower-case, stop words dropped, at most MAX_KEYWORDS). */
export function keywordsOf(text: string): string[] {
  const words = text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  for (const word of words) {
    if (STOP_WORDS.has(word) || word.length > MAX_KEYWORD_LENGTH || out.includes(word)) continue;
    out.push(word);
    if (out.length === MAX_KEYWORDS) break;
  }
  return out;
}

/** A safe FTS5 MATCH expression for the text, or null when it has no keywords. */
export function ftsMatchExpression(text: string): string | null {
  const words = keywordsOf(text);
  return words.length > 0 ? words.map((w) => `"${w}"`).join(" ") : null;
}

export interface KeywordHit {
  id: number;
  /** bm25: lower is better. */
  rank: number;
}

/** Available works matching every keyword and the filters, best first (title counts most). */
export async function keywordSearch(db: D1Database, text: string, filters: SearchFilters, limit = 100): Promise<KeywordHit[]> {
  const match = ftsMatchExpression(text);
  return match ? keywordSearchMatch(db, match, filters, limit) : [];
}

/** Available works matching a built FTS5 expression and the filters, best first. */
export async function keywordSearchMatch(db: D1Database, match: string, filters: SearchFilters, limit = 100): Promise<KeywordHit[]> {
  const { where, binds } = sqlFilter(filters);
  try {
    const { results } = await db
      .prepare(
        `SELECT a.id AS id, bm25(artworks_fts, 10.0, 6.0, 4.0, 1.0) AS rank
         FROM artworks_fts JOIN artworks a ON a.id = artworks_fts.rowid
         WHERE artworks_fts MATCH ? AND ${where}
         ORDER BY rank, a.id LIMIT ?`,
      )
      .bind(match, ...binds, limit)
      .all<KeywordHit>();
    return results;
  } catch (error) {
    // The expression is built from quoted words only, so this is not expected; a search
    // still answers (from vectors) rather than failing.
    console.error("keyword search failed", error);
    return [];
  }
}

/**
 * For each FTS5 expression, whether any work's text matches it (one indexed lookup each, in one
 * batch; availability and filters aside): how the lexical layer tells a word the catalogue
 * holds from one it must correct or ignore.
 */
export async function expressionsFound(db: D1Database, expressions: readonly string[]): Promise<boolean[]> {
  if (expressions.length === 0) return [];
  try {
    const answers = await db.batch<{ id: number }>(
      expressions.map((e) => db.prepare("SELECT rowid AS id FROM artworks_fts WHERE artworks_fts MATCH ? LIMIT 1").bind(e)),
    );
    return answers.map((a) => (a.results?.length ?? 0) > 0);
  } catch (error) {
    console.error("keyword lookup failed", error);
    return expressions.map(() => true);
  }
}
