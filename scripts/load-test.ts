/**
 * `npm run load`: a bounded load test of the local stack on 127.0.0.1 (autocannon).
 *
 *   npm run load                      50 connections, 30 s per endpoint
 *   npm run load -- --quick           5 s per endpoint
 *   npm run load -- --duration 60 --connections 100 --only feed,like --uncached --keep
 *   npm run load -- --state /tmp/art-snob-load-XXXX   reuse a kept state folder (no crawl, no pipeline)
 *
 * It starts its own stack (demo shop, Worker, encoder, app) on free ports with a throw-away
 * state folder, crawls the demo shops and runs the offline pipeline (as `npm run demo` does),
 * then loads, one after the other:
 *   feed     GET /                       the home page (feed and vibes)
 *   artwork  GET /artworks/<slug>        an artwork page, rotating over 48 works
 *   search   GET /api/search?q=...       rotating over a few realistic queries
 *   like     PUT /api/likes/<id>         {"value":1}, same-origin Origin; every connection is one
 *                                       visitor: its first PUT creates the session, the rest carry
 *                                       that cookie, each PUT likes the connection's next work
 * and prints a table per endpoint. Afterwards every like the load was told succeeded must be in
 * D1: read back per session through GET /api/likes and counted straight from D1
 * (`wrangler d1 execute --local --persist-to`). Exits non-zero on any connection error,
 * timeout, non-2xx answer or missing like.
 *
 * Anonymous GETs go through the app's edge cache (miniflare emulates it), as in production;
 * `--uncached` sends a visitor cookie with them, so every request renders (the personal-page
 * worst case). The rate limits (app/server/rate-limit.server.ts) are raised for this stack: one
 * machine plays thousands of visitors from one address.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AdminApi } from "../offline/admin-api";
import { query } from "./backup-d1";
import { crawlDemoShops } from "./lib/demo-crawl";
import { projectRoot } from "./lib/local-env";
import { stopAllProcesses } from "./lib/processes";
import { startStack, type Stack } from "./lib/stack";
import { runOfflinePipeline as runPipeline } from "./lib/pipeline";

// ------------------------------------------------------------------ autocannon (CommonJS, untyped)

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  "2xx": number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string | string[]>) => void;
}
interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  setupClient?: (client: AutocannonClient) => void;
}
type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => { stop(): void };

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

// ------------------------------------------------------------------ options

const ENDPOINTS = ["feed", "artwork", "search", "like"] as const;
type Endpoint = (typeof ENDPOINTS)[number];

const SEARCHES = ["blue", "lighthouse", "red under $100", "green landscape", "calm seascape", "geometric", "yellow flowers", "navy stripes"];

/** Limits for the load stack: far above what the load can reach. */
const RAISED_RATE_LIMITS = {
  RATE_LIMIT_SEARCH: "10000000/60",
  RATE_LIMIT_UPLOAD: "10000000/60",
  RATE_LIMIT_WRITE: "10000000/60",
  RATE_LIMIT_SESSION: "10000000/60",
};

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    connections: { type: "string", default: "50" },
    timeout: { type: "string", default: "10" },
    only: { type: "string" },
    uncached: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    state: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log("usage: npm run load -- [--quick] [--duration S] [--connections N] [--timeout S] [--only feed,artwork,search,like] [--uncached] [--no-build] [--keep] [--state DIR]");
  process.exit(0);
}
const positive = (text: string, name: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number from 1, not ${JSON.stringify(text)}`);
  return n;
};
const duration = positive(values.duration ?? (values.quick ? "5" : "30"), "duration");
const connections = positive(values.connections, "connections");
const timeout = positive(values.timeout, "timeout");
const only = (values.only ?? ENDPOINTS.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
for (const name of only) if (!(ENDPOINTS as readonly string[]).includes(name)) throw new Error(`--only: unknown endpoint ${name} (use ${ENDPOINTS.join(", ")})`);

// ------------------------------------------------------------------ helpers

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const phase = (line: string) => console.log(`[${elapsed()}] ${line}`);

function run(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function headerValue(headers: Record<string, string | string[]>, name: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) out.push(...(Array.isArray(value) ? value : [value]));
  return out;
}

/** "as_session=<value>" from Set-Cookie headers, ready for a Cookie header. */
function sessionCookie(setCookies: string[]): string | null {
  for (const line of setCookies) {
    const match = /^\s*(as_session=[^;]+)/.exec(line);
    if (match) return match[1]!;
  }
  return null;
}

function sessionIdOf(cookie: string): string {
  return decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;
}

// ------------------------------------------------------------------ the run

interface Row {
  endpoint: Endpoint;
  path: string;
  result: AutocannonResult;
  /** A few non-2xx answers, for the report. */
  samples: string[];
}

interface Visitor {
  cookie: string | null;
  /** Works the app answered 200 {"value":1} for. */
  liked: Set<number>;
  sessionsCreated: number;
}

let stack: Stack | null = null;
let persistTo: string | null = null;
let keep = values.keep || values.state !== undefined;
const cleanup = async () => {
  await stopAllProcesses();
  if (!persistTo) return;
  if (keep) console.log(`kept the stack's state and logs in ${persistTo} (logs/*.log)`);
  else rmSync(persistTo, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void cleanup().then(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  console.log(`load test: ${connections} connections, ${duration} s per endpoint (${only.join(", ")})${values.uncached ? ", GETs with a visitor cookie (no edge cache)" : ""}`);
  persistTo = values.state ?? mkdtempSync(join(tmpdir(), "art-snob-load-"));
  phase(`starting the local stack (state in ${persistTo})…`);
  stack = await startStack({
    persistTo,
    // Raised so the load measures the site, not its rate limits (those have tests of their own).
    appBindings: RAISED_RATE_LIMITS,
    ports: { shop: 0, partner: 0, app: 0 },
    buildApp: !values["no-build"],
    adminToken: `load-admin-${process.pid}-${Date.now()}`,
    sessionSecret: `load-session-secret-${process.pid}-${Date.now()}`,
    log: (line) => phase(`  ${line}`),
  });
  const app = stack.urls.app;
  phase(`stack up: app ${app}, worker ${stack.urls.worker}, shop ${stack.urls.shop}`);

  const health = (await (await fetch(`${app}/api/health`)).json()) as { works?: number };
  if (values.state && (health.works ?? 0) > 0) {
    phase(`reusing the collection in ${persistTo} (${health.works} works): no crawl, no pipeline`);
  } else {
    phase("crawling the demo shops…");
    const admin = new AdminApi(stack.urls.worker, stack.adminToken);
    const runs = await crawlDemoShops(admin, stack.urls.shop, stack.urls.partner);
    phase(`crawled: ${runs.map((r) => `${r.artworksNew} new (${r.status})`).join(", ")}`);

    phase("running the offline pipeline…");
    await runPipeline({ ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken, OFFLINE_WORK_DIR: join(persistTo, "offline") });
  }

  // What to ask for: works from the feed (ids for likes, slugs for pages).
  const works: { id: number; slug: string }[] = [];
  for (let cursor: string | null = null, page = 0; page < 10; page++) {
    const res = await fetch(`${app}/api/feed?limit=60${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    if (!res.ok) throw new Error(`GET /api/feed answered ${res.status}`);
    const body = (await res.json()) as { works: { id: number; slug: string }[]; nextCursor: string | null };
    works.push(...body.works);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  if (works.length < 48) throw new Error(`only ${works.length} works in the feed; the crawl or the pipeline did not fill the collection`);
  phase(`collection ready: ${works.length} works in the feed`);

  phase("checking the raised rate limits are in force…");
  const probe = await Promise.all(
    Array.from({ length: 80 }, (_, i) => fetch(`${app}/api/search?q=${encodeURIComponent(`probe ${i}`)}`).then((r) => r.status)),
  );
  const limited = probe.filter((s) => s === 429).length;
  if (limited > 0) {
    throw new Error(`${limited} of 80 searches were rate limited: the app did not get RATE_LIMIT_* (${Object.keys(RAISED_RATE_LIMITS).join(", ")}); see scripts/lib/stack.ts`);
  }

  // A visitor cookie for --uncached GETs (made by one like, outside the measured load).
  let readerCookie: string | null = null;
  if (values.uncached) {
    const res = await fetch(`${app}/api/likes/${works[0]!.id}`, { method: "PUT", headers: { "Content-Type": "application/json", Origin: app }, body: '{"value":1}' });
    readerCookie = sessionCookie(res.headers.getSetCookie());
    if (!readerCookie) throw new Error(`could not make a visitor session (PUT /api/likes answered ${res.status})`);
  }
  const getHeaders: Record<string, string> = { Accept: "text/html,application/json", ...(readerCookie ? { Cookie: readerCookie } : {}) };

  let samples: string[] = [];
  const sample = (status: number, body: string) => {
    if (status >= 200 && status < 300) return;
    if (samples.length < 5) samples.push(`${status} ${body.replace(/\s+/g, " ").slice(0, 160)}`);
  };
  /** Every connection asks for the paths in turn, starting at its own offset. */
  const rotating = (paths: string[]) => {
    let next = 0;
    return (client: AutocannonClient) => {
      const offset = next++;
      let i = 0;
      client.setRequests([{ method: "GET", setupRequest: (request) => ({ ...request, path: paths[(offset + i++) % paths.length]! }), onResponse: sample }]);
    };
  };

  // Warm-up (not measured): every GET path once, as on a site that has been up a while.
  const warmPaths = [
    ...(only.includes("feed") ? ["/"] : []),
    ...(only.includes("artwork") ? works.slice(0, 48).map((w) => `/artworks/${w.slug}`) : []),
    ...(only.includes("search") ? SEARCHES.map((q) => `/api/search?q=${encodeURIComponent(q)}`) : []),
  ];
  if (warmPaths.length > 0) {
    phase(`warming up: ${warmPaths.length} pages once each…`);
    for (const warm of warmPaths) await (await fetch(`${app}${warm}`, { headers: getHeaders })).arrayBuffer();
  }

  const visitors: Visitor[] = [];
  const rows: Row[] = [];
  for (const endpoint of only as Endpoint[]) {
    let options: AutocannonOptions;
    let path: string;
    samples = [];
    switch (endpoint) {
      case "feed":
        path = "/";
        options = { url: app, connections, duration, timeout, headers: getHeaders, setupClient: rotating(["/"]) };
        break;
      case "artwork": {
        const paths = works.slice(0, 48).map((w) => `/artworks/${w.slug}`);
        path = "/artworks/<slug> (48 works)";
        options = { url: app, connections, duration, timeout, headers: getHeaders, setupClient: rotating(paths) };
        break;
      }
      case "search": {
        const paths = SEARCHES.map((q) => `/api/search?q=${encodeURIComponent(q)}`);
        path = `/api/search?q=… (${SEARCHES.length} queries)`;
        options = { url: app, connections, duration, timeout, headers: getHeaders, setupClient: rotating(paths) };
        break;
      }
      case "like": {
        path = "PUT /api/likes/<id>";
        options = {
          url: app,
          connections,
          duration,
          timeout,
          method: "PUT",
          headers: { "Content-Type": "application/json", Origin: app },
          body: JSON.stringify({ value: 1 }),
          setupClient: (client) => {
            const visitor: Visitor = { cookie: null, liked: new Set(), sessionsCreated: 0 };
            const offset = visitors.length * 11;
            visitors.push(visitor);
            let i = 0;
            client.setRequests([
              {
                setupRequest: (request) => ({
                  ...request,
                  path: `/api/likes/${works[(offset + i++) % works.length]!.id}`,
                  headers: { ...request.headers, ...(visitor.cookie ? { Cookie: visitor.cookie } : {}) },
                }),
                onResponse: (status, body, _context, headers) => {
                  const created = sessionCookie(headerValue(headers, "set-cookie"));
                  if (created) {
                    visitor.sessionsCreated++;
                    visitor.cookie ??= created;
                  }
                  if (status !== 200) return sample(status, body);
                  try {
                    const answer = JSON.parse(body) as { artworkId?: number; value?: number };
                    if (answer.value === 1 && typeof answer.artworkId === "number") visitor.liked.add(answer.artworkId);
                  } catch {
                    // counted by autocannon as a 200; the read-back below finds anything missing
                  }
                },
              },
            ]);
          },
        };
        break;
      }
    }
    if (rows.length > 0) await settle(app);
    phase(`load ${endpoint}: ${path}, ${connections} connections for ${duration} s…`);
    const result = await run(options);
    rows.push({ endpoint, path, result, samples });
    const r = result;
    phase(`  ${r.requests.total} requests, ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
    // A dead app turns every later phase into connection errors: stop and say so.
    const alive = await fetch(`${app}/api/health`, { signal: AbortSignal.timeout(15_000) }).then((res) => res.ok, () => false);
    if (!alive) {
      printTable(rows);
      throw new Error(
        `the app stopped answering during the ${endpoint} phase; see ${persistTo}/logs/app.log ` +
          "(wrangler pages dev rebuilds when files under app/ or build/ change: do not build the app or edit it in this checkout during a load test)",
      );
    }
  }

  printTable(rows);
  let failed = rows.some((r) => r.result.errors + r.result.timeouts + r.result.non2xx + r.result.mismatches > 0);
  for (const row of rows) {
    const codes = Object.entries(row.result.statusCodeStats).filter(([code]) => !code.startsWith("2"));
    if (codes.length > 0) console.log(`  ${row.endpoint}: non-2xx status codes ${codes.map(([code, s]) => `${code}×${s.count}`).join(", ")}`);
    for (const answer of row.samples) console.log(`    e.g. ${answer}`);
  }

  if (visitors.length > 0) failed = (await checkLikes(app, visitors, stack.persistTo)) || failed;

  phase(failed ? "FAILED: see above" : "passed: no errors, every like is stored");
  return failed ? 1 : 0;
}

/**
 * Between two phases: when autocannon stops, it drops its connections with requests still in
 * flight, and wrangler's local proxy can be left with broken connections to the app's workerd.
 * The next request to use one fails with "503 Your worker restarted mid-request" (GET and HEAD
 * are retried by the proxy, other methods are not): an artefact of local dev, not of the app.
 * A pause and a burst of retried GETs consume them before the next phase is measured.
 */
async function settle(app: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await Promise.all(Array.from({ length: connections * 2 }, () => fetch(`${app}/api/health`).then((r) => r.arrayBuffer()).catch(() => undefined)));
}

/** Every like the load saw succeed is in D1, per session. Returns true on failure. */
async function checkLikes(app: string, visitors: Visitor[], state: string): Promise<boolean> {
  phase("checking every like written during the load is stored…");
  const withSession = visitors.filter((v): v is Visitor & { cookie: string } => v.cookie !== null);
  const acknowledged = withSession.reduce((n, v) => n + v.liked.size, 0);
  let failed = withSession.length !== visitors.length;
  if (failed) console.log(`  ${visitors.length - withSession.length} connections never got a session cookie`);
  const extraSessions = visitors.reduce((n, v) => n + Math.max(0, v.sessionsCreated - 1), 0);
  if (extraSessions > 0) {
    console.log(`  ${extraSessions} PUTs created a second session for a connection that already had one`);
    failed = true;
  }

  // 1. Through the app, as each visitor sees them.
  let missingApi = 0;
  for (const visitor of withSession) {
    const res = await fetch(`${app}/api/likes`, { headers: { Cookie: visitor.cookie } });
    if (!res.ok) {
      console.log(`  GET /api/likes answered ${res.status}`);
      failed = true;
      continue;
    }
    const stored = new Set(((await res.json()) as { liked: { id: number }[] }).liked.map((w) => w.id));
    for (const id of visitor.liked) if (!stored.has(id)) missingApi++;
  }

  // 2. Straight from D1.
  const ids = withSession.map((v) => sessionIdOf(v.cookie));
  for (const id of ids) if (!/^[A-Za-z0-9_-]{22}$/.test(id)) throw new Error(`unexpected session id ${id}`);
  const rows = ids.length === 0 ? [] : await query<{ sessionId: string; artworkId: number }>(
    { remote: false, persistTo: state },
    `SELECT session_id AS sessionId, artwork_id AS artworkId FROM reactions WHERE value = 1 AND session_id IN (${ids.map((id) => `'${id}'`).join(",")})`,
  );
  const inD1 = new Map<string, Set<number>>();
  for (const row of rows) {
    const set = inD1.get(row.sessionId) ?? new Set<number>();
    set.add(row.artworkId);
    inD1.set(row.sessionId, set);
  }
  let missingD1 = 0;
  withSession.forEach((visitor, i) => {
    const stored = inD1.get(ids[i]!) ?? new Set<number>();
    for (const id of visitor.liked) if (!stored.has(id)) missingD1++;
  });
  const extra = rows.length - acknowledged;
  console.log(
    `  ${withSession.length} sessions, ${acknowledged} distinct likes acknowledged; ` +
      `missing through GET /api/likes: ${missingApi}; in D1: ${rows.length} rows, missing ${missingD1}` +
      (extra > 0 ? ` (${extra} more than acknowledged: requests still in flight when the clock stopped)` : ""),
  );
  return failed || missingApi > 0 || missingD1 > 0 || acknowledged === 0;
}

function printTable(rows: Row[]): void {
  const header = ["endpoint", "path", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "timeouts", "non-2xx"];
  const body = rows.map(({ endpoint, path, result: r }) => [
    endpoint, path, String(r.requests.total), r.requests.average.toFixed(0), String(r.latency.p50), String(r.latency.p99), String(r.latency.max), String(r.errors), String(r.timeouts), String(r.non2xx),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log("");
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i < 2 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of body) console.log(line(row));
  console.log("");
}

let code = 1;
try {
  code = await main();
} catch (error) {
  phase(`load test failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  // A failed run keeps its logs for a look at what went wrong.
  if (code !== 0) keep = true;
  phase("stopping the stack…");
  await cleanup();
}
process.exit(code);
