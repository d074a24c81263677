/**
 * Entry point of the Art Snob Worker: HTTP (admin API), cron (start due
 * crawls), the crawl queue and its dead-letter queue, and the HostGate Durable
 * Object. Each handler is a thin adapter over plain functions.
 */
import { Hono } from "hono";
import { adminRoutes } from "./admin/routes";
import { handleCrawlBatch, handleDeadLetterBatch } from "./crawler/consumer";
import { startDueCrawls } from "./crawler/scheduler";
import type { Env } from "./env";
import { errorResponse, notFound } from "./http/errors";

export { HostGate } from "./crawler/host-gate";

const app = new Hono<{ Bindings: Env }>();
app.get("/health", (c) => c.json({ ok: true }));
app.route("/admin", adminRoutes);
app.notFound(notFound);
app.onError(errorResponse);

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(startDueCrawls(env).then((runs) => console.log(`cron: started ${runs.length} crawl run(s)`)));
  },
  async queue(batch, env) {
    if (batch.queue.endsWith("-dlq")) return handleDeadLetterBatch(batch, env);
    return handleCrawlBatch(batch, env);
  },
} satisfies ExportedHandler<Env, unknown>;
