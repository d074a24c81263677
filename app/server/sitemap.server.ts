/**
 * sitemap.xml: the home page, the map, every available artwork, and every tag
 * and artist page that shows at least one available work, with absolute URLs
 * and lastmod from the works' updated_at. Past 50,000 URLs (the protocol's
 * limit for one file) /sitemap.xml is a sitemap index of numbered parts
 * (/sitemap.xml?part=N); each part reads only its own slice from D1.
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

/** A slice of one section (static pages, artworks, tags, artists) of the whole URL list. */
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
  count(db: D1Database): Promise<number>;
  read(db: D1Database, origin: string, offset: number, limit: number): Promise<SitemapEntry[]>;
}

function countOf(sql: string): Section["count"] {
  return async (db) => (await db.prepare(sql).first<{ n: number }>())?.n ?? 0;
}

const SECTIONS: Section[] = [
  {
    count: async () => 2,
    read: async (db, origin, offset, limit) => {
      const newest = await db.prepare("SELECT MAX(updated_at) AS at FROM artworks WHERE available = 1").first<{ at: number | null }>();
      const pages = [siteUrl(origin), siteUrl(origin, "map")].map((loc) => ({ loc, lastmod: newest?.at ?? null }));
      return pages.slice(offset, offset + limit);
    },
  },
  {
    count: countOf("SELECT COUNT(*) AS n FROM artworks WHERE available = 1"),
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare("SELECT slug, updated_at AS at FROM artworks WHERE available = 1 ORDER BY id LIMIT ? OFFSET ?")
        .bind(limit, offset)
        .all<{ slug: string; at: number }>();
      return results.map((r) => ({ loc: siteUrl(origin, "artworks", r.slug), lastmod: r.at }));
    },
  },
  {
    count: countOf("SELECT COUNT(DISTINCT t.tag) AS n FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id WHERE a.available = 1"),
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare(
          `SELECT t.tag, MAX(a.updated_at) AS at FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id
           WHERE a.available = 1 GROUP BY t.tag ORDER BY t.tag LIMIT ? OFFSET ?`,
        )
        .bind(limit, offset)
        .all<{ tag: string; at: number }>();
      return results.map((r) => ({ loc: siteUrl(origin, "tags", r.tag), lastmod: r.at }));
    },
  },
  {
    count: countOf("SELECT COUNT(DISTINCT artist_id) AS n FROM artworks WHERE available = 1 AND artist_id IS NOT NULL"),
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare(
          `SELECT ar.slug, MAX(a.updated_at) AS at FROM artists ar JOIN artworks a ON a.artist_id = ar.id
           WHERE a.available = 1 GROUP BY ar.id ORDER BY ar.slug LIMIT ? OFFSET ?`,
        )
        .bind(limit, offset)
        .all<{ slug: string; at: number }>();
      return results.map((r) => ({ loc: siteUrl(origin, "artists", r.slug), lastmod: r.at }));
    },
  },
];

/**
 * The document for /sitemap.xml (part undefined) or /sitemap.xml?part=N.
 * With one file's worth of URLs the plain sitemap is served (and part=1 is the same);
 * beyond that the plain URL is the index and parts 1..N hold the URLs.
 */
export async function buildSitemap(db: D1Database, origin: string, part?: number, perFile = MAX_URLS_PER_SITEMAP): Promise<SitemapAnswer> {
  const sizes = await Promise.all(SECTIONS.map((s) => s.count(db)));
  const files = planSitemap(sizes, perFile);
  if (part === undefined && files.length > 1) {
    const newest = await db.prepare("SELECT MAX(updated_at) AS at FROM artworks WHERE available = 1").first<{ at: number | null }>();
    const entries = files.map((_, i) => ({ loc: `${siteUrl(origin, "sitemap.xml")}?part=${i + 1}`, lastmod: newest?.at ?? null }));
    return { kind: "index", xml: sitemapIndexXml(entries) };
  }
  const slices = files[(part ?? 1) - 1];
  if (!slices) return { kind: "not_found" };
  const entries: SitemapEntry[] = [];
  for (const slice of slices) entries.push(...(await SECTIONS[slice.section]!.read(db, origin, slice.offset, slice.limit)));
  return { kind: "urlset", xml: urlsetXml(entries) };
}
