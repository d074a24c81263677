import { Hono } from "hono";
import type { AppEnv } from "../env";

/** The public JSON API; the pages and the API read the same services. */
export const api = new Hono<{ Bindings: AppEnv }>().basePath("/api");

api.get("/health", async (c) => {
  const row = await c.env.DB.prepare("SELECT COUNT(*) AS works FROM artworks WHERE available = 1").first<{ works: number }>();
  return c.json({ ok: true, works: row?.works ?? 0 });
});

api.notFound((c) => c.json({ error: "not_found", message: `No API route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
api.onError((err, c) => {
  console.error("api error", err instanceof Error ? `${err.message}\n${err.stack}` : err);
  return c.json({ error: "internal", message: "Something went wrong on our side." }, 500);
});
