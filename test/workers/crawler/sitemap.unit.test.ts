import { describe, expect, it } from "vitest";
import { parseSitemap } from "../../../workers/crawler/parse/sitemap.ts";

describe("parseSitemap", () => {
  it("reads a urlset with lastmod", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://shop.example/artworks/a</loc><lastmod>2025-01-15T09:00:00Z</lastmod><changefreq>weekly</changefreq></url>
  <url><loc>https://shop.example/artworks/b</loc></url>
</urlset>`;
    expect(parseSitemap(xml)).toEqual({
      kind: "urlset",
      entries: [{ loc: "https://shop.example/artworks/a", lastmod: "2025-01-15T09:00:00Z" }, { loc: "https://shop.example/artworks/b" }],
    });
  });

  it("reads a sitemap index", () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://shop.example/sitemaps/artworks-1.xml</loc><lastmod>2025-01-10</lastmod></sitemap>
  <sitemap><loc>https://shop.example/sitemaps/categories.xml</loc></sitemap>
</sitemapindex>`;
    const parsed = parseSitemap(xml);
    expect(parsed.kind).toBe("index");
    expect(parsed.entries.map((e) => e.loc)).toEqual([
      "https://shop.example/sitemaps/artworks-1.xml",
      "https://shop.example/sitemaps/categories.xml",
    ]);
    expect(parsed.entries[0]?.lastmod).toBe("2025-01-10");
  });

  it("handles namespace prefixes, CDATA, entities, whitespace and a BOM", () => {
    const xml = `\uFEFF<?xml version="1.0"?>
<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sm:url>
    <sm:loc>
      <![CDATA[https://shop.example/search?a=1&b=2]]>
    </sm:loc>
  </sm:url>
  <sm:url><sm:loc>https://shop.example/p?x=1&amp;y=2</sm:loc><sm:lastmod> 2025-02-01 </sm:lastmod></sm:url>
</sm:urlset>`;
    expect(parseSitemap(xml).entries).toEqual([
      { loc: "https://shop.example/search?a=1&b=2" },
      { loc: "https://shop.example/p?x=1&y=2", lastmod: "2025-02-01" },
    ]);
  });

  it("does not confuse image and video extensions with page URLs", () => {
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <image:image><image:loc>https://cdn.example/a.jpg</image:loc></image:image>
    <loc>https://shop.example/artworks/a</loc>
  </url>
</urlset>`;
    expect(parseSitemap(xml).entries).toEqual([{ loc: "https://shop.example/artworks/a" }]);
  });

  it("resolves relative locs against the sitemap URL, drops junk and duplicates", () => {
    const xml = `<urlset><url><loc>/artworks/a</loc></url><url><loc>javascript:alert(1)</loc></url>
<url><loc></loc></url><url><loc>https://shop.example/artworks/a</loc></url><url></url></urlset>`;
    expect(parseSitemap(xml, "https://shop.example/sitemap.xml").entries).toEqual([{ loc: "https://shop.example/artworks/a" }]);
    expect(parseSitemap(xml).entries).toEqual([{ loc: "https://shop.example/artworks/a" }]);
  });

  it("survives broken XML and non-sitemaps", () => {
    expect(parseSitemap("<urlset><url><loc>https://shop.example/a</loc></url><url><lo")).toEqual({
      kind: "urlset",
      entries: [{ loc: "https://shop.example/a" }],
    });
    expect(parseSitemap("<html><body>Not here</body></html>")).toEqual({ kind: "urlset", entries: [] });
    expect(parseSitemap("")).toEqual({ kind: "urlset", entries: [] });
  });

  it("reads 50,000 entries and counts the ones past the protocol's cap", () => {
    const urls = Array.from({ length: 50_003 }, (_, i) => `https://shop.example/artworks/${i}`);
    const xml = `<urlset>${urls.map((u) => `<url><loc>${u}</loc></url>`).join("")}</urlset>`;
    const parsed = parseSitemap(xml);
    expect(parsed.entries).toHaveLength(50_000);
    expect(parsed.entries.at(-1)).toEqual({ loc: "https://shop.example/artworks/49999" });
    expect(parsed.entriesOverCap).toBe(3);
    const text = parseSitemap(urls.join("\n"));
    expect(text.entries).toHaveLength(50_000);
    expect(text.entriesOverCap).toBe(3);
    expect(parseSitemap(urls.slice(0, 50_000).join("\n"))).not.toHaveProperty("entriesOverCap");
  });

  it("accepts plain-text sitemaps", () => {
    expect(parseSitemap("https://shop.example/a\r\n\nnot a url\nhttps://shop.example/b\n").entries).toEqual([
      { loc: "https://shop.example/a" },
      { loc: "https://shop.example/b" },
    ]);
  });
});
