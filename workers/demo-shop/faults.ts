/**
 * Fault injection: `createDemoShop({ faults: { seed, rate } })` makes a
 * deterministic subset of the shop misbehave the way real shops and networks
 * do: requests that hang past any timeout, connections reset before the
 * response, 500s and 503s, bodies cut short of their Content-Length, bodies
 * trickled out slowly, images with corrupt bytes, and a robots.txt that flaps
 * between 503/500 and fine.
 *
 * The plan is a pure function of (catalogue version, seed, rate): the
 * round(rate x n) eligible works (normal, server-rendered ones) with the lowest
 * seeded hash of their path get one fault each, the kinds dealt out in turn
 * from WORK_FAULTS so that every kind occurs once 13 works are faulted.
 * Listing and sitemap pages get only faults a retry gets past, so discovery is
 * never lost. Each fault lasts for its first `times` requests to the path (null:
 * for every request); the ground truth says for each work whether a correct
 * crawler (retrying transient failures up to 4 attempts) stores it, and which
 * error kind it records on the way.
 */
import type { Context, MiddlewareHandler } from "hono";
import { fnv1a } from "./random.ts";
import type { ShopState } from "./shop-state.ts";
import { STYLES } from "./types.ts";
import { categoryPath, imagePath, productPath } from "./urls.ts";
import { pageCount } from "./shop-state.ts";
import { artworkSitemapCount } from "./sitemaps.ts";

export interface FaultOptions {
  seed: number | string;
  /** Share (0..1, rounded to whole pages) of eligible works, and of listing and sitemap pages, that misbehave. */
  rate: number;
  /** Longest a hanging request is held when the client never gives up (ms, default 60000). */
  hangMs?: number;
  /** How long a trickled body takes from first to last byte (ms, default 1200). */
  trickleMs?: number;
}

export type FaultKind = "hang" | "reset" | "http-500" | "http-503" | "truncated" | "trickle" | "corrupt-image";

export interface PlannedFault {
  /** Path (with query for listing pages) the fault applies to. */
  path: string;
  target: "page" | "image" | "listing" | "sitemap";
  kind: FaultKind;
  /** How many requests to the path misbehave before it behaves; null: every request. */
  times: number | null;
  /** The work whose page or image this is; null for listings and sitemaps. */
  workId: number | null;
  /** What a correct crawler ends up with for the work (or the listing/sitemap page). */
  expected: "stored" | "not-stored" | "fetched";
  /** The error kind a correct crawler records for the failed requests (null when none fail). */
  errorKind: string | null;
}

export interface FaultPlan {
  seed: string;
  rate: number;
  faults: PlannedFault[];
  /** Status of the n-th robots.txt request (cycling): it flaps between failing and fine. */
  robotsPattern: number[];
}

/** One fault per faulted work, dealt in this order. A correct crawler still stores the work unless times is null on a failure. */
export const WORK_FAULTS: ReadonlyArray<{ target: "page" | "image"; kind: FaultKind; times: number | null; errorKind: string | null }> = [
  { target: "page", kind: "hang", times: 1, errorKind: "timeout" },
  { target: "page", kind: "reset", times: 1, errorKind: "network" },
  { target: "image", kind: "corrupt-image", times: null, errorKind: "image_corrupt_image" },
  { target: "page", kind: "http-500", times: 2, errorKind: "http_500" },
  { target: "image", kind: "truncated", times: 1, errorKind: "image_network" },
  { target: "page", kind: "truncated", times: 1, errorKind: "network" },
  { target: "page", kind: "http-500", times: null, errorKind: "http_500" },
  { target: "image", kind: "reset", times: 1, errorKind: "image_network" },
  { target: "page", kind: "trickle", times: null, errorKind: null },
  { target: "page", kind: "http-503", times: 1, errorKind: "http_503" },
  { target: "image", kind: "trickle", times: null, errorKind: null },
  { target: "page", kind: "reset", times: null, errorKind: "network" },
  { target: "image", kind: "http-500", times: 1, errorKind: "image_http_500" },
];

/** Listing and sitemap pages: only what a retry gets past. */
const DISCOVERY_FAULTS: ReadonlyArray<{ kind: FaultKind; times: number | null; errorKind: string | null }> = [
  { kind: "http-500", times: 1, errorKind: "http_500" },
  { kind: "reset", times: 1, errorKind: "network" },
  { kind: "truncated", times: 1, errorKind: "network" },
  { kind: "trickle", times: null, errorKind: null },
];

/** 503, then 500, then fine, and so on: the first two fetches fail, later ones sometimes. */
export const ROBOTS_PATTERN = [503, 500, 200, 200, 503, 200, 500, 200];

/** Failures that never end are the ones that keep a work out of the catalogue. */
const PERMANENT_FAILURES = new Set<FaultKind>(["hang", "reset", "http-500", "http-503", "truncated", "corrupt-image"]);

const unit = (seed: string, path: string) => fnv1a(`${seed}\u241f${path}`) / 4294967296;

export function buildFaultPlan(state: ShopState, options: FaultOptions): FaultPlan {
  const seed = String(options.seed);
  const rate = Math.min(1, Math.max(0, options.rate));
  const faults: PlannedFault[] = [];

  const eligible = state.catalog.artworks.filter((w) => w.case === "normal" && w.syntax !== "client-rendered");
  const works = eligible
    .map((w) => ({ work: w, u: unit(seed, productPath(w)) }))
    .sort((a, b) => a.u - b.u || a.work.id - b.work.id)
    .slice(0, Math.round(rate * eligible.length));
  works.forEach(({ work }, i) => {
    const spec = WORK_FAULTS[i % WORK_FAULTS.length]!;
    const permanent = spec.times === null && PERMANENT_FAILURES.has(spec.kind);
    faults.push({
      path: spec.target === "page" ? productPath(work) : imagePath(work),
      target: spec.target,
      kind: spec.kind,
      times: spec.times,
      workId: work.id,
      expected: permanent ? "not-stored" : "stored",
      errorKind: spec.errorKind,
    });
  });

  const discovery: Array<{ path: string; target: "listing" | "sitemap" }> = [
    { path: "/", target: "listing" },
    ...STYLES.flatMap((style) =>
      Array.from({ length: pageCount(state.listings[style]) }, (_, i) => ({ path: categoryPath(style, i + 1), target: "listing" as const })),
    ),
    { path: "/sitemap.xml", target: "sitemap" },
    { path: "/sitemaps/categories.xml", target: "sitemap" },
    ...Array.from({ length: artworkSitemapCount(state) }, (_, i) => ({ path: `/sitemaps/artworks-${i + 1}.xml`, target: "sitemap" as const })),
  ];
  discovery
    .map((d) => ({ ...d, u: unit(seed, d.path) }))
    .sort((a, b) => a.u - b.u || a.path.localeCompare(b.path))
    .slice(0, Math.round(rate * discovery.length))
    .forEach((d, i) => {
      const spec = DISCOVERY_FAULTS[i % DISCOVERY_FAULTS.length]!;
      faults.push({ path: d.path, target: d.target, kind: spec.kind, times: spec.times, workId: null, expected: "fetched", errorKind: spec.errorKind });
    });

  return { seed, rate, faults, robotsPattern: ROBOTS_PATTERN };
}

/** Ids of the works a correct crawler stores despite the faults (given the works it would store without them). */
export function goodWorkIds(plan: FaultPlan, storedWithoutFaults: readonly number[]): number[] {
  const lost = new Set(plan.faults.filter((f) => f.expected === "not-stored").map((f) => f.workId));
  return storedWithoutFaults.filter((id) => !lost.has(id));
}

export interface AppliedFault {
  path: string;
  kind: FaultKind | "robots";
  /** 1-based request number to the path. */
  request: number;
  status: number | null;
  at: string;
}

export interface FaultState {
  plan: () => FaultPlan;
  options: FaultOptions;
  /** Requests seen per path (robots.txt included). */
  counts: Map<string, number>;
  /** Every fault the shop actually injected, oldest first. */
  applied: AppliedFault[];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

type NodeSocket = { destroy(): void };
const socketOf = (c: Context): NodeSocket | undefined => (c.env as { incoming?: { socket?: NodeSocket } } | undefined)?.incoming?.socket;

/** Kills the connection under the request (Node), or, where there is none, a body that fails at once. */
function resetConnection(c: Context): Response {
  const socket = socketOf(c);
  if (socket) {
    socket.destroy();
    return new Response(null, { status: 502 });
  }
  return new Response(new ReadableStream({ start(controller) { controller.error(new Error("connection reset (injected)")); } }), { status: 200 });
}

/** Same status and headers, but the connection closes half-way through the body Content-Length promised. */
async function truncate(response: Response, socket: NodeSocket | undefined): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const cut = Math.max(1, Math.floor(bytes.length / 2));
  const headers = new Headers(response.headers);
  headers.set("Content-Length", String(bytes.length));
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes.subarray(0, cut));
        return;
      }
      if (!socket) {
        controller.error(new Error("body truncated (injected)"));
        return;
      }
      // Let the first half reach the client, then drop the connection (the server adapter cancels this stream).
      await sleep(50);
      socket.destroy();
    },
  });
  return new Response(body, { status: response.status, headers });
}

/** The whole body, in eight slices spread over `totalMs`. */
async function trickle(response: Response, totalMs: number, signal: AbortSignal): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.set("Content-Length", String(bytes.length));
  const slices = 8;
  const size = Math.ceil(bytes.length / slices);
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i >= slices || i * size >= bytes.length) {
        controller.close();
        return;
      }
      if (i > 0) await sleep(totalMs / (slices - 1), signal);
      controller.enqueue(bytes.subarray(i * size, Math.min(bytes.length, (i + 1) * size)));
      i++;
    },
  });
  return new Response(body, { status: response.status, headers });
}

/** A PNG with one byte of its pixel data flipped: every chunk is there, the IDAT CRC no longer matches. */
export function corruptPngBytes(png: Uint8Array): Uint8Array {
  const out = new Uint8Array(png);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 8; i + 8 <= out.length; ) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(out[i + 4]!, out[i + 5]!, out[i + 6]!, out[i + 7]!);
    if (type === "IDAT" && length > 0) {
      const at = i + 8 + Math.floor(length / 2);
      out[at] = out[at]! ^ 0x5a;
      return out;
    }
    i += 12 + length;
  }
  return out;
}

export function createFaultState(options: FaultOptions, plan: () => FaultPlan): FaultState {
  return { plan, options, counts: new Map(), applied: [] };
}

/** Hono middleware for the main shop: applies the plan to the requests it names, and flaps robots.txt. */
export function faultMiddleware(state: FaultState, serverErrorHtml: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const path = url.pathname + url.search;
    const n = (state.counts.get(path) ?? 0) + 1;
    state.counts.set(path, n);
    const record = (kind: AppliedFault["kind"], status: number | null) =>
      state.applied.push({ path, kind, request: n, status, at: new Date().toISOString() });

    if (path === "/robots.txt") {
      const pattern = state.plan().robotsPattern;
      const status = pattern[(n - 1) % pattern.length] ?? 200;
      if (status !== 200) {
        record("robots", status);
        return c.text(`robots.txt unavailable (${status})`, status as 500 | 503, status === 503 ? { "Retry-After": "1" } : {});
      }
      return next();
    }

    const fault = state.plan().faults.find((f) => f.path === path);
    if (!fault || (fault.times !== null && n > fault.times)) return next();

    switch (fault.kind) {
      case "hang": {
        record("hang", null);
        await sleep(state.options.hangMs ?? 60_000, c.req.raw.signal);
        return c.text("gave up waiting (injected hang)", 504);
      }
      case "reset":
        record("reset", null);
        return resetConnection(c);
      case "http-500":
        record("http-500", 500);
        return c.html(serverErrorHtml(c), 500);
      case "http-503":
        record("http-503", 503);
        return c.html(serverErrorHtml(c), 503, { "Retry-After": "1" });
      case "truncated":
      case "trickle":
      case "corrupt-image": {
        await next();
        const response = c.res;
        // Only whole answers are bent; a 304 or an error passes through untouched.
        if (response.status !== 200) return;
        record(fault.kind, 200);
        c.res = undefined as unknown as Response; // Hono: replace, not merge, the response
        if (fault.kind === "truncated") c.res = await truncate(response, socketOf(c));
        else if (fault.kind === "trickle") c.res = await trickle(response, state.options.trickleMs ?? 1200, c.req.raw.signal);
        else {
          const png = corruptPngBytes(new Uint8Array(await response.arrayBuffer()));
          const headers = new Headers(response.headers);
          headers.set("Content-Length", String(png.length));
          headers.delete("ETag");
          c.res = new Response(png as Uint8Array<ArrayBuffer>, { status: 200, headers });
        }
        return;
      }
    }
  };
}
