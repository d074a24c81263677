/**
 * Drives the crawl queue as the platform would, one metered handleCrawlBatch call per
 * invocation: batches of up to 10 (max_batch_size), a message retried by the consumer
 * delivered again with attempts + 1, delays (politeness, back-off) kept in order but
 * shortened to at most 1 s. `take` picks which product messages are delivered at all,
 * so a test can crawl a sample of a large run and leave the rest queued.
 */
import { env } from "cloudflare:test";
import { handleCrawlBatch } from "../../../workers/crawler/consumer";
import type { CrawlMessage } from "../../../workers/crawler/messages";
import { messageBatch, type Meter } from "./meter";

export const MAX_BATCH = 10;

interface Delivery {
  body: CrawlMessage;
  attempts: number;
  due: number;
}

export interface DriveResult {
  /** Product (and verify) messages held back by `take`, in the order they were sent. */
  heldBack: CrawlMessage[];
  invocations: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DriveOptions {
  /** Keep the messages `take` refused (default true); a million-URL run leaves them uncounted. */
  keepHeldBack?: boolean;
  /** Drop `meter.sent` as it is read, so a million messages are not all held in memory. */
  forgetSent?: boolean;
  /** Called after each invocation with the kinds of the messages it delivered. */
  onInvocation?: (delivered: CrawlMessage[]) => void;
}

/** Delivers the run's messages sent from `meter.sent[from]` on, and those they lead to, until none is left. */
export async function driveQueue(
  meter: Meter,
  runId: number,
  take: (message: CrawlMessage) => boolean = () => true,
  from = 0,
  options: DriveOptions = {},
): Promise<DriveResult> {
  const pending: Delivery[] = [];
  const heldBack: CrawlMessage[] = [];
  let seen = from;
  let invocations = 0;
  const collect = () => {
    for (const { body, delaySeconds } of meter.sent.slice(seen)) {
      if (body.runId !== runId) continue;
      if (body.kind !== "sitemap" && !take(body)) {
        if (options.keepHeldBack !== false) heldBack.push(body);
      } else pending.push({ body, attempts: 1, due: Date.now() + Math.min(1, delaySeconds) * 1000 });
    }
    seen = meter.sent.length;
    if (options.forgetSent) {
      meter.sent.length = 0;
      seen = 0;
    }
  };
  collect();
  while (pending.length > 0) {
    const now = Date.now();
    const due: Delivery[] = [];
    // The queue is nearly always in order and due: take from the front without scanning it all.
    for (let i = 0; i < pending.length && due.length < MAX_BATCH; i++) if (pending[i]!.due <= now) due.push(pending[i]!);
    if (due.length === 0) {
      await sleep(Math.max(10, Math.min(...pending.map((p) => p.due)) - now));
      continue;
    }
    for (const d of due) pending.splice(pending.indexOf(d), 1);
    const { batch, outcome } = messageBatch(due);
    invocations++;
    await meter.invoke(`batch ${invocations} (${[...new Set(due.map((d) => d.body.kind))].join("+")})`, (metered) => handleCrawlBatch(batch, metered));
    options.onInvocation?.(due.map((d) => d.body));
    due.forEach((d, j) => {
      if (outcome.get(j) === "retry") pending.push({ ...d, attempts: d.attempts + 1, due: Date.now() + 200 });
    });
    collect();
  }
  return { heldBack, invocations };
}

/** The run's frontier rows counted by kind and status. */
export async function frontierCounts(runId: number) {
  return (await env.DB.prepare("SELECT kind, status, count(*) AS n FROM crawl_frontier WHERE run_id = ? GROUP BY kind, status ORDER BY kind, status").bind(runId).all<{ kind: string; status: string; n: number }>()).results;
}
