import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_SITEMAPS_PER_INDEX, MAX_URLS_PER_SITEMAP, URLS_PER_SITEMAP_FILE, buildSitemap, planSitemap, siteUrl, sitemapIndexXml, urlsetXml, xmlEscape } from "../../app/server/sitemap.server";
import { absoluteUrl, siteOrigin, socialMeta, summarise } from "../../app/utils/meta";
import { WORKS, seedCatalogue } from "./fixtures";

beforeAll(seedCatalogue);

const ORIGIN = "https://art-snob.test";
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);

describe("sitemap XML", () => {
  it("escapes the five XML specials", () => {
    expect(xmlEscape(`a&b<c>"d'e`)).toBe("a&amp;b&lt;c&gt;&quot;d&apos;e");
  });

  it("writes a urlset with escaped locations and W3C lastmod", () => {
    const xml = urlsetXml([
      { loc: "https://x.test/search?q=a&b=<c>", lastmod: Date.UTC(2026, 3, 20, 12, 30) },
      { loc: "https://x.test/" },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
    expect(xml).toContain("<url><loc>https://x.test/search?q=a&amp;b=&lt;c&gt;</loc><lastmod>2026-04-20T12:30:00.000Z</lastmod></url>");
    expect(xml).toContain("<url><loc>https://x.test/</loc></url>");
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    expect(urlsetXml([])).toContain("<urlset");
  });

  it("writes a sitemap index", () => {
    const xml = sitemapIndexXml([{ loc: `${ORIGIN}/sitemap.xml?part=1` }, { loc: `${ORIGIN}/sitemap.xml?part=2`, lastmod: 0 }]);
    expect(xml).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(locs(xml)).toEqual([`${ORIGIN}/sitemap.xml?part=1`, `${ORIGIN}/sitemap.xml?part=2`]);
    expect(xml).toContain("<lastmod>1970-01-01T00:00:00.000Z</lastmod>");
  });

  it("builds absolute URLs with each path segment encoded", () => {
    expect(siteUrl("https://x.test/")).toBe("https://x.test/");
    expect(siteUrl("https://x.test", "tags", "rock&roll")).toBe("https://x.test/tags/rock%26roll");
    expect(siteUrl("https://x.test", "artists", "a b")).toBe("https://x.test/artists/a%20b");
  });

  it("splits into files of at most the per-file count across sections", () => {
    expect(planSitemap([2, 49_998], MAX_URLS_PER_SITEMAP)).toEqual([[{ section: 0, offset: 0, limit: 2 }, { section: 1, offset: 0, limit: 49_998 }]]);
    expect(planSitemap([2, 50_000, 10, 3], MAX_URLS_PER_SITEMAP)).toEqual([
      [{ section: 0, offset: 0, limit: 2 }, { section: 1, offset: 0, limit: 49_998 }],
      [{ section: 1, offset: 49_998, limit: 2 }, { section: 2, offset: 0, limit: 10 }, { section: 3, offset: 0, limit: 3 }],
    ]);
    expect(planSitemap([0, 0])).toEqual([[]]);
  });

  it("serves files of 1,000 URLs, well inside the protocol's 50,000, so every file is the same small unit of work", () => {
    expect(URLS_PER_SITEMAP_FILE).toBe(1_000);
    expect(MAX_URLS_PER_SITEMAP).toBe(50_000);
    // A million works, a few hundred tags, 20,000 artists: about 1,020 files of at most 1,000 URLs each, every URL once.
    const sizes = [2, 1_000_000, 300, 20_000];
    const files = planSitemap(sizes);
    expect(files).toHaveLength(Math.ceil(1_020_302 / 1_000));
    expect(files.length).toBeLessThanOrEqual(MAX_SITEMAPS_PER_INDEX);
    for (const file of files) expect(file.reduce((n, s) => n + s.limit, 0)).toBeLessThanOrEqual(URLS_PER_SITEMAP_FILE);
    expect(files.flat().reduce((n, s) => n + s.limit, 0)).toBe(1_020_302);
  });
});

describe("buildSitemap against the catalogue", () => {
  const expected = [
    `${ORIGIN}/`,
    `${ORIGIN}/map`,
    ...WORKS.map((w) => `${ORIGIN}/artworks/${w.slug}`),
    ...["ada-brush", "ben-canvas", "cy-ochre"].map((a) => `${ORIGIN}/artists/${a}`),
    // Tags in the order first stored (tag_vocabulary): the fixture's first work is red and abstract.
    ...["red", "abstract", "blue", "green", "yellow"].map((t) => `${ORIGIN}/tags/${t}`),
  ];

  it("lists home, map, every available work, tag and artist page; lastmod on home, map and works", async () => {
    const answer = await buildSitemap(env.DB, ORIGIN);
    expect(answer.kind).toBe("urlset");
    if (answer.kind === "not_found") throw new Error("unreachable");
    expect(locs(answer.xml)).toEqual(expected);
    expect(answer.xml.match(/<lastmod>\d{4}-\d\d-\d\dT[\d:.]+Z<\/lastmod>/g)).toHaveLength(2 + WORKS.length);
    const same = await buildSitemap(env.DB, ORIGIN, 1);
    expect(same).toEqual(answer);
    expect((await buildSitemap(env.DB, ORIGIN, 2)).kind).toBe("not_found");
  });

  it("becomes an index of numbered parts past the per-file limit", async () => {
    const index = await buildSitemap(env.DB, ORIGIN, undefined, 20);
    expect(index.kind).toBe("index");
    if (index.kind === "not_found") throw new Error("unreachable");
    expect(locs(index.xml)).toEqual([1, 2, 3].map((n) => `${ORIGIN}/sitemap.xml?part=${n}`));
    const parts: string[] = [];
    for (const n of [1, 2, 3]) {
      const part = await buildSitemap(env.DB, ORIGIN, n, 20);
      expect(part.kind).toBe("urlset");
      if (part.kind !== "urlset") continue;
      expect(locs(part.xml).length).toBeLessThanOrEqual(20);
      parts.push(...locs(part.xml));
    }
    expect(parts).toEqual(expected);
    expect((await buildSitemap(env.DB, ORIGIN, 4, 20)).kind).toBe("not_found");
  });

  it("leaves out unavailable works and pages left with none", async () => {
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE artist_id = 3").run();
    try {
      const answer = await buildSitemap(env.DB, ORIGIN);
      if (answer.kind === "not_found") throw new Error("unreachable");
      const all = locs(answer.xml);
      expect(all).not.toContain(`${ORIGIN}/artists/cy-ochre`);
      expect(all.filter((l) => l.includes("/artworks/"))).toHaveLength(WORKS.filter((w) => w.artist !== "Cy Ochre").length);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE artist_id = 3").run();
    }
  });

  it("leaves out a tag no available work has, and lists it again once one does", async () => {
    const red = "UPDATE artworks SET available = ? WHERE id IN (SELECT artwork_id FROM artwork_tags WHERE tag = 'red')";
    await env.DB.prepare(red).bind(0).run();
    try {
      const answer = await buildSitemap(env.DB, ORIGIN);
      if (answer.kind === "not_found") throw new Error("unreachable");
      expect(locs(answer.xml)).not.toContain(`${ORIGIN}/tags/red`);
      expect(locs(answer.xml)).toContain(`${ORIGIN}/tags/blue`);
    } finally {
      await env.DB.prepare(red).bind(1).run();
    }
    const again = await buildSitemap(env.DB, ORIGIN);
    if (again.kind === "not_found") throw new Error("unreachable");
    expect(locs(again.xml)).toEqual(expected);
  });

  it("numbers a tag when it is first stored, once", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM tag_vocabulary").first<{ n: number }>();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO artwork_tags (artwork_id, tag) VALUES (?, 'sitemap-new-tag')").bind(WORKS[0]!.id),
      env.DB.prepare("INSERT INTO artwork_tags (artwork_id, tag) VALUES (?, 'sitemap-new-tag')").bind(WORKS[1]!.id),
    ]);
    try {
      const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM tag_vocabulary").first<{ n: number }>();
      expect(after!.n).toBe(before!.n + 1);
      const answer = await buildSitemap(env.DB, ORIGIN);
      if (answer.kind === "not_found") throw new Error("unreachable");
      expect(locs(answer.xml).at(-1)).toBe(`${ORIGIN}/tags/sitemap-new-tag`);
    } finally {
      await env.DB.prepare("DELETE FROM artwork_tags WHERE tag = 'sitemap-new-tag'").run();
    }
    const gone = await buildSitemap(env.DB, ORIGIN);
    if (gone.kind === "not_found") throw new Error("unreachable");
    expect(locs(gone.xml)).toEqual(expected);
  });
});

describe("socialMeta", () => {
  const find = (tags: ReturnType<typeof socialMeta>, key: string, value: string) =>
    tags.find((t) => (t as Record<string, unknown>)[key] === value) as Record<string, string> | undefined;

  it("writes title, description, canonical, OpenGraph and a large Twitter card with absolute URLs", () => {
    const tags = socialMeta({
      title: "Red study 1",
      description: "A red painting.",
      url: "/artworks/red-study-1",
      image: "/images/abc?w=640",
      imageAlt: "Red study 1 by Ada Brush",
      type: "article",
      origin: ORIGIN,
    });
    expect(tags).toContainEqual({ title: "Red study 1 — Art Snob" });
    expect(tags).toContainEqual({ name: "description", content: "A red painting." });
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: `${ORIGIN}/artworks/red-study-1` });
    expect(find(tags, "property", "og:title")?.content).toBe("Red study 1");
    expect(find(tags, "property", "og:description")?.content).toBe("A red painting.");
    expect(find(tags, "property", "og:url")?.content).toBe(`${ORIGIN}/artworks/red-study-1`);
    expect(find(tags, "property", "og:image")?.content).toBe(`${ORIGIN}/images/abc?w=640`);
    expect(find(tags, "property", "og:image:alt")?.content).toBe("Red study 1 by Ada Brush");
    expect(find(tags, "property", "og:type")?.content).toBe("article");
    expect(find(tags, "property", "og:site_name")?.content).toBe("Art Snob");
    expect(find(tags, "name", "twitter:card")?.content).toBe("summary_large_image");
    expect(find(tags, "name", "twitter:title")?.content).toBe("Red study 1");
    expect(find(tags, "name", "twitter:description")?.content).toBe("A red painting.");
    expect(find(tags, "name", "twitter:image")?.content).toBe(`${ORIGIN}/images/abc?w=640`);
  });

  it("keeps absolute URLs, defaults to website, and uses a small card without an image", () => {
    const tags = socialMeta({ title: "Art Snob — home", description: "x", url: "https://elsewhere.test/a", image: null });
    expect(tags).toContainEqual({ title: "Art Snob — home" });
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: "https://elsewhere.test/a" });
    expect(find(tags, "property", "og:type")?.content).toBe("website");
    expect(find(tags, "name", "twitter:card")?.content).toBe("summary");
    expect(find(tags, "property", "og:image")).toBeUndefined();
    expect(find(tags, "name", "twitter:image")).toBeUndefined();
  });

  it("shortens long descriptions to one line at a word boundary", () => {
    const long = `${"word ".repeat(80)}end`;
    const text = summarise(long);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.endsWith("word…")).toBe(true);
    expect(summarise("a\n\n  b")).toBe("a b");
    const tags = socialMeta({ title: "t", description: long, url: "/", origin: ORIGIN });
    expect((tags.find((t) => (t as Record<string, unknown>).name === "description") as { content: string }).content).toBe(text);
  });

  it("finds the site's origin: PUBLIC_SITE_URL first, else the request's", () => {
    expect(siteOrigin("http://127.0.0.1:8788/map", "https://art-snob.test/")).toBe("https://art-snob.test");
    expect(siteOrigin("http://127.0.0.1:8788/map", "")).toBe("http://127.0.0.1:8788");
    expect(siteOrigin("http://127.0.0.1:8788/map", "not a url")).toBe("http://127.0.0.1:8788");
    expect(siteOrigin("http://127.0.0.1:8788/map", "ftp://x.test")).toBe("http://127.0.0.1:8788");
    expect(absoluteUrl("/a?b=1", "https://x.test")).toBe("https://x.test/a?b=1");
    expect(absoluteUrl("https://y.test/z", "https://x.test")).toBe("https://y.test/z");
  });
});
