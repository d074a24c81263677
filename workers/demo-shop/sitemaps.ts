/**
 * Sitemaps: an index at /sitemap.xml pointing to /sitemaps/artworks-N.xml (200 URLs each) and
 * /sitemaps/categories.xml, every entry with <lastmod>. Only crawlable URLs appear: no
 * /private/, no control endpoints, no removed works.
 */
import { latest } from "./dates.ts";
import { escapeXml } from "./html.ts";
import type { ShopState } from "./shop-state.ts";
import { STYLES } from "./types.ts";
import { SITEMAP_CHUNK, categoryPath } from "./urls.ts";
import { pageCount } from "./shop-state.ts";

export interface SitemapDocument {
  xml: string;
  lastModified: string;
}

interface UrlEntry {
  loc: string;
  lastmod: string;
}

const XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9";

function urlset(entries: readonly UrlEntry[]): SitemapDocument {
  const body = entries.map((e) => `  <url><loc>${escapeXml(e.loc)}</loc><lastmod>${e.lastmod}</lastmod></url>`).join("\n");
  return {
    xml: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${XMLNS}">\n${body}\n</urlset>\n`,
    lastModified: latest(entries.map((e) => e.lastmod)),
  };
}

export function artworkSitemapCount(state: ShopState): number {
  return Math.max(1, Math.ceil(state.sitemapEntries.length / SITEMAP_CHUNK));
}

/** /sitemaps/artworks-<n>.xml, n from 1; undefined when out of range. */
export function artworkSitemap(state: ShopState, origin: string, n: number): SitemapDocument | undefined {
  if (!Number.isInteger(n) || n < 1 || n > artworkSitemapCount(state)) return undefined;
  const chunk = state.sitemapEntries.slice((n - 1) * SITEMAP_CHUNK, n * SITEMAP_CHUNK);
  return urlset(chunk.map((e) => ({ loc: `${origin}${e.path}`, lastmod: e.work.lastModified })));
}

export function categoriesSitemap(state: ShopState, origin: string): SitemapDocument {
  // Listings change whenever the catalogue is republished, so they carry its date.
  const lastmod = state.catalog.publishedAt;
  const entries: UrlEntry[] = [{ loc: `${origin}/`, lastmod }];
  for (const style of STYLES) {
    const pages = pageCount(state.listings[style]);
    for (let page = 1; page <= pages; page++) entries.push({ loc: `${origin}${categoryPath(style, page)}`, lastmod });
  }
  return urlset(entries);
}

export function sitemapIndex(state: ShopState, origin: string): SitemapDocument {
  const children: UrlEntry[] = [];
  for (let n = 1; n <= artworkSitemapCount(state); n++) {
    const doc = artworkSitemap(state, origin, n);
    if (doc) children.push({ loc: `${origin}/sitemaps/artworks-${n}.xml`, lastmod: doc.lastModified });
  }
  children.push({ loc: `${origin}/sitemaps/categories.xml`, lastmod: state.catalog.publishedAt });
  const body = children.map((c) => `  <sitemap><loc>${escapeXml(c.loc)}</loc><lastmod>${c.lastmod}</lastmod></sitemap>`).join("\n");
  return {
    xml: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${XMLNS}">\n${body}\n</sitemapindex>\n`,
    lastModified: latest(children.map((c) => c.lastmod)),
  };
}
