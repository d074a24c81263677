/** ETag / Last-Modified validators and 304s on product pages, sitemaps and images. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth.ts";
import { startTestShop, type TestShop } from "../../support/demo-shop.ts";

describe("demo shop conditional requests", () => {
  let shop: TestShop;
  let truth: GroundTruth;

  beforeAll(async () => {
    shop = await startTestShop();
    truth = await shop.groundTruth();
  }, 120_000);
  afterAll(() => shop?.close());

  const paths = (): Array<[string, string]> => {
    const work = truth.works.find((w) => w.case === "normal" && w.syntax === "jsonld");
    const client = truth.works.find((w) => w.case === "normal" && w.syntax === "client-rendered");
    return [
      ["product page", work?.path ?? ""],
      ["client-rendered page", client?.path ?? ""],
      ["sitemap index", "/sitemap.xml"],
      ["child sitemap", "/sitemaps/artworks-1.xml"],
      ["categories sitemap", "/sitemaps/categories.xml"],
      ["image", new URL(work?.imageUrl ?? "").pathname],
    ];
  };

  it("sends a strong ETag and Last-Modified, and answers 304 to a matching If-None-Match", async () => {
    for (const [label, path] of paths()) {
      const first = await shop.get(path);
      expect(first.status, label).toBe(200);
      await first.arrayBuffer();
      const etag = first.headers.get("etag") ?? "";
      const lastModified = first.headers.get("last-modified") ?? "";
      expect(etag, label).toMatch(/^"[a-z]+-[0-9a-f]{16}"$/);
      expect(Number.isNaN(Date.parse(lastModified)), label).toBe(false);
      const again = await shop.get(path);
      expect(again.headers.get("etag"), `${label} is stable`).toBe(etag);
      await again.arrayBuffer();

      const notModified = await shop.get(path, { headers: { "If-None-Match": etag } });
      expect(notModified.status, label).toBe(304);
      expect(await notModified.text()).toBe("");
      expect(notModified.headers.get("etag")).toBe(etag);
      expect((await shop.get(path, { headers: { "If-None-Match": `"other", W/${etag}` } })).status, label).toBe(304);

      const changed = await shop.get(path, { headers: { "If-None-Match": '"something-else"' } });
      expect(changed.status, label).toBe(200);
      await changed.arrayBuffer();
    }
  });

  it("answers If-Modified-Since with 304 when not modified since, 200 otherwise", async () => {
    for (const [label, path] of paths()) {
      const first = await shop.get(path);
      await first.arrayBuffer();
      const lastModified = first.headers.get("last-modified") ?? "";
      expect((await shop.get(path, { headers: { "If-Modified-Since": lastModified } })).status, label).toBe(304);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      const response = await shop.get(path, { headers: { "If-Modified-Since": earlier } });
      expect(response.status, label).toBe(200);
      await response.arrayBuffer();
    }
  });

  it("uses the work's modification date as the page's Last-Modified", async () => {
    const work = truth.works.find((w) => w.case === "normal" && w.syntax === "microdata");
    const response = await shop.get(work?.path ?? "");
    expect(response.headers.get("last-modified")).toBe(new Date(work?.lastModified ?? "").toUTCString());
  });
});
