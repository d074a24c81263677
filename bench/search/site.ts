/**
 * A filled local site for the search benchmark: the whole local stack (scripts/lib/stack.ts) on
 * free ports and a throw-away state, the demo shops crawled and the offline pipeline run with the
 * given model (MODEL_DIR for both the pipeline and the stack's query encoder), the site bound with
 * SEARCH_COMPARE = "1" so `lexical=off` answers the search as it was before the lexical layer,
 * and its rate limits out of reach.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AdminApi } from "../../offline/admin-api.ts";
import { crawlDemoShops } from "../../scripts/lib/demo-crawl.ts";
import { projectRoot } from "../../scripts/lib/local-env.ts";
import { runOfflinePipeline } from "../../scripts/lib/pipeline.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";

export interface SearchSite {
  stack: Stack;
  app: string;
  shop: string;
  stop(): Promise<void>;
}

const BINDINGS = {
  SEARCH_COMPARE: "1",
  RATE_LIMIT_SEARCH: "10000000/60",
  RATE_LIMIT_UPLOAD: "10000000/60",
  RATE_LIMIT_WRITE: "10000000/60",
  RATE_LIMIT_SESSION: "10000000/60",
};

/** Rebuild the site only when a file under app/ is newer than the last build. */
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

/**
 * `crawl: false` reuses a state folder an earlier site crawled (the catalogue is the same for
 * every model; only the pipeline runs again with this model, which becomes the active one).
 */
export async function startSearchSite(stateDir: string, modelDir: string, step: (line: string) => void, options: { crawl: boolean } = { crawl: true }): Promise<SearchSite> {
  const previous = process.env.MODEL_DIR;
  process.env.MODEL_DIR = modelDir;
  // Free ports for every process (a variable, so the stack's port type may name more or fewer).
  const ports = { shop: 0, partner: 0, worker: 0, app: 0 };
  let stack: Stack;
  try {
    stack = await startStack({
      persistTo: join(stateDir, "state"),
      ports,
      buildApp: appBuildIsStale(),
      adminToken: `bench-admin-${process.pid}-${Date.now()}`,
      sessionSecret: `bench-session-${process.pid}-${Date.now()}`,
      appBindings: BINDINGS,
      log: (line) => step(`  ${line}`),
    });
  } finally {
    if (previous === undefined) delete process.env.MODEL_DIR;
    else process.env.MODEL_DIR = previous;
  }
  const stop = () => stack.stop();
  try {
    const admin = new AdminApi(stack.urls.worker, stack.adminToken);
    let started = Date.now();
    if (options.crawl) {
      const runs = await crawlDemoShops(admin, stack.urls.shop, stack.urls.partner, { quiet: true });
      step(`crawled in ${((Date.now() - started) / 1000).toFixed(0)} s: ${runs.map((r) => `${r.artworksNew} new works (${r.status})`).join(", ")}; running the offline pipeline …`);
    } else {
      step("reusing the crawled state; running the offline pipeline …");
    }
    started = Date.now();
    await runOfflinePipeline({ ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: join(stateDir, "offline"), MODEL_DIR: modelDir });
    step(`pipeline done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { stack, app: stack.urls.app, shop: stack.urls.shop, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
