/**
 * `npm run demo`: the main job. Starts the whole stack on its persisted local
 * state, brings the collection up to date from the bundled demo shop (a full
 * crawl the first time, an incremental one after), and keeps serving the site
 * until Ctrl-C. Safe to run again: every step is idempotent.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { AdminApi } from "../offline/admin-api";
import { projectRoot } from "./lib/local-env";
import { crawlDemoShops } from "./lib/demo-crawl";
import { stopAllProcesses } from "./lib/processes";
import { DEFAULT_PORTS, startStack } from "./lib/stack";

// Registered first: Ctrl-C at any point (even while starting or crawling) stops everything started.
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stopAllProcesses();
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));

const stack = await startStack({ ports: DEFAULT_PORTS });

try {
  const admin = new AdminApi(stack.urls.worker, stack.adminToken);
  await crawlDemoShops(admin, stack.urls.shop, stack.urls.partner);
  // The offline pipeline, exactly as an operator runs it: embeddings, palettes, map, clusters, neighbours.
  await runCommandEchoing(bin("tsx"), ["offline/cli.ts", "run"], { ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken });
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}`);
  await stop(1);
}

console.log(`
Art Snob demo is serving at ${stack.urls.app}
  demo shop   ${stack.urls.shop}
  worker      ${stack.urls.worker}
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
