/**
 * Walls: named collections of works a visitor puts together for a room. A wall
 * belongs to the session that made it; only that session can read its owner
 * view or change it (any other session is told the wall does not exist).
 * Each wall has an unguessable share token for a read-only public view that
 * shows its name, works and total, and nothing else about the owner.
 */
import { z } from "zod";
import { HttpError } from "../../workers/http/errors";
import { type ArtworkCard, CARD_COLUMNS, CARD_FROM } from "./artworks.server";
import { reactionOf, type ReactionValue } from "./reactions.server";
import type { PrintSize, WallLayout } from "../components/wall-planner/geometry";
import { PLACEMENT_COLUMNS, type StoredPlacement, WALL_SHAPE_COLUMNS, type WallShape, planOf, printSizes } from "./wall-layout.server";

export const MAX_WALL_ITEMS = 200;

/**
 * A share page is public and kept by the CDN, but for a shorter time than
 * catalogue pages: a wall's owner can change it at any moment, and the edge
 * cache is keyed by the catalogue version, which wall edits do not bump.
 */
export const CACHE_PUBLIC_SHARED_WALL = "public, max-age=30, s-maxage=60, stale-while-revalidate=60";
export const MAX_WALLS_PER_SESSION = 100;
export const WALL_NAME_MAX = 80;

export const wallNameSchema = z
  .string()
  .trim()
  .min(1, "Give the wall a name.")
  .max(WALL_NAME_MAX, `A wall name is at most ${WALL_NAME_MAX} characters.`)
  .regex(/^[^\p{Cc}]*$/u, "A wall name cannot contain control characters.");

/** Share tokens: 24 random bytes, base64url (192 bits). */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "Not a share token.");

export function newShareToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function sharePath(token: string): string {
  return `/w/${token}`;
}

export interface WallTotal {
  currency: string;
  /** Sum of each work's cheapest price in this currency, minor units. */
  amountMinor: number;
  works: number;
}

export interface WallPrice {
  /** One entry per currency: amounts in different currencies are never added. */
  totals: WallTotal[];
  /** Works on the wall without a known price. */
  unpriced: number;
}

export interface WallSummary extends WallPrice {
  id: number;
  name: string;
  /** Available works on the wall. */
  works: number;
  coverImageHash: string | null;
  sharePath: string;
  updatedAt: number;
}

export interface UnavailableWork {
  id: number;
  slug: string;
  title: string;
}

export interface WallDetail extends WallPrice {
  id: number;
  name: string;
  shareToken: string;
  sharePath: string;
  shareUrl: string;
  /** Available works, in the wall's order. */
  works: ArtworkCard[];
  /** Works on the wall the shops no longer sell (kept until the owner removes them). */
  unavailable: UnavailableWork[];
  /** The planner's wall and frames (issue 15); totals follow the chosen sizes. */
  layout: WallLayout;
  /** Print sizes per work id; empty = no known dimensions (cannot be placed to scale). */
  sizes: Record<string, PrintSize[]>;
  createdAt: number;
  updatedAt: number;
}

/** The public view behind a share link: nothing about the owner. */
export interface SharedWall extends WallPrice {
  name: string;
  works: ArtworkCard[];
  layout: WallLayout;
  sizes: Record<string, PrintSize[]>;
}

interface WallRow extends Partial<WallShape> {
  id: number;
  name: string;
  shareToken: string;
  createdAt: number;
  updatedAt: number;
}

const WALL_COLUMNS = `w.id, w.name, w.share_token AS shareToken, w.created_at AS createdAt, w.updated_at AS updatedAt, ${WALL_SHAPE_COLUMNS}`;
/**
 * The price of a wall item at its chosen print size (issue 15), in SQL: the named size,
 * or with none named the cheapest priced size with dimensions, as the planner prices it.
 */
const CHOSEN_SIZE_PRICE = `(SELECT COALESCE(v.price_minor, o.price_minor) AS p FROM offer_variants v JOIN offers o ON o.id = v.offer_id
  WHERE o.artwork_id = a.id AND o.available = 1 AND v.width_cm > 0 AND v.height_cm > 0 AND p IS NOT NULL
    AND (i.variant_label IS NULL OR v.label = i.variant_label)
  ORDER BY p, v.width_cm * v.height_cm LIMIT 1)`;
const NOW_MS = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

/** Totals per currency over priced cards; never mixes currencies. */
export function wallPrice(cards: readonly ArtworkCard[]): WallPrice {
  const byCurrency = new Map<string, WallTotal>();
  let unpriced = 0;
  for (const card of cards) {
    if (card.priceMinor === null || !card.currency) {
      unpriced++;
      continue;
    }
    const total = byCurrency.get(card.currency) ?? { currency: card.currency, amountMinor: 0, works: 0 };
    total.amountMinor += card.priceMinor;
    total.works++;
    byCurrency.set(card.currency, total);
  }
  const totals = [...byCurrency.values()].sort((a, b) => b.works - a.works || a.currency.localeCompare(b.currency));
  return { totals, unpriced };
}

/** The session's walls, most recently changed first. */
export async function listWalls(db: D1Database, sessionId: string | null): Promise<WallSummary[]> {
  if (!sessionId) return [];
  const [wallRows, totalRows] = await db.batch([
    db
      .prepare(
        `SELECT w.id, w.name, w.share_token AS shareToken, w.updated_at AS updatedAt,
           (SELECT COUNT(*) FROM wall_items i JOIN artworks a ON a.id = i.artwork_id WHERE i.wall_id = w.id AND a.available = 1) AS works,
           (SELECT a.image_hash FROM wall_items i JOIN artworks a ON a.id = i.artwork_id
             WHERE i.wall_id = w.id AND a.available = 1 AND a.image_hash IS NOT NULL ORDER BY i.position, i.added_at LIMIT 1) AS coverImageHash
         FROM walls w WHERE w.owner_session_id = ? ORDER BY w.updated_at DESC, w.id DESC`,
      )
      .bind(sessionId),
    db
      .prepare(
        `SELECT wallId, currency, SUM(price) AS amountMinor, COUNT(*) AS works, SUM(price IS NULL OR currency IS NULL) AS unpriced
         FROM (SELECT i.wall_id AS wallId, a.currency, COALESCE(${CHOSEN_SIZE_PRICE}, a.min_price_minor) AS price
           FROM walls w JOIN wall_items i ON i.wall_id = w.id JOIN artworks a ON a.id = i.artwork_id
           WHERE w.owner_session_id = ? AND a.available = 1)
         GROUP BY wallId, currency`,
      )
      .bind(sessionId),
  ]);
  type Row = { id: number; name: string; shareToken: string; updatedAt: number; works: number; coverImageHash: string | null };
  type TotalRow = { wallId: number; currency: string | null; amountMinor: number | null; works: number; unpriced: number };
  const totals = new Map<number, WallPrice>();
  for (const t of totalRows!.results as TotalRow[]) {
    const price = totals.get(t.wallId) ?? { totals: [], unpriced: 0 };
    price.unpriced += t.unpriced;
    const priced = t.works - t.unpriced;
    if (t.currency && priced > 0) price.totals.push({ currency: t.currency, amountMinor: t.amountMinor ?? 0, works: priced });
    totals.set(t.wallId, price);
  }
  return (wallRows!.results as Row[]).map((w) => {
    const price = totals.get(w.id) ?? { totals: [], unpriced: 0 };
    price.totals.sort((a, b) => b.works - a.works || a.currency.localeCompare(b.currency));
    return { id: w.id, name: w.name, works: w.works, coverImageHash: w.coverImageHash, sharePath: sharePath(w.shareToken), updatedAt: w.updatedAt, ...price };
  });
}

/** The wall if this session owns it; 404 otherwise (never says whether it exists). */
export async function ownedWall(db: D1Database, sessionId: string | null, wallId: number): Promise<WallRow> {
  const row = sessionId
    ? await db.prepare(`SELECT ${WALL_COLUMNS} FROM walls w WHERE w.id = ? AND w.owner_session_id = ?`).bind(wallId, sessionId).first<WallRow>()
    : null;
  if (!row) throw new HttpError(404, "not_found", "No such wall.");
  return row;
}

type ItemRow = ArtworkCard & { available: number } & Omit<StoredPlacement, "artworkId">;

interface WallItems {
  works: ArtworkCard[];
  unavailable: UnavailableWork[];
  placements: Map<number, StoredPlacement>;
  sizes: Map<number, PrintSize[]>;
}

async function wallItems(db: D1Database, wallId: number): Promise<WallItems> {
  const [{ results }, sizes] = await Promise.all([
    db
      .prepare(`SELECT ${CARD_COLUMNS}, a.available, ${PLACEMENT_COLUMNS} FROM ${CARD_FROM} JOIN wall_items i ON i.artwork_id = a.id WHERE i.wall_id = ? ORDER BY i.position, i.added_at, a.id`)
      .bind(wallId)
      .all<ItemRow>(),
    printSizes(db, wallId),
  ]);
  const works: ArtworkCard[] = [];
  const unavailable: UnavailableWork[] = [];
  const placements = new Map<number, StoredPlacement>();
  for (const { available, xCm, yCm, variant, frame, matCm, ...card } of results) {
    placements.set(card.id, { artworkId: card.id, xCm, yCm, variant, frame, matCm });
    if (available === 1) works.push(card);
    else unavailable.push({ id: card.id, slug: card.slug, title: card.title });
  }
  return { works, unavailable, placements, sizes };
}

function absoluteUrl(path: string, siteUrl: string): string {
  try {
    return new URL(path, siteUrl).toString();
  } catch {
    return path;
  }
}

/** The owner's view of a wall (also what the owner API answers). */
export async function wallDetail(db: D1Database, wall: WallRow, siteUrl: string): Promise<WallDetail> {
  const { works, unavailable, placements, sizes } = await wallItems(db, wall.id);
  const plan = planOf(wall, works, placements, sizes);
  const path = sharePath(wall.shareToken);
  return {
    id: wall.id,
    name: wall.name,
    shareToken: wall.shareToken,
    sharePath: path,
    shareUrl: absoluteUrl(path, siteUrl),
    works,
    unavailable,
    layout: plan.layout,
    sizes: plan.sizes,
    ...wallPrice(plan.pricedWorks),
    createdAt: wall.createdAt,
    updatedAt: wall.updatedAt,
  };
}

/** The read-only public view behind a share token, or null. */
export async function sharedWall(db: D1Database, token: string): Promise<SharedWall | null> {
  if (!shareTokenSchema.safeParse(token).success) return null;
  const wall = await db.prepare(`SELECT w.id, w.name, ${WALL_SHAPE_COLUMNS} FROM walls w WHERE w.share_token = ?`).bind(token).first<{ id: number; name: string } & WallShape>();
  if (!wall) return null;
  const { works, placements, sizes } = await wallItems(db, wall.id);
  const plan = planOf(wall, works, placements, sizes);
  return { name: wall.name, works, layout: plan.layout, sizes: plan.sizes, ...wallPrice(plan.pricedWorks) };
}

export async function createWall(db: D1Database, sessionId: string, name: string): Promise<WallRow> {
  const count = await db.prepare("SELECT COUNT(*) AS n FROM walls WHERE owner_session_id = ?").bind(sessionId).first<{ n: number }>();
  if ((count?.n ?? 0) >= MAX_WALLS_PER_SESSION) {
    throw new HttpError(409, "too_many_walls", `A visitor can keep at most ${MAX_WALLS_PER_SESSION} walls; delete one first.`);
  }
  const row = await db
    .prepare(`INSERT INTO walls (owner_session_id, name, share_token) VALUES (?, ?, ?) RETURNING id, name, share_token AS shareToken, created_at AS createdAt, updated_at AS updatedAt,
      width_cm AS widthCm, height_cm AS heightCm, unit, furniture`)
    .bind(sessionId, name, newShareToken())
    .first<WallRow>();
  if (!row) throw new HttpError(500, "internal", "The wall could not be created.");
  return row;
}

function touch(db: D1Database, wallId: number): D1PreparedStatement {
  return db.prepare(`UPDATE walls SET updated_at = ${NOW_MS} WHERE id = ?`).bind(wallId);
}

export async function renameWall(db: D1Database, wall: WallRow, name: string): Promise<WallRow> {
  await db.prepare(`UPDATE walls SET name = ?, updated_at = ${NOW_MS} WHERE id = ?`).bind(name, wall.id).run();
  return { ...wall, name };
}

export async function deleteWall(db: D1Database, wall: WallRow): Promise<void> {
  // wall_items cascade; delete them explicitly too in case foreign keys are off.
  await db.batch([db.prepare("DELETE FROM wall_items WHERE wall_id = ?").bind(wall.id), db.prepare("DELETE FROM walls WHERE id = ?").bind(wall.id)]);
}

/** Appends a work (available ones only); adding one already there changes nothing. */
export async function addToWall(db: D1Database, wall: WallRow, artworkId: number): Promise<{ added: boolean }> {
  const work = await db.prepare("SELECT available FROM artworks WHERE id = ?").bind(artworkId).first<{ available: number }>();
  if (!work || work.available !== 1) throw new HttpError(404, "not_found", "No such available artwork.");
  const present = await db.prepare("SELECT 1 AS ok FROM wall_items WHERE wall_id = ? AND artwork_id = ?").bind(wall.id, artworkId).first();
  if (present) return { added: false };
  const count = await db.prepare("SELECT COUNT(*) AS n FROM wall_items WHERE wall_id = ?").bind(wall.id).first<{ n: number }>();
  if ((count?.n ?? 0) >= MAX_WALL_ITEMS) throw new HttpError(409, "wall_full", `A wall holds at most ${MAX_WALL_ITEMS} works.`);
  await db.batch([
    db
      .prepare("INSERT OR IGNORE INTO wall_items (wall_id, artwork_id, position) VALUES (?, ?, COALESCE((SELECT MAX(position) + 1 FROM wall_items WHERE wall_id = ?), 0))")
      .bind(wall.id, artworkId, wall.id),
    touch(db, wall.id),
  ]);
  return { added: true };
}

export async function removeFromWall(db: D1Database, wall: WallRow, artworkId: number): Promise<void> {
  const [deleted] = await db.batch([db.prepare("DELETE FROM wall_items WHERE wall_id = ? AND artwork_id = ?").bind(wall.id, artworkId), touch(db, wall.id)]);
  if ((deleted?.meta.changes ?? 0) === 0) throw new HttpError(404, "not_in_wall", "That work is not on this wall.");
}

/**
 * Replaces the wall's works with exactly these, in this order. Works already
 * on the wall may stay even if no longer sold; new ones must be available.
 */
export async function replaceWallItems(db: D1Database, wall: WallRow, artworkIds: readonly number[]): Promise<void> {
  if (new Set(artworkIds).size !== artworkIds.length) throw new HttpError(400, "duplicate_artwork", "Each work can be on a wall once.");
  if (artworkIds.length > MAX_WALL_ITEMS) throw new HttpError(400, "too_many_works", `A wall holds at most ${MAX_WALL_ITEMS} works.`);
  const ids = JSON.stringify(artworkIds);
  const { results } = await db
    .prepare(
      `SELECT a.id FROM json_each(?) j JOIN artworks a ON a.id = j.value
       WHERE a.available = 1 OR EXISTS (SELECT 1 FROM wall_items i WHERE i.wall_id = ? AND i.artwork_id = a.id)`,
    )
    .bind(ids, wall.id)
    .all<{ id: number }>();
  const known = new Set(results.map((r) => r.id));
  const unknown = artworkIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new HttpError(404, "not_found", "Some works do not exist or are no longer sold.", { artworkIds: unknown });
  await db.batch([
    db.prepare("DELETE FROM wall_items WHERE wall_id = ? AND artwork_id NOT IN (SELECT value FROM json_each(?))").bind(wall.id, ids),
    db
      .prepare(
        `INSERT INTO wall_items (wall_id, artwork_id, position) SELECT ?, j.value, j.key FROM json_each(?) j WHERE true
         ON CONFLICT (wall_id, artwork_id) DO UPDATE SET position = excluded.position`,
      )
      .bind(wall.id, ids),
    touch(db, wall.id),
  ]);
}

/** Moves one work a place up (towards the start) or down; at the end it stays. */
export async function moveWallItem(db: D1Database, wall: WallRow, artworkId: number, direction: "up" | "down"): Promise<void> {
  const { results } = await db
    .prepare("SELECT artwork_id AS id FROM wall_items WHERE wall_id = ? ORDER BY position, added_at, artwork_id")
    .bind(wall.id)
    .all<{ id: number }>();
  const order = results.map((r) => r.id);
  const at = order.indexOf(artworkId);
  if (at < 0) throw new HttpError(404, "not_in_wall", "That work is not on this wall.");
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= order.length) return;
  [order[at], order[to]] = [order[to]!, order[at]!];
  await replaceWallItems(db, wall, order);
}

export interface WallChoice {
  id: number;
  name: string;
  contains: boolean;
}

/** The session's walls and whether each already holds the work (for "Add to wall"). */
export async function wallChoices(db: D1Database, sessionId: string | null, artworkId: number): Promise<WallChoice[]> {
  if (!sessionId) return [];
  const { results } = await db
    .prepare(
      `SELECT w.id, w.name, EXISTS (SELECT 1 FROM wall_items i WHERE i.wall_id = w.id AND i.artwork_id = ?) AS contains
       FROM walls w WHERE w.owner_session_id = ? ORDER BY w.updated_at DESC, w.id DESC`,
    )
    .bind(artworkId, sessionId)
    .all<{ id: number; name: string; contains: number }>();
  return results.map((r) => ({ id: r.id, name: r.name, contains: r.contains === 1 }));
}

/**
 * Everything personal the artwork page shows for one work: the visitor's
 * reaction and their walls (with whether each holds the work).
 */
export async function personalState(
  env: { DB: D1Database },
  sessionId: string | null,
  artworkId: number,
): Promise<{ reaction: ReactionValue; walls: WallChoice[] }> {
  if (!sessionId) return { reaction: 0, walls: [] };
  const [reaction, walls] = await Promise.all([reactionOf(env.DB, sessionId, artworkId), wallChoices(env.DB, sessionId, artworkId)]);
  return { reaction, walls };
}

/**
 * personalState's two reads by the work's slug, as statements for the artwork page's one
 * db.batch() (beside the catalogue version), read back with personalStateFrom.
 */
export function personalStateStatements(db: D1Database, sessionId: string, slug: string): [D1PreparedStatement, D1PreparedStatement] {
  const work = "(SELECT id FROM artworks WHERE slug = ?)";
  return [
    db.prepare(`SELECT value FROM reactions WHERE session_id = ? AND artwork_id = ${work}`).bind(sessionId, slug),
    db
      .prepare(
        `SELECT w.id, w.name, EXISTS (SELECT 1 FROM wall_items i WHERE i.wall_id = w.id AND i.artwork_id = ${work}) AS contains
         FROM walls w WHERE w.owner_session_id = ? ORDER BY w.updated_at DESC, w.id DESC`,
      )
      .bind(slug, sessionId),
  ];
}

export function personalStateFrom(reaction: D1Result | undefined, walls: D1Result | undefined): { reaction: ReactionValue; walls: WallChoice[] } {
  const value = (reaction?.results[0] as { value: number } | undefined)?.value;
  const rows = (walls?.results ?? []) as { id: number; name: string; contains: number }[];
  return {
    reaction: value === 1 ? 1 : value === -1 ? -1 : 0,
    walls: rows.map((r) => ({ id: r.id, name: r.name, contains: r.contains === 1 })),
  };
}
