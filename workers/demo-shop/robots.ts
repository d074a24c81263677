/**
 * robots.txt of the main shop. The "*" group disallows /private/ with a longer Allow for the
 * press kit listed *after* it: only RFC 9309 longest-match semantics get this right (a
 * first-match parser wrongly blocks the press kit). Sorted listings are excluded with a
 * wildcard rule. Two named bots get different groups, which a crawler must not apply to itself.
 */
export function robotsTxt(origin: string, crawlDelay: number): string {
  return [
    "# Demo Art Shop: deterministic fixture for crawler tests",
    "",
    "User-agent: BadBot",
    "Disallow: /",
    "",
    "User-agent: ImageHoarder",
    "User-agent: PriceScraper",
    "Disallow: /images/",
    "Disallow: /artworks/",
    "Crawl-delay: 30",
    "",
    "User-agent: *",
    "Disallow: /private/",
    "Allow: /private/press-kit.html",
    "Disallow: /*?sort=",
    `Crawl-delay: ${crawlDelay}`,
    "",
    `Sitemap: ${origin}/sitemap.xml`,
    "",
  ].join("\n");
}
