/** Discovery for the crawler: sitemap entries and the links of listing pages. */
import { discoverLinks } from "./parse/links";
import { parseSitemap, type ParsedSitemap } from "./parse/sitemap";

export function readSitemap(xml: string, url?: string): ParsedSitemap {
  return parseSitemap(xml, url);
}

export interface PageLinks {
  products: string[];
  listings: string[];
}

export function discoverPageLinks(html: string, pageUrl: string, productPatterns: readonly string[]): PageLinks {
  const links = discoverLinks(html, pageUrl, { productPatterns });
  if (links.nofollow) return { products: [], listings: [] };
  return { products: links.productLinks, listings: [...links.paginationLinks, ...links.otherLinks] };
}
