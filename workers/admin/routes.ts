/** Everything under /admin: token-protected routes for the operator and the offline pipeline. */
import { Hono } from "hono";
import type { Env } from "../env";
import { requireAdminToken } from "./auth";
import { crawlRunRoutes } from "./crawl-runs";
import { pipelineRoutes } from "./pipeline";
import { sourceRoutes } from "./sources";

export const adminRoutes = new Hono<{ Bindings: Env }>();
adminRoutes.use("*", requireAdminToken);
adminRoutes.route("/sources", sourceRoutes);
adminRoutes.route("/crawl-runs", crawlRunRoutes);
adminRoutes.route("/pipeline", pipelineRoutes);
