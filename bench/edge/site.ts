/**
 * A filled local site for the edge and query benchmarks: the whole local stack (demo shop,
 * Worker, query encoder, site) from scripts/lib/stack.ts on free ports and a throw-away state
 * folder, the demo shops crawled (scripts/lib/demo-crawl.ts) and the offline pipeline run
 * (`tsx offline/cli.ts run`, as `npm run demo` does), so the site answers with real data.
 *
 * The site's rate limits (app/server/rate-limit.server.ts) are raised through RATE_LIMIT_*
 * bindings, so a load measures the site and never meets a 429: every request still counts
 * against its window (the same D1 write as in production), only the ceiling is out of reach.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AdminApi } from "../../offline/admin-api.ts";
import { crawlDemoShops } from "../../scripts/lib/demo-crawl.ts";
import { projectRoot } from "../../scripts/lib/local-env.ts";
import { runOfflinePipeline } from "../../scripts/lib/pipeline.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";

export interface Work {
  id: number;
  slug: string;
  title: string;
}

export interface FilledSite {
  stack: Stack;
  app: string;
  works: Work[];
  /** Seconds spent on each set-up phase, for the benchmark's description. */
  setup: { stackS: number; crawlS: number; pipelineS: number; built: boolean };
  stop(): Promise<void>;
}

/** Far above what a benchmark's load reaches; the counting itself still runs. */
const RAISED_RATE_LIMITS = {
  RATE_LIMIT_SEARCH: "10000000/60",
  RATE_LIMIT_UPLOAD: "10000000/60",
  RATE_LIMIT_WRITE: "10000000/60",
  RATE_LIMIT_SESSION: "10000000/60",
};

export async function startFilledSite(stateDir: string, step: (line: string) => void): Promise<FilledSite> {
  const built = appBuildIsStale();
  let started = Date.now();
  const stack: Stack = await startStack({
    persistTo: join(stateDir, "state"),
    ports: { shop: 0, partner: 0, app: 0 },
    buildApp: built,
    adminToken: `bench-admin-${process.pid}-${Date.now()}`,
    sessionSecret: `bench-session-${process.pid}-${Date.now()}`,
    appBindings: RAISED_RATE_LIMITS,
    log: (line) => step(`  ${line}`),
  });
  const stop = () => stack.stop();
  try {
    const stackS = (Date.now() - started) / 1000;
    step(`stack up in ${stackS.toFixed(0)} s (app ${stack.urls.app}); crawling the demo shops …`);
    started = Date.now();
    const admin = new AdminApi(stack.urls.worker, stack.adminToken);
    const runs = await crawlDemoShops(admin, stack.urls.shop, stack.urls.partner, { quiet: true });
    const crawlS = (Date.now() - started) / 1000;
    step(`crawled in ${crawlS.toFixed(0)} s: ${runs.map((r) => `${r.artworksNew} new works (${r.status})`).join(", ")}; running the offline pipeline …`);
    started = Date.now();
    await runOfflinePipeline({ ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: join(stateDir, "offline") });
    const pipelineS = (Date.now() - started) / 1000;
    const works = await feedWorks(stack.urls.app);
    step(`pipeline done in ${pipelineS.toFixed(0)} s; ${works.length} works in the feed`);
    if (works.length < 24) throw new Error(`only ${works.length} works in the feed after the crawl and the pipeline`);
    return { stack, app: stack.urls.app, works, setup: { stackS, crawlS, pipelineS, built }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Rebuild the site only when a file under app/ is newer than the last build (a rebuild restarts anyone's running `pages dev`). */
function appBuildIsStale(): boolean {
  const server = join(projectRoot, "build", "server", "index.js");
  if (!existsSync(server)) return true;
  const builtAt = statSync(server).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== "node_modules" && newer(path);
      return statSync(path).mtimeMs > builtAt;
    });
  return newer(join(projectRoot, "app"));
}

/** Every work the discovery feed lists (id, slug, title), in feed order. */
async function feedWorks(app: string): Promise<Work[]> {
  const works: Work[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const url = `${app}/api/feed?limit=60${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    const body = (await res.json()) as { works: Work[]; nextCursor: string | null };
    works.push(...body.works.map((w) => ({ id: w.id, slug: w.slug, title: w.title })));
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return works;
}

/**
 * One visitor session cookie ("as_session=…") per work given, each made by liking that work (a
 * write needs a same-site Origin). At most 30 new sessions a minute come from one client (the
 * `session` rate limit), so keep the list under that.
 */
export async function visitorCookies(app: string, workIds: readonly number[]): Promise<string[]> {
  const cookies: string[] = [];
  for (const id of workIds) cookies.push(await visitorCookie(app, id));
  return cookies;
}

async function visitorCookie(app: string, workId: number): Promise<string> {
  const res = await fetch(`${app}/api/likes/${workId}`, { method: "PUT", headers: { "Content-Type": "application/json", Origin: app }, body: '{"value":1}' });
  await res.arrayBuffer();
  for (const line of res.headers.getSetCookie()) {
    const match = /^\s*(as_session=[^;]+)/.exec(line);
    if (match) return match[1]!;
  }
  throw new Error(`no session cookie from PUT /api/likes/${workId} (status ${res.status})`);
}
