import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { TOTAL_COUNT_CAP, browsePosition, normaliseTag, parseAfter, parsePage } from "../../app/server/browse.server";
import { countText } from "../../app/utils/paging";
import { tagWords } from "../../app/utils/tags";
import { WORKS, request, seedCatalogue } from "./fixtures";

interface Card {
  id: number;
  slug: string;
  title: string;
  artist: string | null;
  artistSlug: string | null;
}
interface Paged {
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  hasMore: boolean;
  next: string | null;
  works: Card[];
}
interface TagAnswer extends Paged {
  tag: string;
}
interface ArtistAnswer extends Paged {
  artist: { slug: string; name: string };
  tags: { tag: string; count: number }[];
}

const EXTRA = 5;

beforeAll(async () => {
  await seedCatalogue();
  // Five more "abstract" works (newer than the fixture's), so the tag runs past one page of 48.
  const exists = await env.DB.prepare("SELECT COUNT(*) AS n FROM artworks WHERE id > 100").first<{ n: number }>();
  if (exists?.n) return;
  const statements = Array.from({ length: EXTRA }, (_, i) => [
    env.DB.prepare(
      `INSERT INTO artworks (id, slug, title, artist_id, tags, min_price_minor, currency, first_seen_at) VALUES (?, ?, ?, 2, '["abstract","night"]', 9000, 'USD', ?)`,
    ).bind(101 + i, `night-piece-${i + 1}`, `Night piece ${i + 1}`, 1_800_000_000_000 + i),
    env.DB.prepare("INSERT INTO artwork_tags (artwork_id, tag) VALUES (?, 'abstract'), (?, 'night')").bind(101 + i, 101 + i),
  ]).flat();
  await env.DB.batch(statements);
});

async function get<T>(path: string): Promise<{ res: Response; body: T }> {
  const res = await SELF.fetch(request(path));
  return { res, body: (await res.json()) as T };
}

describe("GET /api/tags/{tag}", () => {
  it("lists the available works with a tag, newest first, publicly cacheable", async () => {
    const { res, body } = await get<TagAnswer>("/api/tags/red");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, .*s-maxage=\d+/);
    expect(body).toMatchObject({ tag: "red", total: 12, totalCapped: false, page: 1, pageSize: 48, hasMore: false, next: null });
    const red = WORKS.filter((w) => w.family === "red");
    expect(body.works.map((w) => w.id)).toEqual(red.map((w) => w.id).reverse());
    expect(body.works[0]).toMatchObject({ slug: "red-study-12", title: "Red study 12", artist: "Ada Brush", artistSlug: "ada-brush" });
  });

  it("pages 48 at a time with a keyset next link; an old ?page=N link starts again at page 1", async () => {
    const first = await get<TagAnswer>("/api/tags/abstract");
    const lastId = first.body.works.at(-1)!.id;
    expect(first.body).toMatchObject({ total: WORKS.length + EXTRA, page: 1, hasMore: true, next: `/api/tags/abstract?after=${lastId}&page=2` });
    expect(first.body.works).toHaveLength(48);
    expect(first.body.works.slice(0, EXTRA).map((w) => w.slug)).toEqual(["night-piece-5", "night-piece-4", "night-piece-3", "night-piece-2", "night-piece-1"]);
    const second = await get<TagAnswer>(first.body.next!);
    expect(second.body).toMatchObject({ page: 2, hasMore: false, next: null });
    expect(second.body.works).toHaveLength(EXTRA);
    const all = [...first.body.works, ...second.body.works].map((w) => w.id);
    expect(new Set(all).size).toBe(WORKS.length + EXTRA);
    const old = await get<TagAnswer>("/api/tags/abstract?page=7");
    expect(old.res.status).toBe(200);
    expect(old.body).toMatchObject({ page: 1, next: first.body.next });
    expect(old.body.works.map((w) => w.id)).toEqual(first.body.works.map((w) => w.id));
    const beyond = await get<TagAnswer>("/api/tags/abstract?after=1&page=3");
    expect(beyond.body).toMatchObject({ total: WORKS.length + EXTRA, page: 3, hasMore: false, next: null, works: [] });
  });

  it("matches the tag in its stored slug form", async () => {
    const { res, body } = await get<TagAnswer>("/api/tags/RED");
    expect(res.status).toBe(200);
    expect(body.tag).toBe("red");
    expect(body.total).toBe(12);
  });

  it("404s an unknown tag and 400s a bad page or an unusable tag", async () => {
    const missing = await get<{ error: string; message: string }>("/api/tags/no-such-tag");
    expect(missing.res.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "not_found" });
    expect(missing.body.message).toContain("no-such-tag");
    for (const query of ["page=0", "page=-1", "page=1.5", "page=abc", "page=", "page=1000000", "after=0", "after=x", "after=-3", "after=1e99"]) {
      const bad = await SELF.fetch(request(`/api/tags/red?${query}`));
      expect(bad.status, query).toBe(400);
      expect(await bad.json()).toMatchObject({ error: "invalid_request" });
    }
    const blank = await SELF.fetch(request("/api/tags/%20%21%20"));
    expect(blank.status).toBe(400);
    await blank.arrayBuffer();
    const long = await SELF.fetch(request(`/api/tags/${"a".repeat(65)}`));
    expect(long.status).toBe(400);
    await long.arrayBuffer();
  });

  it("405s other methods", async () => {
    const res = await SELF.fetch(request("/api/tags/red", { method: "POST" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    await res.arrayBuffer();
  });

  it("drops works that become unavailable", async () => {
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = 12").run();
    try {
      const { body } = await get<TagAnswer>("/api/tags/red");
      expect(body.total).toBe(11);
      expect(body.works.map((w) => w.id)).not.toContain(12);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = 12").run();
    }
  });
});

describe("GET /api/artists/{slug}", () => {
  it("answers the artist, their works newest first, their top tags, publicly cacheable", async () => {
    const { res, body } = await get<ArtistAnswer>("/api/artists/ada-brush");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, .*s-maxage=\d+/);
    const theirs = WORKS.filter((w) => w.artist === "Ada Brush");
    expect(body.artist).toEqual({ slug: "ada-brush", name: "Ada Brush" });
    expect(body).toMatchObject({ total: theirs.length, totalCapped: false, page: 1, pageSize: 48, hasMore: false, next: null });
    expect(body.works.map((w) => w.id)).toEqual(theirs.map((w) => w.id).reverse());
    expect(body.works.every((w) => w.artistSlug === "ada-brush")).toBe(true);
    expect(body.tags).toEqual([
      { tag: "abstract", count: theirs.length },
      { tag: "blue", count: 4 },
      { tag: "green", count: 4 },
      { tag: "red", count: 4 },
      { tag: "yellow", count: 4 },
    ]);
  });

  it("pages, 404s an unknown artist and 400s a bad slug or page", async () => {
    const beyond = await get<ArtistAnswer>("/api/artists/ben-canvas?after=1&page=2");
    expect(beyond.res.status).toBe(200);
    expect(beyond.body).toMatchObject({ page: 2, hasMore: false, works: [] });
    expect(beyond.body.total).toBe(WORKS.filter((w) => w.artist === "Ben Canvas").length + EXTRA);
    const missing = await get<{ error: string }>("/api/artists/nobody-at-all");
    expect(missing.res.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "not_found" });
    for (const path of ["/api/artists/Ada%20Brush", "/api/artists/-ada", "/api/artists/ada-brush?page=0", "/api/artists/ada-brush?page=x", "/api/artists/ada-brush?after=0"]) {
      const bad = await SELF.fetch(request(path));
      expect(bad.status, path).toBe(400);
      expect(await bad.json()).toMatchObject({ error: "invalid_request" });
    }
  });

  it("405s other methods", async () => {
    const res = await SELF.fetch(request("/api/artists/ada-brush", { method: "DELETE" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    await res.arrayBuffer();
  });

  it("both routes are in the OpenAPI document", async () => {
    const doc = (await (await SELF.fetch(request("/api/openapi.json"))).json()) as { paths: Record<string, { get?: unknown }> };
    expect(doc.paths["/api/tags/{tag}"]?.get).toBeTruthy();
    expect(doc.paths["/api/artists/{slug}"]?.get).toBeTruthy();
  });
});

describe("browse helpers", () => {
  it("normalises tags to their slug form", () => {
    expect(normaliseTag("Oil Painting")).toBe("oil-painting");
    expect(normaliseTag("red")).toBe("red");
    expect(normaliseTag(" !! ")).toBeNull();
    expect(normaliseTag("x".repeat(65))).toBeNull();
    expect(tagWords("oil-painting")).toBe("oil painting");
  });

  it("reads page numbers", () => {
    expect(parsePage(null)).toBe(1);
    expect(parsePage("")).toBe(1);
    expect(parsePage("3")).toBe(3);
    for (const bad of ["0", "-2", "2.5", "abc", "1000000", "1e3"]) expect(parsePage(bad)).toBeNull();
  });

  it("reads keyset positions: a page number alone starts again at page 1", () => {
    expect(parseAfter(null)).toBeUndefined();
    expect(parseAfter("42")).toBe(42);
    for (const bad of ["0", "-1", "x", "1.5", "1".repeat(16)]) expect(parseAfter(bad)).toBeNull();
    expect(browsePosition(undefined, 7)).toEqual({ after: null, page: 1 });
    expect(browsePosition(42, 1)).toEqual({ after: 42, page: 2 });
    expect(browsePosition(42, 5)).toEqual({ after: 42, page: 5 });
  });

  it("says a capped total with a plus", () => {
    expect(countText({ total: 1, totalCapped: false }, "work", "works")).toBe("1 work");
    expect(countText({ total: 12, totalCapped: false }, "work", "works")).toBe("12 works");
    expect(countText({ total: TOTAL_COUNT_CAP, totalCapped: true }, "work", "works")).toBe(`${TOTAL_COUNT_CAP}+ works`);
  });
});
