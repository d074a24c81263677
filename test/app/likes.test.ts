import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { reactionsOf } from "../../app/server/reactions.server";
import { personalState } from "../../app/server/walls.server";
import { request, seedCatalogue, sessionCookieFrom } from "./fixtures";

beforeAll(seedCatalogue);

const ORIGIN = "https://art-snob.test";

function react(artworkId: number | string, value: unknown, init: { cookie?: string; origin?: string; body?: string; contentType?: string } = {}) {
  return SELF.fetch(
    request(`/api/likes/${artworkId}`, {
      method: "PUT",
      cookie: init.cookie,
      headers: { "Content-Type": init.contentType ?? "application/json", ...(init.origin === "" ? {} : { Origin: init.origin ?? ORIGIN }) },
      body: init.body ?? JSON.stringify({ value }),
    }),
  );
}

async function newSession(artworkId = 1, value = 1): Promise<string> {
  const res = await react(artworkId, value);
  expect(res.status).toBe(200);
  return sessionCookieFrom(res);
}

async function sessionIdOf(cookie: string): Promise<string> {
  return decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;
}

describe("PUT /api/likes/{artworkId}", () => {
  it("creates the session on the first like and answers {artworkId, value} privately", async () => {
    const res = await react(3, 1);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ artworkId: 3, value: 1 });
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const cookie = sessionCookieFrom(res);
    expect(res.headers.get("Set-Cookie")).toContain("HttpOnly");

    // The next write reuses the session: no new cookie.
    const again = await react(4, -1, { cookie });
    expect(again.status).toBe(200);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    expect(await again.json()).toEqual({ artworkId: 4, value: -1 });

    const rows = await env.DB.prepare("SELECT artwork_id AS a, value AS v FROM reactions WHERE session_id = ? ORDER BY artwork_id").bind(await sessionIdOf(cookie)).all();
    expect(rows.results).toEqual([
      { a: 3, v: 1 },
      { a: 4, v: -1 },
    ]);
  });

  it("switches like to dislike, and 0 undoes", async () => {
    const cookie = await newSession(10, 1);
    const id = await sessionIdOf(cookie);
    expect((await react(10, -1, { cookie })).status).toBe(200);
    expect(await reactionsOf(env.DB, id)).toEqual({ liked: [], disliked: [10] });
    const undo = await react(10, 0, { cookie });
    expect(await undo.json()).toEqual({ artworkId: 10, value: 0 });
    expect(await reactionsOf(env.DB, id)).toEqual({ liked: [], disliked: [] });
    // Undoing again is harmless.
    expect((await react(10, 0, { cookie })).status).toBe(200);
  });

  it("refuses bad ids, bad values and bad JSON with 400, unknown works with 404", async () => {
    const cookie = await newSession();
    for (const id of ["abc", "0", "-1", "1.5", "1e3", "0x10", "99999999999999999999"]) {
      const res = await react(id, 1, { cookie });
      expect(res.status, id).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
    for (const value of [2, -2, "1", null, true, 0.5]) {
      const res = await react(1, value, { cookie });
      expect(res.status, JSON.stringify(value)).toBe(400);
    }
    expect((await react(1, undefined, { cookie, body: "{}" })).status).toBe(400);
    const badJson = await react(1, 1, { cookie, body: "{value: 1" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: "invalid_json" });
    expect((await react(1, 1, { cookie, contentType: "text/plain" })).status).toBe(415);
    const missing = await react(99999, 1, { cookie });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found" });
  });

  it("refuses cross-origin writes with 403 and creates no session for them", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions").first<{ n: number }>();
    const res = await react(2, 1, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "cross_origin" });
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
    // A cross-site request with a valid cookie is refused too.
    const cookie = await newSession();
    expect((await react(2, 1, { cookie, origin: "https://evil.example" })).status).toBe(403);
  });

  it("ignores a forged session cookie (a new session is made instead)", async () => {
    const res = await react(5, 1, { cookie: "as_session=AAAAAAAAAAAAAAAAAAAAAA.forged" });
    expect(res.status).toBe(200);
    expect(sessionCookieFrom(res)).not.toContain("AAAAAAAAAAAAAAAAAAAAAA");
  });
});

describe("GET /api/likes", () => {
  it("lists the session's likes (newest first) and dislikes as cards, privately", async () => {
    const cookie = await newSession(20, 1);
    await react(21, 1, { cookie });
    await react(22, -1, { cookie });
    await react(23, 1, { cookie });
    await react(20, -1, { cookie }); // changed: now the newest dislike
    const res = await SELF.fetch(request("/api/likes", { cookie }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const body = (await res.json()) as { liked: { id: number; title: string; slug: string }[]; disliked: { id: number }[] };
    expect(body.liked.map((w) => w.id)).toEqual([23, 21]);
    expect(body.disliked.map((w) => w.id)).toEqual([20, 22]);
    expect(body.liked[0]).toMatchObject({ id: 23, slug: "blue-study-11", title: "Blue study 11", priceMinor: 13000, currency: "USD" });
    expect(await reactionsOf(env.DB, await sessionIdOf(cookie))).toEqual({ liked: [23, 21], disliked: [20, 22] });
  });

  it("is empty (and private) without a session, and never shares another session's likes", async () => {
    const res = await SELF.fetch(request("/api/likes"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await res.json()).toEqual({ liked: [], disliked: [] });
    const other = await newSession(30, 1);
    const mine = await newSession(31, 1);
    const body = (await (await SELF.fetch(request("/api/likes", { cookie: mine }))).json()) as { liked: { id: number }[] };
    expect(body.liked.map((w) => w.id)).toEqual([31]);
    expect(other).not.toBe(mine);
  });

  it("drops works that are no longer available", async () => {
    const cookie = await newSession(40, 1);
    await react(41, 1, { cookie });
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = 41").run();
    const body = (await (await SELF.fetch(request("/api/likes", { cookie }))).json()) as { liked: { id: number }[] };
    expect(body.liked.map((w) => w.id)).toEqual([40]);
    await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = 41").run();
  });
});

describe("GET /api/likes/{artworkId}", () => {
  it("answers the session's reaction to one work", async () => {
    const cookie = await newSession(12, -1);
    const res = await SELF.fetch(request("/api/likes/12", { cookie }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await res.json()).toEqual({ artworkId: 12, value: -1 });
    expect(await (await SELF.fetch(request("/api/likes/13", { cookie }))).json()).toEqual({ artworkId: 13, value: 0 });
    expect(await (await SELF.fetch(request("/api/likes/12"))).json()).toEqual({ artworkId: 12, value: 0 });
    expect((await SELF.fetch(request("/api/likes/x", { cookie }))).status).toBe(400);
    expect((await SELF.fetch(request("/api/likes/99999", { cookie }))).status).toBe(404);
  });
});

describe("wrong methods", () => {
  it("answers 405 with Allow", async () => {
    const list = await SELF.fetch(request("/api/likes", { method: "POST", headers: { Origin: ORIGIN } }));
    expect(list.status).toBe(405);
    expect(list.headers.get("Allow")).toBe("GET, HEAD");
    const one = await SELF.fetch(request("/api/likes/1", { method: "DELETE", headers: { Origin: ORIGIN } }));
    expect(one.status).toBe(405);
    expect(one.headers.get("Allow")).toBe("GET, HEAD, PUT");
    expect(await one.json()).toMatchObject({ error: "method_not_allowed" });
  });
});

describe("personalState and reactionsOf (for the artwork page and the personal feed)", () => {
  it("says nothing without a session", async () => {
    expect(await personalState(env, null, 1)).toEqual({ reaction: 0, walls: [] });
    expect(await reactionsOf(env.DB, null)).toEqual({ liked: [], disliked: [] });
  });

  it("reports the reaction and the walls with whether each holds the work", async () => {
    const cookie = await newSession(7, 1);
    const id = await sessionIdOf(cookie);
    const post = (path: string, body: unknown) =>
      SELF.fetch(request(path, { method: "POST", cookie, headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify(body) }));
    const a = (await (await post("/api/walls", { name: "Hall" })).json()) as { id: number };
    const b = (await (await post("/api/walls", { name: "Study" })).json()) as { id: number };
    expect((await post(`/api/walls/${a.id}/items`, { artworkId: 7 })).status).toBe(201);
    const state = await personalState(env, id, 7);
    expect(state.reaction).toBe(1);
    expect(state.walls).toEqual(
      expect.arrayContaining([
        { id: a.id, name: "Hall", contains: true },
        { id: b.id, name: "Study", contains: false },
      ]),
    );
    expect(state.walls).toHaveLength(2);
  });
});
