/**
 * The mutable state behind the demo shop (current version, options, caches, log), shared by the
 * main shop, the partner shop and the control endpoints.
 */
import { generateCatalog } from "./catalog.ts";
import { ImageStore } from "./image-store.ts";
import type { RequestLogEntry } from "./request-log.ts";
import { buildShopState, type ShopState } from "./shop-state.ts";

export interface DemoShopOptions {
  /** Catalogue version to start with (default 1). */
  version?: 1 | 2;
  /** Origin for absolute URLs in main-shop pages; default: the origin each request came to. */
  baseUrl?: string;
  /** Same for the partner shop; also lets the ground truth give partner URLs. */
  partnerBaseUrl?: string;
  /** Delay of the "slow" product page in ms (default 8000; tests use a short one). */
  slowMs?: number;
  /** Crawl-delay in robots.txt's "*" group, in seconds (default 0). */
  crawlDelay?: number;
  // A later fault-injection mode (timeouts, resets, truncated bodies, flapping robots.txt)
  // belongs here as `faults`; every request already passes through one middleware per shop.
}

export interface ShopRuntime {
  version: 1 | 2;
  slowMs: number;
  crawlDelay: number;
  baseUrl: string | undefined;
  partnerBaseUrl: string | undefined;
  readonly images: ImageStore;
  readonly requestLog: RequestLogEntry[];
  state(): ShopState;
}

function trimOrigin(url: string | undefined): string | undefined {
  return url === undefined ? undefined : new URL(url).origin;
}

export function createRuntime(options: DemoShopOptions): ShopRuntime {
  const states = new Map<1 | 2, ShopState>();
  const runtime: ShopRuntime = {
    version: options.version ?? 1,
    slowMs: options.slowMs ?? 8000,
    crawlDelay: options.crawlDelay ?? 0,
    baseUrl: trimOrigin(options.baseUrl),
    partnerBaseUrl: trimOrigin(options.partnerBaseUrl),
    images: new ImageStore(),
    requestLog: [],
    state() {
      let state = states.get(runtime.version);
      if (!state) {
        state = buildShopState(generateCatalog(runtime.version));
        states.set(runtime.version, state);
      }
      return state;
    },
  };
  return runtime;
}

/** The origin absolute URLs should use for a request to the main shop. */
export function mainOrigin(runtime: ShopRuntime, request: Request): string {
  return runtime.baseUrl ?? new URL(request.url).origin;
}

export function partnerOrigin(runtime: ShopRuntime, request: Request): string {
  return runtime.partnerBaseUrl ?? new URL(request.url).origin;
}
