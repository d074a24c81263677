/** The explore map as JSON: compact points and cluster labels, normalised to [0, 1]. */
import { Hono } from "hono";
import { z } from "zod";
import { cacheHeaders } from "../cache";
import { loadMap } from "../map.server";
import { describeRoute } from "./openapi";
import type { ApiEnv } from "./types";

export const mapApi = new Hono<ApiEnv>();

describeRoute({
  method: "get",
  path: "/api/map",
  summary:
    "The whole collection on the 2-D UMAP map of the active model: x and y are each scaled to [0, 1] (aspect is the layout's width / height), " +
    "cluster labels sit at their centres, thumbnails are /images/{hash}?w=320. Empty lists (never a 404) before the pipeline has run.",
  tags: ["map"],
  response: z.object({
    model: z.string().nullable(),
    aspect: z.number(),
    clusters: z.array(z.object({ slug: z.string(), name: z.string(), x: z.number(), y: z.number(), size: z.number() })),
    points: z.array(
      z.object({ id: z.number(), slug: z.string(), title: z.string(), hash: z.string().nullable(), x: z.number(), y: z.number(), cluster: z.string().nullable() }),
    ),
  }),
});
mapApi.get("/", async (c) => {
  const map = await loadMap(c.env.DB, c.env.ACTIVE_MODEL);
  return c.json(map, 200, cacheHeaders(false));
});
