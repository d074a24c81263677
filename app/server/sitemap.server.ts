/**
 * sitemap.xml: the home page, the map, every available artwork, and every tag
 * and artist page that shows at least one available work, with absolute URLs
 * (lastmod: a work's updated_at; home and map the newest change). Past 50,000
 * URLs (the protocol's limit for one file) /sitemap.xml is a sitemap index of
 * numbered parts (/sitemap.xml?part=N); each part reads only its own slice.
 *
 * Nothing counts the catalogue: artworks and artists are sliced by id range
 * (a slice of ids (offset, offset + limit] holds at most `limit` URLs), sized
 * from MAX(id); tags, bounded by the vocabulary rather than the catalogue, are
 * walked one distinct tag at a time through the (tag, artwork_id) index.
 */
export const MAX_URLS_PER_SITEMAP = 50_000;

export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** Milliseconds since the epoch. */
  lastmod?: number | null;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

function lastmodTag(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "";
  return `<lastmod>${new Date(ms).toISOString()}</lastmod>`;
}

export function urlsetXml(entries: readonly SitemapEntry[]): string {
  const body = entries.map((e) => `<url><loc>${xmlEscape(e.loc)}</loc>${lastmodTag(e.lastmod)}</url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}${body ? "\n" : ""}</urlset>\n`;
}

export function sitemapIndexXml(entries: readonly SitemapEntry[]): string {
  const body = entries.map((e) => `<sitemap><loc>${xmlEscape(e.loc)}</loc>${lastmodTag(e.lastmod)}</sitemap>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}${body ? "\n" : ""}</sitemapindex>\n`;
}

/** An absolute URL for a site path made of segments, each percent-encoded. */
export function siteUrl(origin: string, ...segments: string[]): string {
  const base = origin.replace(/\/+$/, "");
  return segments.length === 0 ? `${base}/` : `${base}/${segments.map(encodeURIComponent).join("/")}`;
}

/**
 * A slice of one section (static pages, artworks, tags, artists) of the whole URL list: for
 * artworks and artists the ids in (offset, offset + limit], for the others the entries
 * from position offset.
 */
export interface SectionSlice {
  section: number;
  offset: number;
  limit: number;
}

/**
 * Splits sections of the given sizes, in order, into files of at most `perFile`
 * URLs. Always at least one (possibly empty) file.
 */
export function planSitemap(sectionSizes: readonly number[], perFile = MAX_URLS_PER_SITEMAP): SectionSlice[][] {
  const files: SectionSlice[][] = [[]];
  let room = perFile;
  sectionSizes.forEach((size, section) => {
    let offset = 0;
    while (offset < size) {
      if (room === 0) {
        files.push([]);
        room = perFile;
      }
      const limit = Math.min(room, size - offset);
      files.at(-1)!.push({ section, offset, limit });
      offset += limit;
      room -= limit;
    }
  });
  return files;
}

export type SitemapAnswer = { kind: "urlset" | "index"; xml: string } | { kind: "not_found" };

interface Section {
  /** An upper bound of the section's URLs (for id-sliced sections: its largest id). */
  size(db: D1Database): Promise<number>;
  read(db: D1Database, origin: string, offset: number, limit: number): Promise<SitemapEntry[]>;
}

const NEWEST_CHANGE = "SELECT MAX(updated_at) AS at FROM artworks";

/**
 * Distinct tags in order, each found by one index seek past the previous (a loose index scan),
 * kept when some available work has it (CROSS JOIN keeps SQLite from walking artworks first).
 */
const TAGS_IN_USE = `
  WITH RECURSIVE tag_walk(tag) AS (
    SELECT MIN(tag) FROM artwork_tags
    UNION ALL SELECT (SELECT MIN(tag) FROM artwork_tags WHERE tag > tag_walk.tag) FROM tag_walk WHERE tag_walk.tag IS NOT NULL
  )
  SELECT tag FROM tag_walk WHERE tag IS NOT NULL
    AND EXISTS (SELECT 1 FROM artwork_tags x CROSS JOIN artworks a ON a.id = x.artwork_id WHERE x.tag = tag_walk.tag AND a.available = 1)`;

const SECTIONS: Section[] = [
  {
    size: async () => 2,
    read: async (db, origin, offset, limit) => {
      const newest = await db.prepare(NEWEST_CHANGE).first<{ at: number | null }>();
      const pages = [siteUrl(origin), siteUrl(origin, "map")].map((loc) => ({ loc, lastmod: newest?.at ?? null }));
      return pages.slice(offset, offset + limit);
    },
  },
  {
    size: async (db) => (await db.prepare("SELECT MAX(id) AS n FROM artworks").first<{ n: number | null }>())?.n ?? 0,
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare("SELECT slug, updated_at AS at FROM artworks WHERE id > ? AND id <= ? AND +available = 1 ORDER BY id")
        .bind(offset, offset + limit)
        .all<{ slug: string; at: number }>();
      return results.map((r) => ({ loc: siteUrl(origin, "artworks", r.slug), lastmod: r.at }));
    },
  },
  {
    size: async (db) => (await db.prepare(`SELECT COUNT(*) AS n FROM (${TAGS_IN_USE})`).first<{ n: number }>())?.n ?? 0,
    read: async (db, origin, offset, limit) => {
      const { results } = await db.prepare(`${TAGS_IN_USE} LIMIT ? OFFSET ?`).bind(limit, offset).all<{ tag: string }>();
      return results.map((r) => ({ loc: siteUrl(origin, "tags", r.tag) }));
    },
  },
  {
    size: async (db) => (await db.prepare("SELECT MAX(id) AS n FROM artists").first<{ n: number | null }>())?.n ?? 0,
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare(
          `SELECT ar.slug FROM artists ar WHERE ar.id > ? AND ar.id <= ?
           AND EXISTS (SELECT 1 FROM artworks a WHERE a.artist_id = ar.id AND a.available = 1) ORDER BY ar.id`,
        )
        .bind(offset, offset + limit)
        .all<{ slug: string }>();
      return results.map((r) => ({ loc: siteUrl(origin, "artists", r.slug) }));
    },
  },
];

/**
 * The document for /sitemap.xml (part undefined) or /sitemap.xml?part=N.
 * With one file's worth of URLs the plain sitemap is served (and part=1 is the same);
 * beyond that the plain URL is the index and parts 1..N hold the URLs.
 */
export async function buildSitemap(db: D1Database, origin: string, part?: number, perFile = MAX_URLS_PER_SITEMAP): Promise<SitemapAnswer> {
  const sizes = await Promise.all(SECTIONS.map((s) => s.size(db)));
  const files = planSitemap(sizes, perFile);
  if (part === undefined && files.length > 1) {
    const newest = await db.prepare(NEWEST_CHANGE).first<{ at: number | null }>();
    const entries = files.map((_, i) => ({ loc: `${siteUrl(origin, "sitemap.xml")}?part=${i + 1}`, lastmod: newest?.at ?? null }));
    return { kind: "index", xml: sitemapIndexXml(entries) };
  }
  const slices = files[(part ?? 1) - 1];
  if (!slices) return { kind: "not_found" };
  const entries: SitemapEntry[] = [];
  for (const slice of slices) entries.push(...(await SECTIONS[slice.section]!.read(db, origin, slice.offset, slice.limit)));
  return { kind: "urlset", xml: urlsetXml(entries) };
}
