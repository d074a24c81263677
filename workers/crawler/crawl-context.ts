/** Everything handling one crawl message needs, built once per message from what its batch shares. */
import type { Env } from "../env";
import type { BrowserSessions } from "./browser";
import type { Db } from "./catalogue-store";
import { DnsGuard } from "./dns-guard";
import type { FetchedResponse } from "./fetcher";
import type { CachedRobots, HostGate, ReleaseOutcome } from "./host-gate";
import { hostGateFor, retryAfterSeconds, withHostSlot } from "./politeness";
import type { RunLedger } from "./run-ledger";
import type { Run, Source } from "./runs";
import { parseAllowedPrivateHosts } from "./url-guard";
import { crawlerUserAgent } from "./user-agent";

export interface CrawlContext {
  env: Env;
  db: Db;
  run: Run;
  source: Source;
  userAgent: string;
  allowedPrivateHosts: Set<string>;
  /** Checks what each request's host name resolves to (DNS-over-HTTPS at CRAWLER_DOH_URL). */
  dns: DnsGuard;
  /** The platform delivered this message before: what it wrote may be there without its queue messages. */
  redelivered: boolean;
  /** Browser Rendering, shared by the messages of one batch. */
  browser: BrowserSessions;
  /** robots.txt by host, read from HostGate once per batch. */
  robots: Map<string, Promise<CachedRobots>>;
  /** This message's counters, errors, fetch_log rows and frontier completion, written with its batch. */
  ledger: RunLedger;
  /** Runs a request to `url`'s host inside its politeness slot. */
  politely<T extends { status: number; headers?: Headers }>(url: string, delayMs: number, run: () => Promise<T>): Promise<T>;
}

/** What the messages of one consumer batch share. */
export interface BatchShared {
  browser: BrowserSessions;
  robots: Map<string, Promise<CachedRobots>>;
}

export function createCrawlContext(env: Env, db: Db, run: Run, source: Source, shared: BatchShared, ledger: RunLedger, redelivered = false): CrawlContext {
  const allowedPrivateHosts = parseAllowedPrivateHosts(env.CRAWLER_ALLOWED_PRIVATE_HOSTS);
  return {
    env,
    redelivered,
    browser: shared.browser,
    robots: shared.robots,
    ledger,
    db,
    run,
    source,
    userAgent: crawlerUserAgent(env.CRAWLER_CONTACT_URL),
    allowedPrivateHosts,
    dns: new DnsGuard({ resolverUrl: env.CRAWLER_DOH_URL, allowedPrivateHosts }),
    politely(url, delayMs, request) {
      const gate: DurableObjectStub<HostGate> = hostGateFor(env.HOST_GATE, url);
      return withHostSlot(gate, delayMs, request, (response): ReleaseOutcome => ({
        status: response.status,
        retryAfterSeconds: response.headers ? retryAfterSeconds(response.headers) : null,
      }));
    },
  };
}

export type { FetchedResponse };
