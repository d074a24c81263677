/**
 * The visitor's history: likes, dislikes, wall changes and searches, newest
 * first, each with undo where undo makes sense. Entries are written by SQL
 * triggers (migrations/0007_accounts_history.sql) on reactions, walls,
 * wall_items and searches, so every path that changes them is logged. Reading
 * is one keyset-paged query (index on session_id, id) whose joins are primary
 * key lookups: a page costs the same however long the history is.
 *
 * Undo runs in one batch between a history_mute row's insert and delete, so
 * the undo itself is not logged again; the entry is marked undone instead.
 */
import { z } from "zod";
import { HttpError } from "../../workers/http/errors";
import { MAX_WALL_ITEMS } from "./walls.server";

export const HISTORY_PAGE_SIZE = 30;

export type HistoryKind = "react" | "unreact" | "wall_create" | "wall_rename" | "wall_delete" | "wall_add" | "wall_remove" | "search";

/** Why an entry cannot be undone now (or null when it can). */
export type UndoBlock = "undone" | "changed_since" | "wall_gone" | "wall_not_empty" | "work_unavailable" | "wall_full" | "not_undoable" | null;

export interface HistoryEntry {
  id: number;
  kind: HistoryKind;
  at: number;
  undoneAt: number | null;
  artwork: { id: number; slug: string; title: string } | null;
  /** The wall's current name when it still exists; else the name logged with the entry. */
  wall: { id: number; name: string; exists: boolean } | null;
  /** Reaction value (react/unreact), number of works (wall_delete), number of results (search). */
  value: number | null;
  previousValue: number | null;
  /** Wall name (wall entries) or the search text (search). */
  label: string | null;
  previousLabel: string | null;
  /** Null when "Undo" can be pressed. */
  undoBlock: UndoBlock;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

/** `?before=` in the URL: an entry id. */
export const historyCursorSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, "The history cursor is an entry id.")
  .transform(Number);

interface Row {
  id: number;
  kind: HistoryKind;
  at: number;
  undoneAt: number | null;
  artworkId: number | null;
  artworkSlug: string | null;
  artworkTitle: string | null;
  artworkAvailable: number | null;
  wallId: number | null;
  wallName: string | null;
  wallExists: number;
  wallItems: number | null;
  itemPresent: number;
  currentReaction: number | null;
  searchExists: number;
  value: number | null;
  previousValue: number | null;
  label: string | null;
  previousLabel: string | null;
}

/**
 * Every join is a lookup by primary key (or the unique share of one): per entry, the work,
 * the session's own wall of that id, the item on it, the session's reaction and search.
 */
const SELECT = `SELECT e.id, e.kind, e.at, e.undone_at AS undoneAt,
    e.artwork_id AS artworkId, a.slug AS artworkSlug, a.title AS artworkTitle, a.available AS artworkAvailable,
    e.wall_id AS wallId, w.name AS wallName, (w.id IS NOT NULL) AS wallExists,
    CASE WHEN e.kind = 'wall_create' AND w.id IS NOT NULL THEN (SELECT COUNT(*) FROM wall_items c WHERE c.wall_id = w.id)
         WHEN e.kind = 'wall_remove' AND w.id IS NOT NULL THEN (SELECT COUNT(*) FROM wall_items c WHERE c.wall_id = w.id) END AS wallItems,
    (wi.artwork_id IS NOT NULL) AS itemPresent,
    r.value AS currentReaction,
    (s.id IS NOT NULL) AS searchExists,
    e.value, e.previous_value AS previousValue, e.label, e.previous_label AS previousLabel
  FROM history_events e
  LEFT JOIN artworks a ON a.id = e.artwork_id
  LEFT JOIN walls w ON w.id = e.wall_id AND w.owner_session_id = e.session_id
  LEFT JOIN wall_items wi ON wi.wall_id = w.id AND wi.artwork_id = e.artwork_id
  LEFT JOIN reactions r ON r.session_id = e.session_id AND r.artwork_id = e.artwork_id AND e.kind IN ('react', 'unreact')
  LEFT JOIN searches s ON s.id = e.search_id AND s.session_id = e.session_id`;

/** Whether (and why not) an entry can be undone now: a pure function of its row. */
export function undoBlockOf(row: Row): UndoBlock {
  if (row.undoneAt !== null) return "undone";
  switch (row.kind) {
    case "react":
      return row.currentReaction === row.value ? null : "changed_since";
    case "unreact":
      if (row.currentReaction !== null) return "changed_since";
      return row.artworkSlug === null ? "work_unavailable" : null;
    case "wall_create":
      if (!row.wallExists) return "wall_gone";
      return (row.wallItems ?? 0) > 0 ? "wall_not_empty" : null;
    case "wall_rename":
      if (!row.wallExists) return "wall_gone";
      return row.wallName === row.label ? null : "changed_since";
    case "wall_add":
      if (!row.wallExists) return "wall_gone";
      return row.itemPresent ? null : "changed_since";
    case "wall_remove":
      if (!row.wallExists) return "wall_gone";
      if (row.itemPresent) return "changed_since";
      if (row.artworkAvailable !== 1) return "work_unavailable";
      return (row.wallItems ?? 0) >= MAX_WALL_ITEMS ? "wall_full" : null;
    case "search":
      return row.searchExists ? null : "changed_since";
    default:
      return "not_undoable";
  }
}

function entryOf(row: Row): HistoryEntry {
  return {
    id: row.id,
    kind: row.kind,
    at: row.at,
    undoneAt: row.undoneAt,
    artwork: row.artworkId !== null && row.artworkSlug !== null ? { id: row.artworkId, slug: row.artworkSlug, title: row.artworkTitle ?? "" } : null,
    wall: row.wallId !== null ? { id: row.wallId, name: row.wallName ?? row.label ?? "", exists: row.wallExists === 1 } : null,
    value: row.value,
    previousValue: row.previousValue,
    label: row.label,
    previousLabel: row.previousLabel,
    undoBlock: undoBlockOf(row),
  };
}

/** One page of a session's history, newest first, older than `before` when given. */
export async function historyPage(db: D1Database, sessionId: string | null, before: number | null = null, limit = HISTORY_PAGE_SIZE): Promise<HistoryPage> {
  if (!sessionId) return { entries: [], nextBefore: null };
  const { results } = await db
    .prepare(`${SELECT} WHERE e.session_id = ?1 AND e.id < ?2 ORDER BY e.id DESC LIMIT ?3`)
    .bind(sessionId, before ?? Number.MAX_SAFE_INTEGER, limit + 1)
    .all<Row>();
  const rows = results.slice(0, limit);
  return { entries: rows.map(entryOf), nextBefore: results.length > limit ? rows[rows.length - 1]!.id : null };
}

const NOW_MS = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

const UNDO_REFUSALS: Record<Exclude<UndoBlock, null>, string> = {
  undone: "That change has already been undone.",
  changed_since: "That has changed since, so undoing this entry would not bring it back.",
  wall_gone: "That wall has been deleted.",
  wall_not_empty: "The wall has works on it now; delete it from the walls page if you want it gone.",
  work_unavailable: "That work is no longer sold.",
  wall_full: `A wall holds at most ${MAX_WALL_ITEMS} works.`,
  not_undoable: "This kind of change cannot be undone.",
};

/** The statements that reverse one entry (the caller has checked it can be). */
function reversal(db: D1Database, sessionId: string, row: Row): D1PreparedStatement[] {
  const touch = (wallId: number) => db.prepare(`UPDATE walls SET updated_at = ${NOW_MS} WHERE id = ?`).bind(wallId);
  switch (row.kind) {
    case "react":
      return row.previousValue === null || row.previousValue === 0
        ? [db.prepare("DELETE FROM reactions WHERE session_id = ? AND artwork_id = ?").bind(sessionId, row.artworkId)]
        : [db.prepare("UPDATE reactions SET value = ? WHERE session_id = ? AND artwork_id = ?").bind(row.previousValue, sessionId, row.artworkId)];
    case "unreact":
      return [db.prepare("INSERT OR IGNORE INTO reactions (session_id, artwork_id, value) VALUES (?, ?, ?)").bind(sessionId, row.artworkId, row.value)];
    case "wall_create":
      return [db.prepare("DELETE FROM walls WHERE id = ? AND owner_session_id = ?").bind(row.wallId, sessionId)];
    case "wall_rename":
      return [db.prepare(`UPDATE walls SET name = ?, updated_at = ${NOW_MS} WHERE id = ? AND owner_session_id = ?`).bind(row.previousLabel, row.wallId, sessionId)];
    case "wall_add":
      return [db.prepare("DELETE FROM wall_items WHERE wall_id = ? AND artwork_id = ?").bind(row.wallId, row.artworkId), touch(row.wallId!)];
    case "wall_remove":
      return [
        db
          .prepare("INSERT OR IGNORE INTO wall_items (wall_id, artwork_id, position) VALUES (?1, ?2, COALESCE((SELECT MAX(position) + 1 FROM wall_items WHERE wall_id = ?1), 0))")
          .bind(row.wallId, row.artworkId),
        touch(row.wallId!),
      ];
    case "search":
      return [db.prepare("DELETE FROM searches WHERE id = (SELECT search_id FROM history_events WHERE id = ?) AND session_id = ?").bind(row.id, sessionId)];
    default:
      return [];
  }
}

/**
 * Statements that run `inner` without logging it: the mute row goes in first and out
 * last, in the same batch (one transaction), so no other change of the session is missed.
 */
export function muted(db: D1Database, sessionId: string, inner: D1PreparedStatement[]): D1PreparedStatement[] {
  return [
    db.prepare("INSERT OR IGNORE INTO history_mute (session_id) VALUES (?)").bind(sessionId),
    ...inner,
    db.prepare("DELETE FROM history_mute WHERE session_id = ?").bind(sessionId),
  ];
}

/** Undoes one of the session's entries; 404 for another session's or an unknown one, 409 when it cannot be undone. */
export async function undoHistoryEntry(db: D1Database, sessionId: string, entryId: number): Promise<HistoryEntry> {
  const row = await db.prepare(`${SELECT} WHERE e.id = ? AND e.session_id = ?`).bind(entryId, sessionId).first<Row>();
  if (!row) throw new HttpError(404, "not_found", "No such history entry.");
  const block = undoBlockOf(row);
  if (block) throw new HttpError(409, `cannot_undo_${block}`, UNDO_REFUSALS[block]);
  await db.batch(muted(db, sessionId, [...reversal(db, sessionId, row), db.prepare(`UPDATE history_events SET undone_at = ${NOW_MS} WHERE id = ?`).bind(entryId)]));
  const after = await db.prepare(`${SELECT} WHERE e.id = ?`).bind(entryId).first<Row>();
  return entryOf(after!);
}
