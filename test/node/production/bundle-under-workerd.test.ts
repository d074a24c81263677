/**
 * The production Worker bundle itself, run: `wrangler deploy --env production --dry-run
 * --outdir` builds exactly what would be uploaded, and Miniflare runs that file under local
 * workerd with the production config's vars and bindings (local D1, R2, Queues and Durable
 * Objects under the production names). Then provision's own smoke test runs against it.
 * Stand-ins, only for what has no local emulation: Vectorize (VECTOR_INDEX_BACKEND left
 * unset, so the bundle's built-in stand-in serves the index) and `wrangler d1 execute
 * --remote` (the SQL goes to the local D1). The site's search is answered by the site's
 * edge handler (the code the Pages Function runs for /api/*), bundled here on the same D1:
 * the Pages build needs `npm run build:app` first, which is too slow for this test.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelsToServe, NAMES } from "../../../scripts/lib/provision/resources";
import type { Runner } from "../../../scripts/lib/provision/runner";
import { SMOKE_ARTWORK_ID, smokeTest } from "../../../scripts/lib/provision/smoke";

const repo = resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "production-bundle-"));
const ADMIN_TOKEN = "bundle-test-admin-token-0123456789";
const WORKER_URL = "https://art-snob-crawler.example.workers.dev";
const SITE_URL = "https://art-snob-app.pages.dev";

function wrangler(args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(join(repo, "node_modules", ".bin", "wrangler"), args, {
      cwd: repo,
      env: { ...process.env, XDG_CONFIG_HOME: join(work, "xdg"), WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("close", (code) => (code === 0 ? done(output) : fail(new Error(`wrangler ${args.join(" ")} exited ${code}: ${output.slice(-2000)}`))));
  });
}

/** The [env.production.vars] of wrangler.toml, as the deploy would set them. */
function productionVars(): Record<string, string> {
  const toml = readFileSync(join(repo, "wrangler.toml"), "utf8");
  const section = toml.slice(toml.indexOf("[env.production.vars]")).split(/\n\[/)[0]!;
  return Object.fromEntries([...section.matchAll(/^([A-Z][A-Z0-9_]*) = "(.*)"$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Every migration, statement by statement (drizzle's breakpoints), in file order. */
function migrationStatements(): string[] {
  const dir = join(repo, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("--> statement-breakpoint"))
    .map((s) => s.trim())
    .filter(Boolean);
}

let mf: Miniflare;
let bundleOutput = "";

beforeAll(async () => {
  const [output, site] = await Promise.all([
    wrangler(["deploy", "--env", "production", "--dry-run", "--outdir", join(work, "worker")]),
    build({
      entryPoints: [join(repo, "test/app/edge-worker.ts")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      external: ["node:*", "cloudflare:*"],
      write: false,
      logLevel: "silent",
    }),
  ]);
  bundleOutput = output;
  const d1 = { DB: "production-d1" };
  const r2 = { IMAGES: NAMES.r2 };
  // Production's vars, less the one that asks for real Vectorize bindings (none exist locally).
  const { VECTOR_INDEX_BACKEND: _real, ...vars } = productionVars();
  mf = new Miniflare({
    workers: [
      {
        name: NAMES.worker,
        modules: true,
        scriptPath: join(work, "worker", "index.js"),
        modulesRoot: join(work, "worker"),
        compatibilityDate: "2026-04-20",
        compatibilityFlags: ["nodejs_compat"],
        bindings: { ...vars, ADMIN_TOKEN },
        d1Databases: d1,
        r2Buckets: r2,
        queueProducers: { CRAWL_QUEUE: NAMES.crawlQueue },
        durableObjects: { HOST_GATE: "HostGate" },
      },
      {
        name: "site",
        modules: [{ type: "ESModule", path: join(work, "site.mjs"), contents: site.outputFiles[0]!.text }],
        modulesRoot: work,
        compatibilityDate: "2026-04-20",
        compatibilityFlags: ["nodejs_compat"],
        bindings: { PUBLIC_SITE_URL: SITE_URL, VECTOR_INDEX_PREFIX: NAMES.vectorIndexPrefix, SESSION_SECRET: "bundle-test-session-secret-0123456789", ADMIN_TOKEN },
        d1Databases: d1,
        r2Buckets: r2,
      },
    ],
    d1Persist: join(work, "state", "d1"),
    r2Persist: join(work, "state", "r2"),
    durableObjectsPersist: join(work, "state", "do"),
  });
  await mf.ready;
  const db = await mf.getD1Database("DB", NAMES.worker);
  for (const statement of migrationStatements()) await db.prepare(statement).run();
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe("the production Worker bundle under local workerd", () => {
  it("is the dry run's output, with every production binding", () => {
    expect(bundleOutput).toContain("--dry-run: exiting now.");
    expect(bundleOutput).toContain("env.VECTORIZE_BUILTIN_COLOUR_V1 (artworks-builtin-colour-v1)");
  });

  it("passes provision's smoke test", async () => {
    const site = await mf.getWorker("site");
    // The Worker's and the site's URLs lead to the two local services.
    const http: typeof fetch = async (input, init) => {
      const request = new Request(input as RequestInfo, init);
      const forwarded = { method: request.method, headers: Object.fromEntries(request.headers), body: (await request.text()) || undefined };
      const answer = request.url.startsWith(SITE_URL) ? await site.fetch(request.url, forwarded) : await mf.dispatchFetch(request.url, forwarded);
      return answer as unknown as Response;
    };
    const db = await mf.getD1Database("DB", NAMES.worker);
    // `wrangler d1 execute DB --env production --remote --command ...` runs on the local D1.
    const runner: Runner = {
      dryRun: false,
      async run(command) {
        const sql = command.args[command.args.indexOf("--command") + 1];
        if (command.cmd !== "wrangler" || command.args[0] !== "d1" || !sql) throw new Error(`unexpected command ${command.cmd} ${command.args.join(" ")}`);
        for (const statement of sql.split("; ")) await db.prepare(statement).run();
        return "";
      },
    };
    const lines: string[] = [];
    await smokeTest(runner, { workerUrl: WORKER_URL, siteUrl: SITE_URL, adminToken: ADMIN_TOKEN, model: modelsToServe(repo)[0]!, fetch: http, pollMs: 100, timeoutMs: 10_000, log: (line) => lines.push(line) });
    console.log(lines.join("\n"));
    expect(lines).toContain("smoke: search finds the pushed vector");
    // The smoke artwork is put away afterwards, as in production.
    const row = await db.prepare("SELECT available FROM artworks WHERE id = ?").bind(SMOKE_ARTWORK_ID).first<{ available: number }>();
    expect(row?.available).toBe(0);
  });
});
