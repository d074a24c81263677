/**
 * scale: every feed, browse, artwork and sitemap route at 1k, 100k and 1M works (quick: 1k and
 * 10k): p50/p95 of single requests and D1 rows read per request, rendered and from the edge
 * cache, each against its 1k figure. With --full also the map, clusters and approximate
 * neighbours at 1M against 10k.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "libsql";
import { encodeCursor } from "../../app/server/feed-cursor.ts";
import { URLS_PER_SITEMAP_FILE } from "../../app/server/sitemap-plan.ts";
import { discoveryRank } from "../../workers/db/discovery-rank.ts";
import { localCloudflareEnv, projectRoot } from "../../scripts/lib/local-env.ts";
import { freePort, startProcess, waitForHttp } from "../../scripts/lib/processes.ts";
import { localD1File, migrateLocalD1 } from "../../scripts/lib/scale/d1-file.ts";
import { artistCount, artistName, work } from "../../scripts/lib/scale/synthetic.ts";
import { seedScale } from "../../scripts/seed-scale.ts";
import { mapRows } from "./map.ts";
import { MAX_NEIGHBOUR_ROWS, approximateRowsAtSizes } from "./neighbours-approximate.ts";
import { sizesFromEnv } from "../lib/sizes.ts";
import type { BenchContext, Row } from "../lib/types.ts";

export const name = "scale";
export const title = "routes at 1k / 100k / 1M works: latency and D1 rows read per request";
export const order = 60;

/** Rows read per request may be at most ROWS_PER_PAGE_ITEM x page size + ROWS_CONSTANT. */
export const ROWS_PER_PAGE_ITEM = 10;
export const ROWS_CONSTANT = 1_500;
const SAMPLES = 15;

export const description =
  "`npm run seed:scale` fills a fresh state folder with N synthetic works (scripts/lib/scale/: artists, tags, one shop's offers " +
  "with two size variants, a model with 24 clusters, map points, 12 neighbours a work), then wrangler dev serves the site's edge " +
  "handler (the JSON API, the same services the pages render) with its D1 binding wrapped in a counting proxy " +
  "(test/app/scale-site-worker.ts, workers/lib/recording-d1.ts): each answer says the sum of D1's meta.rows_read over its " +
  `statements. Rendered: ${SAMPLES} requests, each to a different URL (another tag, artist, cursor, work) so the edge cache cannot ` +
  `answer; cached: one URL ${SAMPLES} times after a first request. Latency is measured by the client on 127.0.0.1, one request at a ` +
  `time. Target for rows read at the largest size: at most ${ROWS_PER_PAGE_ITEM} x the page size + ${ROWS_CONSTANT.toLocaleString("en-US")}. ` +
  "With --full the map (input streamed from disk), k-means clusters and approximate neighbours follow at 1M against 10k (the map's fitted sample).";

interface Route {
  id: string;
  label: string;
  pageSize: number;
  /** SAMPLES different paths for N works. */
  paths(works: number): string[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const spread = (works: number, i: number) => 1 + Math.floor(((i + 0.5) / SAMPLES) * (works - 1));
const TAGS = ["lighthouse", "abstract", "blue", "calm", "forest", "watercolour", "night", "gold", "harbour", "minimalist", "red", "moody", "city", "beach", "flowers"];

const ROUTES: Route[] = [
  { id: "feed", label: "discovery feed, first page GET /api/feed?shuffle=1", pageSize: 24, paths: () => range(SAMPLES).map((i) => `/api/feed?limit=24&shuffle=1&n=${i}`) },
  {
    id: "feed-deep",
    label: "discovery feed, a page deep in the cycle GET /api/feed?cursor=…",
    pageSize: 24,
    paths: (works) =>
      range(SAMPLES).map((i) => {
        const id = spread(works, i);
        return `/api/feed?limit=24&cursor=${encodeCursor({ k: "discover", s: 0, p: [0, discoveryRank(id), id] })}`;
      }),
  },
  { id: "tag", label: "tag page GET /api/tags/<tag>", pageSize: 48, paths: () => TAGS.map((t) => `/api/tags/${t}`) },
  {
    id: "tag-deep",
    label: "tag page, half-way down GET /api/tags/<tag>?after=…",
    pageSize: 48,
    paths: (works) => TAGS.map((t) => `/api/tags/${t}?after=${Math.ceil(works / 2)}&page=2`),
  },
  {
    id: "artist",
    label: "artist page GET /api/artists/<slug>",
    pageSize: 48,
    paths: (works) => range(SAMPLES).map((i) => `/api/artists/${artistName(Math.floor(((i + 0.5) / SAMPLES) * artistCount(works))).slug}`),
  },
  { id: "vibe", label: "vibe page GET /api/vibes/<slug>", pageSize: 48, paths: () => range(SAMPLES).map((i) => `/api/vibes/vibe-${(i % 24) + 1}`) },
  {
    id: "vibe-deep",
    label: "vibe page, half-way down GET /api/vibes/<slug>?after=…",
    pageSize: 48,
    paths: (works) => range(SAMPLES).map((i) => `/api/vibes/vibe-${(i % 24) + 1}?after=${Math.ceil(works / 2)}`),
  },
  { id: "artwork", label: "artwork GET /api/artworks/<slug>", pageSize: 1, paths: (works) => range(SAMPLES).map((i) => `/api/artworks/${work(spread(works, i), works).slug}`) },
  { id: "similar", label: "similar GET /api/artworks/<slug>/similar", pageSize: 12, paths: (works) => range(SAMPLES).map((i) => `/api/artworks/${work(spread(works, i), works).slug}/similar`) },
  // A sitemap file is a page of up to URLS_PER_SITEMAP_FILE URLs: the plain sitemap (an index past that) and parts
  // spread over the works (each part of works holds about 1,000 ids; the first also home and map).
  { id: "sitemap", label: "sitemap GET /sitemap.xml", pageSize: URLS_PER_SITEMAP_FILE, paths: () => range(SAMPLES).map((i) => `/sitemap.xml?n=${i}`) },
  {
    id: "sitemap-part",
    label: "sitemap part GET /sitemap.xml?part=<n>",
    pageSize: URLS_PER_SITEMAP_FILE,
    paths: (works) => range(SAMPLES).map((i) => `/sitemap.xml?part=${spread(Math.max(1, Math.floor(works / URLS_PER_SITEMAP_FILE)), i)}&n=${i}`),
  },
];

interface Sample {
  ms: number;
  rows: number;
  status: number;
}

interface Measured {
  rendered: Sample[];
  cached: Sample[];
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};

async function get(base: string, path: string): Promise<Sample> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`);
  await res.arrayBuffer();
  return { ms: performance.now() - started, rows: Number(res.headers.get("X-D1-Rows-Read") ?? NaN), status: res.status };
}

/**
 * A seeded state folder for N works: SCALE_STATES=<dir> keeps them between runs (<dir>/state-N,
 * reused when it holds N works: seeding a million takes a while); otherwise a fresh one here.
 */
async function seededState(ctx: BenchContext, works: number): Promise<string> {
  const kept = process.env.SCALE_STATES;
  const state = join(kept ?? ctx.tmpDir, `state-${works}`);
  if (kept && existsSync(state)) {
    const db = new Database(localD1File(state), { readonly: true });
    try {
      const n = (db.prepare("SELECT COUNT(*) AS n FROM artworks").get() as { n: number }).n;
      if (n === works) {
        db.close();
        ctx.step(`reusing ${state} (${works.toLocaleString("en-US")} works); applying any newer migrations …`);
        await migrateLocalD1(state);
        return state;
      }
    } finally {
      if (db.open) db.close();
    }
  }
  ctx.step(`seeding ${works.toLocaleString("en-US")} works …`);
  const seeded = await seedScale({ works, state, fresh: true, neighbours: 12, batch: 10_000, log: (line) => (line.includes("done") ? ctx.step(line) : undefined) });
  ctx.step(`seeded in ${seeded.seconds.toFixed(0)} s`);
  return state;
}

async function measureSize(ctx: BenchContext, works: number): Promise<Map<string, Measured>> {
  const state = await seededState(ctx, works);
  ctx.step("starting wrangler dev on it …");
  const port = await freePort();
  const site = startProcess({
    name: "scale-site",
    command: join(projectRoot, "node_modules", ".bin", "wrangler"),
    args: ["dev", "-c", "bench/scale/wrangler.toml", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()), "--persist-to", state, "--show-interactive-dev-session=false"],
    cwd: projectRoot,
    env: localCloudflareEnv(),
    logFile: join(state, "logs", "scale-site.log"),
  });
  const base = `http://127.0.0.1:${port}`;
  const out = new Map<string, Measured>();
  try {
    await waitForHttp(`${base}/api/health`, site, 120_000);
    for (const route of ROUTES) {
      const paths = route.paths(works);
      await get(base, paths[0]!); // compile paths, open the database
      const rendered: Sample[] = [];
      for (const path of paths.slice(1).concat(paths[0]!.replace(/$/, paths[0]!.includes("?") ? "&r=1" : "?r=1"))) rendered.push(await get(base, path));
      const cached: Sample[] = [];
      for (let i = 0; i < SAMPLES; i++) cached.push(await get(base, paths[0]!));
      const bad = [...rendered, ...cached].filter((s) => s.status >= 500 || !Number.isFinite(s.rows));
      if (bad.length) throw new Error(`${route.id} at ${works}: ${bad.length} answers without a count or with a 5xx (${bad[0]!.status})`);
      out.set(route.id, { rendered, cached });
      ctx.step(
        `${works.toLocaleString("en-US")} works, ${route.id}: rendered p50 ${pct(rendered.map((s) => s.ms), 0.5).toFixed(1)} ms, ` +
          `p95 ${pct(rendered.map((s) => s.ms), 0.95).toFixed(1)} ms, rows read max ${Math.max(...rendered.map((s) => s.rows))}; ` +
          `cached p50 ${pct(cached.map((s) => s.ms), 0.5).toFixed(1)} ms, rows ${Math.max(...cached.map((s) => s.rows))}`,
      );
    }
  } finally {
    await site.stop();
  }
  return out;
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  // SCALE_SIZES=1000,100000 measures other sizes (the first is the baseline).
  const sizes = process.env.SCALE_SIZES ? sizesFromEnv("SCALE_SIZES", process.env.SCALE_SIZES, { min: 1 }) : ctx.quick ? [1_000, 10_000] : [1_000, 100_000, 1_000_000];
  const bySize = new Map<number, Map<string, Measured>>();
  for (const works of sizes) bySize.set(works, await measureSize(ctx, works));
  const small = sizes[0]!;
  const large = sizes.at(-1)!;
  const rows: Row[] = [];
  const fmt = (n: number) => n.toLocaleString("en-US");
  for (const route of ROUTES) {
    const at = (works: number) => bySize.get(works)!.get(route.id)!;
    const stats = (samples: Sample[]) => ({ p50: pct(samples.map((s) => s.ms), 0.5), p95: pct(samples.map((s) => s.ms), 0.95), rows: Math.max(...samples.map((s) => s.rows)) });
    for (const path of ["rendered", "cached"] as const) {
      const base = stats(at(small)[path]);
      const top = stats(at(large)[path]);
      const middle = sizes.slice(1, -1).map((w) => `${fmt(w)}: p50 ${stats(at(w)[path]).p50.toFixed(1)} ms, ${fmt(stats(at(w)[path]).rows)} rows`);
      rows.push({
        id: `${route.id}-${path}-latency`,
        label: `${route.label}, ${path}: p50 at ${fmt(large)} vs ${fmt(small)} works`,
        measured: `p50 ${top.p50.toFixed(1)} ms, p95 ${top.p95.toFixed(1)} ms`,
        baseline: `p50 ${base.p50.toFixed(1)} ms, p95 ${base.p95.toFixed(1)} ms${middle.length ? ` (${middle.join("; ")})` : ""}`,
        ratio: top.p50 / base.p50,
        target: { op: "<=", value: 2, text: "<= 2x the 1k p50" },
        note: top.p50 / base.p50 > 2 ? "single requests on a shared 2-core machine; see the rows-read row for the work done" : undefined,
      });
      if (path === "cached") continue;
      const limit = ROWS_PER_PAGE_ITEM * route.pageSize + ROWS_CONSTANT;
      rows.push({
        id: `${route.id}-rows`,
        label: `${route.label}: D1 rows read per request at ${fmt(large)} works (page of ${route.pageSize})`,
        measured: `max ${fmt(top.rows)} rows (cached: ${fmt(stats(at(large).cached).rows)})`,
        baseline: `${fmt(base.rows)} rows at ${fmt(small)}; limit ${fmt(limit)}`,
        ratio: top.rows / limit,
        ratioText: `${(top.rows / limit).toFixed(2)} of limit`,
        target: { op: "<=", value: 1, text: `<= ${ROWS_PER_PAGE_ITEM} x page + ${fmt(ROWS_CONSTANT)}` },
      });
    }
  }
  if (ctx.full) rows.push(...(await offlineRows(ctx)));
  return rows;
}

/**
 * With --full, the offline steps at a million as well (about 1.5-2 h on 2 cores): the map and
 * clusters with their input streamed from disk, and the approximate neighbours with recall@24 on
 * sampled rows. Their baseline is 10k, not 1k: the map fits a 10k sample, so below that it would
 * measure another path. SCALE_OFFLINE_SIZES=2000,4000 tries it small.
 */
async function offlineRows(ctx: BenchContext): Promise<Row[]> {
  const sizes = process.env.SCALE_OFFLINE_SIZES ? sizesFromEnv("SCALE_OFFLINE_SIZES", process.env.SCALE_OFFLINE_SIZES, { min: 1_000, max: MAX_NEIGHBOUR_ROWS }) : [10_000, 1_000_000];
  const named = (prefix: string, rows: Row[]) => rows.map((row) => ({ ...row, id: `${prefix}.${row.id}`, label: `${prefix}: ${row.label}` }));
  ctx.step(`offline steps at ${sizes.map((n) => n.toLocaleString("en-US")).join(" and ")} items`);
  return [
    ...named("map", await mapRows(ctx, sizes, { withClusters: true, stream: true })),
    ...named("neighbours", await approximateRowsAtSizes(ctx, sizes)),
  ];
}

