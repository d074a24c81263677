import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { HOME_VIEW, MAX_ZOOM, declutter, fitGeometry, nearestCell, panBy, placeLabels, pointLevel, visibleBox, visibleTiles, zoomAt } from "../../app/components/map-view";
import { refreshMapTiles } from "../../workers/admin/map-tiles";
import { GRID_MAX, POINT_TILE_CAP, morton, tileCellRange, unmorton } from "../../workers/lib/map-grid";
import { MODEL, WORKS, request, seedCatalogue } from "./fixtures";

beforeAll(async () => {
  await seedCatalogue();
  await refreshMapTiles(env.DB, MODEL.id);
});

type Cell = [number, number, number, number];
interface Overview {
  model: string | null;
  aspect: number;
  total: number;
  clusters: { ordinal: number; slug: string; name: string; x: number; y: number; size: number }[];
  level: number;
  cells: Cell[];
}
interface PointTile {
  dense: boolean;
  points: { id: number; slug: string; title: string; hash: string | null; gx: number; gy: number; cluster: number }[];
}

async function get<T>(path: string): Promise<{ res: Response; body: T }> {
  const res = await SELF.fetch(request(path));
  return { res, body: (await res.json()) as T };
}

// The fixture lays families out at x = 10f + k%4 (0..33), y = 5f + floor(k/4) (0..17).
const grid = (v: number, span: number) => Math.round((v * GRID_MAX) / span);

describe("GET /api/map (overview)", () => {
  it("answers the layout, the clusters and coarse density cells that count every available work, publicly cacheable", async () => {
    const { res, body } = await get<Overview>("/api/map");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, .*s-maxage=\d+.*stale-while-revalidate=\d+/);
    expect(body.model).toBe(MODEL.id);
    expect(body.aspect).toBeCloseTo(33 / 17, 3);
    expect(body.total).toBe(WORKS.length);
    expect(body.cells.reduce((s, c) => s + c[2], 0)).toBe(WORKS.length);
    expect(body.clusters.map((c) => c.slug)).toEqual(["red-vibe", "blue-vibe", "green-vibe", "yellow-vibe"]);
    expect(body.clusters[1]).toEqual({ ordinal: 1, slug: "blue-vibe", name: "Blue vibe", x: round(10 / 33), y: round(5 / 17), size: 12 });
    for (const c of body.cells) {
      expect(c[0]).toBeGreaterThanOrEqual(0);
      expect(c[0]).toBeLessThanOrEqual(GRID_MAX);
      expect(c[3]).toBeGreaterThanOrEqual(0);
    }
  });

  it("is served from the edge cache the second time", async () => {
    await (await SELF.fetch(request("/api/map"))).arrayBuffer();
    const second = await SELF.fetch(request("/api/map"));
    await second.arrayBuffer();
    expect(second.headers.get("X-Edge-Cache")).toBe("HIT");
  });

  it("refuses other methods with 405 and Allow, and is documented", async () => {
    const res = await SELF.fetch(request("/api/map", { method: "POST" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    const doc = (await (await SELF.fetch(request("/api/openapi.json"))).json()) as { paths: Record<string, { get?: unknown }> };
    for (const path of ["/api/map", "/api/map/density/{z}/{x}/{y}", "/api/map/points/{z}/{x}/{y}"]) expect(doc.paths[path]?.get, path).toBeTruthy();
  });
});

describe("map tiles", () => {
  it("answers every available work of a tile at its grid position, and nothing outside it", async () => {
    const { body: whole } = await get<PointTile>("/api/map/points/0/0/0");
    expect(whole.dense).toBe(false);
    expect(whole.points).toHaveLength(WORKS.length);
    const blue5 = WORKS.find((w) => w.slug === "blue-study-5")!; // k = 4: x = 10, y = 6
    expect(whole.points.find((p) => p.id === blue5.id)).toMatchObject({ gx: grid(10, 33), gy: grid(6, 17), cluster: 1, slug: "blue-study-5" });
    const quarters = await Promise.all([[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => get<PointTile>(`/api/map/points/1/${x}/${y}`)));
    const ids = quarters.flatMap((q) => q.body.points.map((p) => p.id)).sort((a, b) => a - b);
    expect(ids).toEqual(WORKS.map((w) => w.id).sort((a, b) => a - b));
    for (const [i, [x, y]] of [[0, 0], [1, 0], [0, 1], [1, 1]].entries()) {
      for (const p of quarters[i]!.body.points) {
        expect(Math.floor(p.gx / 32768)).toBe(x);
        expect(Math.floor(p.gy / 32768)).toBe(y);
      }
    }
  });

  it("sums density tiles to the same counts as the overview", async () => {
    const tiles = await Promise.all([[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => get<{ level: number; cells: Cell[] }>(`/api/map/density/1/${x}/${y}`)));
    expect(tiles[0]!.body.level).toBe(5);
    const { body: overview } = await get<Overview>("/api/map");
    const cells = tiles.flatMap((t) => t.body.cells).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(cells).toEqual(overview.cells.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it("refuses tiles that do not exist with 400 and a reason", async () => {
    for (const path of ["/api/map/points/1/2/0", "/api/map/points/15/0/0", "/api/map/density/6/0/0", "/api/map/points/a/0/0", "/api/map/points/1/-1/0"]) {
      const res = await SELF.fetch(request(path));
      expect(res.status, path).toBe(400);
      expect(await res.json()).toMatchObject({ error: expect.any(String) });
    }
  });

  it("says a tile is dense past the cap, reading through the cell index", async () => {
    const plan = await env.DB.prepare("EXPLAIN QUERY PLAN SELECT artwork_id FROM map_points WHERE model_id = ? AND cell BETWEEN ? AND ?").bind(MODEL.id, 0, 5).all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).join(" ")).toMatch(/USING (COVERING )?INDEX map_points_cell_idx/);
    expect(POINT_TILE_CAP).toBeLessThan(WORKS.length * 10);
  });

  it("leaves out works that are no longer available (and the change shows at once)", async () => {
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = 48").run();
    try {
      const { body } = await get<PointTile>("/api/map/points/0/0/0");
      expect(body.points.map((p) => p.id)).not.toContain(48);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = 48").run();
    }
  });
});

describe("map grid", () => {
  it("stores every point's cell as the Morton code of its grid position", async () => {
    for (const [x, y] of [[0, 0], [1, 0], [0, 1], [65535, 65535], [12345, 54321], [40000, 3]] as const) expect(unmorton(morton(x, y))).toEqual({ x, y });
    const rows = await env.DB.prepare("SELECT gx, gy, cell FROM map_points WHERE model_id = ?").bind(MODEL.id).all<{ gx: number; gy: number; cell: number }>();
    expect(rows.results).toHaveLength(WORKS.length);
    expect(rows.results.filter((r) => r.cell !== morton(r.gx, r.gy))).toEqual([]);
    expect(tileCellRange(0, 0, 0)).toEqual([0, 2 ** 32 - 1]);
    expect(tileCellRange(1, 1, 0)).toEqual([2 ** 30, 2 ** 31 - 1]);
  });
});

describe("map view", () => {
  const g = fitGeometry(1000, 600, 2); // fits 920 x 460 px at zoom 1

  it("zooms around the pointer and pans within the map", () => {
    const view = zoomAt(HOME_VIEW, 2, 800, 150, g);
    expect(view.k).toBe(2);
    expect(view.cx + (800 - 500) / (g.bw * 2)).toBeCloseTo(HOME_VIEW.cx + 300 / g.bw, 9);
    expect(zoomAt(HOME_VIEW, 0.5, 800, 150, g)).toEqual(HOME_VIEW);
    expect(zoomAt({ k: MAX_ZOOM, cx: 0.3, cy: 0.3 }, 3, 500, 300, g).k).toBe(MAX_ZOOM);
    expect(panBy({ k: 1, cx: 0.5, cy: 0.5 }, 10_000, -10_000, g)).toEqual({ k: 1, cx: 0, cy: 1 });
  });

  it("asks only the tiles in view, centre first", () => {
    expect(visibleTiles(HOME_VIEW, g, 1)).toHaveLength(4);
    const deep = { k: 64, cx: 0.3, cy: 0.7 };
    const tiles = visibleTiles(deep, g, pointLevel(deep));
    expect(tiles.length).toBeLessThanOrEqual(9);
    expect(tiles[0]).toEqual({ z: 7, x: Math.floor(0.3 * 128), y: Math.floor(0.7 * 128) });
  });

  it("spreads works at one spot into nearby free slots instead of piling them", () => {
    const spots = declutter(Array.from({ length: 9 }, () => ({ x: 100, y: 100 })), 20);
    expect(new Set(spots.map((s) => `${s.x},${s.y}`)).size).toBe(9);
    for (const s of spots) expect(Math.hypot(s.x - 100, s.y - 100)).toBeLessThanOrEqual(Math.SQRT2 * 20 + 1e-9);
  });

  it("finds the works nearest an empty view on screen, passing over centroids inside it", () => {
    const at = (u: number, v: number, count: number) => [Math.round(u * GRID_MAX), Math.round(v * GRID_MAX), count, 0] as const;
    const view = { k: 40, cx: 0.5, cy: 0.5 };
    // A coarse cell's centroid sits in the empty view; 0.05 across equals 0.1 down on a 2:1 map.
    const phantom = at(0.5, 0.5, 900);
    const right = at(0.56, 0.5, 10);
    const below = at(0.5, 0.61, 10);
    const emptyCell = at(0.51, 0.5, 0);
    expect(nearestCell([phantom, right, below, emptyCell], view, g, visibleBox(view, g))).toBe(below);
    expect(nearestCell([phantom, right], view, g)).toBe(phantom);
    expect(nearestCell([], view, g)).toBeNull();
  });

  it("keeps labels inside the box and drops those that would overlap", () => {
    const placed = placeLabels(
      [
        { item: "a", x: 5, y: 5, w: 80, h: 20 },
        { item: "b", x: 20, y: 10, w: 80, h: 20 },
        { item: "c", x: 300, y: 10, w: 80, h: 20 },
      ],
      320,
      200,
    );
    expect(placed.map((p) => p.item)).toEqual(["a", "c"]);
    expect(placed[0]!.box).toMatchObject({ x: 0, y: 0 });
    expect(placed[1]!.box.x + placed[1]!.box.w).toBeLessThanOrEqual(320);
  });
});

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
