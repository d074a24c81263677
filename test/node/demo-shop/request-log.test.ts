/** The request log records what a crawler asked for, including robots.txt and /private/. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../../workers/demo-shop/app.ts";
import { startTestShop, type TestShop } from "../../support/demo-shop.ts";

describe("demo shop request log", () => {
  let shop: TestShop;

  beforeAll(async () => {
    shop = await startTestShop();
  }, 120_000);
  afterAll(() => shop?.close());

  it("logs method, path, user agent, validators and status of every request", async () => {
    await shop.get("/__demo/log/clear", { method: "POST" });
    const ua = "ArtSnobBot/1.0 (+http://127.0.0.1:8788/about/bot)";
    await (await shop.get("/robots.txt", { headers: { "User-Agent": ua } })).text();
    await (await shop.get("/private/trade-prices.html", { headers: { "User-Agent": ua } })).text();
    await (await shop.get("/category/botanical?page=2", { headers: { "User-Agent": ua } })).text();
    await (await shop.get("/artworks/no-such-work", { headers: { "User-Agent": ua, "If-None-Match": '"x"' } })).text();
    await (await shop.get("/sitemap.xml", { headers: { "If-Modified-Since": "Tue, 01 Jan 2030 00:00:00 GMT" } })).text();
    await (await shop.getPartner("/robots.txt", { headers: { "User-Agent": ua } })).text();
    await (await shop.get("/__demo/ground-truth.json")).arrayBuffer();

    const log = (await (await shop.get("/__demo/log")).json()) as RequestLogEntry[];
    expect(log.map((e) => [e.shop, e.method, e.path, e.status])).toEqual([
      ["main", "GET", "/robots.txt", 200],
      ["main", "GET", "/private/trade-prices.html", 200],
      ["main", "GET", "/category/botanical?page=2", 200],
      ["main", "GET", "/artworks/no-such-work", 404],
      ["main", "GET", "/sitemap.xml", 304],
      ["partner", "GET", "/robots.txt", 200],
    ]);
    expect(log[0]?.userAgent).toBe(ua);
    expect(log[3]?.ifNoneMatch).toBe('"x"');
    expect(log[4]?.ifModifiedSince).toBe("Tue, 01 Jan 2030 00:00:00 GMT");
    expect(Number.isNaN(Date.parse(log[0]?.at ?? ""))).toBe(false);
    // The in-process object is the same log.
    expect(shop.shop.requestLog).toHaveLength(6);
  });

  it("clears in place", async () => {
    await (await shop.get("/")).text();
    expect(shop.shop.requestLog.length).toBeGreaterThan(0);
    await shop.get("/__demo/log/clear", { method: "POST" });
    expect(shop.shop.requestLog).toHaveLength(0);
    expect(await (await shop.get("/__demo/log")).json()).toEqual([]);
  });

  it("logs HEAD requests and slow responses with their duration", async () => {
    await shop.get("/__demo/log/clear", { method: "POST" });
    const truth = await shop.groundTruth();
    const slow = truth.works.find((w) => w.case === "slow");
    await (await shop.get(slow?.path ?? "")).text();
    await shop.get("/robots.txt", { method: "HEAD" });
    const [slowEntry, head] = shop.shop.requestLog;
    expect(slowEntry?.durationMs).toBeGreaterThanOrEqual(290);
    expect(head?.method).toBe("HEAD");
    expect(head?.status).toBe(200);
  });
});
