/** The cron handler's job: start a run for every enabled source whose interval has passed. */
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import * as schema from "../db/schema";
import type { Env } from "../env";
import { startRun, type Run } from "./runs";

export async function startDueCrawls(env: Env, now = Date.now()): Promise<Run[]> {
  const db = drizzle(env.DB, { schema });
  const sources = await db.query.sources.findMany({ where: eq(schema.sources.enabled, true) });
  const started: Run[] = [];
  for (const source of sources) {
    const due = !source.lastRunStartedAt || now - source.lastRunStartedAt >= source.crawlIntervalMinutes * 60_000;
    if (!due) continue;
    const running = await db.query.crawlRuns.findFirst({
      where: and(eq(schema.crawlRuns.sourceId, source.id), eq(schema.crawlRuns.status, "running")),
    });
    // A run still going is left alone unless it has been stuck for a whole interval.
    if (running && now - running.startedAt < source.crawlIntervalMinutes * 60_000) continue;
    started.push(await startRun(db, env.CRAWL_QUEUE, source, "cron"));
  }
  return started;
}
