/**
 * Starts the whole local stack on one persisted state folder:
 *   demo shop (Node) · the Worker (wrangler dev) · the query encoder (Node) · the Remix app (wrangler pages dev)
 * Used by `npm run dev`, `npm run demo` and the end-to-end tests.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureBrowserForLocalRendering, type ShimResult } from "./browser-shim";
import { readOrCreateDevSecrets } from "./dev-secrets";
import { localCloudflareEnv, projectRoot } from "./local-env";
import { freePort, startProcess, waitForHttp, type ManagedProcess } from "./processes";
import { runCommand } from "./run";

const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

export interface StackOptions {
  /** Folder for local D1/R2/DO state; shared by the Worker and the app. */
  persistTo?: string;
  /** Fixed ports for people (dev, demo); 0 picks free ports (tests). A missing encoder port picks a free one. */
  ports?: { shop: number; partner: number; worker: number; app: number; encoder?: number };
  /** Rebuild the Remix app before serving (default true). */
  buildApp?: boolean;
  /** Copy every process's output to stdout with a prefix. */
  echo?: boolean;
  adminToken?: string;
  sessionSecret?: string;
  /** Extra plain-text bindings for the site (e.g. RATE_LIMIT_* for load tests and benchmarks). */
  appBindings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Stack {
  urls: { shop: string; partner: string; worker: string; app: string; encoder: string };
  adminToken: string;
  persistTo: string;
  browser: ShimResult;
  stop(): Promise<void>;
}

export const DEFAULT_PORTS = { shop: 8790, partner: 8791, worker: 8787, app: 8788, encoder: 8789 };

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const persistTo = options.persistTo ?? join(projectRoot, ".wrangler", "state");
  mkdirSync(persistTo, { recursive: true });
  const logDir = join(persistTo, "logs");
  const env = localCloudflareEnv();
  const secrets = options.adminToken && options.sessionSecret
    ? { ADMIN_TOKEN: options.adminToken, SESSION_SECRET: options.sessionSecret }
    : readOrCreateDevSecrets();
  const ports = options.ports ?? DEFAULT_PORTS;
  const port = async (p: number) => (p === 0 ? freePort() : p);
  const [shopPort, partnerPort, workerPort, appPort, encoderPort, workerInspector, appInspector] = await Promise.all([
    port(ports.shop), port(ports.partner), port(ports.worker), port(ports.app), port(ports.encoder ?? 0), freePort(), freePort(),
  ]);
  const urls = {
    shop: `http://127.0.0.1:${shopPort}`,
    partner: `http://127.0.0.1:${partnerPort}`,
    worker: `http://127.0.0.1:${workerPort}`,
    app: `http://127.0.0.1:${appPort}`,
    encoder: `http://127.0.0.1:${encoderPort}`,
  };

  const browser = await ensureBrowserForLocalRendering(env.XDG_CACHE_HOME!);
  log(`browser rendering: ${describeBrowser(browser)}`);

  log("applying D1 migrations to the local database…");
  await runCommand(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: projectRoot, env, label: "wrangler d1 migrations apply",
  });

  if (options.buildApp !== false || !existsSync(join(projectRoot, "build", "server", "index.js"))) {
    log("building the Remix app…");
    await runCommand(bin("remix"), ["vite:build"], { cwd: projectRoot, env, label: "remix vite:build" });
  }

  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()));
  };
  try {
    const shop = startProcess({
      name: "shop", command: bin("tsx"),
      args: ["workers/demo-shop/server.ts", "--port", String(shopPort), "--partner-port", String(partnerPort)],
      cwd: projectRoot, env, logFile: join(logDir, "demo-shop.log"), echo: options.echo,
    });
    started.push(shop);

    const allowedPrivate = [`127.0.0.1:${shopPort}`, `localhost:${shopPort}`, `127.0.0.1:${partnerPort}`, `localhost:${partnerPort}`].join(",");
    const worker = startProcess({
      name: "worker", command: bin("wrangler"),
      args: [
        "dev", "--ip", "127.0.0.1", "--port", String(workerPort), "--inspector-port", String(workerInspector),
        "--persist-to", persistTo, "--test-scheduled", "--show-interactive-dev-session=false",
        "--var", `ADMIN_TOKEN:${secrets.ADMIN_TOKEN}`,
        "--var", `CRAWLER_ALLOWED_PRIVATE_HOSTS:${allowedPrivate}`,
        "--var", `PUBLIC_SITE_URL:${urls.app}`,
        "--var", `CRAWLER_CONTACT_URL:${urls.app}/about/bot`,
      ],
      cwd: projectRoot, env, logFile: join(logDir, "worker.log"), echo: options.echo,
    });
    started.push(worker);

    // The query encoder: the same model files as the offline pipeline (MODEL_DIR or the default).
    const encoder = startProcess({
      name: "encoder", command: bin("tsx"),
      args: ["offline/encoder/main.ts", "--port", String(encoderPort)],
      cwd: projectRoot, env, logFile: join(logDir, "encoder.log"), echo: options.echo,
    });
    started.push(encoder);

    const app = startProcess({
      name: "app", command: bin("wrangler"),
      args: [
        "pages", "dev", "--ip", "127.0.0.1", "--port", String(appPort), "--inspector-port", String(appInspector),
        "--persist-to", persistTo, "--show-interactive-dev-session=false",
        "--binding", `SESSION_SECRET=${secrets.SESSION_SECRET}`,
        "--binding", `PUBLIC_SITE_URL=${urls.app}`,
        "--binding", `WORKER_URL=${urls.worker}`,
        "--binding", `ENCODER_URL=${urls.encoder}`,
        // The operator page signs in with the Worker's admin token.
        "--binding", `ADMIN_TOKEN=${secrets.ADMIN_TOKEN}`,
        ...Object.entries(options.appBindings ?? {}).flatMap(([name, value]) => ["--binding", `${name}=${value}`]),
      ],
      cwd: join(projectRoot, "app"), env, logFile: join(logDir, "app.log"), echo: options.echo,
    });
    started.push(app);

    await Promise.all([
      waitForHttp(`${urls.shop}/robots.txt`, shop, 60_000),
      waitForHttp(`${urls.worker}/health`, worker, 120_000),
      waitForHttp(`${urls.encoder}/health`, encoder, 60_000),
      waitForHttp(`${urls.app}/api/health`, app, 120_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, adminToken: secrets.ADMIN_TOKEN, persistTo, browser, stop };
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
