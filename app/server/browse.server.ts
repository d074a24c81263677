/**
 * Tag and artist pages: the available works with one tag (through
 * artwork_tags) or by one artist, newest first, 48 to a page; an artist's page
 * also lists their most used tags. Every read is an indexed range of at most a
 * page (keyset on the id, never OFFSET), and totals are counted up to a cap, so
 * a page costs the same at a thousand works and at a million.
 */
import { slugify } from "../../workers/crawler/parse/text";
import { type ArtworkCard, CARD_COLUMNS, CARD_FROM } from "./artworks.server";

export const BROWSE_PAGE_SIZE = 48;
/** Page numbers only count pages for "Showing 49–96"; the position is the keyset `after`. */
export const MAX_BROWSE_PAGE = 100_000;
/** Totals are counted up to this many; past it a page says "500+" (counting a big tag would read it all). */
export const TOTAL_COUNT_CAP = 500;
const MAX_TAG_LENGTH = 64;

export interface BrowsePage {
  /** Available works, counted up to TOTAL_COUNT_CAP. */
  total: number;
  /** True when there are more than `total`. */
  totalCapped: boolean;
  page: number;
  /** The `after` this page was read from (null on the first page). */
  after: number | null;
  pageSize: number;
  hasMore: boolean;
  /** The id to pass as `after` for the next page, or null on the last one. */
  nextAfter: number | null;
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

/** Where a page starts: after the work with id `after` (newest first), as page number `page`. */
export interface BrowsePosition {
  after: number | null;
  page: number;
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

/** An `after` id from a query value; null when it is not one. Absent means undefined. */
export function parseAfter(raw: string | null | undefined): number | null | undefined {
  if (raw === null || raw === undefined || raw === "") return undefined;
  return /^\d{1,15}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
}

/**
 * The position a request asks for. Pages are keyset ranges, so a page number without an
 * `after` (an old ?page=N link) cannot be reached directly: it starts again at page 1.
 */
export function browsePosition(after: number | undefined, page: number): BrowsePosition {
  return after === undefined ? { after: null, page: 1 } : { after, page: Math.max(2, page) };
}

/** The position in a page URL's query (?after=ID&page=N); null when it is malformed. */
export function positionFromQuery(query: URLSearchParams): BrowsePosition | null {
  const page = parsePage(query.get("page"));
  const after = parseAfter(query.get("after"));
  if (page === null || after === null) return null;
  return browsePosition(after, page);
}

/** The query reads one row past the page to know whether another follows. */
function pageOf(count: number, position: BrowsePosition, rows: ArtworkCard[]): BrowsePage {
  const works = rows.slice(0, BROWSE_PAGE_SIZE);
  const hasMore = rows.length > BROWSE_PAGE_SIZE;
  return {
    total: Math.min(count, TOTAL_COUNT_CAP),
    totalCapped: count > TOTAL_COUNT_CAP,
    page: position.page,
    after: position.after,
    pageSize: BROWSE_PAGE_SIZE,
    hasMore,
    nextAfter: hasMore ? works.at(-1)!.id : null,
    works,
  };
}

const PAGE_ROWS = BROWSE_PAGE_SIZE + 1;
/** Newest first is id order (ids are given as works are first seen), so pages are index ranges. */
const BEFORE = 9_007_199_254_740_991;

/**
 * One page of the works tagged `tag` (already normalised); null when no work has ever had that tag.
 * CROSS JOIN fixes the join order: the tag's index range first, then each work by id.
 */
export async function tagPage(db: D1Database, tag: string, position: BrowsePosition): Promise<TagPage | null> {
  const [known, counted, rows] = await db.batch([
    db.prepare("SELECT 1 AS found FROM artwork_tags WHERE tag = ? LIMIT 1").bind(tag),
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM artwork_tags t CROSS JOIN artworks a ON a.id = t.artwork_id
         WHERE t.tag = ? AND a.available = 1 LIMIT ?)`,
      )
      .bind(tag, TOTAL_COUNT_CAP + 1),
    db
      .prepare(
        `SELECT ${CARD_COLUMNS} FROM artwork_tags t CROSS JOIN artworks a ON a.id = t.artwork_id LEFT JOIN artists ar ON ar.id = a.artist_id
         WHERE t.tag = ? AND t.artwork_id < ? AND a.available = 1 ORDER BY t.artwork_id DESC LIMIT ?`,
      )
      .bind(tag, position.after ?? BEFORE, PAGE_ROWS),
  ]);
  if (known!.results.length === 0) return null;
  const count = (counted!.results[0] as { n: number } | undefined)?.n ?? 0;
  return { tag, ...pageOf(count, position, rows!.results as unknown as ArtworkCard[]) };
}

/** How many of an artist's newest works their top tags are counted from. */
const TOP_TAGS_FROM = 200;

/** One page of an artist's available works with their top tags; null for an unknown artist. */
export async function artistPage(db: D1Database, slug: string, position: BrowsePosition, topTags = 12): Promise<ArtistPage | null> {
  const artist = await db.prepare("SELECT id, slug, name FROM artists WHERE slug = ?").bind(slug).first<{ id: number; slug: string; name: string }>();
  if (!artist) return null;
  const [countRows, tagRows, rows] = await db.batch([
    db.prepare("SELECT COUNT(*) AS n FROM (SELECT 1 FROM artworks WHERE artist_id = ? AND available = 1 LIMIT ?)").bind(artist.id, TOTAL_COUNT_CAP + 1),
    db
      .prepare(
        `SELECT t.tag, COUNT(*) AS count FROM artwork_tags t
         WHERE t.artwork_id IN (SELECT id FROM artworks WHERE artist_id = ? AND available = 1 ORDER BY id DESC LIMIT ?)
         GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT ?`,
      )
      .bind(artist.id, TOP_TAGS_FROM, topTags),
    db
      .prepare(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE a.artist_id = ? AND a.available = 1 AND a.id < ? ORDER BY a.id DESC LIMIT ?`)
      .bind(artist.id, position.after ?? BEFORE, PAGE_ROWS),
  ]);
  const count = (countRows!.results[0] as { n: number } | undefined)?.n ?? 0;
  return {
    artist: { slug: artist.slug, name: artist.name },
    tags: tagRows!.results as unknown as TagCount[],
    ...pageOf(count, position, rows!.results as unknown as ArtworkCard[]),
  };
}
