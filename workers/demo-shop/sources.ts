/**
 * The demo shop and its partner shop as crawler sources: plain data, exactly
 * what an operator would send to PUT /admin/sources/<slug> for a real shop.
 */
export interface DemoSourceConfig {
  slug: string;
  body: {
    name: string;
    baseUrl: string;
    sitemapUrls: string[];
    startUrls: string[];
    productUrlPatterns: string[];
    allowedUrlPatterns: string[];
    renderMode: "auto";
    selectors: Record<string, string> | null;
    affiliateTemplate: string;
    crawlDelayMs: number;
    crawlIntervalMinutes: number;
    missingRunsBeforeUnavailable: number;
  };
}

export function demoSources(shopUrl: string, partnerUrl: string, options: { crawlDelayMs?: number } = {}): DemoSourceConfig[] {
  const shop = new URL(shopUrl).origin;
  const partner = new URL(partnerUrl).origin;
  const crawlDelayMs = options.crawlDelayMs ?? 0;
  return [
    {
      slug: "demo-gallery",
      body: {
        name: "Demo Gallery (bundled demo shop)",
        baseUrl: `${shop}/`,
        sitemapUrls: [`${shop}/sitemap.xml`],
        startUrls: [`${shop}/`],
        productUrlPatterns: ["/artworks/[^/?#]+$", "/sale/[^/?#]+$"],
        allowedUrlPatterns: [],
        renderMode: "auto",
        // Only for what structured data leaves out (OpenGraph pages list sizes in a table).
        selectors: { title: "article.artwork h1", artist: "article.artwork p.artist", sizes: "table.sizes tr", tags: "p.tags" },
        affiliateTemplate: "{rawUrl}?ref=artsnob",
        crawlDelayMs,
        crawlIntervalMinutes: 24 * 60,
        missingRunsBeforeUnavailable: 2,
      },
    },
    {
      slug: "demo-partner",
      body: {
        name: "Demo Partner Prints (bundled partner shop)",
        baseUrl: `${partner}/`,
        sitemapUrls: [`${partner}/sitemap.xml`],
        startUrls: [`${partner}/`],
        productUrlPatterns: ["/products/[^/?#]+$"],
        allowedUrlPatterns: [],
        renderMode: "auto",
        selectors: null,
        affiliateTemplate: "{rawUrl}?aff=artsnob",
        crawlDelayMs,
        crawlIntervalMinutes: 24 * 60,
        missingRunsBeforeUnavailable: 2,
      },
    },
  ];
}

/**
 * The hostile section of the demo shop (served with `hostile: true`) as its own source on the
 * main shop's host: only /hostile/ URLs, discovered from its own sitemap and index page.
 */
export function hostileSource(shopUrl: string, options: { crawlDelayMs?: number } = {}): DemoSourceConfig {
  const shop = new URL(shopUrl).origin;
  return {
    slug: "demo-hostile",
    body: {
      name: "Hostile Demo Shop (payloads in every field)",
      baseUrl: `${shop}/hostile/`,
      sitemapUrls: [`${shop}/hostile/sitemap.xml`],
      startUrls: [`${shop}/hostile/`],
      productUrlPatterns: ["/hostile/artworks/[^/?#]+$"],
      allowedUrlPatterns: ["^https?://[^/]+/hostile/"],
      renderMode: "auto",
      selectors: null,
      affiliateTemplate: "{rawUrl}?ref=artsnob",
      crawlDelayMs: options.crawlDelayMs ?? 0,
      crawlIntervalMinutes: 24 * 60,
      missingRunsBeforeUnavailable: 2,
    },
  };
}
