/**
 * Demo-style runs on one persisted state, again and again, as a newcomer re-runs
 * `npm run demo`: start the stack, crawl the demo shops while the offline pipeline
 * and a browsing visitor (pages and likes) run beside the crawl, run the pipeline
 * once more on the finished crawl, stop. Each run's slice of the process logs is
 * read for database lock errors, and every answer the clients saw is counted.
 * Used by `npm run trial:demo` (long) and the stress test in `npm test` (short).
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AdminApi } from "../../offline/admin-api";
import { crawlDemoShops } from "./demo-crawl";
import { runOfflinePipeline } from "./pipeline";
import { startStack, type Stack } from "./stack";

export interface TrialOptions {
  runs: number;
  persistTo: string;
  /** Crawl only this demo source (e.g. "demo-partner" for a short run). */
  only?: string;
  /** Offline pipeline work folder (kept across runs, as an operator's is). */
  workDir: string;
  log?: (line: string) => void;
}

export interface TrialRun {
  run: number;
  ok: boolean;
  ms: number;
  failure?: string;
  crawlStatus: string[];
  /** Lock errors the Worker or the site logged during this run. */
  sqliteBusy: number;
  /** Any other error lines the processes logged. */
  errorLines: number;
  browsing: { requests: number; by: Record<string, number>; unexpected: string[] };
}

export interface TrialSummary {
  runs: TrialRun[];
  finished: number;
  errorsByKind: Record<string, number>;
  slowest: TrialRun | undefined;
}

const LOG_FILES = ["worker.log", "app.log"] as const;
const BUSY = /SQLITE_BUSY|database is locked/g;
const ERROR_LINE = /\b(Error|ERROR|Uncaught)\b/;

export async function runDemoTrials(options: TrialOptions): Promise<TrialSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runs: TrialRun[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const result = await oneRun(run, options);
    runs.push(result);
    log(
      `run ${run}/${options.runs}: ${result.ok ? "finished" : `FAILED (${result.failure})`} in ${(result.ms / 1000).toFixed(1)} s; ` +
        `crawl ${result.crawlStatus.join(", ") || "-"}; SQLITE_BUSY ${result.sqliteBusy}; other error lines ${result.errorLines}; ` +
        `browsing ${result.browsing.requests} requests (${Object.entries(result.browsing.by).map(([k, n]) => `${k} ${n}`).join(", ")})`,
    );
    for (const answer of result.browsing.unexpected) log(`  ${answer}`);
  }
  return summarise(runs);
}

export function summarise(runs: TrialRun[]): TrialSummary {
  const errorsByKind: Record<string, number> = { sqlite_busy: 0, run_failed: 0, other_error_lines: 0, browsing_5xx: 0, browsing_network: 0 };
  for (const r of runs) {
    errorsByKind.sqlite_busy! += r.sqliteBusy;
    errorsByKind.other_error_lines! += r.errorLines;
    if (!r.ok) errorsByKind.run_failed! += 1;
    for (const [kind, n] of Object.entries(r.browsing.by)) {
      if (/^5\d\d$/.test(kind)) errorsByKind.browsing_5xx! += n;
      if (kind === "network") errorsByKind.browsing_network! += n;
    }
  }
  const slowest = [...runs].sort((a, b) => b.ms - a.ms)[0];
  return { runs, finished: runs.filter((r) => r.ok).length, errorsByKind, slowest };
}

async function oneRun(run: number, options: TrialOptions): Promise<TrialRun> {
  const started = Date.now();
  const offsets = Object.fromEntries(LOG_FILES.map((f) => [f, sizeOf(join(options.persistTo, "logs", f))]));
  const result: TrialRun = { run, ok: false, ms: 0, crawlStatus: [], sqliteBusy: 0, errorLines: 0, browsing: { requests: 0, by: {}, unexpected: [] } };
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      persistTo: options.persistTo,
      ports: { shop: 0, partner: 0, app: 0 },
      buildApp: false,
      adminToken: "trial-admin-token",
      sessionSecret: "trial-session-secret-0123456789",
      // The browsing visitor must not be slowed by rate limits meant for the internet.
      appBindings: { RATE_LIMIT_SEARCH: "100000", RATE_LIMIT_WRITE: "100000", RATE_LIMIT_SESSION: "100000" },
      log: () => {},
    });
    const pipelineEnv = { ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: options.workDir };
    const admin = new AdminApi(stack.urls.worker, stack.adminToken);
    const browsing = new BrowsingVisitor(stack.urls.app);
    const visiting = browsing.run();
    // The pipeline runs while the crawl writes (on what is stored so far).
    // It starts once the crawl has stored some works (on a fresh state there is nothing to embed before).
    let startPipeline!: () => void;
    const crawlUnderWay = new Promise<void>((resolve) => (startPipeline = resolve));
    const [crawled, besideCrawl] = await Promise.allSettled([
      crawlDemoShops(admin, stack.urls.shop, stack.urls.partner, {
        only: options.only,
        quiet: true,
        onProgress: (run) => run.artworksNew + run.artworksUpdated + run.pagesNotModified >= 20 && startPipeline(),
      }).finally(() => startPipeline()),
      crawlUnderWay.then(() => runOfflinePipeline(pipelineEnv)),
    ]);
    browsing.stop();
    await visiting;
    result.browsing = browsing.counts();
    if (crawled.status === "rejected") throw crawled.reason;
    result.crawlStatus = crawled.value.map((r) => r.status);
    if (besideCrawl.status === "rejected") throw new Error(`the pipeline beside the crawl failed: ${lastLine(besideCrawl.reason)}`);
    await runOfflinePipeline(pipelineEnv).catch((error: unknown) => {
      throw new Error(`the pipeline after the crawl failed: ${lastLine(error)}`);
    });
    result.ok = crawled.value.every((r) => r.status === "finished");
    if (!result.ok) result.failure = `crawl ended ${result.crawlStatus.join(", ")}`;
  } catch (error) {
    result.failure = lastLine(error);
  } finally {
    await stack?.stop();
  }
  for (const file of LOG_FILES) {
    const text = sliceFrom(join(options.persistTo, "logs", file), offsets[file]!);
    result.sqliteBusy += text.match(BUSY)?.length ?? 0;
    result.errorLines += text.split("\n").filter((line) => ERROR_LINE.test(line) && !BUSY.test(line)).length;
  }
  result.ms = Date.now() - started;
  return result;
}

/** A visitor clicking around while the crawl writes: pages, a search, and likes (writes). */
export class BrowsingVisitor {
  private stopped = false;
  private readonly by: Record<string, number> = {};
  /** The first few answers that were neither 2xx nor 3xx, with what they said: a failure names its cause. */
  private readonly unexpected: string[] = [];
  private requests = 0;
  private cookie: string | undefined;

  constructor(private readonly app: string) {}

  stop(): void {
    this.stopped = true;
  }

  counts() {
    return { requests: this.requests, by: { ...this.by }, unexpected: [...this.unexpected] };
  }

  async run(): Promise<void> {
    const paths = ["/", "/search?q=blue", "/api/feed", "/map", "/likes"];
    for (let i = 0; !this.stopped; i++) {
      await this.request(paths[i % paths.length]!);
      if (i % 3 === 0) await this.like();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async like(): Promise<void> {
    const res = await this.fetch("/api/feed", {});
    if (!res?.ok) return;
    const body = (await res.json().catch(() => ({}))) as { works?: { id: number }[] };
    const work = body.works?.[this.requests % Math.max(1, body.works.length)];
    if (!work) return;
    const liked = await this.fetch(`/api/likes/${work.id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Origin: this.app },
      body: '{"value":1}',
    });
    const set = liked?.headers.getSetCookie().find((c) => c.startsWith("as_session="));
    if (set) this.cookie = set.split(";")[0];
  }

  private async request(path: string): Promise<void> {
    const res = await this.fetch(path, {});
    await res?.arrayBuffer().catch(() => undefined);
  }

  private remember(answer: string): void {
    if (this.unexpected.length < 10) this.unexpected.push(answer);
  }

  private async fetch(path: string, init: RequestInit): Promise<Response | undefined> {
    this.requests++;
    try {
      const headers = new Headers(init.headers);
      if (this.cookie) headers.set("Cookie", this.cookie);
      const res = await fetch(this.app + path, { ...init, headers, signal: AbortSignal.timeout(30_000) });
      const kind = String(res.status);
      this.by[kind] = (this.by[kind] ?? 0) + 1;
      if (res.status >= 400) {
        const said = await res.clone().text().catch((error: Error) => `(body unreadable: ${error.message})`);
        this.remember(`${init.method ?? "GET"} ${path} ${res.status}: ${said.slice(0, 300)}`);
      }
      return res;
    } catch (error) {
      this.by.network = (this.by.network ?? 0) + 1;
      this.remember(`${init.method ?? "GET"} ${path} failed: ${(error as Error).message}`);
      return undefined;
    }
  }
}

/** The last non-empty line of an error's message (a child process's output ends with its reason). */
function lastLine(error: unknown): string {
  const lines = String((error as Error)?.message ?? error).split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? "").slice(0, 300);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function sliceFrom(path: string, offset: number): string {
  try {
    return readFileSync(path).subarray(offset).toString("utf8");
  } catch {
    return "";
  }
}
