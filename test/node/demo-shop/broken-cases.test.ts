/** Each deliberately broken case behaves as its ground-truth entry says. */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflate } from "node:zlib";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth, GroundTruthWork } from "../../../workers/demo-shop/ground-truth.ts";
import type { DemoCase } from "../../../workers/demo-shop/types.ts";
import { bytesOf, findProduct, jsonLdScripts, metaContents, startTestShop, type TestShop } from "../../support/demo-shop.ts";

const SLOW_MS = 400;

function ihdrSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("demo shop broken cases", () => {
  let shop: TestShop;
  let truth: GroundTruth;
  const byCase = (demoCase: DemoCase): GroundTruthWork => {
    const work = truth.works.find((w) => w.case === demoCase);
    if (!work) throw new Error(`no ${demoCase} case`);
    return work;
  };
  const listedAndInSitemap = async (work: GroundTruthWork): Promise<void> => {
    expect(truth.listings[work.style].paths).toContain(work.path);
    let found = false;
    for (const child of truth.sitemaps.children) found ||= (await (await fetch(child)).text()).includes(`<loc>${work.url}</loc>`);
    expect(found).toBe(true);
  };

  beforeAll(async () => {
    shop = await startTestShop({ slowMs: SLOW_MS });
    truth = await shop.groundTruth();
  }, 120_000);
  afterAll(() => shop?.close());

  it("records every case once with its expected outcome", () => {
    expect(Object.fromEntries(truth.cases.map((c) => [c.case, c.expected]))).toEqual({
      "not-found": "not-found",
      "server-error": "server-error",
      slow: "slow",
      "malformed-jsonld": "no-structured-data",
      "missing-image": "image-missing",
      "oversized-image": "image-too-large",
      "huge-image": "image-too-large",
      "corrupt-image": "image-corrupt",
      "redirect-loop": "redirect-loop",
      "duplicate-url": "indexed-once",
      "duplicate-image": "indexed-once",
    });
    for (const c of truth.cases) expect(c.note.length).toBeGreaterThan(10);
  });

  it("404: a listed product page that does not exist", async () => {
    const work = byCase("not-found");
    await listedAndInSitemap(work);
    expect((await shop.get(work.path)).status).toBe(404);
  });

  it("500: a listed product page that always fails", async () => {
    const work = byCase("server-error");
    await listedAndInSitemap(work);
    expect((await shop.get(work.path)).status).toBe(500);
    expect((await shop.get(work.path)).status).toBe(500);
  });

  it("slow: the page answers correctly after slowMs", async () => {
    const work = byCase("slow");
    await listedAndInSitemap(work);
    const started = performance.now();
    const response = await shop.get(work.path);
    const html = await response.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 5);
    expect(response.status).toBe(200);
    expect(findProduct(JSON.parse(jsonLdScripts(html)[0] ?? ""))?.name).toBe(work.title);
    // A client with a shorter timeout gives up.
    await expect(shop.get(work.path, { signal: AbortSignal.timeout(SLOW_MS / 4) })).rejects.toThrow();
  });

  it("malformed JSON-LD: invalid JSON and no other structured data", async () => {
    const work = byCase("malformed-jsonld");
    await listedAndInSitemap(work);
    const response = await shop.get(work.path);
    expect(response.status).toBe(200);
    const html = await response.text();
    const scripts = jsonLdScripts(html);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('"@type": "Product"');
    expect(() => JSON.parse(scripts[0] ?? "")).toThrow(SyntaxError);
    expect(html).not.toContain("itemscope");
    expect(metaContents(html, "property", "og:title")).toEqual([]);
  });

  it("missing image: valid page, image URL answers 404", async () => {
    const work = byCase("missing-image");
    const html = await shop.text(work.path);
    expect(findProduct(JSON.parse(jsonLdScripts(html)[0] ?? ""))?.name).toBe(work.title);
    expect(html).toContain(work.imageUrl);
    expect((await fetch(work.imageUrl)).status).toBe(404);
  });

  it("oversized image: a small, valid PNG declaring 30000 x 30000 pixels", async () => {
    const work = byCase("oversized-image");
    expect(await shop.text(work.path)).toContain(work.imageUrl);
    const response = await fetch(work.imageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const bytes = await bytesOf(response);
    expect(bytes.length).toBeLessThan(200_000);
    expect(ihdrSize(bytes)).toEqual({ width: 30_000, height: 30_000 });
    // Genuinely valid: its IDAT inflates to exactly 30000 rows of 1 + 3750 bytes (counted, not kept).
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const idatLength = view.getUint32(33);
    expect(new TextDecoder().decode(bytes.subarray(37, 41))).toBe("IDAT");
    // zlib's stream counts the 112 MB in chunks (web streams took 10-40 s for the same bytes).
    let total = 0;
    const inflate = createInflate();
    inflate.on("data", (chunk: Buffer) => (total += chunk.length));
    await pipeline(Readable.from([bytes.subarray(41, 41 + idatLength)]), inflate);
    expect(total).toBe(30_000 * 3_751);
  });

  it("huge image: a PNG over 25 MB announced by Content-Length", async () => {
    const work = byCase("huge-image");
    const response = await fetch(work.imageUrl);
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(25 * 1024 * 1024);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(ihdrSize(first?.value ?? new Uint8Array())).toEqual({ width: 3_000, height: 3_000 });
    await reader?.cancel();
  });

  it("corrupt image: image/png bytes that do not decode", async () => {
    const work = byCase("corrupt-image");
    const response = await fetch(work.imageUrl);
    expect(response.headers.get("content-type")).toBe("image/png");
    const bytes = await bytesOf(response);
    expect(ihdrSize(bytes)).toEqual(work.image);
    expect(() => decode(bytes)).toThrow();
  });

  it("redirect loop: /artworks/<slug> -> /moved/<slug> -> /artworks/<slug>", async () => {
    const work = byCase("redirect-loop");
    await listedAndInSitemap(work);
    const first = await shop.get(work.path, { redirect: "manual" });
    expect(first.status).toBe(301);
    const hop = first.headers.get("location") ?? "";
    expect(hop).toBe(`${shop.url}/moved/${work.slug}`);
    const second = await fetch(hop, { redirect: "manual" });
    expect(second.status).toBe(301);
    expect(second.headers.get("location")).toBe(work.url);
    await expect(shop.get(work.path)).rejects.toThrow();
  });

  it("duplicate URL: /sale/<slug> has the same data and the same image URL", async () => {
    const work = byCase("duplicate-url");
    expect(work.alternateUrls).toEqual([`${shop.url}/sale/${work.slug}`]);
    expect(truth.listings[work.style].paths).toContain(`/sale/${work.slug}`);
    const a = findProduct(JSON.parse(jsonLdScripts(await shop.text(work.path))[0] ?? ""));
    const b = findProduct(JSON.parse(jsonLdScripts(await (await fetch(work.alternateUrls[0] ?? "")).text())[0] ?? ""));
    const strip = (p: typeof a) => ({ ...p, url: undefined, offers: undefined, "@id": undefined });
    expect(strip(b)).toEqual(strip(a));
    expect(b?.sku).toBe(a?.sku);
    expect(work.alternateImageUrls).toEqual([]);
  });

  it("duplicate image: /sale/<slug> points at a different image URL with identical bytes", async () => {
    const work = byCase("duplicate-image");
    const saleHtml = await (await fetch(work.alternateUrls[0] ?? "")).text();
    const sale = findProduct(JSON.parse(jsonLdScripts(saleHtml)[0] ?? ""));
    const saleImage = JSON.stringify(sale?.image);
    expect(saleImage).toContain(`/images/sale/${work.id}.png`);
    expect(work.alternateImageUrls).toEqual([`${shop.url}/images/sale/${work.id}.png`]);
    const original = await bytesOf(await fetch(work.imageUrl));
    const copy = await bytesOf(await fetch(work.alternateImageUrls[0] ?? ""));
    expect(Buffer.from(copy).equals(Buffer.from(original))).toBe(true);
    expect(decode(copy).width).toBe(work.image.width);
  });
});
