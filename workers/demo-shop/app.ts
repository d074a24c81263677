/**
 * createDemoShop: the deterministic demo art shop as web-standard fetch handlers (Hono), usable
 * from Node (server.ts), a Worker, or directly in tests. See README.md for what it serves.
 */
import { Hono } from "hono";
import type { DemoCatalog } from "./types.ts";
import { CONTROL_PREFIX, registerControlRoutes } from "./control-routes.ts";
import { faultMiddleware } from "./faults.ts";
import { registerHostileRoutes } from "./hostile-routes.ts";
import { buildGroundTruth, type GroundTruth } from "./ground-truth.ts";
import { registerMainRoutes } from "./main-routes.ts";
import { registerPartnerRoutes } from "./partner-routes.ts";
import { requestLogger, type RequestLogEntry } from "./request-log.ts";
import { createRuntime, mainOrigin, type DemoShopOptions } from "./runtime.ts";
import { serverErrorPage } from "./pages/status-pages.ts";

export type { DemoShopOptions } from "./runtime.ts";
export type { RequestLogEntry } from "./request-log.ts";

export interface DemoShop {
  /** The main shop. `env` is the server adapter's (Node: { incoming, outgoing }, used to reset connections). */
  fetch(request: Request, env?: unknown): Promise<Response>;
  /** The partner shop "Northlight Prints"; serve it on its own origin. */
  partnerFetch(request: Request, env?: unknown): Promise<Response>;
  setVersion(version: 1 | 2): void;
  version(): 1 | 2;
  /** Every main and partner request, oldest first (control endpoints excluded). Cleared in place. */
  readonly requestLog: RequestLogEntry[];
  catalog(): DemoCatalog;
  /** Ground truth for the current version; renders every image on first use. */
  groundTruth(origin?: string): GroundTruth;
  /** Tell the shop where the partner shop is served (the Node adapter knows only after listening). */
  setPartnerBaseUrl(url: string): void;
  /** Render and encode every image now instead of on first request. */
  warmImages(): void;
  /** Whether the hostile section is served (option `hostile`). */
  readonly hostile: boolean;
}

export function createDemoShop(options: DemoShopOptions = {}): DemoShop {
  const runtime = createRuntime(options);

  const main = new Hono();
  registerControlRoutes(main, runtime);
  const logged = requestLogger(runtime.requestLog, "main");
  main.use("*", async (c, next) => (new URL(c.req.url).pathname.startsWith(`${CONTROL_PREFIX}/`) ? next() : logged(c, next)));
  if (runtime.faults) {
    const faults = faultMiddleware(runtime.faults, (c) => serverErrorPage(mainOrigin(runtime, c.req.raw)));
    main.use("*", async (c, next) => (new URL(c.req.url).pathname.startsWith(`${CONTROL_PREFIX}/`) ? next() : faults(c, next)));
  }
  if (options.hostile) registerHostileRoutes(main, runtime);
  registerMainRoutes(main, runtime);

  const partner = new Hono();
  partner.use("*", requestLogger(runtime.requestLog, "partner"));
  registerPartnerRoutes(partner, runtime);

  return {
    fetch: async (request, env) => main.fetch(request, env),
    partnerFetch: async (request, env) => partner.fetch(request, env),
    setVersion(version) {
      runtime.version = version;
    },
    version: () => runtime.version,
    requestLog: runtime.requestLog,
    catalog: () => runtime.state().catalog,
    groundTruth: (origin) =>
      buildGroundTruth({
        state: runtime.state(),
        images: runtime.images,
        origin: origin ?? runtime.baseUrl ?? "http://127.0.0.1",
        partnerOrigin: runtime.partnerBaseUrl ?? null,
        crawlDelay: runtime.crawlDelay,
        faults: runtime.faults?.plan() ?? null,
      }),
    setPartnerBaseUrl(url) {
      runtime.partnerBaseUrl = new URL(url).origin;
    },
    warmImages() {
      runtime.images.warm(runtime.state().catalog.artworks);
    },
    hostile: options.hostile === true,
  };
}
