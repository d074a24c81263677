/**
 * Likes and dislikes: one reaction per visitor session and work (+1 like,
 * -1 dislike); undo deletes the row. Every write is tied to the signed session
 * (the API, the /reactions form action and the taste finder all call
 * setReaction). The personal feed reads them through reactionsOf.
 */
import { ZodError, z } from "zod";
import { HttpError } from "../../workers/http/errors";
import { type ArtworkCard, cardsByIds } from "./artworks.server";
import { currentSessionId, type SessionEnv } from "./session.server";

export type ReactionValue = 1 | -1 | 0;

/** 1 like, -1 dislike, 0 undo (no reaction). */
export const reactionValueSchema = z.union([z.literal(1), z.literal(-1), z.literal(0)]);

/** An artwork (or wall) id in a JSON body. */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An id in a path segment or a form field: digits only, no signs, exponents or hex. */
export const idTextSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, "An id is a positive whole number.")
  .transform(Number);

/** A reaction value in a form field. */
export const reactionValueTextSchema = z.enum(["1", "-1", "0"]).transform((v) => Number(v) as ReactionValue);

/** 404 unless the work exists (available or not: its page still shows it). */
export async function assertArtworkExists(db: D1Database, artworkId: number): Promise<void> {
  const row = await db.prepare("SELECT 1 AS ok FROM artworks WHERE id = ?").bind(artworkId).first<{ ok: number }>();
  if (!row) throw new HttpError(404, "not_found", "No such artwork.");
}

/**
 * Likes (1), dislikes (-1) or undoes (0) a work for a session. Changing a
 * reaction makes it the newest; repeating the same one changes nothing.
 */
export async function setReaction(db: D1Database, sessionId: string, artworkId: number, value: ReactionValue): Promise<{ artworkId: number; value: ReactionValue }> {
  await assertArtworkExists(db, artworkId);
  if (value === 0) {
    await db.prepare("DELETE FROM reactions WHERE session_id = ? AND artwork_id = ?").bind(sessionId, artworkId).run();
  } else {
    // Delete-then-insert (one transaction) so a changed reaction gets a new
    // rowid and created_at, which is what "newest first" orders by.
    await db.batch([
      db.prepare("DELETE FROM reactions WHERE session_id = ? AND artwork_id = ? AND value <> ?").bind(sessionId, artworkId, value),
      db.prepare("INSERT OR IGNORE INTO reactions (session_id, artwork_id, value) VALUES (?, ?, ?)").bind(sessionId, artworkId, value),
    ]);
  }
  return { artworkId, value };
}

/** The session's reaction to one work: 1, -1 or 0 (none, or no session). */
export async function reactionOf(db: D1Database, sessionId: string | null, artworkId: number): Promise<ReactionValue> {
  if (!sessionId) return 0;
  const row = await db.prepare("SELECT value FROM reactions WHERE session_id = ? AND artwork_id = ?").bind(sessionId, artworkId).first<{ value: number }>();
  return row?.value === 1 ? 1 : row?.value === -1 ? -1 : 0;
}

/** A session's liked and disliked work ids, newest first (for the personal feed). */
export async function reactionsOf(db: D1Database, sessionId: string | null): Promise<{ liked: number[]; disliked: number[] }> {
  if (!sessionId) return { liked: [], disliked: [] };
  return reactionsFrom(await reactionsStatement(db, sessionId).all());
}

/** reactionsOf's read as a statement, for a request's one db.batch(). */
export function reactionsStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare("SELECT artwork_id AS artworkId, value FROM reactions WHERE session_id = ? ORDER BY created_at DESC, rowid DESC").bind(sessionId);
}

export function reactionsFrom(result: D1Result | undefined): { liked: number[]; disliked: number[] } {
  const rows = (result?.results ?? []) as { artworkId: number; value: number }[];
  return {
    liked: rows.filter((r) => r.value === 1).map((r) => r.artworkId),
    disliked: rows.filter((r) => r.value === -1).map((r) => r.artworkId),
  };
}

export interface LikesView {
  /** Liked works that are still available, newest first. */
  liked: ArtworkCard[];
  /** Disliked works that are still available, newest first. */
  disliked: ArtworkCard[];
}

/** What /likes and GET /api/likes show. */
export async function likesView(db: D1Database, sessionId: string | null): Promise<LikesView> {
  const { liked, disliked } = await reactionsOf(db, sessionId);
  const [likedCards, dislikedCards] = await Promise.all([cardsByIds(db, liked), cardsByIds(db, disliked)]);
  return { liked: likedCards, disliked: dislikedCards };
}

/** The session id a request carries, or 401: for changes to things a session owns. */
export async function requireSessionId(request: Request, env: SessionEnv): Promise<string> {
  const id = await currentSessionId(request, env);
  if (!id) throw new HttpError(401, "no_session", "This needs your visitor session cookie; like a work or create a wall first.");
  return id;
}

/**
 * Where a no-JavaScript form goes back to after a change: a path on this
 * site only (never another host, never a protocol-relative URL).
 */
export function safeRedirectPath(value: FormDataEntryValue | null, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001f\\]/.test(value)) return fallback;
  return value;
}

/** What a page action tells the visitor when it refuses a form: an HttpError or a validation error. */
export interface Refusal {
  status: number;
  error: string;
  message: string;
}

/** The refusal in an error, or null for an unexpected error (which should propagate). */
export function refusalOf(error: unknown): Refusal | null {
  if (error instanceof HttpError) return { status: error.status, error: error.code, message: error.message };
  if (error instanceof ZodError) return { status: 400, error: "invalid_request", message: error.issues[0]?.message ?? "The form is not valid." };
  return null;
}
