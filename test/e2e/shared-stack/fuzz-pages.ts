/**
 * Bad input (issue 6, item 4), page side: 3,500 seeded malformed requests over
 * HTTP to the Remix pages of the shared local stack (wrangler pages dev):
 * hostile queries (search syntax, cursors, steps, Remix's _data and index),
 * odd encodings and path tricks in page paths, wrong methods, broken and
 * oversized forms posted to every form action, wrong content types and forged
 * cookies, then a sweep that puts each hostile value alone into every path
 * parameter, query parameter and form field of every page. Zero 5xx, and the
 * app's log gains no uncaught error or stack trace. With
 * test/app/fuzz-api.test.ts (8,000 to the API) that is 11,500 in all.
 *
 * Requests go through node:http so paths reach the server exactly as
 * generated (fetch would normalise `..` and escapes away).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { FuzzContext } from "../../support/fuzz/api-requests";
import { WAIT_MS as DEMO_RUNS_WAIT_MS, demoRunsDone } from "../../support/crawled-stack-ready";
import { PAGE_ROUTES, generatePageRequests, sweepPageRequests } from "../../support/fuzz/page-requests";
import { Rng } from "../../support/fuzz/random";
import { type FuzzRequest, Histogram, materialize } from "../../support/fuzz/requests";

const SEED = 20_260_602;
/** In all: the sweep, and random requests for the rest. */
const COUNT = 3_500;
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 60_000;
/** What an uncaught exception or a logged stack trace looks like in wrangler's output. */
const BAD_LOG_LINE = /uncaught|unhandled|^\s+at\s|\[ERROR\]|✘/i;

interface Answer {
  status: number;
  body: string;
}

function send(base: URL, fr: FuzzRequest, agent: http.Agent): Promise<Answer> {
  const raw = materialize(fr.body);
  const body = raw === undefined ? undefined : typeof raw === "string" ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const headers: Record<string, string> = { ...fr.headers };
  if (body) headers["Content-Length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let settled = false;
    // maxHeaderSize: a canonical redirect may echo a 20 kB query in its Location, past Node's 16 kB default.
    const req = http.request({ host: base.hostname, port: base.port, method: fr.method, path: fr.path, headers, agent, maxHeaderSize: 1 << 20 }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < 2048) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, 300) });
      });
      res.on("error", (error) => settled || reject(error));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    // A server may answer (413, 431) and close while a large body is still going out: that answer counts.
    req.on("error", (error) => settled || reject(error));
    req.end(body);
  });
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Real slugs, ids, sessions and a wall from the crawled collection, so mutations reach deep into the loaders and actions. */
async function fuzzContext(app: string): Promise<FuzzContext> {
  const headers = (extra: Record<string, string> = {}) => ({ Origin: app, "CF-Connecting-IP": "198.18.0.1", ...extra });
  const { works } = await json<{ works: { id: number; slug: string; artistSlug: string | null }[] }>(await fetch(`${app}/api/feed?limit=60`, { headers: headers() }));
  expect(works.length).toBeGreaterThan(0);
  const { vibes } = await json<{ vibes: { slug: string }[] }>(await fetch(`${app}/api/vibes`, { headers: headers() }));
  const detail = await json<{ tags?: string[] }>(await fetch(`${app}/api/artworks/${works[0]!.slug}`, { headers: headers() }));
  const cookies: string[] = [];
  const walls: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < 3; i++) {
    const like = await fetch(`${app}/api/likes/${works[i]!.id}`, { method: "PUT", headers: headers({ "Content-Type": "application/json" }), body: '{"value":1}' });
    expect(like.status).toBe(200);
    const cookie = /as_session=[^;]+/.exec(like.headers.get("Set-Cookie") ?? "")![0];
    cookies.push(cookie);
    const wall = await fetch(`${app}/api/walls`, { method: "POST", headers: headers({ "Content-Type": "application/json", Cookie: cookie }), body: JSON.stringify({ name: `Fuzz ${i}` }) });
    const { id, shareToken } = await json<{ id: number; shareToken: string }>(wall);
    walls.push(String(id));
    tokens.push(shareToken);
  }
  return {
    cookies,
    origin: app,
    values: {
      slug: works.map((w) => w.slug),
      artistSlug: [...new Set(works.map((w) => w.artistSlug).filter((s): s is string => s !== null))],
      vibeSlug: vibes.length > 0 ? vibes.map((v) => v.slug) : ["no-such-vibe"],
      tag: detail.tags && detail.tags.length > 0 ? detail.tags : ["abstract"],
      artworkId: works.map((w) => String(w.id)),
      id: walls,
      token: tokens,
    },
  };
}

function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readFrom(file: string, offset: number): string {
  const size = logSize(file);
  if (size <= offset) return "";
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

describe("pages fuzz", () => {
  const stack = inject("crawledStack");
  // Its thousands of requests would crowd the second demo run's visitor out of the rate limits.
  beforeAll(demoRunsDone, DEMO_RUNS_WAIT_MS);

  it(`answers ${COUNT} malformed page requests with no 5xx and no uncaught error in the app's log`, { timeout: 900_000 }, async () => {
    const app = stack.urls.app;
    const base = new URL(app);
    const logFile = join(stack.persistTo, "logs", "app.log");
    const ctx = await fuzzContext(app);
    const sweep = sweepPageRequests(ctx);
    const requests = [...generatePageRequests(new Rng(SEED), ctx, COUNT - sweep.length), ...sweep];
    const logStart = logSize(logFile);
    const started = Date.now();

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses = new Histogram();
    const categories = new Histogram();
    const routes = new Histogram();
    const failures: string[] = [];
    const connectionErrors: string[] = [];
    let next = 0;
    const workerLoop = async () => {
      while (next < requests.length) {
        const fr = requests[next++]!;
        categories.add(fr.category);
        routes.add(fr.route);
        try {
          const answer = await send(base, fr, agent);
          statuses.add(answer.status);
          if (answer.status >= 500) failures.push(`${answer.status} ${fr.category} ${fr.method} ${fr.path.slice(0, 200)} ${JSON.stringify(fr.headers).slice(0, 200)} → ${answer.body}`);
        } catch (error) {
          statuses.add("no answer");
          connectionErrors.push(`${fr.category} ${fr.method} ${fr.path.slice(0, 120)} (${String(error)})`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, workerLoop));
    agent.destroy();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    // Still up afterwards.
    expect((await fetch(`${app}/api/health`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000)); // let the log catch up
    const badLines = readFrom(logFile, logStart)
      .replace(/\x1b\[[0-9;]*m/g, "") // wrangler colours its output
      .split("\n")
      .filter((line) => !line.startsWith("[wrangler:info]") && BAD_LOG_LINE.test(line));

    console.log(
      [
        `Pages fuzz, seed ${SEED}: ${requests.length} requests (${sweep.length} of them the sweep) over ${routes.counts.size} page routes in ${seconds} s`,
        `  status: ${statuses}`,
        `  categories: ${categories}`,
        `  5xx: ${failures.length}, no answer: ${connectionErrors.length}, bad log lines: ${badLines.length}`,
        ...connectionErrors.slice(0, 10).map((e) => `  no answer: ${e}`),
      ].join("\n"),
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(badLines.slice(0, 20)).toEqual([]);
    // A connection may close without an answer only where the server will not read that much (huge bodies).
    expect(connectionErrors.filter((e) => !/^huge-body/.test(e))).toEqual([]);
    expect(routes.counts.size).toBe(PAGE_ROUTES.length);
  });
});
