/**
 * The public JSON API under /api, beside the pages and reading the same
 * services. Every answer is JSON; refusals are 4xx with {error, message}.
 * Documented at /api/openapi.json.
 */
import { type Context, Hono } from "hono";
import { errorResponse } from "../../../workers/http/errors";
import { CACHE_PUBLIC } from "../cache";
import { artworksApi } from "./artworks";
import { browseApi } from "./browse";
import { feedsApi } from "./feeds";
import { likesApi } from "./likes";
import { mapApi } from "./map";
import { allowedMethods } from "./method-not-allowed";
import { describeRoute, openApiDocument } from "./openapi";
import { searchApi } from "./search";
import { tasteApi } from "./taste";
import type { ApiEnv } from "./types";
import { wallsApi } from "./walls";
import { z } from "zod";

export const api = new Hono<ApiEnv>().basePath("/api");

describeRoute({
  method: "get",
  path: "/api/health",
  summary: "Liveness and the number of available works.",
  tags: ["meta"],
  response: z.object({ ok: z.boolean(), works: z.number() }),
});
api.get("/health", async (c) => {
  const row = await c.env.DB.prepare("SELECT COUNT(*) AS works FROM artworks WHERE available = 1").first<{ works: number }>();
  return c.json({ ok: true, works: row?.works ?? 0 }, 200, { "Cache-Control": "no-store" });
});

// Each area's routes live in their own file; mounted here.
api.route("/", feedsApi);
api.route("/artworks", artworksApi);
api.route("/map", mapApi);
api.route("/", browseApi);
api.route("/likes", likesApi);
api.route("/", wallsApi); // /walls and /shared-walls
api.route("/taste", tasteApi);
api.route("/search", searchApi);

api.get("/openapi.json", (c) => c.json(openApiDocument(new URL(c.req.url).origin), 200, { "Cache-Control": CACHE_PUBLIC }));

/** 404, or 405 with Allow when the path exists for other methods. */
export function apiNotFound(c: Context): Response {
  const pathname = new URL(c.req.url).pathname;
  const allow = allowedMethods(api, pathname);
  if (allow.length > 0) {
    return c.json({ error: "method_not_allowed", message: `${c.req.method} is not allowed here; use ${allow.join(", ")}.` }, 405, { Allow: allow.join(", ") });
  }
  return c.json({ error: "not_found", message: `No API route for ${c.req.method} ${pathname}` }, 404);
}
api.notFound(apiNotFound);
api.onError((err, c) => errorResponse(err, c));
