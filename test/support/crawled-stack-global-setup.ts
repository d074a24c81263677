/**
 * Runs once before the browser tests. The shared stack IS `npm run demo`, run as
 * a newcomer runs it, twice on one state:
 *  1. a fresh state: the real scripts/demo.ts crawls both demo shops and runs the
 *     pipeline; then Ctrl-C, and every process it started must be gone;
 *  2. again on the same state (an incremental crawl), with a visitor browsing and
 *     liking and the offline pipeline pushing while the crawl writes; this one
 *     keeps serving for the test files.
 * What both runs printed and left behind is handed to test/e2e/demo.test.ts.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { BrowsingVisitor } from "../../scripts/lib/demo-trial";
import { readOrCreateDevSecrets } from "../../scripts/lib/dev-secrets";
import { projectRoot } from "../../scripts/lib/local-env";
import { runOfflinePipeline } from "../../scripts/lib/pipeline";
import { freePortRange } from "../../scripts/lib/processes";
import { DEFAULT_PORTS, portsFrom } from "../../scripts/lib/stack";
import { startDemo, type DemoLine } from "./demo-process";

export interface CrawledStack {
  urls: { shop: string; partner: string; worker: string; app: string; encoder?: string };
  adminToken: string;
  persistTo: string;
}

export interface DemoRuns {
  first: { lines: DemoLine[]; exitCode: number | null; leftovers: string[] };
  second: { lines: DemoLine[]; browsing: { requests: number; by: Record<string, number> }; concurrentPipeline: string };
  /** Lock errors in the stack's logs over both runs. */
  sqliteBusy: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    crawledStack: CrawledStack;
    demoRuns: DemoRuns | null;
  }
}

const SERVING = /Art Snob is serving at (http:\/\/\S+)/;
const READY = /Art Snob demo is ready at/;

export default async function setup(project: TestProject) {
  // E2E_USE_DEV_STACK=1: reuse a running `npm run demo` (faster when working on the site).
  if (process.env.E2E_USE_DEV_STACK === "1") {
    const url = (port: number) => `http://127.0.0.1:${port}`;
    // The Worker answers on the site's port (scripts/lib/stack.ts).
    const urls = { shop: url(DEFAULT_PORTS.shop), partner: url(DEFAULT_PORTS.partner), worker: url(DEFAULT_PORTS.app), app: url(DEFAULT_PORTS.app), encoder: url(DEFAULT_PORTS.encoder) };
    project.provide("crawledStack", { urls, adminToken: readOrCreateDevSecrets().ADMIN_TOKEN, persistTo: join(projectRoot, ".wrangler", "state") });
    project.provide("demoRuns", null);
    return;
  }
  const persistTo = mkdtempSync(join(tmpdir(), "art-snob-e2e-"));
  const base = await freePortRange(4);
  const args = ["--state", persistTo, "--port", String(base), "--model", "builtin"];
  const env = { OFFLINE_WORK_DIR: join(persistTo, "offline") };

  const first = startDemo(args, env);
  try {
    await first.waitFor(READY, 1_800_000);
  } catch (error) {
    await first.interrupt();
    rmSync(persistTo, { recursive: true, force: true });
    throw error;
  }
  const firstStop = await first.interrupt();

  const second = startDemo(args, env);
  const cleanup = async () => {
    await second.interrupt();
    rmSync(persistTo, { recursive: true, force: true });
  };
  let browsing: BrowsingVisitor | undefined;
  let visiting: Promise<void> | undefined;
  let concurrentPipeline = "not run";
  try {
    const app = SERVING.exec((await second.waitFor(SERVING, 300_000)).text)![1]!;
    browsing = new BrowsingVisitor(app);
    visiting = browsing.run();
    // An operator's pipeline run (its own work folder) pushing while the demo's crawl writes.
    await second.waitFor(/^crawl demo-gallery/, 300_000);
    const pipeline = runOfflinePipeline({ ADMIN_API_URL: app, ADMIN_TOKEN: readOrCreateDevSecrets().ADMIN_TOKEN, OFFLINE_WORK_DIR: join(persistTo, "offline-beside-crawl") })
      .then(() => "finished", (error: Error) => `failed: ${error.message.slice(0, 1000)}`);
    await second.waitFor(READY, 1_800_000);
    concurrentPipeline = await pipeline;
  } catch (error) {
    browsing?.stop();
    await visiting;
    await cleanup();
    throw error;
  }
  browsing.stop();
  await visiting;

  const ports = portsFrom(base);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  project.provide("crawledStack", {
    urls: { shop: url(ports.shop), partner: url(ports.partner), worker: url(ports.app), app: url(ports.app), encoder: url(ports.encoder) },
    adminToken: readOrCreateDevSecrets().ADMIN_TOKEN,
    persistTo,
  });
  project.provide("demoRuns", {
    first: { lines: first.lines, exitCode: firstStop.code, leftovers: firstStop.leftovers },
    second: { lines: second.lines, browsing: browsing.counts(), concurrentPipeline },
    sqliteBusy: countInLogs(join(persistTo, "logs"), /SQLITE_BUSY|database is locked/g),
  });
  return cleanup;
}

function countInLogs(dir: string, pattern: RegExp): number {
  let n = 0;
  for (const file of readdirSync(dir)) n += readFileSync(join(dir, file), "utf8").match(pattern)?.length ?? 0;
  return n;
}
