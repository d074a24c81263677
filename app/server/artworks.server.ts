/**
 * Reading artworks for pages and the API: the small "card" every grid shows,
 * and the full detail of one work (offers, sizes, palette, tags).
 */
import type { Orientation, PaletteColour, SizeClass } from "../../workers/db/schema";
import { fragmentsById } from "./fragment-cache";

export interface ArtworkCard {
  id: number;
  slug: string;
  title: string;
  artist: string | null;
  artistSlug: string | null;
  imageHash: string | null;
  priceMinor: number | null;
  currency: string | null;
  orientation: Orientation | null;
  dominantColour: string | null;
}

export const CARD_COLUMNS = `a.id, a.slug, a.title, ar.name AS artist, ar.slug AS artistSlug, a.image_hash AS imageHash,
  a.min_price_minor AS priceMinor, a.currency, a.orientation, a.dominant_colour AS dominantColour`;
export const CARD_FROM = `artworks a LEFT JOIN artists ar ON ar.id = a.artist_id`;

/** D1 allows 100 bound parameters a query; larger id lists are read in chunks. */
const MAX_PARAMS = 90;

/**
 * Available works by id, in the order given; unknown or unavailable ids are dropped. With the
 * catalogue version, cards come from the fragment cache where kept (a card is the same for
 * every visitor until the catalogue changes) and only the others are read.
 */
export async function cardsByIds(db: D1Database, ids: readonly number[], version: number | null = null): Promise<ArtworkCard[]> {
  const found = await fragmentsById(version, "card", ids, (missing) => readCards(db, missing));
  return [...new Set(ids)].flatMap((id) => {
    const card = found.get(id);
    return card ? [card] : [];
  });
}

async function readCards(db: D1Database, ids: readonly number[]): Promise<Map<number, ArtworkCard>> {
  const found = new Map<number, ArtworkCard>();
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += MAX_PARAMS) chunks.push(ids.slice(i, i + MAX_PARAMS));
  if (chunks.length === 0) return found;
  // `+a.available` keeps SQLite from walking an (available, ...) index over every available work
  // instead of looking the ids up (issue 14: that read the whole catalogue per page).
  const statements = chunks.map((chunk) =>
    db.prepare(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE a.id IN (${chunk.map(() => "?").join(",")}) AND +a.available = 1`).bind(...chunk),
  );
  // One round trip however many chunks.
  const results = statements.length === 1 ? [await statements[0]!.all<ArtworkCard>()] : await db.batch<ArtworkCard>(statements);
  for (const result of results) for (const card of result.results) found.set(card.id, card);
  return found;
}

export async function cardsWhere(db: D1Database, where: string, binds: unknown[], orderAndLimit: string): Promise<ArtworkCard[]> {
  const { results } = await db.prepare(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE ${where} ${orderAndLimit}`).bind(...binds).all<ArtworkCard>();
  return results;
}

export interface SizeVariant {
  label: string;
  widthCm: number | null;
  heightCm: number | null;
  priceMinor: number | null;
  currency: string | null;
}

export interface Offer {
  id: number;
  shop: string;
  shopSlug: string;
  priceMinor: number | null;
  currency: string | null;
  available: boolean;
  variants: SizeVariant[];
}

export interface ArtworkDetail extends ArtworkCard {
  description: string;
  medium: string | null;
  tags: string[];
  palette: PaletteColour[];
  widthCm: number | null;
  heightCm: number | null;
  sizeClass: SizeClass | null;
  available: boolean;
  imageWidth: number | null;
  imageHeight: number | null;
  offers: Offer[];
  /** The available offer with the lowest price, the one the buy button uses. */
  cheapestOfferId: number | null;
}

interface DetailRow extends ArtworkCard {
  description: string;
  medium: string | null;
  tags: string;
  palette: string | null;
  widthCm: number | null;
  heightCm: number | null;
  sizeClass: SizeClass | null;
  available: number;
  imageWidth: number | null;
  imageHeight: number | null;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** One work by slug, also when unavailable (its page says so instead of vanishing). */
export async function artworkBySlug(db: D1Database, slug: string): Promise<ArtworkDetail | null> {
  const row = await db
    .prepare(
      `SELECT ${CARD_COLUMNS}, a.description, a.medium, a.tags, a.palette, a.width_cm AS widthCm, a.height_cm AS heightCm,
        a.size_class AS sizeClass, a.available, i.width AS imageWidth, i.height AS imageHeight
       FROM ${CARD_FROM} LEFT JOIN images i ON i.hash = a.image_hash WHERE a.slug = ?`,
    )
    .bind(slug)
    .first<DetailRow>();
  if (!row) return null;
  const [offerRows, variantRows] = await db.batch([
    db
      .prepare(
        `SELECT o.id, s.name AS shop, s.slug AS shopSlug, o.price_minor AS priceMinor, o.currency, o.available
         FROM offers o JOIN sources s ON s.id = o.source_id WHERE o.artwork_id = ? ORDER BY o.available DESC, o.price_minor IS NULL, o.price_minor, o.id`,
      )
      .bind(row.id),
    db
      .prepare(
        `SELECT v.offer_id AS offerId, v.label, v.width_cm AS widthCm, v.height_cm AS heightCm, v.price_minor AS priceMinor, v.currency
         FROM offer_variants v JOIN offers o ON o.id = v.offer_id WHERE o.artwork_id = ? ORDER BY v.offer_id, v.position, v.id`,
      )
      .bind(row.id),
  ]);
  const variants = (variantRows!.results as (SizeVariant & { offerId: number })[]);
  const offers: Offer[] = (offerRows!.results as (Omit<Offer, "variants" | "available"> & { available: number })[]).map((o) => ({
    ...o,
    available: o.available === 1,
    variants: variants.filter((v) => v.offerId === o.id).map(({ offerId: _offerId, ...v }) => v),
  }));
  const cheapest = offers.find((o) => o.available && o.priceMinor !== null) ?? offers.find((o) => o.available) ?? null;
  const { tags, palette, available, ...rest } = row;
  return {
    ...rest,
    available: available === 1,
    tags: parseJson<string[]>(tags, []),
    palette: parseJson<PaletteColour[] | null>(palette, null) ?? [],
    offers,
    cheapestOfferId: cheapest?.id ?? null,
  };
}

/** Other available works by the same artist, newest first. */
export function moreByArtist(db: D1Database, artworkId: number, artistSlug: string, limit = 8): Promise<ArtworkCard[]> {
  return cardsWhere(db, "a.available = 1 AND ar.slug = ? AND a.id <> ?", [artistSlug, artworkId], `ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ${limit}`);
}

// ---------------------------------------------------------------- per-tag rows

/** Tags of a work that get a row on its page (in the work's own tag order). */
export const MAX_TAG_ROWS = 4;
/** Works a row shows. */
export const TAG_ROW_SIZE = 8;
/** Candidates read per tag on each side of the work's id: room for what other rows and sections already show. */
const TAG_ROW_FETCH_PER_SIDE = 2 * TAG_ROW_SIZE;

export interface TagRow {
  tag: string;
  works: ArtworkCard[];
}

/**
 * Candidate works for each tag's row: available works with the tag whose ids lie nearest
 * to this work's, on both sides, closest first (so neighbouring works' pages show
 * different rows). One batch, one statement a tag, each two range reads of the
 * (tag, artwork_id) index: at most 2 x TAG_ROW_FETCH_PER_SIDE rows a tag, whatever the
 * catalogue's size.
 */
export async function tagRowCandidates(db: D1Database, artworkId: number, tags: readonly string[]): Promise<Map<string, ArtworkCard[]>> {
  const picked = [...new Set(tags)].slice(0, MAX_TAG_ROWS);
  const out = new Map<string, ArtworkCard[]>();
  if (picked.length === 0) return out;
  const side = (op: "<" | ">", order: "ASC" | "DESC", dir: number) =>
    `SELECT * FROM (SELECT ${CARD_COLUMNS}, ${dir} AS side FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id LEFT JOIN artists ar ON ar.id = a.artist_id
       WHERE t.tag = ?1 AND t.artwork_id ${op} ?2 AND a.available = 1 ORDER BY t.artwork_id ${order} LIMIT ?3)`;
  const sql = `${side(">", "ASC", 1)} UNION ALL ${side("<", "DESC", -1)}`;
  const results = await db.batch(picked.map((tag) => db.prepare(sql).bind(tag, artworkId, TAG_ROW_FETCH_PER_SIDE)));
  picked.forEach((tag, i) => {
    const rows = (results[i]?.results ?? []) as (ArtworkCard & { side: number })[];
    const after = rows.filter((r) => r.side === 1);
    const before = rows.filter((r) => r.side === -1);
    const merged: ArtworkCard[] = [];
    for (let k = 0; k < Math.max(after.length, before.length); k++) {
      for (const row of [after[k], before[k]]) {
        if (!row) continue;
        const { side: _side, ...card } = row;
        merged.push(card);
      }
    }
    out.set(tag, merged);
  });
  return out;
}

/**
 * The rows themselves: for each tag in order, up to `rowSize` candidates not already on
 * the page (`shown`: the work, its similar works, more by the artist) nor in an earlier
 * row. A tag left with no works gets no row.
 */
export function assembleTagRows(candidates: ReadonlyMap<string, readonly ArtworkCard[]>, shown: Iterable<number>, rowSize = TAG_ROW_SIZE): TagRow[] {
  const used = new Set(shown);
  const rows: TagRow[] = [];
  for (const [tag, cards] of candidates) {
    const works: ArtworkCard[] = [];
    for (const card of cards) {
      if (works.length >= rowSize) break;
      if (used.has(card.id)) continue;
      used.add(card.id);
      works.push(card);
    }
    if (works.length > 0) rows.push({ tag, works });
  }
  return rows;
}
