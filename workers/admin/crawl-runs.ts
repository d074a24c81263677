/** Admin routes to start a crawl run and watch it: progress, errors by kind, duration. */
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { startRun } from "../crawler/runs";
import * as schema from "../db/schema";
import type { Env } from "../env";
import { HttpError } from "../http/errors";
import type { CrawlRunView } from "./crawl-run-view";
import { jsonBody, params } from "../http/validate";

export const crawlRunRoutes = new Hono<{ Bindings: Env }>();

crawlRunRoutes.post("/", async (c) => {
  const { source: slug } = await jsonBody(c, z.object({ source: z.string().min(1).max(64) }));
  const db = drizzle(c.env.DB, { schema });
  const source = await db.query.sources.findFirst({ where: eq(schema.sources.slug, slug) });
  if (!source) throw new HttpError(404, "not_found", `No source '${slug}'.`);
  if (!source.enabled) throw new HttpError(409, "source_disabled", `Source '${slug}' is disabled.`);
  const run = await startRun(db, c.env.CRAWL_QUEUE, source, "admin");
  return c.json({ run: await describeRun(c.env.DB, run.id) }, 202);
});

crawlRunRoutes.get("/", async (c) => {
  const db = drizzle(c.env.DB, { schema });
  const runs = await db.query.crawlRuns.findMany({ orderBy: desc(schema.crawlRuns.id), limit: 50 });
  return c.json({ runs });
});

const idParam = z.object({ id: z.coerce.number().int().positive() });

crawlRunRoutes.get("/:id", async (c) => {
  const { id } = params(c.req.param(), idParam);
  const run = await describeRun(c.env.DB, id);
  if (!run) throw new HttpError(404, "not_found", `No crawl run ${id}.`);
  return c.json({ run });
});

/** How many stranded URLs one call re-sends (the caller calls again for more): 10 queue batches. */
const RESEND_LIMIT = 1000;

/**
 * Re-sends a running run's URLs that are still marked queued. For a run that has
 * stopped moving: local dev keeps queue messages in memory, so a reload of
 * `wrangler dev` (a code change mid-crawl) drops them and the run would wait
 * forever. A URL whose message was not lost is then crawled twice, which changes
 * nothing stored, so callers only ask after a long quiet spell.
 */
crawlRunRoutes.post("/:id/resend", async (c) => {
  const { id } = params(c.req.param(), idParam);
  const db = drizzle(c.env.DB, { schema });
  const run = await db.query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, id) });
  if (!run) throw new HttpError(404, "not_found", `No crawl run ${id}.`);
  if (run.status !== "running") throw new HttpError(409, "run_not_running", `Crawl run ${id} is ${run.status}; only a running run's URLs are re-sent.`);
  const stranded = await db.select({ url: schema.crawlFrontier.url, kind: schema.crawlFrontier.kind, sitemapLastmod: schema.crawlFrontier.sitemapLastmod })
    .from(schema.crawlFrontier)
    .where(and(eq(schema.crawlFrontier.runId, id), eq(schema.crawlFrontier.status, "queued")))
    .limit(RESEND_LIMIT);
  for (let i = 0; i < stranded.length; i += 100) {
    await c.env.CRAWL_QUEUE.sendBatch(
      stranded.slice(i, i + 100).map((row) => ({
        body: { runId: id, sourceId: run.sourceId, url: row.url, kind: row.kind, attempt: 1, ...(row.sitemapLastmod ? { sitemapLastmod: row.sitemapLastmod } : {}) },
      })),
    );
  }
  return c.json({ resent: stranded.length });
});

crawlRunRoutes.get("/:id/failures", async (c) => {
  const { id } = params(c.req.param(), idParam);
  const db = drizzle(c.env.DB, { schema });
  const failures = await db.select().from(schema.crawlFrontier)
    .where(and(eq(schema.crawlFrontier.runId, id), ne(schema.crawlFrontier.status, "done")))
    .limit(500);
  const deadLetters = await db.select().from(schema.deadLetters).where(eq(schema.deadLetters.runId, id)).limit(500);
  return c.json({ failures, deadLetters });
});

export async function describeRun(d1: D1Database, id: number): Promise<CrawlRunView | null> {
  const db = drizzle(d1, { schema });
  const run = await db.query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, id) });
  if (!run) return null;
  const byStatus = await db.select({ status: schema.crawlFrontier.status, n: sql<number>`count(*)` }).from(schema.crawlFrontier)
    .where(eq(schema.crawlFrontier.runId, id)).groupBy(schema.crawlFrontier.status);
  const progress = Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Record<string, number>;
  return {
    ...run,
    progress: { queued: progress.queued ?? 0, done: progress.done ?? 0, failed: progress.failed ?? 0, skipped: progress.skipped ?? 0, total: run.pagesQueued },
    durationMs: (run.finishedAt ?? Date.now()) - run.startedAt,
  };
}
