/**
 * npm run provision against a fake `wrangler` on PATH (fake-wrangler.mjs): the
 * order of what it runs, a second run that creates nothing, a dry run that runs
 * nothing and prints every command, and the config written from one place.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../scripts/provision";
import { PLACEHOLDER_IDS, pagesProductionSection, workerProductionSection } from "../../../scripts/lib/provision/production-config";
import { ARTWORK_METADATA_INDEXES, modelsToServe } from "../../../scripts/lib/provision/resources";

const repo = resolve(import.meta.dirname, "../../..");
let root: string;
let fakeDir: string;
const saved = { PATH: process.env.PATH, FAKE_WRANGLER_DIR: process.env.FAKE_WRANGLER_DIR, ADMIN_TOKEN: process.env.ADMIN_TOKEN };

interface Call { tool: string; args: string[]; cwd: string; stdin?: string }
const calls = (): Call[] =>
  readFileSync(join(fakeDir, "calls.jsonl"), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Call);
const line = (c: Call) => [c.tool, ...c.args].join(" ");

async function provision(args: string[]): Promise<{ code: number; log: string[] }> {
  const log: string[] = [];
  writeFileSync(join(fakeDir, "calls.jsonl"), "");
  const code = await main(args, root, (l) => log.push(l));
  return { code, log };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "provision-"));
  fakeDir = join(root, ".fake");
  const bin = join(fakeDir, "bin");
  mkdirSync(bin, { recursive: true });
  for (const tool of ["wrangler", "npm"]) symlinkSync(join(import.meta.dirname, "fake-wrangler.mjs"), join(bin, tool));
  chmodSync(join(import.meta.dirname, "fake-wrangler.mjs"), 0o755);
  mkdirSync(join(root, "app"));
  cpSync(join(repo, "wrangler.toml"), join(root, "wrangler.toml"));
  cpSync(join(repo, "app", "wrangler.toml"), join(root, "app", "wrangler.toml"));
  mkdirSync(join(root, "models", "builtin-colour-v1"), { recursive: true });
  cpSync(join(repo, "models", "builtin-colour-v1", "manifest.json"), join(root, "models", "builtin-colour-v1", "manifest.json"));
  mkdirSync(join(root, "models", "clip-vit-b32"));
  writeFileSync(join(root, "models", "clip-vit-b32", "manifest.json"), JSON.stringify({ id: "clip-vit-b32", dimensions: 512 }));
  process.env.PATH = `${bin}:${process.env.PATH}`;
  process.env.FAKE_WRANGLER_DIR = fakeDir;
  delete process.env.ADMIN_TOKEN;
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

// Each fake wrangler call is a Node start (~0.15 s of CPU); on a loaded machine a full run takes
// far longer in wall time than in CPU time, hence the generous timeout.
describe("npm run provision", { timeout: 180_000 }, () => {
  it("--dry-run runs nothing and prints every command of a first run", async () => {
    const { code, log } = await provision(["--dry-run"]);
    expect(code).toBe(0);
    expect(calls()).toEqual([]);
    const printed = log.filter((l) => l.startsWith("would run ")).map((l) => l.slice("would run ".length));
    for (const expected of [
      "wrangler d1 create art-snob",
      "wrangler d1 create art-snob-preview",
      "wrangler r2 bucket create art-snob-images",
      "wrangler queues create art-snob-crawl",
      "wrangler queues create art-snob-crawl-dlq",
      "wrangler pages project create art-snob-app --production-branch=main",
      "wrangler vectorize create artworks-builtin-colour-v1 --dimensions=16 --metric=cosine",
      "wrangler vectorize create artworks-clip-vit-b32 --dimensions=512 --metric=cosine",
      "wrangler vectorize create-metadata-index artworks-clip-vit-b32 --propertyName=available --type=boolean",
      "wrangler d1 migrations apply DB --env production --remote",
      "wrangler secret put ADMIN_TOKEN --env production <<< '<secret>'",
      "wrangler deploy --env production",
      "npm run build:app",
      "(cd app && wrangler pages deploy ../build/client --project-name art-snob-app --branch main)",
    ]) expect(printed).toContain(expected);
    expect(log.some((l) => l.startsWith("would smoke-test"))).toBe(true);
    expect(readFileSync(join(root, "wrangler.toml"), "utf8")).toContain(PLACEHOLDER_IDS.d1Id);
  });

  it("creates everything in order on a new account, writes the ids into the config, then deploys", async () => {
    const { code, log } = await provision(["--skip-smoke"]);
    expect(code).toBe(0);
    const run = calls().map(line);
    const at = (prefix: string) => {
      const i = run.findIndex((l) => l.startsWith(prefix));
      expect(i, prefix).toBeGreaterThanOrEqual(0);
      return i;
    };
    const lastMetadata = Math.max(...run.map((l, i) => (l.includes("create-metadata-index") ? i : -1)));
    expect(run.filter((l) => l.includes("create-metadata-index"))).toHaveLength(2 * ARTWORK_METADATA_INDEXES.length);
    expect(at("wrangler d1 create art-snob")).toBeLessThan(at("wrangler vectorize create artworks-builtin-colour-v1"));
    expect(at("wrangler pages project create")).toBeLessThan(at("wrangler pages deploy"));
    expect(lastMetadata).toBeLessThan(at("wrangler d1 migrations apply"));
    expect(at("wrangler d1 migrations apply")).toBeLessThan(at("wrangler secret put ADMIN_TOKEN"));
    expect(at("wrangler secret put")).toBeLessThan(at("wrangler deploy --env production"));
    expect(at("wrangler deploy --env production")).toBeLessThan(at("npm run build:app"));
    expect(at("npm run build:app")).toBeLessThan(at("wrangler pages deploy"));
    expect(calls().find((c) => c.args[0] === "pages" && c.args[1] === "deploy")?.cwd).toBe(join(root, "app"));
    expect(calls().filter((c) => c.args.includes("put")).every((c) => c.stdin === "<secret>")).toBe(true);
    expect(log.some((l) => /^Generated secret ADMIN_TOKEN: \S{20,}/.test(l))).toBe(true);

    const worker = readFileSync(join(root, "wrangler.toml"), "utf8");
    expect(worker).toContain('database_id = "d1-uuid-1-0000-4000-8000-000000000000"');
    expect(worker).toContain('CLOUDFLARE_ACCOUNT_ID = "0123456789abcdef0123456789abcdef"');
    expect(worker).toContain('binding = "VECTORIZE_CLIP_VIT_B32"\nindex_name = "artworks-clip-vit-b32"');
    const pages = readFileSync(join(root, "app", "wrangler.toml"), "utf8");
    expect(pages).toContain('database_name = "art-snob-preview"\ndatabase_id = "d1-uuid-2-0000-4000-8000-000000000000"');
    expect(pages).toContain('PUBLIC_SITE_URL = "https://art-snob-app.pages.dev"');
  });

  it("a second run creates nothing and leaves the config as it is", async () => {
    const before = readFileSync(join(root, "wrangler.toml"), "utf8");
    const { code, log } = await provision(["--skip-smoke"]);
    expect(code).toBe(0);
    const run = calls().map(line);
    expect(run.filter((l) => / create|create-metadata-index|secret put/.test(l))).toEqual([]);
    expect(log).toContain("Created nothing: everything existed.");
    expect(log).toContain("production config: unchanged");
    expect(readFileSync(join(root, "wrangler.toml"), "utf8")).toBe(before);
  });

  it("stops with one line on an index that exists with other dimensions", async () => {
    const state = JSON.parse(readFileSync(join(fakeDir, "state.json"), "utf8")) as { vectorize: { name: string; config: { dimensions: number } }[] };
    state.vectorize.find((i) => i.name === "artworks-clip-vit-b32")!.config.dimensions = 768;
    writeFileSync(join(fakeDir, "state.json"), JSON.stringify(state));
    await expect(provision(["--skip-smoke"])).rejects.toThrow(
      "Vectorize index artworks-clip-vit-b32 exists with dimensions 768, metric cosine; model clip-vit-b32 needs 512, cosine.",
    );
  });
});

describe("the production config comes from one place", () => {
  it("the checked-in production sections are the renderer's output with placeholder ids", () => {
    const ids = { ...PLACEHOLDER_IDS, models: modelsToServe(repo) };
    expect(readFileSync(join(repo, "wrangler.toml"), "utf8").endsWith(`${workerProductionSection(ids).trimEnd()}\n`)).toBe(true);
    expect(readFileSync(join(repo, "app", "wrangler.toml"), "utf8").endsWith(`${pagesProductionSection(ids).trimEnd()}\n`)).toBe(true);
  });

  it("the production Worker is not named like the local config, and the site URL names the Pages project", () => {
    const text = readFileSync(join(repo, "wrangler.toml"), "utf8");
    expect(text.match(/^name = "(.+)"/m)?.[1]).toBe("art-snob");
    expect(text).toMatch(/\[env\.production\]\nname = "art-snob-crawler"/);
    expect(text).toContain('CRAWLER_CONTACT_URL = "https://art-snob-app.pages.dev/about/bot"');
    expect(readFileSync(join(repo, "app", "wrangler.toml"), "utf8")).toMatch(/^name = "art-snob-app"/m);
  });
});
