/**
 * The part of the local stack a crawl needs: the demo shop (Node) and the Worker (wrangler dev,
 * workerd), on free ports and a throw-away state folder, so a benchmark never touches the
 * developer's `npm run dev` state or ports. Reuses the stack's own process helpers; no site.
 *
 * The Worker runs from a bundle built once at start (`wrangler deploy --dry-run --outdir`), not
 * from the sources: wrangler dev reloads on every source change, and a reload in the middle of a
 * crawl drops the local queue's messages and stalls the run, which happens whenever someone edits
 * workers/ on a shared checkout while a benchmark runs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBrowserForLocalRendering, type ShimResult } from "../../scripts/lib/browser-shim.ts";
import { localCloudflareEnv, projectRoot } from "../../scripts/lib/local-env.ts";
import { freePort, startProcess, waitForHttp, type ManagedProcess } from "../../scripts/lib/processes.ts";
import { runCommand } from "../../scripts/lib/run.ts";

const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

export interface CrawlStack {
  shopUrl: string;
  partnerUrl: string;
  workerUrl: string;
  adminToken: string;
  persistTo: string;
  browser: ShimResult;
  worker: ManagedProcess;
  /** Stops both process groups, then any descendant (workerd, chromium) that outlived them. */
  stop(): Promise<void>;
}

export async function startCrawlStack(persistTo: string, log: (line: string) => void, extraVars: Record<string, string> = {}): Promise<CrawlStack> {
  const env = localCloudflareEnv();
  const adminToken = `bench-${process.pid}-${Date.now()}`;
  const [shopPort, partnerPort, workerPort, inspectorPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const shopUrl = `http://127.0.0.1:${shopPort}`;
  const partnerUrl = `http://127.0.0.1:${partnerPort}`;
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const browser = await ensureBrowserForLocalRendering(env.XDG_CACHE_HOME!);

  log("bundling the Worker (a snapshot of workers/ for this run) …");
  const bundleDir = join(persistTo, "bundle");
  await runCommand(bin("wrangler"), ["deploy", "--dry-run", "--outdir", bundleDir], { cwd: projectRoot, env, label: "wrangler deploy --dry-run" });

  log("applying D1 migrations to a fresh local database …");
  await runCommand(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { cwd: projectRoot, env, label: "wrangler d1 migrations apply" });

  const started: ManagedProcess[] = [];
  const descendants = new Set<number>();
  const stop = async () => {
    for (const p of started) if (p.child.pid) for (const pid of descendantsOf(p.child.pid)) descendants.add(pid);
    await Promise.all(started.map((p) => p.stop()));
    // chromium (Browser Rendering) may have been started in a session of its own: end exactly
    // the processes this stack started that are still alive, by id.
    for (const pid of descendants) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  try {
    log("starting the demo shop and wrangler dev (workerd) …");
    const logDir = join(persistTo, "logs");
    const shop = startProcess({
      name: "shop", command: bin("tsx"), args: ["workers/demo-shop/server.ts", "--port", String(shopPort), "--partner-port", String(partnerPort)],
      cwd: projectRoot, env, logFile: join(logDir, "demo-shop.log"),
    });
    started.push(shop);
    const allowedPrivate = [`127.0.0.1:${shopPort}`, `localhost:${shopPort}`, `127.0.0.1:${partnerPort}`, `localhost:${partnerPort}`].join(",");
    const vars = {
      ADMIN_TOKEN: adminToken,
      CRAWLER_ALLOWED_PRIVATE_HOSTS: allowedPrivate,
      PUBLIC_SITE_URL: "http://127.0.0.1:9/",
      CRAWLER_CONTACT_URL: "http://127.0.0.1:9/about/bot",
      ...extraVars,
    };
    const worker = startProcess({
      name: "worker", command: bin("wrangler"),
      args: [
        "dev", join(bundleDir, "index.js"), "--no-bundle", "--config", "wrangler.toml", "--ip", "127.0.0.1", "--port", String(workerPort), "--inspector-port", String(inspectorPort),
        "--persist-to", persistTo, "--test-scheduled", "--show-interactive-dev-session=false",
        ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
      ],
      cwd: projectRoot, env, logFile: join(logDir, "worker.log"),
    });
    started.push(worker);
    await Promise.all([waitForHttp(`${shopUrl}/robots.txt`, shop, 120_000), waitForHttp(`${workerUrl}/health`, worker, 180_000)]);
    return { shopUrl, partnerUrl, workerUrl, adminToken, persistTo, browser, worker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every live process below `pid` (from /proc), deepest last. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may contain spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}
