/**
 * `npm run demo [-- --model auto|builtin|clip-vit-b32] [--port 8788] [--state DIR]`: the main job.
 * Picks the model (CLIP when it is here or can be fetched, else the built-in
 * one), starts the whole stack on its persisted local state, prints the site's
 * URL as soon as the site answers, then brings the collection up to date from the
 * bundled demo shops (a full crawl the first time, an incremental one after) and
 * runs the offline pipeline, with progress, and keeps serving until Ctrl-C.
 * Safe to run again: every step is idempotent.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AdminApi } from "../offline/admin-api";
import { formatProgress } from "../offline/models/download";
import { fetchModel } from "../offline/models/fetch";
import { projectRoot } from "./lib/local-env";
import { crawlDemoShops } from "./lib/demo-crawl";
import { chooseDemoModel, parseModelChoice } from "./lib/demo-model";
import { PortInUseError, stopAllProcesses } from "./lib/processes";
import { DEFAULT_PORTS, portsFrom, startStack } from "./lib/stack";

// Registered first: Ctrl-C at any point (even while starting or crawling) stops everything started.
let stopping = false;
const stop = async (code: number): Promise<never> => {
  // Already stopping: the caller waits for that exit instead of carrying on (e.g. printing "ready").
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  await stopAllProcesses();
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));

const fail = async (message: string) => {
  console.error(`demo failed: ${message}`);
  await stop(1);
};

let options: { model: ReturnType<typeof parseModelChoice>; port: number; state?: string };
try {
  const { values } = parseArgs({ options: { model: { type: "string" }, port: { type: "string" }, state: { type: "string" } } });
  const port = values.port === undefined ? DEFAULT_PORTS.app : Number(values.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65532) throw new Error(`--port must be a whole number from 1024 to 65532 (got "${values.port}")`);
  options = { model: parseModelChoice(values.model), port, state: values.state };
} catch (error) {
  await fail((error as Error).message);
  throw error;
}

const tty = process.stderr.isTTY;
const model = await chooseDemoModel(options.model, {
  modelsDir: join(projectRoot, "models"),
  fetchModel,
  onProgress: (p) => process.stderr.write(tty ? `\r${formatProgress(p)}\x1b[K` : `${formatProgress(p)}\n`),
  log: (line) => console.log(line),
}).catch(async (error: Error) => {
  await fail(error.message);
  throw error;
});
if (tty) process.stderr.write("\r\x1b[K");
console.log(`model: ${model.id}`);

const stack = await startStack({ ports: portsFrom(options.port), modelDir: model.modelDir, persistTo: options.state }).catch(async (error: Error) => {
  await fail(error instanceof PortInUseError ? error.message : error.message.split("\n").slice(0, 12).join("\n"));
  throw error;
});

console.log(`
Art Snob is serving at ${stack.urls.app}   (the collection fills in as the crawl and the pipeline below go on)
  demo shop   ${stack.urls.shop}
Press Ctrl-C to stop.
`);

// A process of the stack that dies (now or after "ready") ends the demo with its exit and its log's end.
void stack.died.then((message) => fail(message));

try {
  const admin = new AdminApi(stack.urls.worker, stack.adminToken);
  await crawlDemoShops(admin, stack.urls.shop, stack.urls.partner);
  // The offline pipeline, exactly as an operator runs it: embeddings, palettes, map, clusters, neighbours.
  await runCommandEchoing(bin("tsx"), ["offline/cli.ts", "run"], { ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, MODEL_DIR: model.modelDir });
} catch (error) {
  // A step that lost the site says so; the process that died says why (its exit is seen a moment later).
  const died = await Promise.race([stack.died, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000))]);
  await fail(died ?? (error as Error).message);
}

console.log(`
Art Snob demo is ready at ${stack.urls.app} (${model.id}).
Press Ctrl-C to stop.`);

function bin(name: string): string {
  return join(projectRoot, "node_modules", ".bin", name);
}

/** Runs a step with its output shown, failing the demo if the step fails. */
function runCommandEchoing(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}
