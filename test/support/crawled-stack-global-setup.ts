/**
 * Starts, before any test, the shared stack of the browser tests. The shared stack IS
 * `npm run demo`, run as a newcomer runs it, twice on one state:
 *  1. a fresh state: the real scripts/demo.ts crawls both demo shops and runs the
 *     pipeline; then Ctrl-C, and every process it started must be gone;
 *  2. again on the same state (an incremental crawl), with a visitor browsing and
 *     liking and the offline pipeline pushing while the crawl writes; this one
 *     keeps serving for the test files.
 * What both runs printed and left behind is handed to test/e2e/shared-stack/demo.ts.
 *
 * The two runs go on in the background: this setup returns at once with the stack's
 * addresses and the other projects' tests run meanwhile. Two files mark the progress
 * (test/support/crawled-stack-ready.ts waits for them):
 *  - the serving file, once the second run serves on the first run's collection: the
 *    browser suites that only need a collection start then, beside the second run's
 *    incremental crawl and pipeline (as visitors would);
 *  - the ready file, once the second run is ready (or either run failed): the suites
 *    that need the settled collection, and the checks of what the runs printed.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { BrowsingVisitor } from "../../scripts/lib/demo-trial";
import { readOrCreateDevSecrets } from "../../scripts/lib/dev-secrets";
import { projectRoot } from "../../scripts/lib/local-env";
import { runOfflinePipeline } from "../../scripts/lib/pipeline";
import { freePortRange } from "../../scripts/lib/processes";
import { buildSite, DEFAULT_PORTS, portsFrom } from "../../scripts/lib/stack";
import { servingFileFor } from "./crawled-stack-files";
import { startDemo, type DemoLine, type DemoProcess } from "./demo-process";

export interface CrawledStack {
  urls: { shop: string; partner: string; worker: string; app: string; encoder?: string };
  adminToken: string;
  persistTo: string;
}

export interface DemoRuns {
  first: { lines: DemoLine[]; exitCode: number | null; leftovers: string[] };
  second: { lines: DemoLine[]; browsing: { requests: number; by: Record<string, number>; unexpected: string[] }; concurrentPipeline: string };
  /** Lock errors in the stack's logs over both runs. */
  sqliteBusy: number;
}

/** Written once the second run serves (or either run failed): what the e2e files wait for. */
export type StackReadiness = { ok: true; demoRuns: DemoRuns } | { ok: false; error: string };

declare module "vitest" {
  export interface ProvidedContext {
    crawledStack: CrawledStack;
    /** The readiness file to wait for; null when an already running stack is reused (ready now). */
    crawledStackReadyFile: string | null;
  }
}

const SERVING = /Art Snob is serving at (http:\/\/\S+)/;
const READY = /Art Snob demo is ready at/;

export default async function setup(project: TestProject) {
  // E2E_USE_DEV_STACK=1: reuse a running `npm run demo` (faster when working on the site);
  // E2E_DEV_STACK_PORT and E2E_DEV_STACK_STATE name its --port and --state when not the defaults.
  if (process.env.E2E_USE_DEV_STACK === "1") {
    const url = (port: number) => `http://127.0.0.1:${port}`;
    const ports = process.env.E2E_DEV_STACK_PORT ? portsFrom(Number(process.env.E2E_DEV_STACK_PORT)) : DEFAULT_PORTS;
    // The Worker answers on the site's port (scripts/lib/stack.ts).
    const urls = { shop: url(ports.shop), partner: url(ports.partner), worker: url(ports.app), app: url(ports.app), encoder: url(ports.encoder) };
    const persistTo = process.env.E2E_DEV_STACK_STATE || join(projectRoot, ".wrangler", "state");
    project.provide("crawledStack", { urls, adminToken: readOrCreateDevSecrets().ADMIN_TOKEN, persistTo });
    project.provide("crawledStackReadyFile", null);
    return;
  }
  // Built here, before the background runs: tests of other projects read build/ meanwhile
  // (the Pages Functions size budget), and nothing may rebuild it under a serving stack.
  await buildSite("if-stale", (line) => console.log(`e2e setup: ${line}`));
  const persistTo = mkdtempSync(join(tmpdir(), "art-snob-e2e-"));
  const base = await freePortRange(4);
  const ports = portsFrom(base);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const readyFile = join(persistTo, "e2e-ready.json");
  const servingFile = servingFileFor(readyFile);
  project.provide("crawledStack", {
    urls: { shop: url(ports.shop), partner: url(ports.partner), worker: url(ports.app), app: url(ports.app), encoder: url(ports.encoder) },
    adminToken: readOrCreateDevSecrets().ADMIN_TOKEN,
    persistTo,
  });
  project.provide("crawledStackReadyFile", readyFile);

  const chain = new DemoChain(["--state", persistTo, "--port", String(base), "--model", "builtin"], { OFFLINE_WORK_DIR: join(persistTo, "offline") }, persistTo);
  const chainStarted = Date.now();
  const onServing = () => {
    writeFileSync(servingFile, JSON.stringify({ ok: true }));
    console.log(`e2e setup: the shared stack serves the first run's collection after ${((Date.now() - chainStarted) / 1000).toFixed(0)} s of demo runs`);
  };
  const done = chain.run(onServing).then(
    (demoRuns): StackReadiness => ({ ok: true, demoRuns }),
    (error: Error): StackReadiness => ({ ok: false, error: error.message.slice(0, 20_000) }),
  );
  void done.then((readiness) => {
    writeFileSync(readyFile, JSON.stringify(readiness));
    // How long the suites that need the settled collection could not start: part of the suite's critical path.
    console.log(`e2e setup: the shared stack's demo runs ${readiness.ok ? "are done" : "failed"} after ${((Date.now() - chainStarted) / 1000).toFixed(0)} s`);
    if (readiness.ok) console.log(`e2e setup: first run ${phases(readiness.demoRuns.first.lines)}; second run ${phases(readiness.demoRuns.second.lines)}`);
  });
  return async () => {
    chain.abort();
    const readiness = await done;
    await chain.stopServing();
    // The state folder goes; what its processes logged is the only trace of why a stack failed.
    if (!readiness.ok) printLogTails(join(persistTo, "logs"));
    rmSync(persistTo, { recursive: true, force: true });
  };
}

/** The two demo runs, one after the other; abort() stops whichever is running. */
class DemoChain {
  private current: DemoProcess | null = null;
  private serving: DemoProcess | null = null;
  private aborted = false;

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly persistTo: string,
  ) {}

  private start(): DemoProcess {
    if (this.aborted) throw new Error("the test run ended before the shared stack was ready");
    this.current = startDemo(this.args, this.env);
    return this.current;
  }

  /** Ctrl-C to the run in progress (a chain still crawling ends with an error). */
  abort(): void {
    this.aborted = true;
    if (this.current) void this.current.interrupt();
  }

  async stopServing(): Promise<void> {
    await this.serving?.interrupt();
  }

  /** Both runs; `onServing` is called once the second run serves (the first one's collection). */
  async run(onServing: () => void): Promise<DemoRuns> {
    const first = this.start();
    try {
      await first.waitFor(READY, 1_800_000);
    } catch (error) {
      await first.interrupt();
      throw error;
    }
    const firstStop = await first.interrupt();

    const second = this.start();
    this.serving = second;
    let browsing: BrowsingVisitor | undefined;
    let visiting: Promise<void> | undefined;
    let concurrentPipeline = "not run";
    try {
      const app = SERVING.exec((await second.waitFor(SERVING, 300_000)).text)![1]!;
      onServing();
      browsing = new BrowsingVisitor(app);
      visiting = browsing.run();
      // An operator's pipeline run (its own work folder) pushing while the demo's crawl writes.
      await second.waitFor(/^crawl demo-gallery/, 300_000);
      const pipeline = runOfflinePipeline({ ADMIN_API_URL: app, ADMIN_TOKEN: readOrCreateDevSecrets().ADMIN_TOKEN, OFFLINE_WORK_DIR: join(this.persistTo, "offline-beside-crawl") })
        .then(() => "finished", (error: Error) => `failed: ${error.message.slice(0, 1000)}`);
      await second.waitFor(READY, 1_800_000);
      concurrentPipeline = await pipeline;
    } finally {
      browsing?.stop();
      await visiting;
    }
    return {
      first: { lines: first.lines, exitCode: firstStop.code, leftovers: firstStop.leftovers },
      second: { lines: second.lines, browsing: browsing!.counts(), concurrentPipeline },
      sqliteBusy: countInLogs(join(this.persistTo, "logs"), /SQLITE_BUSY|database is locked/g),
    };
  }
}

/** When a demo run's main steps were reached (its lines' own clock), to see where the wait goes. */
function phases(lines: readonly DemoLine[]): string {
  const at = (pattern: RegExp) => lines.find((line) => pattern.test(line.text))?.atMs;
  const steps: Array<[string, RegExp]> = [["serving", SERVING], ["crawl done", /^crawl demo-partner finished in/], ["ready", READY]];
  const last = lines.at(-1)?.atMs;
  return [...steps.map(([name, pattern]) => [name, at(pattern)] as const), ["last line", last] as const]
    .map(([name, ms]) => `${name} ${ms === undefined ? "-" : `${(ms / 1000).toFixed(0)} s`}`)
    .join(", ");
}

function printLogTails(dir: string, lines = 80): void {
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    const tail = readFileSync(join(dir, file), "utf8").split("\n").slice(-lines).join("\n");
    console.error(`e2e setup: the shared stack failed; the last ${lines} lines of ${file}:\n${tail}`);
  }
}

function countInLogs(dir: string, pattern: RegExp): number {
  let n = 0;
  for (const file of readdirSync(dir)) n += readFileSync(join(dir, file), "utf8").match(pattern)?.length ?? 0;
  return n;
}
