/** The explore map as JSON: an overview, then density and point tiles, each one bounded read. */
import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { params } from "../../../workers/http/validate";
import { MAX_DENSITY_TILE_LEVEL, MAX_POINT_LEVEL, POINT_TILE_CAP } from "../../../workers/lib/map-grid";
import { cacheHeaders } from "../cache";
import { TileOutOfRange, loadDensityTile, loadMapOverview, loadPointTile } from "../map.server";
import { describeRoute } from "./openapi";
import type { ApiEnv } from "./types";

export const mapApi = new Hono<ApiEnv>();

const cell = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const tileParams = z.object({
  z: z.coerce.number().int().min(0).max(MAX_POINT_LEVEL),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});

describeRoute({
  method: "get",
  path: "/api/map",
  summary:
    "Overview of the 2-D UMAP map of the active model: aspect (the layout's width / height), the number of works, cluster labels at their centres " +
    "(x, y in [0, 1]) and the coarse density cells [gx, gy, works, cluster ordinal or -1] with gx, gy in [0, 65535]. " +
    "Works come tile by tile from /api/map/density and /api/map/points. Empty lists (never a 404) before the pipeline has run.",
  tags: ["map"],
  response: z.object({
    model: z.string().nullable(),
    aspect: z.number(),
    total: z.number(),
    clusters: z.array(z.object({ ordinal: z.number(), slug: z.string(), name: z.string(), x: z.number(), y: z.number(), size: z.number() })),
    level: z.number(),
    cells: z.array(cell),
  }),
});
mapApi.get("/", async (c) => {
  const map = await loadMapOverview(c.env.DB, c.env.ACTIVE_MODEL);
  return c.json(map, 200, cacheHeaders(false));
});

describeRoute({
  method: "get",
  path: "/api/map/density/{z}/{x}/{y}",
  summary:
    `Per-cell counts of the works inside map tile (z, x, y), z from 0 to ${MAX_DENSITY_TILE_LEVEL} (the tile is 1/2^z of each axis), ` +
    "as cells four levels finer (at most 256): [gx, gy, works, cluster ordinal or -1], gx, gy in [0, 65535].",
  tags: ["map"],
  params: tileParams,
  response: z.object({ z: z.number(), x: z.number(), y: z.number(), level: z.number(), cells: z.array(cell) }),
});
mapApi.get("/density/:z/:x/:y", async (c) => {
  const { z: level, x, y } = params(c.req.param(), tileParams);
  const tile = await tileOrRefuse(() => loadDensityTile(c.env.DB, level, x, y, c.env.ACTIVE_MODEL));
  return c.json(tile, 200, cacheHeaders(false));
});

describeRoute({
  method: "get",
  path: "/api/map/points/{z}/{x}/{y}",
  summary:
    `The available works inside map tile (z, x, y), z from 0 to ${MAX_POINT_LEVEL}: id, slug, title, image hash (thumbnails are /images/{hash}?w=320), ` +
    `gx, gy in [0, 65535], cluster ordinal or -1. A tile holding more than ${POINT_TILE_CAP} works answers dense: true and no points.`,
  tags: ["map"],
  params: tileParams,
  response: z.object({
    z: z.number(),
    x: z.number(),
    y: z.number(),
    dense: z.boolean(),
    points: z.array(z.object({ id: z.number(), slug: z.string(), title: z.string(), hash: z.string().nullable(), gx: z.number(), gy: z.number(), cluster: z.number() })),
  }),
});
mapApi.get("/points/:z/:x/:y", async (c) => {
  const { z: level, x, y } = params(c.req.param(), tileParams);
  const tile = await tileOrRefuse(() => loadPointTile(c.env.DB, level, x, y, c.env.ACTIVE_MODEL));
  return c.json(tile, 200, cacheHeaders(false));
});

async function tileOrRefuse<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof TileOutOfRange) throw new HttpError(400, "bad_tile", error.message);
    throw error;
  }
}
