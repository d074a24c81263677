import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { merge } from "../../../../offline/commands/merge";
import { shardOf } from "../../../../offline/commands/embed";
import { PipelineError } from "../../../../offline/errors";
import { cudaProviderInstalled, loadModelOn } from "../../../../offline/models/device";
import { ModelError } from "../../../../offline/models/errors";
import { Workspace } from "../../../../offline/workspace";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "art-snob-merge-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const hash = (n: number) => n.toString(16).padStart(64, "0");
const builtin = join(import.meta.dirname, "..", "..", "..", "..", "models", "builtin-colour-v1");

describe("sharded embedding", () => {
  it("splits image hashes into disjoint shards that cover everything", () => {
    const hashes = Array.from({ length: 200 }, (_, i) => (i * 2654435761 % 4294967296).toString(16).padStart(8, "0").padEnd(64, "a"));
    const shards = [0, 1, 2].map((s) => hashes.filter((h) => shardOf(h, 3) === s));
    expect(shards.reduce((n, s) => n + s.length, 0)).toBe(hashes.length);
    expect(shards.every((s) => s.length > 30)).toBe(true);
  });

  it("merges other machines' embeddings and palettes into one work folder", () => {
    const here = new Workspace(tempDir());
    const a = new Workspace(tempDir());
    const b = new Workspace(tempDir());
    a.writeEmbedding("m", hash(1), new Float32Array(4).fill(0.5));
    b.writeEmbedding("m", hash(2), new Float32Array(4).fill(0.25));
    b.writeJson(b.palettePath(hash(2)), [{ hex: "#ff0000", name: "red", weight: 1 }]);
    here.writeEmbedding("m", hash(1), new Float32Array(4).fill(0.5));
    const result = merge(here, "m", 4, [a.root, b.root]);
    expect(result).toEqual({ embeddings: 1, palettes: 1 });
    expect(Array.from(here.readEmbedding("m", hash(2))!)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(merge(here, "m", 4, [a.root, b.root])).toEqual({ embeddings: 0, palettes: 0 });
  });

  it("refuses to merge another model's vectors or a folder without embeddings", () => {
    const here = new Workspace(tempDir());
    const other = tempDir();
    mkdirSync(join(other, "embeddings", "m"), { recursive: true });
    writeFileSync(join(other, "embeddings", "m", `${hash(3)}.f32`), new Uint8Array(12));
    expect(() => merge(here, "m", 4, [other])).toThrow(PipelineError);
    expect(() => merge(here, "m", 4, [other])).toThrow(/holds 3 values, model m has 4/);
    expect(() => merge(here, "m", 4, [tempDir()])).toThrow(/has no embeddings for model m/);
  });
});

describe("choosing the device", () => {
  it("runs on the CPU when no GPU provider is installed (auto)", async () => {
    const { model, device } = await loadModelOn(builtin, "auto");
    expect(device).toBe(cudaProviderInstalled() ? "cuda" : "cpu");
    await model.close();
  });

  it("explains, in one line, a --device cuda the machine cannot honour", async () => {
    if (cudaProviderInstalled()) return;
    const attempt = loadModelOn(builtin, "cuda");
    await expect(attempt).rejects.toBeInstanceOf(ModelError);
    await expect(attempt).rejects.toThrow(/^the CUDA execution provider is not available \(.*\): install onnxruntime-node's GPU binaries or use --device cpu$/);
  });
});
