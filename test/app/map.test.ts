import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { HOME_VIEW, MAX_ZOOM, fitGeometry, panBy, tileSize, zoomAt } from "../../app/components/MapCanvas";
import { normaliseMap } from "../../app/server/map.server";
import { MODEL, WORKS, request, seedCatalogue } from "./fixtures";

beforeAll(seedCatalogue);

interface MapAnswer {
  model: string | null;
  aspect: number;
  clusters: { slug: string; name: string; x: number; y: number; size: number }[];
  points: { id: number; slug: string; title: string; hash: string | null; x: number; y: number; cluster: string | null }[];
}

async function getMap(): Promise<{ res: Response; body: MapAnswer }> {
  const res = await SELF.fetch(request("/api/map"));
  return { res, body: (await res.json()) as MapAnswer };
}

describe("GET /api/map", () => {
  it("answers every available work as a compact point, normalised to [0, 1], publicly cacheable", async () => {
    const { res, body } = await getMap();
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, .*s-maxage=\d+.*stale-while-revalidate=\d+/);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(body.model).toBe(MODEL.id);
    expect(body.points).toHaveLength(WORKS.length);
    for (const p of body.points) {
      expect(Object.keys(p).sort()).toEqual(["cluster", "hash", "id", "slug", "title", "x", "y"]);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(1);
    }
    // The fixture lays families out at x = 10f + k%4 (0..33), y = 5f + floor(k/4) (0..17).
    const byId = new Map(body.points.map((p) => [p.id, p]));
    expect(byId.get(1)).toEqual({ id: 1, slug: "red-study-1", title: "Red study 1", hash: WORKS[0]!.imageHash, x: 0, y: 0, cluster: "red-vibe" });
    expect(byId.get(48)).toMatchObject({ x: 1, y: 1, cluster: "yellow-vibe" });
    const blue5 = WORKS.find((w) => w.slug === "blue-study-5")!; // k = 4: x = 10, y = 6
    expect(byId.get(blue5.id)).toMatchObject({ x: round(10 / 33), y: round(6 / 17), cluster: "blue-vibe" });
    expect(body.aspect).toBeCloseTo(33 / 17, 3);
  });

  it("puts cluster labels at their centres, on the same scale, in cluster order", async () => {
    const { body } = await getMap();
    expect(body.clusters.map((c) => c.slug)).toEqual(["red-vibe", "blue-vibe", "green-vibe", "yellow-vibe"]);
    expect(body.clusters[0]).toEqual({ slug: "red-vibe", name: "Red vibe", x: 0, y: 0, size: 12 });
    expect(body.clusters[1]).toEqual({ slug: "blue-vibe", name: "Blue vibe", x: round(10 / 33), y: round(5 / 17), size: 12 });
  });

  it("is served from the edge cache the second time", async () => {
    const first = await SELF.fetch(request("/api/map"));
    await first.arrayBuffer();
    const second = await SELF.fetch(request("/api/map"));
    await second.arrayBuffer();
    expect(second.headers.get("X-Edge-Cache")).toBe("HIT");
  });

  it("refuses other methods with 405 and Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await SELF.fetch(request("/api/map", { method }));
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD");
      expect(await res.json()).toMatchObject({ error: "method_not_allowed" });
    }
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = (await (await SELF.fetch(request("/api/openapi.json"))).json()) as { paths: Record<string, { get?: unknown }> };
    expect(doc.paths["/api/map"]?.get).toBeTruthy();
  });

  it("leaves out works that are no longer available (and the change shows at once)", async () => {
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = 48").run();
    try {
      const { body } = await getMap();
      expect(body.points.map((p) => p.id)).not.toContain(48);
      expect(body.points).toHaveLength(WORKS.length - 1);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = 48").run();
    }
  });
});

describe("normaliseMap", () => {
  const point = (id: number, x: number, y: number, cluster: string | null = null) => ({ id, slug: `w-${id}`, title: `W ${id}`, hash: null, x, y, cluster });

  it("centres a single point and a line of points on the flat axis", () => {
    expect(normaliseMap("m", [point(1, 5, 5)], []).points[0]).toMatchObject({ x: 0.5, y: 0.5 });
    const line = normaliseMap("m", [point(1, 0, 3), point(2, 10, 3)], []);
    expect(line.points.map((p) => [p.x, p.y])).toEqual([[0, 0.5], [1, 0.5]]);
    expect(line.aspect).toBe(4);
  });

  it("gives a cluster without a stored centre its members' mean, clamps centres, drops non-finite points", () => {
    const map = normaliseMap(
      "m",
      [point(1, 0, 0, "a"), point(2, 10, 10, "a"), point(3, 10, 0, "b"), point(4, Number.NaN, 1)],
      [
        { slug: "a", name: "A", x: null, y: null, size: 2 },
        { slug: "b", name: "B", x: 50, y: -5, size: 1 },
        { slug: "c", name: "C", x: null, y: null, size: 0 },
      ],
    );
    expect(map.points.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(map.clusters).toEqual([
      { slug: "a", name: "A", x: 0.5, y: 0.5, size: 2 },
      { slug: "b", name: "B", x: 1, y: 0, size: 1 },
    ]);
  });

  it("answers empty lists for an empty map", () => {
    expect(normaliseMap(null, [], [])).toEqual({ model: null, aspect: 1, clusters: [], points: [] });
  });
});

describe("map view geometry", () => {
  const g = fitGeometry(1000, 600, 2); // fits 920 x 460 px at zoom 1

  it("fits the whole map into the box at zoom 1", () => {
    expect(g).toMatchObject({ w: 1000, h: 600 });
    expect(g.bw).toBeCloseTo(920);
    expect(g.bh).toBeCloseTo(460);
  });

  it("zooms around the pointer, keeping the map point under it in place", () => {
    const sx = 800;
    const sy = 150;
    const before = { x: HOME_VIEW.cx + (sx - 500) / g.bw, y: HOME_VIEW.cy + (sy - 300) / g.bh };
    const view = zoomAt(HOME_VIEW, 2, sx, sy, g);
    expect(view.k).toBe(2);
    expect(view.cx + (sx - 500) / (g.bw * 2)).toBeCloseTo(before.x, 9);
    expect(view.cy + (sy - 300) / (g.bh * 2)).toBeCloseTo(before.y, 9);
    expect(zoomAt(HOME_VIEW, 0.5, sx, sy, g)).toEqual(HOME_VIEW);
    expect(zoomAt({ k: MAX_ZOOM, cx: 0.3, cy: 0.3 }, 3, 500, 300, g).k).toBe(MAX_ZOOM);
  });

  it("pans by screen pixels and never lets the centre leave the map", () => {
    const view = panBy({ k: 2, cx: 0.5, cy: 0.5 }, 184, -92, g); // a drag right shows what is on the left
    expect(view.cx).toBeCloseTo(0.5 - 184 / (920 * 2));
    expect(view.cy).toBeCloseTo(0.5 + 92 / (460 * 2));
    expect(panBy({ k: 1, cx: 0.5, cy: 0.5 }, 10_000, -10_000, g)).toEqual({ k: 1, cx: 0, cy: 1 });
  });

  it("grows tiles more slowly than the map as you zoom", () => {
    const t1 = tileSize(g, 500, 1);
    const t4 = tileSize(g, 500, 4);
    expect(t1).toBeCloseTo(Math.sqrt((920 * 460) / 500));
    expect(t4 / t1).toBeGreaterThan(1);
    expect(t4 / t1).toBeLessThan(4);
    expect(tileSize(g, 500, MAX_ZOOM)).toBeLessThanOrEqual(220);
    expect(tileSize(g, 100_000, 1)).toBe(6);
  });
});

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
