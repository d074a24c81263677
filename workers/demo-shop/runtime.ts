/**
 * The mutable state behind the demo shop (current version, options, caches, log), shared by the
 * main shop, the partner shop and the control endpoints.
 */
import { FIRST_ID, V1_WORK_COUNT, generateCatalog } from "./catalog.ts";
import { createDnsZone, type DnsZone } from "./doh.ts";
import { buildFaultPlan, createFaultState, type FaultOptions, type FaultPlan, type FaultState } from "./faults.ts";
import { ImageStore, type ImageCache } from "./image-store.ts";
import { VERSION2_NEW_SHARE } from "./revisions.ts";
import type { RequestLogEntry } from "./request-log.ts";
import { buildShopState, type ShopState } from "./shop-state.ts";
import type { DemoCatalog } from "./types.ts";

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
  /** Serve only the works of the first N catalogue ids (a small shop for quick tests; version 2 adds its ~5% of new works). */
  works?: number;
  /** Fault injection (see faults.ts): a seeded subset of requests hangs, resets, fails or is cut short. */
  faults?: FaultOptions;
  /** Also serve the hostile section under /hostile/ (hostile.ts): payloads in every scraped field. */
  hostile?: boolean;
  /** Keeps rendered works across processes (the Node server's default is on disk: image-disk-cache.ts); null for none. */
  imageCache?: ImageCache | null;
}

export interface ShopRuntime {
  version: 1 | 2;
  slowMs: number;
  crawlDelay: number;
  baseUrl: string | undefined;
  partnerBaseUrl: string | undefined;
  readonly images: ImageStore;
  readonly requestLog: RequestLogEntry[];
  /** The DoH test resolver's names (control endpoints /__demo/dns*). */
  readonly dns: DnsZone;
  /** Set when the shop injects faults. */
  readonly faults: FaultState | null;
  state(): ShopState;
}

function trimOrigin(url: string | undefined): string | undefined {
  return url === undefined ? undefined : new URL(url).origin;
}

export function createRuntime(options: DemoShopOptions): ShopRuntime {
  const states = new Map<1 | 2, ShopState>();
  const plans = new Map<1 | 2, FaultPlan>();
  const faultOptions = options.faults;
  const runtime: ShopRuntime = {
    version: options.version ?? 1,
    slowMs: options.slowMs ?? 8000,
    crawlDelay: options.crawlDelay ?? 0,
    baseUrl: trimOrigin(options.baseUrl),
    partnerBaseUrl: trimOrigin(options.partnerBaseUrl),
    images: new ImageStore(options.imageCache ?? null),
    requestLog: [],
    dns: createDnsZone(),
    faults: faultOptions
      ? createFaultState(faultOptions, () => {
          let plan = plans.get(runtime.version);
          if (!plan) {
            plan = buildFaultPlan(runtime.state(), faultOptions);
            plans.set(runtime.version, plan);
          }
          return plan;
        })
      : null,
    state() {
      let state = states.get(runtime.version);
      if (!state) {
        state = buildShopState(subset(generateCatalog(runtime.version), options.works));
        states.set(runtime.version, state);
      }
      return state;
    },
  };
  return runtime;
}

/**
 * The first `works` ids of version 1 (and what version 2 keeps of them), with the partner products
 * that resell them. Version 2 of the small shop also adds new works, as many as the whole shop's
 * version 2 adds for that many works (its first ones), so a recrawl still finds some.
 */
function subset(catalog: DemoCatalog, works: number | undefined): DemoCatalog {
  if (works === undefined) return catalog;
  const count = Math.max(0, Math.floor(works));
  const lastId = FIRST_ID + count - 1;
  const lastV1Id = FIRST_ID + V1_WORK_COUNT - 1;
  const lastNewId = lastV1Id + Math.round(count * VERSION2_NEW_SHARE);
  const keep = (w: { id: number }) => w.id <= lastId || (w.id > lastV1Id && w.id <= lastNewId);
  return {
    ...catalog,
    artworks: catalog.artworks.filter(keep),
    removed: catalog.removed.filter(keep),
    partner: { ...catalog.partner, products: catalog.partner.products.filter((p) => p.sourceId <= lastId) },
  };
}

/** The origin absolute URLs should use for a request to the main shop. */
export function mainOrigin(runtime: ShopRuntime, request: Request): string {
  return runtime.baseUrl ?? new URL(request.url).origin;
}

export function partnerOrigin(runtime: ShopRuntime, request: Request): string {
  return runtime.partnerBaseUrl ?? new URL(request.url).origin;
}
