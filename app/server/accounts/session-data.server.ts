/**
 * Everything a visitor session owns, moved or deleted as one: likes and
 * dislikes, walls (with their items), searches, recently shown works and history.
 * Each operation is one D1 batch (one transaction) with the history triggers
 * muted, so a merge or a deletion is never half done and never logged as if
 * the visitor had made each change.
 */
import { muted } from "../history.server";
import { deleteRecentlyShownStatement, mergeRecentlyShownStatements } from "../recently-shown.server";

/**
 * Adopts session `from` into session `into` (a sign-in): reactions merge by
 * (work) with the newer reaction winning, so no work is liked twice; walls,
 * searches and history entries change owner (history stays in the order it
 * happened: entry ids are global); `from`'s recently shown works go in front
 * of `into`'s. `from` is deleted.
 */
export function mergeSessionStatements(db: D1Database, from: string, into: string): D1PreparedStatement[] {
  const inner = [
    db
      .prepare(
        `INSERT INTO reactions (session_id, artwork_id, value, created_at)
         SELECT ?2, artwork_id, value, created_at FROM reactions WHERE session_id = ?1
         ON CONFLICT (session_id, artwork_id) DO UPDATE SET value = excluded.value, created_at = excluded.created_at
         WHERE excluded.created_at > reactions.created_at`,
      )
      .bind(from, into),
    db.prepare("DELETE FROM reactions WHERE session_id = ?").bind(from),
    db.prepare("UPDATE walls SET owner_session_id = ?2 WHERE owner_session_id = ?1").bind(from, into),
    db.prepare("UPDATE searches SET session_id = ?2 WHERE session_id = ?1").bind(from, into),
    ...mergeRecentlyShownStatements(db, from, into),
    db.prepare("UPDATE history_events SET session_id = ?2 WHERE session_id = ?1").bind(from, into),
    db.prepare("DELETE FROM sessions WHERE id = ?").bind(from),
  ];
  // Both sessions muted: the reaction moves would otherwise log on both sides.
  return muted(db, from, muted(db, into, inner));
}

/**
 * Deletes what session `sessionId` owns, and the session itself. Purchase clicks
 * are kept for the shops' counts but lose the session id.
 */
export function deleteSessionStatements(db: D1Database, sessionId: string): D1PreparedStatement[] {
  return muted(db, sessionId, [
    db.prepare("DELETE FROM wall_items WHERE wall_id IN (SELECT id FROM walls WHERE owner_session_id = ?)").bind(sessionId),
    db.prepare("DELETE FROM walls WHERE owner_session_id = ?").bind(sessionId),
    db.prepare("DELETE FROM reactions WHERE session_id = ?").bind(sessionId),
    db.prepare("DELETE FROM searches WHERE session_id = ?").bind(sessionId),
    deleteRecentlyShownStatement(db, sessionId),
    db.prepare("DELETE FROM history_events WHERE session_id = ?").bind(sessionId),
    db.prepare("UPDATE clicks SET session_id = NULL WHERE session_id = ?").bind(sessionId),
    db.prepare("DELETE FROM sessions WHERE id = ?").bind(sessionId),
  ]);
}
