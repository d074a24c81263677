/**
 * robots.txt for a URL's host: cached in the host's HostGate (24 h; after a
 * failure, CRAWL_ROBOTS_RETRY_SECONDS, 60 s by default), fetched politely when
 * stale. 4xx means no rules; 5xx or an unreachable host means "disallow
 * everything for now" (RFC 9309 2.3.1). A host the URL guard refuses or DNS
 * cannot resolve is not "unavailable": that failure is the page's own.
 */
import type { Env } from "../env";
import type { CrawlContext } from "./crawl-context";
import { CrawlFetchError, decodeText, fetchWithLimits } from "./fetcher";
import type { CachedRobots } from "./host-gate";
import { hostGateFor } from "./politeness";
import { crawlDelayFor, isAllowed } from "./robots";

const ROBOTS_LIMITS = { timeoutMs: 10_000, maxBytes: 512 * 1024, maxRedirects: 5 };

/** How long an unavailable robots.txt blocks its host before it is fetched again (tests set 0). */
export function robotsRetrySeconds(env: Pick<Env, "CRAWL_ROBOTS_RETRY_SECONDS">): number {
  const value = Number(env.CRAWL_ROBOTS_RETRY_SECONDS);
  return env.CRAWL_ROBOTS_RETRY_SECONDS !== undefined && env.CRAWL_ROBOTS_RETRY_SECONDS !== "" && Number.isFinite(value) && value >= 0 ? value : 60;
}

export type RobotsVerdict = { allowed: true; delayMs: number } | { allowed: false; reason: "robots_disallowed" | "robots_unavailable" };

export async function checkRobots(ctx: CrawlContext, url: string): Promise<RobotsVerdict> {
  const robots = await robotsFor(ctx, url);
  const delayMs = Math.max(ctx.source.crawlDelayMs, robots.text ? (crawlDelayFor(robots.text, ctx.userAgent) ?? 0) * 1000 : 0);
  if (robots.state === "unavailable") return { allowed: false, reason: "robots_unavailable" };
  if (robots.text !== null && !isAllowed(robots.text, ctx.userAgent, url)) return { allowed: false, reason: "robots_disallowed" };
  return { allowed: true, delayMs };
}

/** Once per host and batch: the messages of a batch mostly share one host. */
function robotsFor(ctx: CrawlContext, url: string): Promise<CachedRobots> {
  const host = new URL(url).host.toLowerCase();
  let robots = ctx.robots.get(host);
  if (!robots) {
    robots = readOrFetchRobots(ctx, url);
    ctx.robots.set(host, robots);
    // A failure is the one message's: the next message of the batch asks again.
    robots.catch(() => ctx.robots.delete(host));
  }
  return robots;
}

async function readOrFetchRobots(ctx: CrawlContext, url: string): Promise<CachedRobots> {
  const gate = hostGateFor(ctx.env.HOST_GATE, url);
  const cached = await gate.getRobots(robotsRetrySeconds(ctx.env) * 1000);
  if (cached) return cached;
  const robotsUrl = new URL("/robots.txt", url).href;
  let robots: CachedRobots;
  try {
    const res = await ctx.politely(robotsUrl, ctx.source.crawlDelayMs, () =>
      fetchWithLimits({ url: robotsUrl, userAgent: ctx.userAgent, allowedPrivateHosts: ctx.allowedPrivateHosts, dns: ctx.dns, limits: ROBOTS_LIMITS, accept: "text/plain,*/*;q=0.5" }),
    );
    ctx.ledger.log({ runId: ctx.run.id, sourceId: ctx.source.id, url: robotsUrl, statusCode: res.status, outcome: `robots_${res.status}`, bytes: res.body.byteLength, durationMs: res.durationMs });
    if (res.status >= 200 && res.status < 300) robots = { text: decodeText(res.body, res.headers.get("Content-Type")), state: "ok", fetchedAt: Date.now() };
    else if (res.status >= 400 && res.status < 500 && res.status !== 429) robots = { text: null, state: "missing", fetchedAt: Date.now() };
    else robots = { text: null, state: "unavailable", fetchedAt: Date.now() };
  } catch (error) {
    if (!(error instanceof CrawlFetchError)) throw error;
    ctx.ledger.log({ runId: ctx.run.id, sourceId: ctx.source.id, url: robotsUrl, outcome: "robots_error", errorKind: error.kind, error: error.message });
    // Refused or unresolvable hosts fail the page with that reason (retried when transient), not as "robots unavailable".
    if (error.kind === "blocked_url" || error.kind === "dns_error") throw error;
    robots = { text: null, state: "unavailable", fetchedAt: Date.now() };
  }
  await gate.putRobots(robots);
  return robots;
}
