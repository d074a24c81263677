import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../app/server/feed-cursor";
import { DISLIKE_NEIGHBOURS_SUNK, discoveryIds, vibeBySlug } from "../../app/server/feeds.server";
import { activeModel } from "../../app/server/models.server";
import { discoveryRank } from "../../workers/db/discovery-rank";
import { signSessionId } from "../../app/server/session.server";
import { WORKS, request, seedCatalogue } from "./fixtures";

beforeAll(seedCatalogue);

interface Card { id: number; slug: string; dominantColour: string | null }
interface FeedBody { feed: string; works: Card[]; nextCursor: string | null }

async function feed(path: string, cookie?: string): Promise<{ res: Response; body: FeedBody }> {
  const res = await SELF.fetch(request(path, { cookie }));
  return { res, body: (await res.json()) as FeedBody };
}

let sessionCounter = 0;
async function newSession(): Promise<{ id: string; cookie: string }> {
  const id = `feedtestsession${String(++sessionCounter).padStart(7, "0")}`;
  await env.DB.prepare("INSERT INTO sessions (id) VALUES (?)").bind(id).run();
  return { id, cookie: `as_session=${encodeURIComponent(await signSessionId(id, env.SESSION_SECRET!))}` };
}

async function react(sessionId: string, artworkId: number, value: 1 | -1) {
  await env.DB.prepare("INSERT INTO reactions (session_id, artwork_id, value) VALUES (?, ?, ?)").bind(sessionId, artworkId, value).run();
}

describe("discovery feed", () => {
  it("pages through every work exactly once with a stable seed", async () => {
    const seen: number[] = [];
    let path = "/api/feed?limit=20";
    const first = await feed(path);
    expect(first.res.headers.get("Cache-Control")).toMatch(/public.*s-maxage=\d+.*stale-while-revalidate/);
    let body = first.body;
    for (;;) {
      seen.push(...body.works.map((w) => w.id));
      if (!body.nextCursor) break;
      path = `/api/feed?limit=20&cursor=${body.nextCursor}`;
      body = (await feed(path)).body;
    }
    expect(seen).toHaveLength(48);
    expect(new Set(seen).size).toBe(48);
  });

  it("gives the same page for the same cursor (shared links reproduce) and a different order for another seed", async () => {
    const a = await feed("/api/feed?limit=12");
    const again = await feed(`/api/feed?limit=12&cursor=${a.body.nextCursor}`);
    const twice = await feed(`/api/feed?limit=12&cursor=${a.body.nextCursor}`);
    expect(again.body.works.map((w) => w.id)).toEqual(twice.body.works.map((w) => w.id));
    const daily = await feed("/api/feed?limit=48");
    const dailyIds = daily.body.works.map((w) => w.id).join(",");
    // A random seed is a random point on the ring of 48 ranks: about 1 in 48 lands in the daily
    // seed's gap and gives the daily order, so a few shuffles are asked for (all-same odds ~1e-8).
    const shuffles: string[] = [];
    for (let i = 0; i < 5; i++) {
      const shuffled = await feed("/api/feed?limit=48&shuffle=1");
      expect(shuffled.res.headers.get("Cache-Control")).toBe("private, no-store");
      shuffles.push(shuffled.body.works.map((w) => w.id).join(","));
    }
    expect(shuffles.some((ids) => ids !== dailyIds)).toBe(true);
    // not simply id order
    expect(daily.body.works.map((w) => w.id)).not.toEqual([...daily.body.works.map((w) => w.id)].sort((x, y) => x - y));
  });

  it("reads the precomputed shuffle from the seed's point round the ring, each work once, whatever the page size", async () => {
    const ranks = await env.DB.prepare("SELECT id, discovery_rank AS rank FROM artworks WHERE available = 1").all<{ id: number; rank: number }>();
    for (const row of ranks.results) expect(row.rank).toBe(discoveryRank(row.id));
    const seed = [...ranks.results].sort((a, b) => a.rank - b.rank)[20]!.rank;
    const expected = [...ranks.results]
      .sort((a, b) => a.rank - b.rank || a.id - b.id)
      .map((r) => r.id);
    const rotated = [...expected.slice(20), ...expected.slice(0, 20)];
    expect((await discoveryIds(env.DB, seed, 100)).ids).toEqual(rotated);
    for (const size of [1, 7, 20]) {
      const seen: number[] = [];
      let after: Parameters<typeof discoveryIds>[3];
      for (;;) {
        const read = await discoveryIds(env.DB, seed, size, after);
        seen.push(...read.ids);
        if (read.ids.length < size) break;
        after = read.positions.at(-1);
      }
      expect(seen, `pages of ${size}`).toEqual(rotated);
    }
  });

  it("restarts an older offset cursor at its seed's first page", async () => {
    const today = await feed("/api/feed?limit=12");
    const seed = decodeCursor(today.body.nextCursor!).s;
    const old = btoa(JSON.stringify({ k: "discover", s: seed, o: 24 })).replace(/=+$/, "");
    const again = await feed(`/api/feed?limit=12&cursor=${old}`);
    expect(again.res.status).toBe(200);
    expect(again.body.works.map((w) => w.id)).toEqual(today.body.works.map((w) => w.id));
    const bad = encodeCursor({ k: "discover", s: seed, p: [0, 5, 3] }).slice(0, -2) + "!!";
    expect((await SELF.fetch(request(`/api/feed?cursor=${bad}`))).status).toBe(400);
    const badPhase = btoa(JSON.stringify({ k: "discover", s: seed, p: [2, 5, 3] })).replace(/=+$/, "");
    const refused = await SELF.fetch(request(`/api/feed?cursor=${badPhase}`));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "invalid_cursor" });
  });

  it("refuses malformed cursors, feeds and limits with 400", async () => {
    for (const path of ["/api/feed?cursor=%%%", "/api/feed?cursor=eyJrIjoieCJ9", "/api/feed?feed=nope", "/api/feed?limit=0", "/api/feed?limit=1000"]) {
      const res = await SELF.fetch(request(path));
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    expect((await SELF.fetch(request("/api/feed", { method: "POST" }))).status).toBe(405);
  });

  it("asks for a session before the personal feed", async () => {
    const res = await SELF.fetch(request("/api/feed?feed=for-you"));
    expect(res.status).toBe(401);
  });
});

const family = (id: number) => WORKS.find((w) => w.id === id)!.family;

describe("personal feed", () => {
  it("follows likes: works near a liked work rise, near a disliked one sink, nothing repeats", async () => {
    const { id, cookie } = await newSession();
    const before = await feed("/api/feed?limit=12&shuffle=1", cookie);
    const redsBefore = before.body.works.filter((w) => family(w.id) === "red").length;

    const likedRed = WORKS.find((w) => w.family === "red")!;
    const dislikedBlue = WORKS.find((w) => w.family === "blue")!;
    await react(id, likedRed.id, 1);
    await react(id, dislikedBlue.id, -1);

    const page1 = await feed("/api/feed?limit=12", cookie);
    expect(page1.body.feed).toBe("for-you");
    expect(page1.res.headers.get("Cache-Control")).toBe("private, no-store");
    const ids1 = page1.body.works.map((w) => w.id);
    // the liked work's 10 cached neighbours (all red) come first; none of the disliked work's
    // nearest neighbours fills the rest (which other blue works may, as the day's seed falls)
    expect(ids1.slice(0, 10).every((w) => family(w) === "red")).toBe(true);
    expect(ids1.filter((w) => family(w) === "red").length).toBeGreaterThan(redsBefore);
    const nearDisliked = await env.DB.prepare("SELECT neighbour_id AS id FROM neighbours WHERE artwork_id = ? ORDER BY rank LIMIT ?")
      .bind(dislikedBlue.id, DISLIKE_NEIGHBOURS_SUNK)
      .all<{ id: number }>();
    expect(nearDisliked.results).toHaveLength(DISLIKE_NEIGHBOURS_SUNK);
    expect(nearDisliked.results.every((n) => family(n.id) === "blue")).toBe(true);
    expect(ids1.filter((w) => nearDisliked.results.some((n) => n.id === w))).toEqual([]);
    expect(ids1.slice(0, 10).some((w) => family(w) === "blue")).toBe(false);
    expect(ids1).not.toContain(likedRed.id);
    expect(new Set(ids1).size).toBe(ids1.length);

    const page2 = await feed(`/api/feed?limit=12&cursor=${page1.body.nextCursor}`, cookie);
    const ids2 = page2.body.works.map((w) => w.id);
    expect(ids2.filter((w) => ids1.includes(w))).toEqual([]);
    expect(new Set(ids2).size).toBe(ids2.length);
    // blue (near the dislike) only after the other families are exhausted
    const page3 = await feed(`/api/feed?limit=12&cursor=${page2.body.nextCursor}`, cookie);
    const ids3 = page3.body.works.map((w) => w.id);
    expect([...ids1, ...ids2, ...ids3].filter((w) => family(w) === "blue").length).toBeLessThanOrEqual(3);
    expect(new Set([...ids1, ...ids2, ...ids3]).size).toBe(36);
  });

  it("changes when a new like arrives", async () => {
    const { id, cookie } = await newSession();
    await react(id, WORKS.find((w) => w.family === "green")!.id, 1);
    const greens = await feed("/api/feed?limit=8", cookie);
    expect(greens.body.works.every((w) => family(w.id) === "green")).toBe(true);
    await react(id, WORKS.find((w) => w.family === "yellow")!.id, 1);
    const next = await feed("/api/feed?limit=8", cookie);
    expect(next.body.works.every((w) => family(w.id) === "yellow")).toBe(true);
  });
});

describe("vibes and artworks", () => {
  it("lists vibes with representatives", async () => {
    const res = await SELF.fetch(request("/api/vibes"));
    const body = (await res.json()) as { vibes: { slug: string; name: string; works: Card[] }[] };
    expect(body.vibes.map((v) => v.slug)).toEqual(["red-vibe", "blue-vibe", "green-vibe", "yellow-vibe"]);
    expect(body.vibes[1]!.works.every((w) => w.dominantColour === "blue")).toBe(true);
    const one = await SELF.fetch(request("/api/vibes/green-vibe"));
    expect(((await one.json()) as { works: Card[]; next: string | null })).toMatchObject({ next: null });
    expect((await SELF.fetch(request("/api/vibes/none"))).status).toBe(404);
    expect((await SELF.fetch(request("/api/vibes/Bad_Slug!"))).status).toBe(400);
    expect((await SELF.fetch(request("/api/vibes/green-vibe?after=-1"))).status).toBe(400);
  });

  it("pages a vibe by keyset, each work once", async () => {
    const model = await activeModel(env.DB, undefined);
    const all = await vibeBySlug(env.DB, model, "green-vibe");
    expect(all!.works).toHaveLength(12);
    const seen: number[] = [];
    let after = 0;
    for (let page = 0; page < 20; page++) {
      const vibe = await vibeBySlug(env.DB, model, "green-vibe", after, 5);
      seen.push(...vibe!.works.map((w) => w.id));
      if (vibe!.nextAfter === null) break;
      after = vibe!.nextAfter;
    }
    expect(seen).toHaveLength(12);
    expect([...seen].sort((a, b) => a - b)).toEqual(all!.works.map((w) => w.id).sort((a, b) => a - b));
  });

  it("returns an artwork with offers, variants and a tracked buy URL", async () => {
    const work = WORKS[13]!;
    const res = await SELF.fetch(request(`/api/artworks/${work.slug}`));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public/);
    const body = (await res.json()) as { title: string; artist: string; tags: string[]; offers: { buyUrl: string; variants: unknown[] }[]; cheapestOfferId: number };
    expect(body.title).toBe(work.title);
    expect(body.artist).toBe(work.artist);
    expect(body.tags).toEqual([work.family, "abstract"]);
    expect(body.offers[0]!.buyUrl).toBe(`/go/${work.offerId}`);
    expect(body.offers[0]!.variants).toHaveLength(2);
    expect(body.cheapestOfferId).toBe(work.offerId);
    expect((await SELF.fetch(request("/api/artworks/no-such-work"))).status).toBe(404);
    expect((await SELF.fetch(request("/api/artworks/%3Cscript%3E"))).status).toBe(400);
    expect((await SELF.fetch(request(`/api/artworks/${work.slug}`, { method: "PUT" }))).status).toBe(405);
  });

  it("answers similar works from the neighbour cache, same family first", async () => {
    const work = WORKS.find((w) => w.family === "yellow")!;
    const res = await SELF.fetch(request(`/api/artworks/${work.slug}/similar?limit=8`));
    const body = (await res.json()) as { model: string; works: (Card & { score: number })[] };
    expect(body.model).toBe("test-model");
    expect(body.works).toHaveLength(8);
    expect(body.works.every((w) => family(w.id) === "yellow")).toBe(true);
    expect(body.works[0]!.score).toBeGreaterThanOrEqual(body.works[7]!.score);
    expect((await SELF.fetch(request(`/api/artworks/${work.slug}/similar?limit=500`))).status).toBe(400);
    const more = await SELF.fetch(request(`/api/artworks/${work.slug}/more-by-artist`));
    const moreBody = (await more.json()) as { works: Card[] };
    expect(moreBody.works.length).toBeGreaterThan(0);
    expect(moreBody.works.map((w) => w.id)).not.toContain(work.id);
  });

  it("serves anonymous answers from the edge cache until the catalogue changes", async () => {
    const path = "/api/artworks/red-study-2";
    const first = await SELF.fetch(request(path));
    await first.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    const second = await SELF.fetch(request(path));
    expect(second.headers.get("X-Edge-Cache")).toBe("HIT");
    await second.arrayBuffer();
    await env.DB.prepare("UPDATE artworks SET title = 'Red study two' WHERE slug = 'red-study-2'").run();
    const third = await SELF.fetch(request(path));
    expect(third.headers.get("X-Edge-Cache")).toBe("MISS");
    expect(((await third.json()) as { title: string }).title).toBe("Red study two");
  });
});
