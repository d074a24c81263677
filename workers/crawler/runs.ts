/**
 * Crawl runs: starting one, the per-run frontier (each URL once), progress
 * counters, and the end of a run (discovery -> verifying known pages -> done).
 */
import { and, eq, sql } from "drizzle-orm";
import * as schema from "../db/schema";
import type { Db } from "./catalogue-store";
import { frontierChunks, insertFrontierChunk, storedAmong } from "./frontier-rows";
import type { CrawlKind, CrawlMessage } from "./messages";

export type Source = typeof schema.sources.$inferSelect;
export type Run = typeof schema.crawlRuns.$inferSelect;

export interface FrontierItem {
  url: string;
  kind: CrawlKind;
  sitemapLastmod?: string;
}

export type CounterColumn =
  | "pagesFetched" | "pagesNotModified" | "pagesFailed" | "pagesSkipped"
  | "artworksNew" | "artworksUpdated" | "artworksUnavailable" | "imagesStored";

export const COUNTER_SQL: Record<CounterColumn, string> = {
  pagesFetched: "pages_fetched", pagesNotModified: "pages_not_modified", pagesFailed: "pages_failed", pagesSkipped: "pages_skipped",
  artworksNew: "artworks_new", artworksUpdated: "artworks_updated", artworksUnavailable: "artworks_unavailable", imagesStored: "images_stored",
};

export async function startRun(db: Db, queue: Queue<CrawlMessage>, source: Source, trigger: Run["trigger"]): Promise<Run> {
  // A run left "running" by a crash is superseded: its frontier stays as a record.
  await db.update(schema.crawlRuns).set({ status: "cancelled", finishedAt: Date.now() })
    .where(and(eq(schema.crawlRuns.sourceId, source.id), eq(schema.crawlRuns.status, "running")));
  const [run] = await db.insert(schema.crawlRuns).values({ sourceId: source.id, trigger }).returning();
  await db.update(schema.sources).set({ lastRunStartedAt: run!.startedAt }).where(eq(schema.sources.id, source.id));
  const seeds: FrontierItem[] = [
    ...source.sitemapUrls.map((url) => ({ url, kind: "sitemap" as const })),
    ...source.startUrls.map((url) => ({ url, kind: "listing" as const })),
  ];
  if (seeds.length === 0) seeds.push({ url: new URL("/", source.baseUrl).href, kind: "listing" });
  await enqueue(db, queue, run!, source, seeds);
  return (await db.query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, run!.id) }))!;
}

/** Messages per queue sendBatch call (the platform's maximum). */
const SEND_BATCH = 100;

/**
 * Adds URLs to the run's frontier and the queue; a URL already in this run is ignored.
 * Rows are written before their messages are sent, so a crash in between leaves rows
 * without messages: the platform then delivers the same message again, and with
 * `redelivered` the rows of these URLs still waiting are sent (again, perhaps: crawling
 * a page twice changes nothing stored) instead of being skipped as already known.
 */
export async function enqueue(db: Db, queue: Queue<CrawlMessage>, run: Run, source: Source, items: FrontierItem[], options: { redelivered?: boolean } = {}): Promise<number> {
  let wanted = dedupe(items.filter((item) => isAllowedForSource(source, item.url)));
  if (wanted.length === 0) return 0;
  const toSend: FrontierItem[] = [];
  if (options.redelivered) {
    // What an earlier delivery stored: resend what is still waiting, reserve room only for the rest.
    const stored = new Set<string>();
    for (const chunk of frontierChunks(wanted)) {
      for (const row of await storedAmong(db, run.id, chunk)) {
        stored.add(row.url);
        if (row.status === "queued") toSend.push(row);
      }
    }
    wanted = wanted.filter((item) => !stored.has(item.url));
  }
  let inserted = 0;
  if (wanted.length > 0) {
    // A run never grows past the source's page budget (a runaway site cannot keep a crawl going for
    // ever). Messages run side by side, so room is reserved in one statement before anything is
    // inserted, and what duplicates leave unused is given back afterwards.
    const [reservedTo] = await db
      .update(schema.crawlRuns)
      .set({ pagesQueued: sql`${schema.crawlRuns.pagesQueued} + ${wanted.length}` })
      .where(eq(schema.crawlRuns.id, run.id))
      .returning({ pagesQueued: schema.crawlRuns.pagesQueued });
    const before = (reservedTo?.pagesQueued ?? wanted.length) - wanted.length;
    const room = Math.max(0, Math.min(wanted.length, source.maxPagesPerRun - before));
    if (room < wanted.length) await countError(db, run.id, "page_budget_reached");
    try {
      for (const chunk of frontierChunks(wanted.slice(0, room))) {
        const fresh = await insertFrontierChunk(db, run.id, chunk);
        inserted += fresh.size;
        toSend.push(...chunk.filter((item) => fresh.has(item.url)));
      }
    } finally {
      const unused = wanted.length - inserted;
      if (unused > 0) await db.update(schema.crawlRuns).set({ pagesQueued: sql`${schema.crawlRuns.pagesQueued} - ${unused}` }).where(eq(schema.crawlRuns.id, run.id));
    }
  }
  for (let i = 0; i < toSend.length; i += SEND_BATCH) {
    await queue.sendBatch(
      toSend.slice(i, i + SEND_BATCH).map((item) => ({
        body: { runId: run.id, sourceId: source.id, url: item.url, kind: item.kind, attempt: 1, ...(item.sitemapLastmod ? { sitemapLastmod: item.sitemapLastmod } : {}) },
      })),
    );
  }
  return inserted;
}

function dedupe(items: FrontierItem[]): FrontierItem[] {
  const seen = new Map<string, FrontierItem>();
  for (const item of items) if (!seen.has(item.url)) seen.set(item.url, item);
  return [...seen.values()];
}

/** Same host as the source, and matching its allowed patterns when it has any. */
export function isAllowedForSource(source: Pick<Source, "baseUrl" | "allowedUrlPatterns">, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.host !== new URL(source.baseUrl).host) return false;
  if (source.allowedUrlPatterns.length === 0) return true;
  return source.allowedUrlPatterns.some((pattern) => safeRegExp(pattern)?.test(url));
}

export function isProductUrl(source: Pick<Source, "productUrlPatterns">, url: string): boolean {
  return source.productUrlPatterns.some((pattern) => safeRegExp(pattern)?.test(url));
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

export async function bumpCounter(db: Db, runId: number, column: CounterColumn, by = 1): Promise<void> {
  if (!by) return;
  const col = COUNTER_SQL[column];
  await db.run(sql.raw(`UPDATE crawl_runs SET ${col} = ${col} + ${Math.trunc(by)} WHERE id = ${Math.trunc(runId)}`));
}

/** errors_by_kind keys: letters, digits and underscores, at most 60. */
export function errorKey(kind: string): string {
  return kind.replace(/[^a-z0-9_]/gi, "_").slice(0, 60);
}

export async function countError(db: Db, runId: number, kind: string): Promise<void> {
  const key = errorKey(kind);
  await db.run(sql`UPDATE crawl_runs SET errors_by_kind = json_set(errors_by_kind, ${"$." + key}, COALESCE(json_extract(errors_by_kind, ${"$." + key}), 0) + 1) WHERE id = ${runId}`);
}

export async function completeFrontier(db: Db, runId: number, url: string, status: "done" | "failed" | "skipped", outcome: string): Promise<void> {
  await db.update(schema.crawlFrontier).set({ status, outcome, doneAt: Date.now() })
    .where(and(eq(schema.crawlFrontier.runId, runId), eq(schema.crawlFrontier.url, url)));
}

/**
 * Called after each finished URL. When nothing is queued any more, discovery is
 * over: known product pages that discovery did not reach are re-checked
 * ("verify"), and when those are done the run is finished. The guarded UPDATEs
 * make exactly one consumer perform each step.
 */
export async function advanceRunIfIdle(db: Db, queue: Queue<CrawlMessage>, runId: number): Promise<Run["phase"] | null> {
  // One queued row is enough to know the run goes on: a probe reads one index entry,
  // where a count read every queued row (20,000 at the start of a 20,000-URL run) per message.
  const [pending] = await db.select({ one: sql<number>`1` }).from(schema.crawlFrontier)
    .where(and(eq(schema.crawlFrontier.runId, runId), eq(schema.crawlFrontier.status, "queued"))).limit(1);
  if (pending) return null;

  // "discovered" is held by the one consumer that won the flip while it queues the verify step.
  const [winner] = await db.update(schema.crawlRuns).set({ phase: "discovered" })
    .where(and(eq(schema.crawlRuns.id, runId), eq(schema.crawlRuns.phase, "discovering"), eq(schema.crawlRuns.status, "running")))
    .returning();
  if (winner) {
    const source = await db.query.sources.findFirst({ where: eq(schema.sources.id, winner.sourceId) });
    const unseen = await db.all<{ url: string }>(sql`
      SELECT o.url AS url FROM offers o
      WHERE o.source_id = ${winner.sourceId} AND o.available = 1
        AND NOT EXISTS (SELECT 1 FROM crawl_frontier f WHERE f.run_id = ${runId} AND f.url = o.url)`);
    const queued = source ? await enqueue(db, queue, winner, source, unseen.map((row) => ({ url: row.url, kind: "verify" as const }))) : 0;
    await db.update(schema.crawlRuns).set({ phase: "verifying" }).where(eq(schema.crawlRuns.id, runId));
    if (queued > 0) return "verifying";
  }

  const finished = await db.all<{ id: number }>(sql`
    UPDATE crawl_runs SET phase = 'done', status = 'finished', finished_at = ${Date.now()}
    WHERE id = ${runId} AND phase = 'verifying' AND status = 'running'
      AND NOT EXISTS (SELECT 1 FROM crawl_frontier WHERE run_id = ${runId} AND status = 'queued')
    RETURNING id`);
  return finished.length ? "done" : null;
}
