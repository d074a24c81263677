/** Everything under /admin: token-protected routes for the operator and the offline pipeline. */
import { Hono } from "hono";
import type { Env } from "../env";
import { requireAdminToken } from "./auth";
import { crawlRunRoutes } from "./crawl-runs";
import { pipelineRoutes } from "./pipeline";
import { sourceRoutes } from "./sources";
import { bumpCatalogueVersion } from "../lib/catalogue-version";

export const adminRoutes = new Hono<{ Bindings: Env }>();
adminRoutes.use("*", requireAdminToken);
adminRoutes.route("/sources", sourceRoutes);
adminRoutes.route("/crawl-runs", crawlRunRoutes);
// A successful pipeline write changes what the site shows: cached pages must go.
adminRoutes.use("/pipeline/*", async (c, next) => {
  await next();
  // Thumbnails (immutable, by hash) and cached query vectors change no cached page.
  const quiet = /\/pipeline\/(thumbnails|query-vectors)\b/.test(c.req.path);
  if (c.req.method !== "GET" && c.res.status < 300 && !quiet) await bumpCatalogueVersion(c.env.DB);
});
adminRoutes.route("/pipeline", pipelineRoutes);
