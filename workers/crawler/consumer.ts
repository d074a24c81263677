/**
 * The crawl queue's consumer. Each message is one URL of one run. Transient
 * failures are re-sent with back-off under our own attempt counter (so a
 * politeness wait never uses up an attempt); after the last attempt the URL is
 * dead-lettered with its reason. Whatever happens, the URL's frontier row is
 * closed and the run moves on, so one bad page can never stall a crawl.
 */
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../db/schema";
import type { Env } from "../env";
import { withTimeout } from "../lib/timeout";
import { BrowserSessions } from "./browser";
import type { Db } from "./catalogue-store";
import { BatchLookups } from "./batch-lookups";
import { createCrawlContext, type BatchShared } from "./crawl-context";
import { crawlUrl, type UrlOutcome } from "./crawl-url";
import { robotsRetrySeconds } from "./robots-check";
import { backoffSeconds, crawlMessageSchema, MAX_ATTEMPTS, type CrawlMessage } from "./messages";
import { recordDeadLetter } from "./page-record";
import { DeferredError } from "./politeness";
import { RunLedger } from "./run-ledger";
import { advanceRunIfIdle, bumpCounter, completeFrontier, countError } from "./runs";

/** Longer than any one URL's legitimate work: page, browser render and image, each with its own limit. */
const MESSAGE_DEADLINE_MS = 120_000;

export async function handleCrawlBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB, { schema });
  const shared: BatchShared = { browser: new BrowserSessions(env.BROWSER), robots: new Map() };
  const lookups = new BatchLookups(db);
  const finished: Array<{ message: Message<unknown>; ledger: RunLedger }> = [];
  // Messages of a batch run side by side: HostGate still decides how many requests
  // reach each host (one at a time with a crawl delay), while parsing and storage overlap.
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = crawlMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        await recordDeadLetter(db, { errorKind: "bad_message", reason: parsed.error.message, attempts: message.attempts, payload: message.body });
        message.ack();
        return;
      }
      const ledger = new RunLedger();
      try {
        // One stuck message must not hold up its batch (and with it the queue).
        await withTimeout(processMessage(env, db, lookups, parsed.data, shared, ledger, message.attempts > 1), MESSAGE_DEADLINE_MS, () => new Error(`no result within ${MESSAGE_DEADLINE_MS} ms`));
        finished.push({ message, ledger });
      } catch (error) {
        // Only bugs and storage outages get here; the platform retries, then the dead-letter queue records it.
        // Its ledger is dropped: the next delivery counts and logs the URL again.
        console.error("crawl message failed unexpectedly", parsed.data.url, error);
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }),
  );
  await shared.browser.release();
  await settle(env, db, finished);
}

/**
 * The batch's counters, fetch_log rows and frontier completions go in one db.batch(), before
 * any message is acked: a crash before it leaves every message to be delivered again, none
 * counted twice. Then each run the batch moved on is checked once for its end.
 */
async function settle(env: Env, db: Db, finished: Array<{ message: Message<unknown>; ledger: RunLedger }>): Promise<void> {
  const ledger = new RunLedger();
  for (const f of finished) ledger.absorb(f.ledger);
  try {
    await ledger.write(db);
    for (const runId of ledger.runsCompleted()) await advanceRunIfIdle(db, env.CRAWL_QUEUE, runId);
  } catch (error) {
    console.error("crawl batch could not be recorded", error);
    for (const f of finished) f.message.retry({ delaySeconds: backoffSeconds(f.message.attempts) });
    return;
  }
  for (const f of finished) f.message.ack();
}

/** Messages that exhausted the platform's retries (see wrangler.toml dead_letter_queue). */
export async function handleDeadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB, { schema });
  for (const message of batch.messages) {
    const parsed = crawlMessageSchema.safeParse(message.body);
    const body = parsed.success ? parsed.data : null;
    await recordDeadLetter(db, { runId: body?.runId ?? null, url: body?.url ?? null, errorKind: "consumer_crash", reason: "the consumer failed on every platform retry", attempts: message.attempts, payload: message.body });
    if (body) {
      await completeFrontier(db, body.runId, body.url, "failed", "consumer_crash");
      await countError(db, body.runId, "consumer_crash");
      await advanceRunIfIdle(db, env.CRAWL_QUEUE, body.runId);
    }
    message.ack();
  }
}

async function processMessage(env: Env, db: Db, lookups: BatchLookups, message: CrawlMessage, shared: BatchShared, ledger: RunLedger, redelivered: boolean): Promise<void> {
  const run = await lookups.run(message.runId);
  if (!run || run.status !== "running") return; // a superseded run's leftovers
  const source = await lookups.source(message.sourceId);
  if (!source) return;
  const ctx = createCrawlContext(env, db, run, source, shared, ledger, redelivered);

  let result: UrlOutcome;
  try {
    result = await crawlUrl(ctx, message);
  } catch (error) {
    if (error instanceof DeferredError) {
      await env.CRAWL_QUEUE.send(message, { delaySeconds: Math.max(1, Math.ceil(error.waitMs / 1000)) });
      return;
    }
    const failure = describeFailure(error);
    if (!failure) throw error;
    ledger.log({ runId: run.id, sourceId: source.id, url: message.url, statusCode: failure.status ?? null, outcome: "failed", errorKind: failure.kind, error: failure.message, attempt: message.attempt });
    if (failure.transient && message.attempt < MAX_ATTEMPTS) {
      // Waiting on an unavailable robots.txt: come back when it will be fetched again, not sooner.
      const backoff = backoffSeconds(message.attempt, retryBaseSeconds(env));
      const delaySeconds = failure.kind === "robots_unavailable" ? Math.max(backoff, Math.ceil(robotsRetrySeconds(env))) : backoff;
      await env.CRAWL_QUEUE.send({ ...message, attempt: message.attempt + 1 }, { delaySeconds });
      return;
    }
    if (failure.transient) {
      await recordDeadLetter(db, { runId: run.id, url: message.url, errorKind: failure.kind, reason: failure.message, attempts: message.attempt, payload: message });
    }
    ledger.error(run.id, failure.kind);
    ledger.count(run.id, "pagesFailed");
    result = { status: "failed", outcome: failure.kind };
  }
  // A sitemap seeded in slices stays queued (the run is not idle) until its last slice.
  if (result.status === "continued") return;
  ledger.complete(run.id, message.url, result.status, result.outcome);
}

/** Known crawl failures carry a kind and whether retrying could help; anything else is a bug. */
function describeFailure(error: unknown): { kind: string; message: string; transient: boolean; status?: number } | null {
  const e = error as { kind?: unknown; transient?: unknown; status?: unknown; message?: unknown };
  if (typeof e?.kind !== "string") return null;
  return { kind: e.kind, message: String(e.message ?? e.kind), transient: e.transient === true, status: typeof e.status === "number" ? e.status : undefined };
}

/** Tests and local runs may shorten the back-off; production keeps the default. */
function retryBaseSeconds(env: Env): number {
  const value = Number(env.CRAWL_RETRY_BASE_SECONDS);
  return Number.isFinite(value) && value >= 0 ? value : 2;
}
