/**
 * Rate limits (issue 6, item 3): searches and image uploads per client,
 * visitor writes per session and new sessions per client answer 429 with
 * Retry-After and a JSON reason; keys count independently; the window resets
 * (driven by an injected clock, never by sleeping); raw IPs are never stored;
 * edge-cache hits cost no count. Default limits: search 60, upload 10,
 * write 120, session 30 a minute.
 */
import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_RATE_LIMITS,
  RateLimitError,
  countsAsSearch,
  decide,
  enforceRateLimit,
  enforceWriteLimit,
  hashedClientAddress,
  hitRateLimit,
  parseRateLimit,
  pruneRateLimits,
  rateLimitFor,
} from "../../app/server/rate-limit.server";
import { request, seedCatalogue, sessionCookieFrom } from "./fixtures";

beforeAll(seedCatalogue);

const ORIGIN = "https://art-snob.test";
let ipCounter = 0;
/** A fresh client address per test, so tests never share a counter. */
const freshIp = () => `198.51.100.${++ipCounter}`;

interface Refusal {
  error: string;
  message: string;
  details: { bucket: string; limit: number; windowSeconds: number; retryAfter: number };
}

function search(q: string, ip: string, cookie?: string) {
  return SELF.fetch(request(`/api/search?q=${encodeURIComponent(q)}`, { headers: { "CF-Connecting-IP": ip }, cookie }));
}

function upload(ip: string) {
  return SELF.fetch(
    request("/api/search/image", { method: "POST", headers: { "CF-Connecting-IP": ip, "Content-Type": "image/png" }, body: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]) }),
  );
}

function like(artworkId: number, ip: string, cookie?: string) {
  return SELF.fetch(
    request(`/api/likes/${artworkId}`, {
      method: "PUT",
      cookie,
      headers: { "CF-Connecting-IP": ip, Origin: ORIGIN, "Content-Type": "application/json" },
      body: JSON.stringify({ value: 1 }),
    }),
  );
}

/** Sends `n` requests one after another; returns their statuses. */
async function statuses(n: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await send(i);
    out.push(res.status);
    await res.body?.cancel();
  }
  return out;
}

async function expectRefusal(res: Response, bucket: string, limit: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("Retry-After"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.headers.get("Content-Type")).toContain("application/json");
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  const body = (await res.json()) as Refusal;
  expect(body.error).toBe("rate_limited");
  expect(body.message).toMatch(/wait \d+ seconds? and try again/);
  expect(body.details).toEqual({ bucket, limit, windowSeconds: 60, retryAfter });
}

describe("GET /api/search", () => {
  it("allows 60 searches a minute per client, then answers 429 with Retry-After and a JSON reason", async () => {
    const ip = freshIp();
    const ok = await statuses(60, (i) => search(`red ${i}`, ip));
    expect(ok.every((s) => s === 200)).toBe(true);
    await expectRefusal(await search("red one more", ip), "search", 60);
    // The empty search box does no work and is not counted.
    expect((await SELF.fetch(request("/api/search", { headers: { "CF-Connecting-IP": ip } }))).status).toBe(200);
  });

  it("counts each client separately: another address, or a session, is unaffected", async () => {
    const limited = freshIp();
    await statuses(61, (i) => search(`blue ${i}`, limited));
    expect((await search("blue again", limited)).status).toBe(429);
    expect((await search("blue again", freshIp())).status).toBe(200);
    // A visitor with a session is counted by the session, not by the (shared) address.
    const cookie = sessionCookieFrom(await like(2, freshIp()));
    expect((await search("blue again", limited, cookie)).status).toBe(200);
  });

  it("never counts an answer served from the edge cache", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await search("green cached", ip)).status).toBe(200);
    const key = await hashedClientAddress(new Request(ORIGIN, { headers: { "CF-Connecting-IP": ip } }), env);
    const row = await env.DB.prepare("SELECT count FROM rate_limits WHERE bucket = 'search' AND key = ?").bind(key).first<{ count: number }>();
    expect(row?.count).toBe(1);
  });

  it("stores a keyed hash of the address, never the address itself", async () => {
    const ip = "203.0.113.77";
    await search("yellow", ip);
    const { results } = await env.DB.prepare("SELECT key FROM rate_limits").all<{ key: string }>();
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((r) => r.key.includes("203.0.113"))).toBe(false);
    expect(results.every((r) => /^(ip|s):[A-Za-z0-9_-]{22}$/.test(r.key))).toBe(true);
  });
});

describe("POST /api/search/image", () => {
  it("allows 10 uploads a minute per client (stricter than text), then 429", async () => {
    const ip = freshIp();
    const answered = await statuses(10, () => upload(ip));
    expect(answered).not.toContain(429);
    await expectRefusal(await upload(ip), "upload", 10);
    expect((await upload(freshIp())).status).not.toBe(429);
  });

  it("refuses a wrong content type before counting it", async () => {
    const ip = freshIp();
    await statuses(10, () => upload(ip));
    const res = await SELF.fetch(request("/api/search/image", { method: "POST", headers: { "CF-Connecting-IP": ip, "Content-Type": "text/plain" }, body: "x" }));
    expect(res.status).toBe(415);
  });
});

describe("visitor writes", () => {
  it("allows 30 new sessions a minute per client, then 429 for writes without a session", async () => {
    const ip = freshIp();
    const made = await statuses(30, (i) => like((i % 40) + 1, ip));
    expect(made.every((s) => s === 200)).toBe(true);
    await expectRefusal(await like(1, ip), "session", 30);
    // A visitor who already has a session is not affected by the address's new-session limit.
    const cookie = sessionCookieFrom(await like(1, freshIp()));
    expect((await like(2, ip, cookie)).status).toBe(200);
    // Creating a wall without a session is a new session too.
    const wall = await SELF.fetch(
      request("/api/walls", { method: "POST", headers: { "CF-Connecting-IP": ip, Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Hall" }) }),
    );
    await expectRefusal(wall, "session", 30);
  });

  it("allows 120 writes a minute per session (likes and walls together), then 429; other sessions go on", async () => {
    const ip = freshIp();
    const cookie = sessionCookieFrom(await like(1, ip)); // write 1 (counted per client: it made the session)
    const wallRes = await SELF.fetch(
      request("/api/walls", { method: "POST", cookie, headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Limits" }) }),
    );
    expect(wallRes.status).toBe(201); // write 1 of the session
    const wallId = ((await wallRes.json()) as { id: number }).id;
    const likes = await statuses(119, (i) => like((i % 48) + 1, ip, cookie));
    expect(likes.every((s) => s === 200)).toBe(true);
    await expectRefusal(await like(5, ip, cookie), "write", 120);
    const rename = await SELF.fetch(
      request(`/api/walls/${wallId}`, { method: "PATCH", cookie, headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Renamed" }) }),
    );
    await expectRefusal(rename, "write", 120);
    const remove = await SELF.fetch(request(`/api/walls/${wallId}/items/5`, { method: "DELETE", cookie, headers: { Origin: ORIGIN } }));
    await expectRefusal(remove, "write", 120);
    // Reads are never limited; another session writes on.
    expect((await SELF.fetch(request("/api/likes", { cookie }))).status).toBe(200);
    const other = sessionCookieFrom(await like(1, freshIp()));
    expect((await like(6, ip, other)).status).toBe(200);
  });

  it("is not counted when the request is refused for free (bad origin, bad body)", async () => {
    const ip = freshIp();
    const cookie = sessionCookieFrom(await like(1, ip));
    const id = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
    const bad = await SELF.fetch(request("/api/likes/1", { method: "PUT", cookie, headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: "{oops" }));
    expect(bad.status).toBe(400);
    const cross = await SELF.fetch(request("/api/likes/1", { method: "PUT", cookie, headers: { Origin: "https://evil.test", "Content-Type": "application/json" }, body: '{"value":1}' }));
    expect(cross.status).toBe(403);
    const row = await env.DB.prepare("SELECT count FROM rate_limits WHERE bucket = 'write' AND key = ?").bind(`s:${id}`).first<{ count: number }>();
    expect(row).toBeNull();
  });
});

describe("the counter (injected clock)", () => {
  const limit = { max: 3, windowSeconds: 60 };
  const t0 = 1_800_000_000_000;

  it("decides: at most max per window, Retry-After the whole seconds left (at least 1)", () => {
    expect(decide(3, t0 + 60_000, limit, t0)).toMatchObject({ allowed: true, retryAfterSeconds: 60 });
    expect(decide(4, t0 + 60_000, limit, t0 + 30_200)).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    expect(decide(9, t0 + 60_000, limit, t0 + 59_999)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it("counts in a window that starts at the first request, refuses past the limit, and starts over when it ends", async () => {
    const key = "test:window";
    const at = (ms: number) => hitRateLimit(env.DB, "search", key, limit, t0 + ms);
    expect((await at(0)).count).toBe(1);
    expect((await at(10_000)).allowed).toBe(true);
    expect((await at(20_000)).allowed).toBe(true);
    const refused = await at(30_000);
    expect(refused).toMatchObject({ allowed: false, count: 4, retryAfterSeconds: 30, resetAt: t0 + 60_000 });
    // Hammering does not extend the window.
    expect(await at(59_500)).toMatchObject({ allowed: false, retryAfterSeconds: 1, resetAt: t0 + 60_000 });
    // The window has ended: a new one starts at this request.
    expect(await at(60_000)).toMatchObject({ allowed: true, count: 1, resetAt: t0 + 120_000 });
    expect(await at(61_000)).toMatchObject({ allowed: true, count: 2 });
  });

  it("keeps buckets and keys apart", async () => {
    for (let i = 0; i < 4; i++) await hitRateLimit(env.DB, "upload", "test:a", limit, t0);
    expect((await hitRateLimit(env.DB, "upload", "test:a", limit, t0)).allowed).toBe(false);
    expect((await hitRateLimit(env.DB, "upload", "test:b", limit, t0)).count).toBe(1);
    expect((await hitRateLimit(env.DB, "write", "test:a", limit, t0)).count).toBe(1);
  });

  it("never loses a count under concurrency (one atomic upsert)", async () => {
    const many = { max: 1000, windowSeconds: 60 };
    const counts = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit(env.DB, "write", "test:concurrent", many, t0).then((d) => d.count)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("enforceRateLimit takes the clock too, and its refusal carries Retry-After", async () => {
    const req = new Request(ORIGIN, { headers: { "CF-Connecting-IP": "192.0.2.200" } });
    const limitedEnv = { ...env, RATE_LIMIT_UPLOAD: "2/10" };
    await enforceRateLimit(req, limitedEnv, "upload", { now: t0 });
    await enforceRateLimit(req, limitedEnv, "upload", { now: t0 + 1000 });
    const error = await enforceRateLimit(req, limitedEnv, "upload", { now: t0 + 2500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).retryAfterSeconds).toBe(8);
    await expect(enforceRateLimit(req, limitedEnv, "upload", { now: t0 + 10_000 })).resolves.toBeUndefined();
  });

  it("counts writes per session, and writes without one per client as new sessions", async () => {
    const req = new Request(ORIGIN, { headers: { "CF-Connecting-IP": "192.0.2.201" } });
    const oneEnv = { ...env, RATE_LIMIT_SESSION: "1" };
    await enforceWriteLimit(req, oneEnv, { now: t0 });
    await expect(enforceWriteLimit(req, oneEnv, { now: t0 })).rejects.toMatchObject({ status: 429, bucket: "session" });
  });

  it("prunes ended windows only", async () => {
    await hitRateLimit(env.DB, "search", "test:old", limit, t0 - 120_000);
    await hitRateLimit(env.DB, "search", "test:current", limit, t0);
    await pruneRateLimits(env.DB, t0);
    const keys = (await env.DB.prepare("SELECT key FROM rate_limits WHERE key IN ('test:old', 'test:current')").all<{ key: string }>()).results.map((r) => r.key);
    expect(keys).toEqual(["test:current"]);
  });

  it("lets the request through when the counter itself fails", async () => {
    const broken = { ...env, DB: { prepare: () => ({ bind: () => ({ first: () => Promise.reject(new Error("D1 is down")) }) }) } as unknown as D1Database };
    await expect(enforceRateLimit(new Request(ORIGIN), broken, "search")).resolves.toBeUndefined();
  });
});

describe("configuration", () => {
  it("reads RATE_LIMIT_* as <count> or <count>/<seconds>, and falls back on nonsense", () => {
    const fallback = { max: 60, windowSeconds: 60 };
    expect(parseRateLimit(undefined, fallback)).toEqual(fallback);
    expect(parseRateLimit("600", fallback)).toEqual({ max: 600, windowSeconds: 60 });
    expect(parseRateLimit("100000/10", fallback)).toEqual({ max: 100000, windowSeconds: 10 });
    expect(parseRateLimit(" 5 / 30s ", fallback)).toEqual({ max: 5, windowSeconds: 30 });
    for (const bad of ["off", "0", "-1", "1e9", "5/0", "5/999999", "ten"]) expect(parseRateLimit(bad, fallback)).toEqual(fallback);
    expect(rateLimitFor({ DB: env.DB }, "write")).toEqual(DEFAULT_RATE_LIMITS.write);
    expect(rateLimitFor({ DB: env.DB, RATE_LIMIT_SEARCH: "5000" }, "search")).toEqual({ max: 5000, windowSeconds: 60 });
    expect(DEFAULT_RATE_LIMITS).toEqual({
      search: { max: 60, windowSeconds: 60 },
      upload: { max: 10, windowSeconds: 60 },
      write: { max: 120, windowSeconds: 60 },
      session: { max: 30, windowSeconds: 60 },
    });
  });

  it("counts a search only when it does work", () => {
    expect(countsAsSearch("", {})).toBe(false);
    expect(countsAsSearch("  ", { colours: [] })).toBe(false);
    expect(countsAsSearch("sea", {})).toBe(true);
    expect(countsAsSearch("", { colours: ["red"] })).toBe(true);
    expect(countsAsSearch("", { maxPriceMinor: 8000 })).toBe(true);
  });
});
