/**
 * What each session was shown lately, so the personal feed moves on instead of repeating
 * itself. One row per session (`recently_shown`) holds the last RECENTLY_SHOWN_KEPT work ids,
 * the latest page first: the feed reads one row, and a page's works are added in one
 * statement that also drops the oldest past the cap (decision 0028).
 */

export const RECENTLY_SHOWN_KEPT = 500;

/**
 * A JSON array of the ids in JSON array `newer`, then those in `older`, the first
 * RECENTLY_SHOWN_KEPT of them. The LIMIT keeps the ordered subquery apart from the
 * aggregate, so json_group_array receives the ids in that order.
 */
function newestFirst(newer: string, older: string): string {
  return `(SELECT json_group_array(value) FROM (
      SELECT value FROM (
        SELECT 0 AS part, key, value FROM json_each(${newer})
        UNION ALL
        SELECT 1 AS part, key, value FROM json_each(${older})
      ) ORDER BY part, key LIMIT ${RECENTLY_SHOWN_KEPT}))`;
}

/** The session's recently shown works, as a statement for the request's one batch. */
export function recentlyShownStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare("SELECT artwork_ids FROM recently_shown WHERE session_id = ?").bind(sessionId);
}

/** The ids a recentlyShownStatement read (none for a session never shown a personal page). */
export function shownFrom(result: D1Result | undefined): Set<number> {
  const row = (result?.results ?? [])[0] as { artwork_ids?: string } | undefined;
  if (!row?.artwork_ids) return new Set();
  const ids: unknown = JSON.parse(row.artwork_ids);
  return new Set(Array.isArray(ids) ? ids.filter((id): id is number => Number.isSafeInteger(id)) : []);
}

/** Adds a page's works in front of the session's list, dropping the oldest past the cap: one statement. */
export function recordShownStatement(db: D1Database, sessionId: string, ids: readonly number[]): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO recently_shown (session_id, artwork_ids) VALUES (?1, ${newestFirst("?2", "'[]'")})
       ON CONFLICT (session_id) DO UPDATE SET
         artwork_ids = ${newestFirst("?2", "recently_shown.artwork_ids")},
         updated_at = excluded.updated_at`,
    )
    .bind(sessionId, JSON.stringify(ids));
}

/**
 * Session `from`'s list goes in front of `into`'s (a sign-in: the anonymous session was the
 * one browsing just now), and `from`'s row is deleted. Statements for the merge's one batch.
 */
export function mergeRecentlyShownStatements(db: D1Database, from: string, into: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO recently_shown (session_id, artwork_ids)
         SELECT ?2, '[]' WHERE EXISTS (SELECT 1 FROM recently_shown WHERE session_id = ?1)
         ON CONFLICT (session_id) DO NOTHING`,
      )
      .bind(from, into),
    db
      .prepare(
        `UPDATE recently_shown SET
           artwork_ids = ${newestFirst("(SELECT source.artwork_ids FROM recently_shown AS source WHERE source.session_id = ?1)", "recently_shown.artwork_ids")},
           updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
         WHERE session_id = ?2 AND EXISTS (SELECT 1 FROM recently_shown AS source WHERE source.session_id = ?1)`,
      )
      .bind(from, into),
    db.prepare("DELETE FROM recently_shown WHERE session_id = ?").bind(from),
  ];
}

export function deleteRecentlyShownStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM recently_shown WHERE session_id = ?").bind(sessionId);
}
