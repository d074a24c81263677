/**
 * Starts the whole local stack on one persisted state folder:
 *   demo shop (Node) · the query encoder (Node) · the site and the crawler Worker
 *   together in ONE `wrangler pages dev` process (the Worker as its second config)
 * Used by `npm run dev`, `npm run demo`, the trials and the end-to-end tests.
 *
 * One process for the site and the Worker means one owner of the local SQLite
 * file: two workerd processes on one file answered each other's writes with
 * SQLITE_BUSY (docs/decisions/0015-one-local-process.md). The Worker has no port
 * of its own: its admin API, /health and the test cron (/__scheduled) answer on
 * the site's port (app/server/local-worker.ts), so `urls.worker` is the site's URL.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureBrowserForLocalRendering, type ShimResult } from "./browser-shim";
import { readOrCreateDevSecrets } from "./dev-secrets";
import { localCloudflareEnv, projectRoot } from "./local-env";
import { writeLocalWorkerConfig } from "./local-worker-config";
import { assertPortsFree, freePort, startProcess, waitForHttp, type ManagedProcess } from "./processes";
import { runCommand } from "./run";
import { stopOrphanedBrowsers } from "./browser-processes";

const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

export interface StackPorts {
  shop: number;
  partner: number;
  /** The site, which also answers for the Worker. */
  app: number;
  encoder?: number;
}

export interface StackOptions {
  /** Folder for local D1/R2/DO state, logs and the Worker's generated config. */
  persistTo?: string;
  /** Fixed ports for people (dev, demo); 0 picks free ports (tests). A missing encoder port picks a free one. */
  ports?: StackPorts;
  /** Rebuild the Remix app before serving: always, never, or (default) when a source is newer than the build. */
  buildApp?: boolean | "if-stale";
  /** Copy every process's output to stdout with a prefix. */
  echo?: boolean;
  adminToken?: string;
  sessionSecret?: string;
  /** Extra plain-text bindings for the site (e.g. RATE_LIMIT_* for load tests and benchmarks). */
  appBindings?: Record<string, string>;
  /** Model folder for the query encoder (default: the encoder's own default). */
  modelDir?: string;
  /**
   * Rebundle the Worker when one of its sources changes (`npm run dev`). Off by default: esbuild
   * watches by polling every file of the bundle, about a fifth of a core for as long as the stack
   * runs (docs/decisions/0026), and the demo, tests and benchmarks never edit their sources.
   */
  watchSources?: boolean;
  log?: (line: string) => void;
}

export interface Stack {
  /** `worker` is the site's URL: the Worker answers there (see above). */
  urls: { shop: string; partner: string; worker: string; app: string; encoder: string };
  adminToken: string;
  persistTo: string;
  browser: ShimResult;
  /**
   * Resolves, with a message naming the process, its exit and the end of its log, if one of the
   * stack's processes exits before stop(): a dead site then says why instead of refusing connections.
   * Never resolves otherwise.
   */
  died: Promise<string>;
  stop(): Promise<void>;
}

const PROCESS_LABELS: Record<string, string> = {
  shop: "the demo shop",
  encoder: "the query encoder",
  app: "the site and Worker (wrangler pages dev)",
};

/** The site on `base`, the encoder on base+1, the demo shops on base+2 and base+3. */
export function portsFrom(base: number): Required<StackPorts> {
  return { app: base, encoder: base + 1, shop: base + 2, partner: base + 3 };
}

export const DEFAULT_PORTS = portsFrom(8788);

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const persistTo = options.persistTo ?? join(projectRoot, ".wrangler", "state");
  const ports = options.ports ?? DEFAULT_PORTS;
  // People choose fixed ports: say plainly which one is taken and how to pick others, before touching anything.
  await assertPortsFree([
    ["site", ports.app], ["query encoder", ports.encoder ?? 0], ["demo shop", ports.shop], ["partner shop", ports.partner],
  ]);
  mkdirSync(persistTo, { recursive: true });
  const logDir = join(persistTo, "logs");
  const env = localCloudflareEnv();
  const secrets = options.adminToken && options.sessionSecret
    ? { ADMIN_TOKEN: options.adminToken, SESSION_SECRET: options.sessionSecret }
    : readOrCreateDevSecrets();
  const browser = await ensureBrowserForLocalRendering(env.XDG_CACHE_HOME!);
  log(`browser rendering: ${describeBrowser(browser)}`);

  log("applying D1 migrations to the local database…");
  await runCommand(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: projectRoot, env, label: "wrangler d1 migrations apply",
  });

  await buildSite(options.buildApp ?? "if-stale", log);

  // Free ports are chosen only now, just before the servers start, to leave others little time to take them.
  const port = async (p: number) => (p === 0 ? freePort() : p);
  const [shopPort, partnerPort, appPort, encoderPort, appInspector] = await Promise.all([
    port(ports.shop), port(ports.partner), port(ports.app), port(ports.encoder ?? 0), freePort(),
  ]);
  const app = `http://127.0.0.1:${appPort}`;
  const urls = {
    shop: `http://127.0.0.1:${shopPort}`,
    partner: `http://127.0.0.1:${partnerPort}`,
    worker: app,
    app,
    encoder: `http://127.0.0.1:${encoderPort}`,
  };

  // Local Browser Rendering launches chromium in a process group of its own; the
  // launcher records each one here so stopping the stack stops them too.
  const browserPids = join(persistTo, "browser-pids");
  mkdirSync(browserPids, { recursive: true });
  const processEnv = { ...env, ARTSNOB_BROWSER_PIDS: browserPids };
  // Wrangler bundles with NODE_ENV=development unless told otherwise, which puts React's
  // development build (its checks and warnings) in every render: the demo, tests and benchmarks
  // serve what a deploy serves instead. `npm run dev` keeps React's warnings and rebundling.
  const appEnv = options.watchSources ? { ...processEnv, WRANGLER_BUNDLE_WATCH: "true" } : { ...processEnv, NODE_ENV: "production" };
  const started: ManagedProcess[] = [];
  let reportDeath: (message: string) => void = () => {};
  const died = new Promise<string>((resolve) => (reportDeath = resolve));
  const watch = (proc: ManagedProcess) => {
    started.push(proc);
    void proc.exited.then(({ code, signal }) => {
      if (proc.stopRequested) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reportDeath(`${PROCESS_LABELS[proc.name] ?? proc.name} ${how}. Its log (${proc.logFile}) ends with:\n${proc.tail()}`);
    });
    return proc;
  };
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()));
    stopOrphanedBrowsers(browserPids);
  };
  const allowedPrivate = [`127.0.0.1:${shopPort}`, `localhost:${shopPort}`, `127.0.0.1:${partnerPort}`, `localhost:${partnerPort}`].join(",");
  const workerConfig = writeLocalWorkerConfig(join(persistTo, "worker.wrangler.json"), {
    ADMIN_TOKEN: secrets.ADMIN_TOKEN,
    CRAWLER_ALLOWED_PRIVATE_HOSTS: allowedPrivate,
    PUBLIC_SITE_URL: urls.app,
    CRAWLER_CONTACT_URL: `${urls.app}/about/bot`,
    // The bundled shop's permanently failing page (HTTP 500) is retried 3 times; at the
    // production back-off (2, 8, 32 s) its retries held the end of every demo crawl for
    // 42 s. Against the local shops, 0, 1 and 4 s.
    CRAWL_RETRY_BASE_SECONDS: "0.25",
  });
  try {
    const shop = watch(startProcess({
      name: "shop", command: bin("tsx"),
      args: ["workers/demo-shop/server.ts", "--port", String(shopPort), "--partner-port", String(partnerPort)],
      cwd: projectRoot, env: processEnv, logFile: join(logDir, "demo-shop.log"), echo: options.echo,
    }));

    // The query encoder: the same model files as the offline pipeline (MODEL_DIR or the default).
    const encoder = watch(startProcess({
      name: "encoder", command: bin("tsx"),
      args: ["offline/encoder/main.ts", "--port", String(encoderPort), ...(options.modelDir ? ["--model", options.modelDir] : [])],
      cwd: projectRoot, env: processEnv, logFile: join(logDir, "encoder.log"), echo: options.echo,
    }));

    const app = watch(startProcess({
      name: "app", command: bin("wrangler"),
      args: [
        "pages", "dev", "--ip", "127.0.0.1", "--port", String(appPort), "--inspector-port", String(appInspector),
        // The site's config first (Wrangler requires it), then the Worker's: both in this one process.
        "-c", "wrangler.toml", "-c", workerConfig, "--service", "LOCAL_WORKER=art-snob",
        "--persist-to", persistTo, "--show-interactive-dev-session=false",
        "--binding", `SESSION_SECRET=${secrets.SESSION_SECRET}`,
        "--binding", `PUBLIC_SITE_URL=${urls.app}`,
        "--binding", `ENCODER_URL=${urls.encoder}`,
        // The operator page signs in with the Worker's admin token.
        "--binding", `ADMIN_TOKEN=${secrets.ADMIN_TOKEN}`,
        ...Object.entries(options.appBindings ?? {}).flatMap(([name, value]) => ["--binding", `${name}=${value}`]),
      ],
      cwd: join(projectRoot, "app"), env: appEnv, logFile: join(logDir, "app.log"), echo: options.echo,
    }));

    await Promise.all([
      waitForHttp(`${urls.shop}/robots.txt`, shop, 60_000),
      waitForHttp(`${urls.worker}/health`, app, 120_000),
      waitForHttp(`${urls.encoder}/health`, encoder, 60_000),
      waitForHttp(`${urls.app}/api/health`, app, 120_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, adminToken: secrets.ADMIN_TOKEN, persistTo, browser, died, stop };
}

/**
 * Builds the site into build/ (true: always; "if-stale": when a source is newer than the last
 * build or there is none; false: only when there is none). Every local stack serves that one folder.
 */
export async function buildSite(when: boolean | "if-stale", log: (line: string) => void): Promise<void> {
  if (when === true || !existsSync(BUILT_SERVER) || (when === "if-stale" && siteBuildIsStale())) {
    log("building the Remix app…");
    await runCommand(bin("remix"), ["vite:build"], { cwd: projectRoot, env: localCloudflareEnv(), label: "remix vite:build" });
  }
}

const BUILT_SERVER = join(projectRoot, "build", "server", "index.js");
/** What the site's build is made from: its own code, the shared Worker code, and the build's config. */
const SITE_SOURCES = ["app", "workers", "vite.config.ts", "package-lock.json"];

/** Whether any source file changed after the last build (a re-run of the demo skips an unneeded build). */
function siteBuildIsStale(): boolean {
  return !existsSync(BUILT_SERVER) || sourcesChangedSince(projectRoot, SITE_SOURCES, statSync(BUILT_SERVER).mtimeMs);
}

/**
 * Whether a file under `sources` (paths from `root`) is newer than `since` (ms). Hidden folders
 * are not sources: the Pages dev server writes its bundles to app/.wrangler/tmp, and counting them
 * made each stack started after another rebuild build/ under the one already serving.
 */
export function sourcesChangedSince(root: string, sources: readonly string[], since: number): boolean {
  const newer = (path: string): boolean => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return false;
    if (!stat.isDirectory()) return stat.mtimeMs > since;
    return readdirSync(path).some((name) => name !== "node_modules" && !name.startsWith(".") && newer(join(path, name)));
  };
  return sources.some((path) => newer(join(root, path)));
}

function describeBrowser(result: ShimResult): string {
  switch (result) {
    case "real-browser-cached": return "Chrome for Testing is cached";
    case "shim-present":
    case "shim-installed": return "using the system chromium (Chrome for Testing cannot be downloaded here)";
    case "download-possible": return "Chrome for Testing will be downloaded on first use";
    case "no-browser": return "unavailable: no system chromium and no download possible (install chromium to crawl JavaScript pages)";
  }
}
