/**
 * The demo shop's hostile section (`hostile: true`): served only when asked, the main catalogue
 * untouched, every payload carried where it claims to be, and the crawler's own extractor
 * (workers/crawler/extract.ts, pure) storing exactly the text the hostile ground truth names:
 * markup reduced to its visible text, literal payloads kept character for character, javascript:
 * and other-host URLs never used.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractPage } from "../../../workers/crawler/extract.ts";
import { HOSTILE_WORKS, LITERAL, type HostileGroundTruth } from "../../../workers/demo-shop/hostile.ts";
import { hostileSource } from "../../../workers/demo-shop/sources.ts";
import { jsonLdScripts, startTestShop, type TestShop } from "../../support/demo-shop.ts";

describe("the demo shop's hostile section", () => {
  let hostile: TestShop;
  let plain: TestShop;
  let truth: HostileGroundTruth;

  beforeAll(async () => {
    hostile = await startTestShop({ works: 12, hostile: true });
    plain = await startTestShop({ works: 12 });
    truth = (await (await hostile.get("/__demo/hostile.json")).json()) as HostileGroundTruth;
  }, 60_000);
  afterAll(async () => {
    await hostile?.close();
    await plain?.close();
  });

  it("is served only in hostile mode and leaves the catalogue and its ground truth alone", async () => {
    expect((await plain.get("/hostile/")).status).toBe(404);
    expect((await plain.get("/hostile/artworks/script-tags")).status).toBe(404);
    expect((await plain.get("/__demo/hostile.json")).status).toBe(404);
    const [a, b] = await Promise.all([hostile.groundTruth(), plain.groundTruth()]);
    const neutral = (shop: TestShop, truth: unknown) => JSON.stringify(truth).replaceAll(shop.url, "ORIGIN").replaceAll(shop.partnerUrl, "PARTNER");
    // Compared as one boolean: a failure would otherwise print two whole catalogues.
    expect(neutral(hostile, a) === neutral(plain, b)).toBe(true);
    // Nothing in the main shop links to it.
    for (const path of ["/", "/sitemap.xml", "/sitemaps/artworks-1.xml", "/robots.txt"]) expect(await hostile.text(path)).not.toContain("/hostile/");
  });

  it("lists its works in an index and a sitemap, beside javascript:, metadata and other-host entries", async () => {
    expect(truth.works.map((w) => w.slug)).toEqual(HOSTILE_WORKS.map((w) => w.slug));
    const sitemap = await hostile.text("/hostile/sitemap.xml");
    for (const work of truth.works) expect(sitemap).toContain(`<loc>${work.url}</loc>`);
    expect(sitemap).toContain("<loc>javascript:");
    expect(sitemap).toContain("169.254.169.254");
    const index = await hostile.text("/hostile/");
    for (const work of truth.works) expect(index).toContain(`href="/hostile/artworks/${work.slug}"`);
    expect(index).toContain('href="javascript:');
    const source = hostileSource(hostile.url);
    expect(source.body.sitemapUrls).toEqual([truth.sitemap]);
    expect(truth.works.every((w) => source.body.productUrlPatterns.some((p) => new RegExp(p).test(w.url)))).toBe(true);
  });

  it("carries every kind of payload, and its JSON-LD stays one parseable script element", async () => {
    const pages = await Promise.all(truth.works.map(async (w) => hostile.text(new URL(w.url).pathname)));
    const all = pages.join("\n");
    // Raw markup (what a browser on the shop itself would run) and escaped literals.
    for (const needle of ["<script>window.__pwned=1", "onerror=\"window.__pwned=1", "<svg onload=", 'href="javascript:', "style=\"background:url(javascript:", "<base href=\"javascript:"]) {
      expect(all, needle).toContain(needle);
    }
    expect(all).toContain("&lt;/title&gt;&lt;script&gt;");
    expect(all).toContain("&amp;lt;b&amp;gt;not bold");
    expect(all).toContain("https://evil.example/buy");
    expect(Math.max(...pages.map((p) => p.length))).toBeGreaterThan(100_000);
    for (const [i, page] of pages.entries()) {
      const work = truth.works[i]!;
      const scripts = jsonLdScripts(page);
      expect(scripts.length, work.slug).toBe(work.syntax === "jsonld" ? 1 : 0);
      for (const script of scripts) {
        expect(script).not.toMatch(/<\/script/i);
        expect(() => JSON.parse(script)).not.toThrow();
      }
    }
  });

  it("serves a distinct valid PNG for every work", async () => {
    const hashes = new Set<string>();
    for (const work of truth.works) {
      const res = await hostile.get(new URL(work.imageUrl).pathname);
      expect(res.headers.get("content-type")).toBe("image/png");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
      hashes.add(createHash("sha256").update(bytes).digest("hex"));
    }
    expect(hashes.size).toBe(truth.works.length);
  });

  it("is read by the crawler's extractor exactly as its ground truth says", async () => {
    for (const work of truth.works) {
      const page = await hostile.text(new URL(work.url).pathname);
      const [artwork, ...more] = extractPage(page, work.url);
      expect(more, work.slug).toEqual([]);
      expect(artwork, work.slug).toBeDefined();
      expect({ slug: work.slug, title: artwork!.title }).toEqual({ slug: work.slug, title: work.title });
      expect({ slug: work.slug, artist: artwork!.artist }).toEqual({ slug: work.slug, artist: work.artist });
      expect({ slug: work.slug, description: artwork!.description }).toEqual({ slug: work.slug, description: work.description });
      expect({ slug: work.slug, tags: artwork!.tags }).toEqual({ slug: work.slug, tags: work.tags });
      expect(artwork!.offers.map((o) => [o.priceMinor, o.currency])).toEqual([[work.priceMinor, "USD"]]);
      // URLs: only http(s), never another host for the product, the real image only.
      for (const url of [...artwork!.imageUrls, artwork!.canonicalUrl, ...artwork!.offers.map((o) => o.url ?? "http://x/")]) {
        expect(url, work.slug).toMatch(/^https?:\/\//);
      }
      expect(artwork!.imageUrls, work.slug).toEqual(work.expected === "stored" ? [work.imageUrl] : []);
      if (new URL(artwork!.canonicalUrl).host === new URL(work.url).host) expect(artwork!.canonicalUrl).toBe(work.url);
      else expect(artwork!.canonicalUrl, work.slug).toMatch(/^https:\/\/evil\.example\//);
    }
  });

  it("names literal payloads that survive as text, so the site must show them escaped", () => {
    const stored = truth.works.filter((w) => w.expected === "stored");
    const texts = stored.flatMap((w) => [w.title, w.artist, w.description]).join("\n");
    for (const literal of [LITERAL.script, LITERAL.img, LITERAL.svg, LITERAL.titleBreakout, LITERAL.attributeBreakout, LITERAL.styleBreakout, LITERAL.styleAttribute, LITERAL.doubleEncoded, LITERAL.jsUrl]) {
      expect(texts, literal).toContain(literal);
    }
    expect(stored.every((w) => w.title.toLowerCase().includes(truth.searchWord))).toBe(true);
    expect(truth.works.filter((w) => w.expected === "refused").map((w) => w.slug)).toEqual(["javascript-image-only"]);
    const long = stored.find((w) => w.slug === "very-long-strings")!;
    expect(long.title.length).toBeGreaterThan(3000);
    expect(long.description.length).toBeGreaterThan(50_000);
    expect(long.tags).toHaveLength(50);
  });
});
