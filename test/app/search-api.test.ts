import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { recentSearchCandidates } from "../../app/server/search/history.server";
import { runSearch } from "../../app/server/search/search.server";
import { wakeEncoder } from "../../app/server/search/encoder-client";
import { signSessionId } from "../../app/server/session.server";
import { ARTISTS, MODEL, WORKS, basisVector, encodeVector, request, seedCatalogue } from "./fixtures";

/** Blue study 1: taken off sale in D1 only (its vector still says available). */
const UNAVAILABLE_ID = 13;
const familyOf = (id: number) => WORKS.find((w) => w.id === id)!.family;
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

interface Answer {
  query: { text: string; filters: Record<string, unknown> };
  mode: string;
  results: { id: number; slug: string; score: number; source: string; priceMinor: number; orientation: string; dominantColour: string }[];
  total: number;
  nextCursor: string | null;
  degraded: boolean;
  reasonCode?: string;
  reason?: string;
  suggestions?: string[];
}

async function search(query: string, init: RequestInit & { cookie?: string } = {}): Promise<{ res: Response; body: Answer }> {
  const res = await SELF.fetch(request(`/api/search${query}`, init));
  const body = (await res.json()) as Answer;
  return { res, body };
}

beforeAll(async () => {
  await seedCatalogue();
  const mix = (a: number, b: number) => unit(basisVector(a).map((x, d) => x + basisVector(b)[d]!));
  await env.DB.batch([
    // Cached phrases that are not colour words, so they reach the vector search.
    env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector) VALUES (?, 'ocean', ?)").bind(MODEL.id, encodeVector(basisVector(1))),
    env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector) VALUES (?, 'forest', ?)").bind(MODEL.id, encodeVector(basisVector(2))),
    env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector) VALUES (?, 'sunset', ?)").bind(MODEL.id, encodeVector(mix(0, 3))),
    env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector) VALUES (?, 'ada brush', ?)").bind(MODEL.id, encodeVector(basisVector(1))),
    env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = ?").bind(UNAVAILABLE_ID),
  ]);
});

describe("GET /api/search", () => {
  it("answers a colour word alone by filtering, most of the colour first", async () => {
    const { res, body } = await search("?q=blue");
    expect(res.status).toBe(200);
    expect(body.mode).toBe("filters");
    expect(body.query).toEqual({ text: "", filters: { colours: ["blue"] } });
    expect(body.results.length).toBe(11);
    expect(body.total).toBe(11);
    expect(body.results.every((r) => r.dominantColour === "blue" && r.source === "filter" && r.score === 0.7)).toBe(true);
    expect(body.results.map((r) => r.id)).not.toContain(UNAVAILABLE_ID);
    expect(body.degraded).toBe(false);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60, s-maxage=300, stale-while-revalidate=86400");
  });

  it("applies price, orientation and colour filters parsed from the text and from parameters", async () => {
    const { body } = await search(`?q=${encodeURIComponent("green portrait under $80")}`);
    expect(body.query.filters).toEqual({ maxPriceMinor: 8000, currency: "USD", orientation: "portrait", colours: ["green"] });
    const expected = WORKS.filter((w) => w.family === "green" && w.orientation === "portrait" && w.priceMinor <= 8000).map((w) => w.id);
    expect(body.results.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);

    const params = await search("?colour=yellow&minPrice=50&maxPrice=90.50&orientation=square");
    expect(params.body.query.filters).toEqual({ minPriceMinor: 5000, maxPriceMinor: 9050, orientation: "square", colours: ["yellow"] });
    const expectedParams = WORKS.filter((w) => w.family === "yellow" && w.orientation === "square" && w.priceMinor >= 5000 && w.priceMinor <= 9050);
    expect(params.body.results.map((r) => r.id).sort((a, b) => a - b)).toEqual(expectedParams.map((w) => w.id));

    // Parameters replace the text's price; colours add up.
    const both = await search(`?q=${encodeURIComponent("red under $40")}&maxPrice=70&colour=blue`);
    expect(both.body.query.filters).toEqual({ maxPriceMinor: 7000, currency: "USD", colours: ["red", "blue"] });
    expect(both.body.results.every((r) => ["red", "blue"].includes(r.dominantColour) && r.priceMinor <= 7000)).toBe(true);
    expect(new Set(both.body.results.map((r) => r.dominantColour))).toEqual(new Set(["red", "blue"]));
  });

  it("searches cached phrases semantically and drops works under the relevance floor", async () => {
    const { res, body } = await search("?q=ocean");
    expect(res.status).toBe(200);
    expect(body.mode).toBe("semantic");
    expect(body.degraded).toBe(false);
    // 12 blue works, one unavailable; the other families score ~0.05 and are not padded in.
    expect(body.results.length).toBe(11);
    expect(body.results.every((r) => familyOf(r.id) === "blue" && r.source === "vector")).toBe(true);
    expect(body.results.map((r) => r.score)).toEqual([...body.results.map((r) => r.score)].sort((a, b) => b - a));
    const hits = await env.DB.prepare("SELECT hits FROM query_vectors WHERE model_id = ? AND text = 'ocean'").bind(MODEL.id).first<{ hits: number }>();
    expect(hits?.hits).toBeGreaterThan(0);

    const sunset = await search("?q=sunset&maxPrice=60");
    expect(sunset.body.results.length).toBeGreaterThan(0);
    expect(sunset.body.results.every((r) => ["red", "yellow"].includes(familyOf(r.id)) && r.priceMinor <= 6000)).toBe(true);
  });

  it("blends vector and keyword results, agreeing works first", async () => {
    const { body } = await search(`?q=${encodeURIComponent("Ada Brush")}`);
    const ada = WORKS.filter((w) => w.artist === ARTISTS[0] && w.id !== UNAVAILABLE_ID);
    const blue = WORKS.filter((w) => w.family === "blue" && w.id !== UNAVAILABLE_ID);
    const both = ada.filter((w) => w.family === "blue");
    expect(both.length).toBeGreaterThan(0);
    expect(body.total).toBe(new Set([...ada, ...blue].map((w) => w.id)).size);
    const top = body.results.slice(0, both.length);
    expect(top.every((r) => r.source === "both")).toBe(true);
    expect(top.map((r) => r.id).sort((a, b) => a - b)).toEqual(both.map((w) => w.id));
    expect(body.results.some((r) => r.source === "keyword")).toBe(true);
    expect(body.results.some((r) => r.source === "vector")).toBe(true);
    expect(body.results[0]!.score).toBeGreaterThan(body.results.at(-1)!.score);
  });

  it("degrades without the encoder: composes cached words, says why, and caches briefly", async () => {
    const { res, body } = await search(`?q=${encodeURIComponent("stormy ocean near a forest")}`);
    expect(res.status).toBe(200);
    expect(body.degraded).toBe(true);
    expect(body.reasonCode).toBe("encoder_not_configured");
    expect(body.reason).toMatch(/encoder/i);
    const families = new Set(body.results.map((r) => familyOf(r.id)));
    expect(families).toEqual(new Set(["blue", "green"]));
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=0, s-maxage=30");

    // Nothing cached and no keyword: an honest empty answer, still 200.
    const none = await search("?q=lighthouse");
    expect(none.res.status).toBe(200);
    expect(none.body.results).toEqual([]);
    expect(none.body.degraded).toBe(true);
  });

  it("treats an unreachable encoder as unavailable, then lets it rest", async () => {
    wakeEncoder();
    const unreachable = { ...env, ENCODER_URL: "http://127.0.0.1:9" };
    const first = await runSearch(unreachable, { q: "ocean waves" });
    expect(first.degraded).toBe(true);
    expect(["encoder_unreachable", "encoder_timeout"]).toContain(first.reasonCode);
    expect(first.results.every((r) => familyOf(r.id) === "blue")).toBe(true);
    const second = await runSearch(unreachable, { q: "forest path" });
    expect(second.reasonCode).toBe("encoder_resting");
    wakeEncoder();
  });

  it("pages 24 at a time with a cursor, never repeating a work", async () => {
    const first = await search("?q=study");
    expect(first.body.results.length).toBe(24);
    expect(first.body.total).toBe(47);
    expect(first.body.nextCursor).toBe("24");
    const second = await search("?q=study&cursor=24");
    expect(second.body.results.length).toBe(23);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.results, ...second.body.results].map((r) => r.id);
    expect(new Set(ids).size).toBe(47);
    expect(ids).not.toContain(UNAVAILABLE_ID);
    expect(first.body.results.every((r) => r.source === "keyword")).toBe(true);
  });

  it("answers an empty search with suggestions", async () => {
    const { res, body } = await search("?q=%20%20");
    expect(res.status).toBe(200);
    expect(body.mode).toBe("empty");
    expect(body.results).toEqual([]);
    expect(body.suggestions).toContain("abstract");
    expect((await search("")).body.mode).toBe("empty");
  });

  it("answers hostile queries normally", async () => {
    const hostile = [
      '"',
      'title:blue',
      "NEAR(study blue, 2)",
      "study*",
      "^red",
      "-study",
      "study AND OR NOT",
      "'; DROP TABLE artworks; --",
      "<script>alert(1)</script>",
      "\u0000\u0007\u001b[31mred",
      "\u202eeulb\u200b",
      "💙🌊 ocean",
      "％２０ under ＄",
      "{\"$gt\": 1}",
      "a".repeat(300),
      "under $99999999999999999999",
      "between 5 and",
    ];
    for (const q of hostile) {
      const { res, body } = await search(`?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(body.results), q).toBe(true);
    }
    const lone = await SELF.fetch(request("/api/search?q=%ED%A0%80blue"));
    expect(lone.status).toBe(200);
    await lone.arrayBuffer();
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM artworks").first<{ n: number }>();
    expect(count?.n).toBe(48);
  });

  it("refuses a text over 300 characters and bad parameters with 400", async () => {
    const long = await search(`?q=${"a".repeat(301)}`);
    expect(long.res.status).toBe(400);
    expect(long.body).toMatchObject({ error: "query_too_long" });
    for (const bad of ["colour=chartreuse", "maxPrice=abc", "minPrice=-5", "minPrice=100&maxPrice=50", "orientation=diagonal", "size=gigantic", "cursor=-1", "cursor=abc", "cursor=99999", "currency=XYZ"]) {
      const { res, body } = await search(`?q=sea&${bad}`);
      expect(res.status, bad).toBe(400);
      expect(body, bad).toMatchObject({ error: "invalid_request" });
    }
  });

  it("answers wrong methods with 405 and Allow", async () => {
    const del = await SELF.fetch(request("/api/search", { method: "DELETE" }));
    expect(del.status).toBe(405);
    expect(del.headers.get("Allow")).toBe("GET, HEAD");
    await del.arrayBuffer();
    const get = await SELF.fetch(request("/api/search/image"));
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    await get.arrayBuffer();
  });

  it("records searches only for visitors who already have a session, and feeds them back as candidates", async () => {
    const sessionId = "searchSession012345678";
    await env.DB.prepare("INSERT INTO sessions (id) VALUES (?)").bind(sessionId).run();
    const cookie = `as_session=${encodeURIComponent(await signSessionId(sessionId, env.SESSION_SECRET!))}`;

    const anonymous = await search("?q=forest");
    expect(anonymous.res.headers.get("Set-Cookie")).toBeNull();
    const withCookie = await search("?q=forest", { cookie });
    expect(withCookie.res.status).toBe(200);
    expect(withCookie.res.headers.get("Set-Cookie")).toBeNull();
    await search("?colour=red&maxPrice=50", { cookie });
    await new Promise((r) => setTimeout(r, 50));
    const rows = await env.DB.prepare("SELECT session_id AS s, query, results FROM searches ORDER BY id").all<{ s: string | null; query: string; results: number }>();
    expect(rows.results.every((r) => r.s === sessionId)).toBe(true);
    expect(rows.results.map((r) => r.query)).toEqual(["forest", "red under 50"]);

    const candidates = await recentSearchCandidates(env, sessionId, 10);
    expect(candidates.length).toBe(10);
    expect(new Set(candidates).size).toBe(10);
    // Interleaved: the newest search (red under 50) first, then the forest search.
    expect(familyOf(candidates[0]!)).toBe("red");
    expect(familyOf(candidates[1]!)).toBe("green");
    expect(candidates.every((id) => ["red", "green"].includes(familyOf(id)))).toBe(true);
    expect(await recentSearchCandidates(env, "noSuchSession000000000", 10)).toEqual([]);
  });
});

describe("POST /api/search/image", () => {
  const png = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12, 0x49,
    0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  ]);

  it("says so, privately, when the encoder is unavailable", async () => {
    const res = await SELF.fetch(request("/api/search/image", { method: "POST", body: png, headers: { "Content-Type": "image/png" } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await res.json()).toMatchObject({ results: [], degraded: true, reasonCode: "encoder_not_configured" });
  });

  it("refuses what is not an image", async () => {
    const text = await SELF.fetch(request("/api/search/image", { method: "POST", body: "hello", headers: { "Content-Type": "text/plain" } }));
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: "unsupported_media_type" });
    const fake = await SELF.fetch(request("/api/search/image", { method: "POST", body: "not a png", headers: { "Content-Type": "image/png" } }));
    expect(fake.status).toBe(415);
    await fake.arrayBuffer();
    const empty = await SELF.fetch(request("/api/search/image", { method: "POST", headers: { "Content-Type": "image/png" } }));
    expect(empty.status).toBe(400);
    await empty.arrayBuffer();
    const big = await SELF.fetch(request("/api/search/image", { method: "POST", body: new Uint8Array(8 * 1024 * 1024 + 1), headers: { "Content-Type": "image/png" } }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: "image_too_large" });
  });
});

describe("OpenAPI", () => {
  it("documents the search routes", async () => {
    const doc = (await (await SELF.fetch(request("/api/openapi.json"))).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths["/api/search"]?.get).toBeDefined();
    expect(doc.paths["/api/search/image"]?.post).toBeDefined();
  });
});
