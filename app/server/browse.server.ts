/**
 * Tag and artist pages: the available works with one tag (through
 * artwork_tags) or by one artist, newest first, 48 to a page; an artist's page
 * also lists their most used tags.
 */
import { slugify } from "../../workers/crawler/parse/text";
import { type ArtworkCard, cardsWhere } from "./artworks.server";

export const BROWSE_PAGE_SIZE = 48;
/** Deep pages are refused rather than scanned (48 × 500 = 24,000 works). */
export const MAX_BROWSE_PAGE = 500;
const MAX_TAG_LENGTH = 64;

export interface BrowsePage {
  total: number;
  page: number;
  pageSize: number;
  hasMore: boolean;
  works: ArtworkCard[];
}

export interface TagPage extends BrowsePage {
  tag: string;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface ArtistPage extends BrowsePage {
  artist: { slug: string; name: string };
  tags: TagCount[];
}

/**
 * The stored form of a tag (tags are kept as slugs: "Oil Painting" -> "oil-painting"),
 * or null when nothing usable is left.
 */
export function normaliseTag(raw: string): string | null {
  const tag = slugify(raw);
  return tag === "" || tag.length > MAX_TAG_LENGTH ? null : tag;
}

/** A 1-based page number from a query value; null when it is not one. Absent means 1. */
export function parsePage(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw === "") return 1;
  if (!/^\d{1,6}$/.test(raw)) return null;
  const page = Number(raw);
  return page >= 1 && page <= MAX_BROWSE_PAGE ? page : null;
}

function pageOf(total: number, page: number, works: ArtworkCard[]): BrowsePage {
  return { total, page, pageSize: BROWSE_PAGE_SIZE, hasMore: page * BROWSE_PAGE_SIZE < total, works };
}

const ORDER = "ORDER BY a.first_seen_at DESC, a.id DESC";
const limitFor = (page: number) => `LIMIT ${BROWSE_PAGE_SIZE} OFFSET ${(page - 1) * BROWSE_PAGE_SIZE}`;

/** One page of the works tagged `tag` (already normalised); null when no work has ever had that tag. */
export async function tagPage(db: D1Database, tag: string, page: number): Promise<TagPage | null> {
  const counts = await db
    .prepare(
      `SELECT COUNT(*) AS tagged, COALESCE(SUM(a.available), 0) AS available
       FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id WHERE t.tag = ?`,
    )
    .bind(tag)
    .first<{ tagged: number; available: number }>();
  if (!counts || counts.tagged === 0) return null;
  const works =
    counts.available > (page - 1) * BROWSE_PAGE_SIZE
      ? await cardsWhere(db, "a.available = 1 AND a.id IN (SELECT artwork_id FROM artwork_tags WHERE tag = ?)", [tag], `${ORDER} ${limitFor(page)}`)
      : [];
  return { tag, ...pageOf(counts.available, page, works) };
}

/** One page of an artist's available works with their top tags; null for an unknown artist. */
export async function artistPage(db: D1Database, slug: string, page: number, topTags = 12): Promise<ArtistPage | null> {
  const artist = await db.prepare("SELECT id, slug, name FROM artists WHERE slug = ?").bind(slug).first<{ id: number; slug: string; name: string }>();
  if (!artist) return null;
  const [countRows, tagRows] = await db.batch([
    db.prepare("SELECT COUNT(*) AS n FROM artworks WHERE artist_id = ? AND available = 1").bind(artist.id),
    db
      .prepare(
        `SELECT t.tag, COUNT(*) AS count FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id
         WHERE a.artist_id = ? AND a.available = 1 GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT ?`,
      )
      .bind(artist.id, topTags),
  ]);
  const total = (countRows!.results[0] as { n: number } | undefined)?.n ?? 0;
  const works =
    total > (page - 1) * BROWSE_PAGE_SIZE ? await cardsWhere(db, "a.available = 1 AND a.artist_id = ?", [artist.id], `${ORDER} ${limitFor(page)}`) : [];
  return {
    artist: { slug: artist.slug, name: artist.name },
    tags: tagRows!.results as unknown as TagCount[],
    ...pageOf(total, page, works),
  };
}
