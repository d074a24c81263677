/** What a crawler discovers: robots.txt, sitemaps, paginated listings and the /private/ bait. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth.ts";
import { STYLES } from "../../../workers/demo-shop/types.ts";
import { anchorHrefs, headLink, productCardLinks, sitemapLocs, startTestShop, type TestShop } from "../../support/demo-shop.ts";

describe("demo shop discovery", () => {
  let shop: TestShop;
  let truth: GroundTruth;

  beforeAll(async () => {
    shop = await startTestShop({ crawlDelay: 2 });
    truth = await shop.groundTruth();
  }, 120_000);
  afterAll(() => shop?.close());

  it("robots.txt disallows /private/ with an Allow exception, sets Crawl-delay and names the sitemap", async () => {
    const response = await shop.get("/robots.txt");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const groups = text.split(/\n\s*\n/).filter((g) => /User-agent:/i.test(g));
    const star = groups.find((g) => /^User-agent: \*$/m.test(g)) ?? "";
    expect(star).toMatch(/^Disallow: \/private\/$/m);
    expect(star).toMatch(/^Allow: \/private\/press-kit\.html$/m);
    expect(star).toMatch(/^Crawl-delay: 2$/m);
    // Another bot has its own, different group.
    const other = groups.find((g) => /^User-agent: ImageHoarder$/m.test(g)) ?? "";
    expect(other).toMatch(/^Disallow: \/images\/$/m);
    expect(other).not.toMatch(/private/);
    expect(text).toContain(`Sitemap: ${shop.url}/sitemap.xml`);
    expect(text).not.toContain("__demo");
  });

  it("defaults to Crawl-delay: 0", async () => {
    const other = await startTestShop();
    try {
      expect(await other.text("/robots.txt")).toMatch(/^Crawl-delay: 0$/m);
    } finally {
      await other.close();
    }
  });

  it("serves /private/ pages (so trespassing shows in the log) and the allowed press kit", async () => {
    expect((await shop.get("/private/press-kit.html")).status).toBe(200);
    expect((await shop.get("/private/trade-prices.html")).status).toBe(200);
    expect((await shop.get("/private/anything/else")).status).toBe(200);
    for (const link of truth.disallowedLinks) expect((await fetch(link.url)).status).toBe(200);
  });

  it("has a sitemap index whose child sitemaps list every crawlable product URL with lastmod", async () => {
    const index = await shop.text("/sitemap.xml");
    expect(index).toContain("<sitemapindex");
    const children = sitemapLocs(index);
    expect(children.map((c) => c.loc)).toEqual(truth.sitemaps.children);
    expect(children.every((c) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(c.lastmod ?? ""))).toBe(true);

    const urls: string[] = [];
    for (const child of children.filter((c) => c.loc.includes("/artworks-"))) {
      const entries = sitemapLocs(await (await fetch(child.loc)).text());
      expect(entries.length).toBeLessThanOrEqual(200);
      for (const entry of entries) expect(entry.lastmod).toBeDefined();
      // The index's lastmod is the newest of its child's entries.
      expect(child.lastmod).toBe(entries.map((e) => e.lastmod ?? "").sort().at(-1));
      urls.push(...entries.map((e) => e.loc));
    }
    const expected = truth.works.flatMap((w) => [w.url, ...w.alternateUrls]);
    expect([...urls].sort()).toEqual([...expected].sort());
    expect(urls.some((u) => u.includes("/private/") || u.includes("__demo"))).toBe(false);
    const byUrl = new Map(truth.works.map((w) => [w.url, w]));
    const first = sitemapLocs(await (await fetch(truth.sitemaps.children[0] ?? "")).text())[0];
    expect(first?.lastmod).toBe(byUrl.get(first?.loc ?? "")?.lastModified);

    const categories = sitemapLocs(await shop.text("/sitemaps/categories.xml")).map((e) => e.loc);
    expect(categories).toContain(`${shop.url}/`);
    for (const style of STYLES) expect(categories).toContain(`${shop.url}/category/${style}`);
  });

  it("paginates every category 24 a page with rel=prev/next, covering exactly the listed works", async () => {
    for (const style of STYLES) {
      const seen: string[] = [];
      let path: string | undefined = `/category/${style}`;
      let page = 0;
      let previous: string | undefined;
      while (path) {
        page++;
        const html = await shop.text(path);
        const cards = productCardLinks(html).filter((href) => !href.startsWith("/private/"));
        expect(cards.length).toBeLessThanOrEqual(24);
        seen.push(...cards);
        if (previous) expect(headLink(html, "prev")).toBe(`${shop.url}${previous}`);
        else expect(headLink(html, "prev")).toBeUndefined();
        const next = anchorHrefs(html, "next")[0];
        if (next) {
          expect(cards.length).toBe(24);
          expect(headLink(html, "next")).toBe(`${shop.url}${next}`);
        }
        previous = path;
        path = next;
      }
      expect(page).toBe(truth.listings[style].pages);
      expect(seen).toEqual(truth.listings[style].paths);
    }
    expect((await shop.get("/category/stripes?page=99")).status).toBe(404);
    expect((await shop.get("/category/stripes?page=0")).status).toBe(404);
    expect((await shop.get("/category/cubism")).status).toBe(404);
  });

  it("puts links into /private/ on listings and some product pages", async () => {
    const draftLinks: string[] = [];
    const tradeLinks: string[] = [];
    for (const style of STYLES) {
      const html = await shop.text(`/category/${style}`);
      draftLinks.push(...productCardLinks(html).filter((h) => h.startsWith("/private/drafts/")));
      tradeLinks.push(...anchorHrefs(html).filter((h) => h.startsWith("/private/trade-prices")));
    }
    expect(draftLinks.length).toBe(truth.counts.drafts);
    expect(tradeLinks.length).toBe(STYLES.length);
    const baited = truth.works.find((w) => w.case === "normal" && w.syntax === "jsonld" && w.id % 9 === 0);
    expect(anchorHrefs(await shop.text(baited?.path ?? "")).some((h) => h.startsWith("/private/"))).toBe(true);
    // Sorted listings are linked but disallowed by "Disallow: /*?sort=".
    expect(anchorHrefs(await shop.text("/category/botanical"))).toContain("/category/botanical?sort=price-asc");
  });

  it("links every category from the home page", async () => {
    const hrefs = anchorHrefs(await shop.text("/"));
    for (const style of STYLES) expect(hrefs).toContain(`/category/${style}`);
  });
});
