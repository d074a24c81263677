/**
 * The offline pipeline end to end against the local stack: crawl the demo
 * shop, run `npm run offline -- run` with the built-in model, check coverage
 * (thumbnails and pre-encoded query texts too), idempotence, a SIGKILL mid-run,
 * colour search quality, the query encoder beside the site, and clear errors.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { embedTexts } from "../../../offline/models/encoder";
import { loadModel } from "../../../offline/models/load-model";
import { WAIT_MS as DEMO_RUNS_WAIT_MS, demoRunsDone } from "../../support/crawled-stack-ready";
import { Workspace, workingSet } from "../../../offline/workspace";
import { AdminApi } from "../../../offline/admin-api";
import { projectRoot } from "../../../scripts/lib/local-env";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth";

const MODEL_ID = "builtin-colour-v1";

function runOffline(args: string[], env: Record<string, string>, killWhen?: (output: string) => boolean) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const child = spawn(join(projectRoot, "node_modules", ".bin", "tsx"), ["offline/cli.ts", ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (killWhen?.(output)) child.kill("SIGKILL");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code, signal) => resolve({ code, signal, output }));
  });
}

describe("the offline pipeline", () => {
  // The e2e project's shared stack, with both demo shops already crawled into it.
  const stack = inject("crawledStack");
  const admin = new AdminApi(stack.urls.worker, stack.adminToken);
  const env: Record<string, string> = { ADMIN_API_URL: stack.urls.worker, ADMIN_TOKEN: stack.adminToken };
  const dirs: string[] = [];
  const workDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "art-snob-offline-"));
    dirs.push(dir);
    return dir;
  };

  // It measures what a pipeline run does; the second demo run's own pipeline must be over.
  beforeAll(demoRunsDone, DEMO_RUNS_WAIT_MS);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  let mainDir: string;

  it("fills vectors, neighbours, map, clusters and palettes for every available work", async () => {
    mainDir = workDir();
    const run = await runOffline(["run"], { ...env, OFFLINE_WORK_DIR: mainDir });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/model: builtin-colour-v1 \(16-d, on cpu\) — Built-in colour model, not CLIP/);
    const { coverage } = await admin.json<{ coverage: Record<string, number> }>("GET", `/admin/pipeline/coverage?model=${MODEL_ID}`);
    expect(coverage.available).toBeGreaterThan(500);
    for (const key of ["vectors", "neighbours", "mapPoints", "palettes", "thumbnails"]) expect(coverage[key], key).toBe(coverage.available);
    expect(coverage.clusters).toBeGreaterThanOrEqual(4);
    // Tags, the 16 colour names, cluster names and the popular phrases, pre-encoded.
    expect(coverage.queryVectors).toBeGreaterThan(150);
    expect(run.output).toMatch(/thumbs \d+ images pushed/);
    expect(run.output).toMatch(/phrases \(builtin-colour-v1\) \d+ encoded and pushed, \d+ already cached/);
  }, 300_000);

  it("runs the query encoder beside the site, with the pipeline's model", async () => {
    expect(await (await fetch(`${stack.urls.encoder}/health`)).json()).toEqual({ ok: true, model: { id: MODEL_ID, dimensions: 16 } });
    const res = await fetch(`${stack.urls.encoder}/v1/text`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ texts: ["navy"] }) });
    const { vectors } = (await res.json()) as { vectors: number[][] };
    const model = await loadModel(join(projectRoot, "models", MODEL_ID));
    const [expected] = await embedTexts(model, ["navy"]);
    await model.close();
    expect(Float32Array.from(vectors[0]!)).toEqual(expected);
  });

  it("does no embedding work the second time", async () => {
    const again = await runOffline(["run"], { ...env, OFFLINE_WORK_DIR: mainDir });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/embed \(builtin-colour-v1\) 0 embedded, \d+ cached/);
    expect(again.output).toMatch(/palette 0 computed/);
    expect(again.output).toMatch(/map, cluster, neighbors: kept \(the same works, images, tags and embeddings as the last run\)/);
    expect(again.output).toMatch(/thumbs 0 images pushed \(0 made, 0 from disk\), \d+ already stored/);
    expect(again.output).toMatch(/phrases \(builtin-colour-v1\) 0 encoded and pushed, \d+ already cached/);
  }, 300_000);

  it("ends in the same state after a SIGKILL mid-run and a restart", async () => {
    const dir = workDir();
    const killed = await runOffline(["run", "--batch", "4"], { ...env, OFFLINE_WORK_DIR: dir }, (out) => /embed \(builtin-colour-v1\)/.test(out));
    expect(killed.signal).toBe("SIGKILL");
    const resumed = await runOffline(["run"], { ...env, OFFLINE_WORK_DIR: dir });
    expect(resumed.code, resumed.output).toBe(0);
    const a = new Workspace(mainDir);
    const b = new Workspace(dir);
    for (const name of ["map", "clusters", "neighbours"]) {
      expect(readFileSync(b.resultPath(MODEL_ID, name), "utf8"), name).toBe(readFileSync(a.resultPath(MODEL_ID, name), "utf8"));
    }
    for (const work of workingSet(a.pullState())) {
      expect(b.readEmbedding(MODEL_ID, work.imageHash!)).toEqual(a.readEmbedding(MODEL_ID, work.imageHash!));
    }
  }, 300_000);

  it("finds works of a colour from its name: precision@10 >= 0.9 for every colour the demo uses", async () => {
    const truth = (await (await fetch(`${stack.urls.shop}/__demo/ground-truth.json`)).json()) as GroundTruth;
    const primaryByTitle = new Map(truth.works.map((w) => [w.title, w.colours.primary.name]));
    const ws = new Workspace(mainDir);
    const works = workingSet(ws.pullState());
    const vectors = works.map((w) => ws.readEmbedding(MODEL_ID, w.imageHash!)!);
    const model = await loadModel(join(projectRoot, "models", MODEL_ID));
    const colours = [...new Set(truth.works.map((w) => w.colours.primary.name))];
    expect(colours.length).toBeGreaterThanOrEqual(12);
    const queries = await embedTexts(model, colours);
    await model.close();
    const precision: Record<string, number> = {};
    colours.forEach((colour, q) => {
      const query = queries[q]!;
      const ranked = vectors
        .map((v, i) => ({ i, score: v.reduce((s, x, d) => s + x * query[d]!, 0) }))
        .sort((x, y) => y.score - x.score)
        .slice(0, 10);
      precision[colour] = ranked.filter((r) => primaryByTitle.get(works[r.i]!.title) === colour).length / 10;
    });
    console.log("precision@10 by colour", precision);
    for (const colour of colours) expect(precision[colour], colour).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it("answers a bad token, an unreachable API and a missing model with one clear line", async () => {
    const badToken = await runOffline(["pull"], { ...env, ADMIN_TOKEN: "wrong", OFFLINE_WORK_DIR: workDir() });
    expect(badToken.code).toBe(1);
    expect(badToken.output.trim()).toMatch(/^offline: the admin API at .* refused the token \(HTTP 403\): set ADMIN_TOKEN/);
    const unreachable = await runOffline(["pull"], { ...env, ADMIN_API_URL: "http://127.0.0.1:9", OFFLINE_WORK_DIR: workDir() });
    expect(unreachable.output.trim()).toMatch(/^offline: cannot reach the admin API at http:\/\/127\.0\.0\.1:9/);
    const noModel = await runOffline(["embed", "--model", "/nonexistent/model"], { ...env, OFFLINE_WORK_DIR: workDir() });
    expect(noModel.output.trim()).toMatch(/^offline: model folder \/nonexistent\/model does not exist/);
    for (const r of [badToken, unreachable, noModel]) expect(r.output.trim().split("\n")).toHaveLength(1);
  }, 120_000);
});
