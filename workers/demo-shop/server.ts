/**
 * Node adapter: serves the demo shop and its partner shop on two ports with @hono/node-server.
 *   tsx workers/demo-shop/server.ts --port 8790 --partner-port 8791 [--host 127.0.0.1]
 *       [--version 1|2] [--slow-ms 8000] [--crawl-delay 0] [--no-warm] [--hostile]
 * --hostile (or DEMO_SHOP_HOSTILE=1 in the environment, which is how a stack started by
 * scripts/lib/stack.ts gets it) also serves the hostile section under /hostile/ (hostile.ts).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { createDemoShop, type DemoShop, type DemoShopOptions } from "./app.ts";
import { DiskImageCache } from "./image-disk-cache.ts";

export interface StartDemoShopOptions extends Omit<DemoShopOptions, "partnerBaseUrl"> {
  /** 0 (default) picks a free port. */
  port?: number;
  partnerPort?: number;
  host?: string;
  /** Render every image before resolving (default false; the CLI does it). */
  warm?: boolean;
}

export interface RunningDemoShop {
  url: string;
  partnerUrl: string;
  shop: DemoShop;
  close(): Promise<void>;
}

function listen(fetch: (request: Request, env?: unknown) => Promise<Response>, port: number, hostname: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }) as Server;
    // Node closes an idle keep-alive connection after 5 s by default. A client that pooled it
    // (workerd does) and sends on it just then gets "Network connection lost": tests that paused
    // more than 5 s between requests to the shop failed that way on a busy machine.
    server.keepAliveTimeout = 65_000;
    server.once("error", reject);
    server.once("listening", () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets (and a pending slow page) would otherwise hold close() open.
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startDemoShop(options: StartDemoShopOptions = {}): Promise<RunningDemoShop> {
  const host = options.host ?? "127.0.0.1";
  // Rendered works are kept on disk unless the caller says otherwise (imageCache: null).
  const shop = createDemoShop({ ...options, imageCache: options.imageCache === undefined ? new DiskImageCache() : options.imageCache });
  if (options.warm) shop.warmImages();
  const main = await listen(shop.fetch, options.port ?? 0, host);
  const partner = await listen(shop.partnerFetch, options.partnerPort ?? 0, host).catch(async (error: unknown) => {
    await closeServer(main);
    throw error;
  });
  const urlOf = (server: Server): string => `http://${host}:${(server.address() as AddressInfo).port}`;
  const partnerUrl = urlOf(partner);
  shop.setPartnerBaseUrl(partnerUrl);
  return {
    url: urlOf(main),
    partnerUrl,
    shop,
    close: async () => {
      await Promise.all([closeServer(main), closeServer(partner)]);
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8790" },
      "partner-port": { type: "string", default: "8791" },
      host: { type: "string", default: "127.0.0.1" },
      version: { type: "string", default: "1" },
      "slow-ms": { type: "string" },
      "crawl-delay": { type: "string" },
      "no-warm": { type: "boolean", default: false },
      hostile: { type: "boolean", default: false },
    },
  });
  const version = values.version === "2" ? 2 : 1;
  const started = Date.now();
  const running = await startDemoShop({
    port: Number(values.port),
    partnerPort: Number(values["partner-port"]),
    host: values.host,
    version,
    slowMs: values["slow-ms"] === undefined ? undefined : Number(values["slow-ms"]),
    crawlDelay: values["crawl-delay"] === undefined ? undefined : Number(values["crawl-delay"]),
    warm: !values["no-warm"],
    hostile: values.hostile || process.env.DEMO_SHOP_HOSTILE === "1",
  });
  console.log(`Demo art shop (version ${version}) ready in ${Date.now() - started} ms`);
  console.log(`  main shop:    ${running.url}/`);
  console.log(`  partner shop: ${running.partnerUrl}/`);
  console.log(`  ground truth: ${running.url}/__demo/ground-truth.json`);
  if (running.shop.hostile) console.log(`  hostile:      ${running.url}/hostile/ (ground truth ${running.url}/__demo/hostile.json)`);
  const stop = (signal: string): void => {
    console.log(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
