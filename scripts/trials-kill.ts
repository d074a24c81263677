/**
 * Pipeline kill trials: is `npm run offline -- run` really resumable at any point?
 *
 *   npm run trial:kill [-- --trials 10 --seed 1 --works 540 --keep]
 *
 * Starts a lean local stack of its own (the demo shop in this process, the
 * Worker under `wrangler dev` on a throw-away state folder), crawls the demo
 * shop once, and keeps that crawled state as a snapshot. Then, each on a fresh
 * copy of the snapshot (so nothing a previous run pushed is there):
 *  - a clean run of the pipeline, start to finish;
 *  - N trials: the pipeline SIGKILLed at a seeded random moment between 5% and
 *    95% of the clean run's duration, then started again in the same work folder.
 * Each trial's end state is compared with the clean run's: the map, clusters and
 * neighbours files byte for byte, and the coverage counts the admin API reports.
 * One line per trial, then a summary; exit code 1 if any trial differs.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { AdminApi } from "../offline/admin-api";
import { crawlDemoShops } from "./lib/demo-crawl";
import { localCloudflareEnv, projectRoot } from "./lib/local-env";
import { freePort, startProcess, stopAllProcesses, waitForHttp, type ManagedProcess } from "./lib/processes";
import { runCommand } from "./lib/run";
import { startDemoShop, type RunningDemoShop } from "../workers/demo-shop/server";
import { Rng } from "../workers/demo-shop/random";

const RESULTS = ["map", "clusters", "neighbours"] as const;
const ADMIN_TOKEN = "trial-admin-token";
const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

interface PipelineRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

/** `offline/cli.ts run` as one process (node --import tsx), in its own group so a SIGKILL takes all of it. */
function runPipeline(workDir: string, apiUrl: string, killAfterMs?: number): Promise<PipelineRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", "offline/cli.ts", "run"], {
      cwd: projectRoot,
      detached: true,
      env: { ...process.env, ADMIN_API_URL: apiUrl, ADMIN_TOKEN, OFFLINE_WORK_DIR: workDir, MODEL_DIR: join(projectRoot, "models", "builtin-colour-v1") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, killAfterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

/** The pipeline's last progress line before it died: where the kill landed. */
function lastStage(output: string): string {
  const lines = output.split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? "(before any output)").replace(/[\u2580-\u259f]+/g, "").replace(/\s+/g, " ").slice(0, 60);
}

async function startWorker(persistTo: string, shop: RunningDemoShop, logDir: string): Promise<{ url: string; proc: ManagedProcess }> {
  const [port, inspector] = await Promise.all([freePort(), freePort()]);
  const hosts = [shop.url, shop.partnerUrl].flatMap((u) => [new URL(u).host, `localhost:${new URL(u).port}`]).join(",");
  const proc = startProcess({
    name: "worker",
    command: bin("wrangler"),
    args: [
      "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector),
      "--persist-to", persistTo, "--show-interactive-dev-session=false",
      "--var", `ADMIN_TOKEN:${ADMIN_TOKEN}`, "--var", `CRAWLER_ALLOWED_PRIVATE_HOSTS:${hosts}`,
      "--var", "CRAWL_RETRY_BASE_SECONDS:0",
    ],
    cwd: projectRoot,
    env: localCloudflareEnv(),
    logFile: join(logDir, "worker.log"),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, proc, 120_000);
  return { url, proc };
}

interface EndState {
  files: Record<string, string>;
  coverage: Record<string, number>;
}

async function endState(workDir: string, api: AdminApi, modelId: string): Promise<EndState> {
  const files = Object.fromEntries(RESULTS.map((name) => {
    const path = join(workDir, "results", modelId, `${name}.json`);
    return [name, existsSync(path) ? readFileSync(path, "utf8") : ""];
  }));
  const { coverage } = await api.json<{ coverage: Record<string, number> }>("GET", `/admin/pipeline/coverage?model=${modelId}`);
  return { files, coverage };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      trials: { type: "string", default: "10" },
      seed: { type: "string", default: "1" },
      works: { type: "string" },
      keep: { type: "boolean", default: false },
    },
  });
  const trials = Number(values.trials);
  const rng = Rng.from("kill-trials", values.seed);
  const modelId = "builtin-colour-v1";
  const root = mkdtempSync(join(tmpdir(), "art-snob-kill-trials-"));
  const snapshot = join(root, "crawled");
  const logDir = join(root, "logs");
  mkdirSync(logDir);
  const started = Date.now();
  const shop = await startDemoShop({ warm: true, ...(values.works ? { works: Number(values.works) } : {}) });
  let worker: { url: string; proc: ManagedProcess } | null = null;
  const stopWorker = async () => {
    await worker?.proc.stop();
    worker = null;
  };
  /** A fresh copy of the crawled state with a Worker on it. */
  const freshStack = async (name: string) => {
    const dir = join(root, name);
    cpSync(snapshot, dir, { recursive: true });
    worker = await startWorker(dir, shop, join(logDir, name));
    return { dir, api: new AdminApi(worker.url, ADMIN_TOKEN), url: worker.url };
  };

  try {
    console.log(`kill trials: ${trials} trials, seed ${values.seed}, state in ${root}`);
    await runCommand(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", snapshot], { cwd: projectRoot, env: localCloudflareEnv(), label: "wrangler d1 migrations apply" });
    worker = await startWorker(snapshot, shop, join(logDir, "crawl"));
    const [crawl] = await crawlDemoShops(new AdminApi(worker.url, ADMIN_TOKEN), shop.url, shop.partnerUrl, { only: "demo-gallery", quiet: true });
    await stopWorker();
    console.log(`crawled the demo shop: ${crawl?.artworksNew ?? 0} artworks in ${((crawl?.durationMs ?? 0) / 1000).toFixed(1)} s`);

    const cleanStack = await freshStack("clean");
    const cleanDir = join(root, "work-clean");
    const clean = await runPipeline(cleanDir, cleanStack.url);
    if (clean.code !== 0) throw new Error(`the clean pipeline run failed (exit ${clean.code}):\n${clean.output.split("\n").slice(-15).join("\n")}`);
    const reference = await endState(cleanDir, cleanStack.api, modelId);
    await stopWorker();
    rmSync(cleanStack.dir, { recursive: true, force: true });
    console.log(`clean run: ${(clean.ms / 1000).toFixed(1)} s; coverage ${JSON.stringify(reference.coverage)}`);

    let identical = 0;
    let killedMidRun = 0;
    const resumeTimes: number[] = [];
    for (let i = 1; i <= trials; i++) {
      const killAt = Math.round(rng.range(0.05, 0.95) * clean.ms);
      const stack = await freshStack(`trial-${i}`);
      const workDir = join(root, `work-${i}`);
      const killed = await runPipeline(workDir, stack.url, killAt);
      const wasKilled = killed.signal === "SIGKILL";
      if (wasKilled) killedMidRun++;
      const resumed = await runPipeline(workDir, stack.url);
      resumeTimes.push(resumed.ms);
      const state = resumed.code === 0 ? await endState(workDir, stack.api, modelId) : null;
      const checks = [
        ...RESULTS.map((name) => [name, state !== null && state.files[name] !== "" && state.files[name] === reference.files[name]] as const),
        ["coverage", state !== null && JSON.stringify(state.coverage) === JSON.stringify(reference.coverage)] as const,
      ];
      const same = checks.every(([, ok]) => ok);
      if (same) identical++;
      console.log(
        `trial ${String(i).padStart(2)}/${trials}: ${wasKilled ? `SIGKILL at ${(killAt / 1000).toFixed(1)} s during "${lastStage(killed.output)}"` : `finished before the kill at ${(killAt / 1000).toFixed(1)} s`}; ` +
          `restart ${resumed.code === 0 ? `ok in ${(resumed.ms / 1000).toFixed(1)} s` : `FAILED (exit ${resumed.code})`}; ` +
          `${checks.map(([name, ok]) => `${name} ${ok ? "same" : "DIFFERENT"}`).join(", ")}`,
      );
      if (resumed.code !== 0) console.log(resumed.output.split("\n").slice(-10).join("\n"));
      await stopWorker();
      rmSync(stack.dir, { recursive: true, force: true });
      if (!values.keep) rmSync(workDir, { recursive: true, force: true });
    }
    const mean = resumeTimes.reduce((a, b) => a + b, 0) / Math.max(1, resumeTimes.length);
    console.log(
      `summary: ${identical}/${trials} trials ended identical to the clean run (map, clusters, neighbours byte-identical; coverage equal); ` +
        `${killedMidRun}/${trials} were killed mid-run; clean run ${(clean.ms / 1000).toFixed(1)} s, restarts ${(mean / 1000).toFixed(1)} s on average; ` +
        `total ${((Date.now() - started) / 60_000).toFixed(1)} min`,
    );
    if (identical !== trials) process.exitCode = 1;
  } finally {
    await stopWorker();
    await stopAllProcesses();
    await shop.close();
    if (!values.keep) rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch(async (error: unknown) => {
    console.error(`trial:kill: ${error instanceof Error ? error.message : String(error)}`);
    await stopAllProcesses();
    process.exit(1);
  });
}
