/**
 * A visitor's recent searches (table `searches`), remembered only for visitors who already
 * have a session: searching never creates one. The personal feed takes the works these
 * searches find as candidates (recentSearchCandidates).
 */
import type { AppEnv } from "../../env";
import { fragment } from "../fragment-cache";
import { filtersAsText, type SearchFilters } from "./query-parser";
import { runSearch } from "./search.server";

/** Searches considered for feed candidates, newest first. */
export const RECENT_SEARCHES = 3;
/** Older searches are not candidates any more. */
export const RECENT_SEARCH_DAYS = 30;
const MAX_STORED_QUERY = 400;

/**
 * The text to remember for a search: the visitor's words plus the URL filters written as
 * words the parser reads back ("sea" + colour=blue -> "sea blue"), so running it again
 * finds the same works.
 */
export function searchAsText(q: string, paramFilters: SearchFilters = {}): string {
  return `${q} ${filtersAsText(paramFilters)}`.replace(/\s+/g, " ").trim().slice(0, MAX_STORED_QUERY);
}

export async function recordSearch(db: D1Database, sessionId: string, query: string, results: number): Promise<void> {
  if (!query) return;
  await db.prepare("INSERT INTO searches (session_id, query, results) VALUES (?, ?, ?)").bind(sessionId, query, results).run();
}

/**
 * Artwork ids from the session's last few distinct searches that found something (newest
 * search first), interleaved so each search contributes its best works first, without
 * duplicates; at most `limit`. Runs the searches again (so works that went unavailable
 * drop out) from the query-vector cache and keywords only: the feed never waits on the
 * query encoder. [] for a session without searches.
 */
export async function recentSearchCandidates(env: AppEnv, sessionId: string, limit = 24): Promise<number[]> {
  if (limit <= 0) return [];
  return searchCandidatesFrom(env, queriesFrom(await recentSearchesStatement(env.DB, sessionId).all()), limit);
}

/** The session's last few distinct searches that found something, as a statement (for a request's one db.batch()). */
export function recentSearchesStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  const since = Date.now() - RECENT_SEARCH_DAYS * 24 * 3600 * 1000;
  return db
    .prepare(
      `SELECT query, MAX(at) AS at FROM searches
       WHERE session_id = ? AND results > 0 AND at >= ?
       GROUP BY query ORDER BY at DESC LIMIT ?`,
    )
    .bind(sessionId, since, RECENT_SEARCHES);
}

export function queriesFrom(result: D1Result | undefined): string[] {
  return ((result?.results ?? []) as { query: string }[]).map((r) => r.query);
}

/**
 * recentSearchCandidates' second half, from the queries read. A query's works are the same for
 * every visitor, so with the catalogue version they are kept in the fragment cache.
 */
export async function searchCandidatesFrom(env: AppEnv, queries: readonly string[], limit: number, version: number | null = null): Promise<number[]> {
  if (limit <= 0 || queries.length === 0) return [];
  const lists = await Promise.all(
    queries.map((query) =>
      fragment(version, `search-ids:${limit}:${query}`, () =>
        runSearch(env, { q: query.slice(0, 300), limit }, { useEncoder: false }).then((answer) => answer.results.map((r) => r.id)),
      ).catch(() => [] as number[]),
    ),
  );
  const out: number[] = [];
  const seen = new Set<number>();
  for (let rank = 0; out.length < limit && lists.some((l) => rank < l.length); rank++) {
    for (const list of lists) {
      const id = list[rank];
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      if (out.length === limit) break;
    }
  }
  return out;
}
