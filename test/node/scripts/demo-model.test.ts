import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chooseDemoModel, parseModelChoice } from "../../../scripts/lib/demo-model";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const modelsDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "art-snob-models-"));
  dirs.push(dir);
  return dir;
};
const offline = async (): Promise<string> => {
  throw new Error("cannot download https://example.invalid/vision_model.onnx: ENOTFOUND example.invalid; check the network");
};

describe("the demo's model", () => {
  it("uses CLIP when it has been fetched before, without fetching", async () => {
    const dir = modelsDir();
    mkdirSync(join(dir, "clip-vit-b32"));
    writeFileSync(join(dir, "clip-vit-b32", "manifest.json"), "{}");
    const model = await chooseDemoModel("auto", { modelsDir: dir, fetchModel: offline, log: () => {} });
    expect(model).toEqual({ id: "clip-vit-b32", modelDir: join(dir, "clip-vit-b32") });
  });

  it("fetches CLIP when the network allows", async () => {
    const dir = modelsDir();
    const asked: string[] = [];
    const model = await chooseDemoModel("auto", {
      modelsDir: dir,
      fetchModel: async (id, into) => {
        asked.push(id);
        return join(into, id);
      },
      log: () => {},
    });
    expect(asked).toEqual(["clip-vit-b32"]);
    expect(model.id).toBe("clip-vit-b32");
  });

  it("falls back to the built-in model with one clear line when CLIP cannot be fetched", async () => {
    const dir = modelsDir();
    const lines: string[] = [];
    const model = await chooseDemoModel("auto", { modelsDir: dir, fetchModel: offline, log: (l) => lines.push(l) });
    expect(model).toEqual({ id: "builtin-colour-v1", modelDir: join(dir, "builtin-colour-v1") });
    expect(lines).toEqual([
      "CLIP ViT-B/32 could not be fetched (cannot download https://example.invalid/vision_model.onnx: ENOTFOUND example.invalid); using the built-in colour model. `npm run demo -- --model clip-vit-b32` tries again.",
    ]);
  });

  it("fails clearly when CLIP was asked for by name and cannot be had", async () => {
    await expect(chooseDemoModel("clip-vit-b32", { modelsDir: modelsDir(), fetchModel: offline, log: () => {} })).rejects.toThrow(/^CLIP ViT-B\/32 could not be fetched: cannot download/);
  });

  it("uses the built-in model when asked, never fetching", async () => {
    const dir = modelsDir();
    const model = await chooseDemoModel("builtin", { modelsDir: dir, fetchModel: () => Promise.reject(new Error("must not fetch")), log: () => {} });
    expect(model.id).toBe("builtin-colour-v1");
  });

  it("names the choices when --model is wrong", () => {
    expect(parseModelChoice(undefined)).toBe("auto");
    expect(() => parseModelChoice("clip")).toThrow('--model must be one of auto, builtin, clip-vit-b32 (got "clip")');
  });
});
