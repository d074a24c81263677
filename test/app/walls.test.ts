import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { request, seedCatalogue, sessionCookieFrom } from "./fixtures";

beforeAll(seedCatalogue);

const ORIGIN = "https://art-snob.test";

interface Wall {
  id: number;
  name: string;
  shareToken: string;
  sharePath: string;
  shareUrl: string;
  works: { id: number; priceMinor: number | null; currency: string | null }[];
  unavailable: { id: number }[];
  totals: { currency: string; amountMinor: number; works: number }[];
  unpriced: number;
}

function call(method: string, path: string, init: { cookie?: string; body?: unknown; raw?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.origin !== null) headers.Origin = init.origin ?? ORIGIN;
  if (init.body !== undefined || init.raw !== undefined) headers["Content-Type"] = "application/json";
  return SELF.fetch(request(path, { method, cookie: init.cookie, headers, body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)) }));
}

/** A fresh visitor with one wall holding `items`. */
async function visitorWithWall(name = "Living room", items: number[] = []): Promise<{ cookie: string; wall: Wall }> {
  const res = await call("POST", "/api/walls", { body: { name } });
  expect(res.status).toBe(201);
  const cookie = sessionCookieFrom(res);
  let wall = (await res.json()) as Wall;
  for (const artworkId of items) {
    const added = await call("POST", `/api/walls/${wall.id}/items`, { cookie, body: { artworkId } });
    expect(added.status).toBe(201);
    wall = (await added.json()) as Wall;
  }
  return { cookie, wall };
}

describe("creating and listing walls", () => {
  it("creates a wall (and the session), lists it privately, shows it to its owner", async () => {
    const res = await call("POST", "/api/walls", { body: { name: "  Bedroom  " } });
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const cookie = sessionCookieFrom(res);
    const wall = (await res.json()) as Wall;
    expect(res.headers.get("Location")).toBe(`/api/walls/${wall.id}`);
    expect(wall).toMatchObject({ name: "Bedroom", works: [], unavailable: [], totals: [], unpriced: 0 });
    expect(wall.shareToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(wall.sharePath).toBe(`/w/${wall.shareToken}`);
    expect(wall.shareUrl).toBe(`https://art-snob.test/w/${wall.shareToken}`);

    const list = await SELF.fetch(request("/api/walls", { cookie }));
    expect(list.status).toBe(200);
    expect(list.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await list.json()).toEqual({
      walls: [{ id: wall.id, name: "Bedroom", works: 0, coverImageHash: null, sharePath: wall.sharePath, updatedAt: expect.any(Number), totals: [], unpriced: 0 }],
    });

    const one = await SELF.fetch(request(`/api/walls/${wall.id}`, { cookie }));
    expect(one.status).toBe(200);
    expect(one.headers.get("Cache-Control")).toBe("private, no-store");
    expect(((await one.json()) as Wall).name).toBe("Bedroom");
  });

  it("lists nothing without a session", async () => {
    const res = await SELF.fetch(request("/api/walls"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await res.json()).toEqual({ walls: [] });
  });

  it("refuses names that are empty, too long or not text, and bad JSON, with 400", async () => {
    for (const name of ["", "   ", "x".repeat(81), 42, null, "tab\there"]) {
      const res = await call("POST", "/api/walls", { body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
    expect((await call("POST", "/api/walls", { body: { name: "x".repeat(80) } })).status).toBe(201);
    const bad = await call("POST", "/api/walls", { raw: "{name:" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_json" });
  });

  it("refuses to create a wall from another site", async () => {
    const res = await call("POST", "/api/walls", { body: { name: "Evil" }, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const made = await env.DB.prepare("SELECT COUNT(*) AS n FROM walls WHERE name = 'Evil'").first<{ n: number }>();
    expect(made?.n).toBe(0);
  });
});

describe("changing a wall", () => {
  it("adds works in order, totals prices per currency, and ignores a second add", async () => {
    const { cookie, wall } = await visitorWithWall("Kitchen", [1, 14, 2]);
    expect(wall.works.map((w) => w.id)).toEqual([1, 14, 2]);
    // Works 1, 2, 14 cost $30, $40, $40 (fixture prices: 3000 + k*1000).
    expect(wall.totals).toEqual([{ currency: "USD", amountMinor: 3000 + 4000 + 4000, works: 3 }]);
    const again = await call("POST", `/api/walls/${wall.id}/items`, { cookie, body: { artworkId: 14 } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Wall).works.map((w) => w.id)).toEqual([1, 14, 2]);
  });

  it("never adds amounts in different currencies", async () => {
    await env.DB.prepare("UPDATE artworks SET currency = 'EUR', min_price_minor = 5000 WHERE id = 48").run();
    await env.DB.prepare("UPDATE artworks SET min_price_minor = NULL WHERE id = 47").run();
    // Totals follow the chosen print size (issue 15): the sizes' prices change with the works'.
    await env.DB.prepare("UPDATE offer_variants SET currency = 'EUR', price_minor = price_minor - 9000 WHERE offer_id = 48").run();
    await env.DB.prepare("UPDATE offer_variants SET price_minor = NULL WHERE offer_id = 47").run();
    await env.DB.prepare("UPDATE offers SET price_minor = NULL WHERE id = 47").run();
    try {
      const { cookie, wall } = await visitorWithWall("Mixed", [1, 48, 47, 2]);
      expect(wall.totals).toEqual([
        { currency: "USD", amountMinor: 7000, works: 2 },
        { currency: "EUR", amountMinor: 5000, works: 1 },
      ]);
      expect(wall.unpriced).toBe(1);
      const list = (await (await SELF.fetch(request("/api/walls", { cookie }))).json()) as { walls: { totals: unknown; unpriced: number; works: number }[] };
      expect(list.walls[0]).toMatchObject({ works: 4, unpriced: 1, totals: wall.totals });
      const shared = (await (await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`))).json()) as { totals: unknown; unpriced: number };
      expect(shared).toMatchObject({ totals: wall.totals, unpriced: 1 });
    } finally {
      await env.DB.prepare("UPDATE artworks SET currency = 'USD', min_price_minor = 14000 WHERE id = 48").run();
      await env.DB.prepare("UPDATE artworks SET min_price_minor = 13000 WHERE id = 47").run();
      await env.DB.prepare("UPDATE offer_variants SET currency = 'USD', price_minor = price_minor + 9000 WHERE offer_id = 48").run();
      await env.DB.prepare("UPDATE offer_variants SET price_minor = CASE label WHEN 'Small' THEN 13000 ELSE 18000 END WHERE offer_id = 47").run();
      await env.DB.prepare("UPDATE offers SET price_minor = 13000 WHERE id = 47").run();
    }
  });

  it("renames, reorders, removes and deletes", async () => {
    const { cookie, wall } = await visitorWithWall("Office", [5, 6, 7]);
    const renamed = await call("PATCH", `/api/walls/${wall.id}`, { cookie, body: { name: "Study" } });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as Wall).name).toBe("Study");

    const reordered = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: [7, 5, 6] } });
    expect(reordered.status).toBe(200);
    expect(((await reordered.json()) as Wall).works.map((w) => w.id)).toEqual([7, 5, 6]);

    // PUT replaces the set as well as the order.
    const replaced = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: [6, 9] } });
    expect(((await replaced.json()) as Wall).works.map((w) => w.id)).toEqual([6, 9]);

    const removed = await call("DELETE", `/api/walls/${wall.id}/items/6`, { cookie });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as Wall).works.map((w) => w.id)).toEqual([9]);
    const notThere = await call("DELETE", `/api/walls/${wall.id}/items/6`, { cookie });
    expect(notThere.status).toBe(404);
    expect(await notThere.json()).toMatchObject({ error: "not_in_wall" });

    const deleted = await call("DELETE", `/api/walls/${wall.id}`, { cookie });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true, id: wall.id });
    expect((await SELF.fetch(request(`/api/walls/${wall.id}`, { cookie }))).status).toBe(404);
    expect((await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`))).status).toBe(404);
    const items = await env.DB.prepare("SELECT COUNT(*) AS n FROM wall_items WHERE wall_id = ?").bind(wall.id).first<{ n: number }>();
    expect(items?.n).toBe(0);
  });

  it("refuses bad ids, bad bodies and unknown works", async () => {
    const { cookie, wall } = await visitorWithWall("Hall", [1]);
    for (const id of ["abc", "0", "-3", "1.5"]) {
      expect((await SELF.fetch(request(`/api/walls/${id}`, { cookie }))).status, id).toBe(400);
      expect((await call("PATCH", `/api/walls/${id}`, { cookie, body: { name: "x" } })).status, id).toBe(400);
    }
    expect((await call("DELETE", `/api/walls/${wall.id}/items/abc`, { cookie })).status).toBe(400);
    expect((await call("PATCH", `/api/walls/${wall.id}`, { cookie, body: { name: "y".repeat(81) } })).status).toBe(400);
    expect((await call("PATCH", `/api/walls/${wall.id}`, { cookie, raw: "nope" })).status).toBe(400);
    for (const body of [{}, { artworkId: "1" }, { artworkId: 0 }, { artworkId: 1.5 }]) {
      expect((await call("POST", `/api/walls/${wall.id}/items`, { cookie, body })).status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await call("POST", `/api/walls/${wall.id}/items`, { cookie, body: { artworkId: 99999 } });
    expect(unknown.status).toBe(404);

    const tooMany = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: Array.from({ length: 201 }, (_, i) => i + 1) } });
    expect(tooMany.status).toBe(400);
    const dupes = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: [1, 1] } });
    expect(dupes.status).toBe(400);
    expect(await dupes.json()).toMatchObject({ error: "duplicate_artwork" });
    const notList = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: "1,2" } });
    expect(notList.status).toBe(400);
    const missing = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: [1, 99999] } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found", details: { artworkIds: [99999] } });
    // Nothing changed by the refused requests.
    const now = (await (await SELF.fetch(request(`/api/walls/${wall.id}`, { cookie }))).json()) as Wall;
    expect(now.works.map((w) => w.id)).toEqual([1]);
    expect(now.name).toBe("Hall");
  });

  it("keeps works that stop being sold apart, out of the total, until removed", async () => {
    const { cookie, wall } = await visitorWithWall("Landing", [15, 16]);
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = 16").run();
    try {
      const now = (await (await SELF.fetch(request(`/api/walls/${wall.id}`, { cookie }))).json()) as Wall;
      expect(now.works.map((w) => w.id)).toEqual([15]);
      expect(now.unavailable.map((w) => w.id)).toEqual([16]);
      expect(now.totals).toEqual([{ currency: "USD", amountMinor: 5000, works: 1 }]);
      // It can stay in a reorder, but an unavailable work cannot be newly added.
      expect((await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: [16, 15] } })).status).toBe(200);
      const other = await visitorWithWall("Other");
      expect((await call("POST", `/api/walls/${other.wall.id}/items`, { cookie: other.cookie, body: { artworkId: 16 } })).status).toBe(404);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = 16").run();
    }
  });
});

describe("only the owner's session can see or change a wall", () => {
  it("answers 401 without a session", async () => {
    const { wall } = await visitorWithWall("Private", [1]);
    const attempts = [
      SELF.fetch(request(`/api/walls/${wall.id}`)),
      call("PATCH", `/api/walls/${wall.id}`, { body: { name: "Mine now" } }),
      call("DELETE", `/api/walls/${wall.id}`),
      call("PUT", `/api/walls/${wall.id}/items`, { body: { artworkIds: [] } }),
      call("POST", `/api/walls/${wall.id}/items`, { body: { artworkId: 2 } }),
      call("DELETE", `/api/walls/${wall.id}/items/1`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: "no_session" });
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("answers 404 to another session, exactly as for a wall that does not exist", async () => {
    const owner = await visitorWithWall("Owner's", [1, 2]);
    const stranger = await visitorWithWall("Stranger's");
    const id = owner.wall.id;
    const attempts = [
      SELF.fetch(request(`/api/walls/${id}`, { cookie: stranger.cookie })),
      call("PATCH", `/api/walls/${id}`, { cookie: stranger.cookie, body: { name: "Mine now" } }),
      call("DELETE", `/api/walls/${id}`, { cookie: stranger.cookie }),
      call("PUT", `/api/walls/${id}/items`, { cookie: stranger.cookie, body: { artworkIds: [] } }),
      call("POST", `/api/walls/${id}/items`, { cookie: stranger.cookie, body: { artworkId: 3 } }),
      call("DELETE", `/api/walls/${id}/items/1`, { cookie: stranger.cookie }),
    ];
    const nonexistent = (await (await SELF.fetch(request("/api/walls/999999", { cookie: stranger.cookie }))).json()) as unknown;
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(nonexistent);
    }
    const list = (await (await SELF.fetch(request("/api/walls", { cookie: stranger.cookie }))).json()) as { walls: { id: number }[] };
    expect(list.walls.map((w) => w.id)).toEqual([stranger.wall.id]);
    // The owner's wall is untouched.
    const mine = (await (await SELF.fetch(request(`/api/walls/${id}`, { cookie: owner.cookie }))).json()) as Wall;
    expect(mine).toMatchObject({ name: "Owner's" });
    expect(mine.works.map((w) => w.id)).toEqual([1, 2]);
  });

  it("refuses every change from another site with 403, even with the owner's cookie", async () => {
    const { cookie, wall } = await visitorWithWall("Guarded", [1]);
    const evil = "https://evil.example";
    const attempts = [
      call("PATCH", `/api/walls/${wall.id}`, { cookie, origin: evil, body: { name: "Pwned" } }),
      call("DELETE", `/api/walls/${wall.id}`, { cookie, origin: evil }),
      call("PUT", `/api/walls/${wall.id}/items`, { cookie, origin: evil, body: { artworkIds: [] } }),
      call("POST", `/api/walls/${wall.id}/items`, { cookie, origin: evil, body: { artworkId: 2 } }),
      call("DELETE", `/api/walls/${wall.id}/items/1`, { cookie, origin: evil }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: "cross_origin" });
    }
    const now = (await (await SELF.fetch(request(`/api/walls/${wall.id}`, { cookie }))).json()) as Wall;
    expect(now.name).toBe("Guarded");
    expect(now.works.map((w) => w.id)).toEqual([1]);
  });
});

describe("share links", () => {
  it("show the wall's name, works and total publicly, and nothing about the owner", async () => {
    const { cookie, wall } = await visitorWithWall("For the hallway", [3, 1]);
    const other = await call("POST", "/api/walls", { cookie, body: { name: "Secret other wall" } });
    expect(other.status).toBe(201);
    await call("PUT", "/api/likes/9", { cookie, body: { value: 1 } });
    const sessionId = decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;

    const res = await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, .*s-maxage=\d+/);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const text = await res.text();
    const body = JSON.parse(text) as { name: string; works: { id: number }[]; totals: unknown[] };
    // The plan (issue 15) holds positions, sizes and frames: nothing about the owner.
    expect(Object.keys(body).sort()).toEqual(["layout", "name", "sizes", "totals", "unpriced", "works"]);
    expect(body.name).toBe("For the hallway");
    expect(body.works.map((w) => w.id)).toEqual([3, 1]);
    expect(body.totals).toEqual([{ currency: "USD", amountMinor: 5000 + 3000, works: 2 }]);
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain("Secret other wall");
    expect(text).not.toContain(wall.shareToken);
    expect(text).not.toMatch(/session|owner|"id":\s*\d+\s*,\s*"name":\s*"For/);
  });

  it("is kept by the edge cache for anonymous visitors", async () => {
    const { wall } = await visitorWithWall("Cached", [4]);
    const first = await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`));
    expect(first.status).toBe(200);
    expect(first.headers.get("X-Edge-Cache")).toBe("MISS");
    await first.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    const second = await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`));
    expect(second.headers.get("X-Edge-Cache")).toBe("HIT");
    await second.arrayBuffer();
  });

  it("keeps working while the owner edits, and reflects the edits", async () => {
    const { cookie, wall } = await visitorWithWall("Draft", [1]);
    const shared = async (_read: string) => (await (await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`))).json()) as { name: string; works: { id: number }[] };
    expect(await shared("1")).toMatchObject({ name: "Draft" });
    await call("PATCH", `/api/walls/${wall.id}`, { cookie, body: { name: "Final" } });
    await call("POST", `/api/walls/${wall.id}/items`, { cookie, body: { artworkId: 2 } });
    const after = await shared("2");
    expect(after.name).toBe("Final");
    expect(after.works.map((w) => w.id)).toEqual([1, 2]);
    // A visitor with their own session sees the same read-only view.
    const visitor = await visitorWithWall("Visitor's");
    const seen = await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`, { cookie: visitor.cookie }));
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { name: string }).name).toBe("Final");
  });

  it("is read-only: the share path has no write routes", async () => {
    const { cookie, wall } = await visitorWithWall("Read only", [1]);
    for (const method of ["PUT", "DELETE", "POST", "PATCH"]) {
      const res = await call(method, `/api/shared-walls/${wall.shareToken}`, { cookie, body: { name: "Hacked", artworkIds: [] } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD");
    }
    const still = (await (await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`))).json()) as { name: string; works: unknown[] };
    expect(still.name).toBe("Read only");
    expect(still.works).toHaveLength(1);
  });

  it("404s unknown tokens and 400s malformed ones", async () => {
    const unknown = await SELF.fetch(request(`/api/shared-walls/${"A".repeat(32)}`));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not_found" });
    expect((await SELF.fetch(request("/api/shared-walls/short"))).status).toBe(400);
    expect((await SELF.fetch(request(`/api/shared-walls/${"A".repeat(31)}%2F`))).status).toBe(400);
  });

  it("uses a fresh unguessable token for every wall", async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) tokens.add((await visitorWithWall(`W${i}`)).wall.shareToken);
    expect(tokens.size).toBe(5);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes = 192 bits
  });
});

describe("wrong methods on wall routes", () => {
  it("answers 405 with Allow", async () => {
    const cases: [string, string, string][] = [
      ["DELETE", "/api/walls", "GET, HEAD, POST"],
      ["POST", "/api/walls/1", "DELETE, GET, HEAD, PATCH"],
      ["GET", "/api/walls/1/items", "POST, PUT"],
      ["PATCH", "/api/walls/1/items/2", "DELETE"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await call(method, path, method === "GET" ? { origin: null } : {});
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("Allow")).toBe(allow);
    }
  });
});

describe("limits", () => {
  it("holds at most 200 works a wall", async () => {
    const { cookie, wall } = await visitorWithWall("Full");
    // The fixture has 48 works; add enough plain ones to fill a wall.
    const extra = Array.from({ length: 160 }, (_, i) => 1001 + i);
    const inserts = extra.map((id) => env.DB.prepare("INSERT OR IGNORE INTO artworks (id, slug, title, min_price_minor, currency) VALUES (?, ?, ?, 100, 'USD')").bind(id, `extra-${id}`, `Extra ${id}`));
    for (let i = 0; i < inserts.length; i += 50) await env.DB.batch(inserts.slice(i, i + 50));
    const ids = [...Array.from({ length: 40 }, (_, i) => i + 1), ...extra];
    expect(ids).toHaveLength(200);
    const filled = await call("PUT", `/api/walls/${wall.id}/items`, { cookie, body: { artworkIds: ids } });
    expect(filled.status).toBe(200);
    const body = (await filled.json()) as Wall;
    expect(body.works).toHaveLength(200);
    expect(body.works.slice(0, 3).map((w) => w.id)).toEqual([1, 2, 3]);
    const oneMore = await call("POST", `/api/walls/${wall.id}/items`, { cookie, body: { artworkId: 41 } });
    expect(oneMore.status).toBe(409);
    expect(await oneMore.json()).toMatchObject({ error: "wall_full" });
    await call("DELETE", `/api/walls/${wall.id}`, { cookie });
    await env.DB.prepare("DELETE FROM artworks WHERE id > 1000").run();
  });
});

describe("OpenAPI", () => {
  it("documents the likes, walls, share and taste routes", async () => {
    const doc = (await (await SELF.fetch(request("/api/openapi.json"))).json()) as { paths: Record<string, Record<string, { security?: unknown }>> };
    const expected: Record<string, string[]> = {
      "/api/likes": ["get"],
      "/api/likes/{artworkId}": ["get", "put"],
      "/api/walls": ["get", "post"],
      "/api/walls/{id}": ["get", "patch", "delete"],
      "/api/walls/{id}/items": ["put", "post"],
      "/api/walls/{id}/items/{artworkId}": ["delete"],
      "/api/shared-walls/{token}": ["get"],
      "/api/taste": ["get"],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
    expect(doc.paths["/api/walls/{id}"]!.patch!.security).toEqual([{ visitorSession: [] }]);
    expect(doc.paths["/api/shared-walls/{token}"]!.get!.security).toBeUndefined();
  });
});
