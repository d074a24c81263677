/**
 * sitemap.xml: the home page, the map, every available artwork, and every tag
 * and artist page that shows at least one available work, with absolute URLs
 * (lastmod: a work's updated_at; home and map the newest change). Past
 * URLS_PER_SITEMAP_FILE URLs /sitemap.xml is a sitemap index of numbered parts
 * (/sitemap.xml?part=N); each part reads only its own slice.
 *
 * Nothing counts the catalogue: artworks, artists and tags (tag_vocabulary) are
 * sliced by id range (a slice of ids (offset, offset + limit] holds at most
 * `limit` URLs), sized from MAX(id), so every request reads about one file's rows.
 */
import { MAX_SITEMAPS_PER_INDEX, URLS_PER_SITEMAP_FILE, planSitemap, type SectionSlice } from "./sitemap-plan";

export { MAX_SITEMAPS_PER_INDEX, MAX_URLS_PER_SITEMAP, URLS_PER_SITEMAP_FILE, planSitemap, type SectionSlice } from "./sitemap-plan";

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

export type SitemapAnswer = { kind: "urlset" | "index"; xml: string } | { kind: "not_found" };

interface Section {
  /** One row `n`: an upper bound of the section's URLs (its largest id), found by one seek. */
  sizeSql: string;
  /** `newest`: the catalogue's latest change (ms), read with the sizes. */
  read(db: D1Database, origin: string, offset: number, limit: number, newest: number | null): Promise<SitemapEntry[]>;
}

const NEWEST_CHANGE = "SELECT MAX(updated_at) AS n FROM artworks";

/** In URL order. */
const SECTIONS: Section[] = [
  {
    sizeSql: "SELECT 2 AS n",
    read: async (_db, origin, offset, limit, newest) => {
      const pages = [siteUrl(origin), siteUrl(origin, "map")].map((loc) => ({ loc, lastmod: newest }));
      return pages.slice(offset, offset + limit);
    },
  },
  {
    sizeSql: "SELECT MAX(id) AS n FROM artworks",
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare("SELECT slug, updated_at AS at FROM artworks WHERE id > ? AND id <= ? AND +available = 1 ORDER BY id")
        .bind(offset, offset + limit)
        .all<{ slug: string; at: number }>();
      return results.map((r) => ({ loc: siteUrl(origin, "artworks", r.slug), lastmod: r.at }));
    },
  },
  {
    sizeSql: "SELECT MAX(id) AS n FROM artists",
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
  {
    // Tags by their number in tag_vocabulary (migration 0010), kept when some available work has
    // the tag (CROSS JOIN keeps SQLite from walking artworks first).
    sizeSql: "SELECT MAX(id) AS n FROM tag_vocabulary",
    read: async (db, origin, offset, limit) => {
      const { results } = await db
        .prepare(
          `SELECT v.tag FROM tag_vocabulary v WHERE v.id > ? AND v.id <= ?
           AND EXISTS (SELECT 1 FROM artwork_tags x CROSS JOIN artworks a ON a.id = x.artwork_id WHERE x.tag = v.tag AND a.available = 1)
           ORDER BY v.id`,
        )
        .bind(offset, offset + limit)
        .all<{ tag: string }>();
      return results.map((r) => ({ loc: siteUrl(origin, "tags", r.tag) }));
    },
  },
];

/** Every section's size and the newest change in one round trip, and the files the sizes make. */
async function planFiles(db: D1Database, perFile: number): Promise<{ files: SectionSlice[][]; newest: number | null }> {
  const answers = await db.batch<{ n: number | null }>([...SECTIONS.map((section) => db.prepare(section.sizeSql)), db.prepare(NEWEST_CHANGE)]);
  const sizes = answers.slice(0, SECTIONS.length).map((answer) => answer.results[0]?.n ?? 0);
  return { files: planSitemap(sizes, perFile), newest: answers[SECTIONS.length]!.results[0]?.n ?? null };
}

/**
 * The document for /sitemap.xml (part undefined) or /sitemap.xml?part=N.
 * With one file's worth of URLs the plain sitemap is served (and part=1 is the same);
 * beyond that the plain URL is the index and parts 1..N hold the URLs.
 */
export async function buildSitemap(db: D1Database, origin: string, part?: number, perFile = URLS_PER_SITEMAP_FILE): Promise<SitemapAnswer> {
  const { files, newest } = await planFiles(db, perFile);
  if (part === undefined && files.length > 1) {
    // Past 50 million URLs the rest would need a second index, listed from robots.txt; say so rather than serve an invalid index.
    if (files.length > MAX_SITEMAPS_PER_INDEX) console.warn(`sitemap: ${files.length} files, only the first ${MAX_SITEMAPS_PER_INDEX} are listed`);
    const entries = files
      .slice(0, MAX_SITEMAPS_PER_INDEX)
      .map((_, i) => ({ loc: `${siteUrl(origin, "sitemap.xml")}?part=${i + 1}`, lastmod: newest }));
    return { kind: "index", xml: sitemapIndexXml(entries) };
  }
  const slices = files[(part ?? 1) - 1];
  if (!slices) return { kind: "not_found" };
  const entries: SitemapEntry[] = [];
  for (const slice of slices) entries.push(...(await SECTIONS[slice.section]!.read(db, origin, slice.offset, slice.limit, newest)));
  return { kind: "urlset", xml: urlsetXml(entries) };
}
