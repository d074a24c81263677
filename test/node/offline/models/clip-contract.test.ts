import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContractModel } from "../../../../offline/models/contract-model";
import { embedImages, embedTexts } from "../../../../offline/models/encoder";
import { ModelError } from "../../../../offline/models/errors";
import { loadModel } from "../../../../offline/models/load-model";
import { writeModelFolder } from "../../../../offline/models/model-folder";
import { preprocessImage } from "../../../../offline/models/preprocess";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "clip-contract-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folder(name: string, files = buildContractModel()): Promise<string> {
  const dir = join(root, name);
  await writeModelFolder(dir, files);
  return dir;
}

const norm = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

async function loadError(dir: string): Promise<string> {
  const error = await loadModel(dir).then(
    async (m) => {
      await m.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("CLIP contract end to end (random-weight model, real tokenizer, preprocessing, onnxruntime)", () => {
  it("embeds images and texts to finite, unit-length, deterministic rows", async () => {
    const model = await loadModel(await folder("ok"));
    try {
      const pictures = await Promise.all([
        sharp({ create: { width: 640, height: 480, channels: 3, background: "#3366cc" } }).jpeg().toBuffer(),
        sharp({ create: { width: 200, height: 500, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 1 } } }).png().toBuffer(),
        sharp(Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 37) % 256)), { raw: { width: 64, height: 64, channels: 3 } }).webp().toBuffer(),
      ]);
      const tensors = await Promise.all(pictures.map((p) => preprocessImage(p, model.manifest.image)));
      const texts = ["a lonely lighthouse in a storm", "blue tones", "", "東京の夜"];
      const images1 = await embedImages(model, tensors, { batchSize: 2 });
      const texts1 = await embedTexts(model, texts, { batchSize: 3 });
      for (const v of [...images1, ...texts1]) {
        expect(v.length).toBe(32);
        expect(v.every(Number.isFinite)).toBe(true);
        expect(norm(v)).toBeCloseTo(1, 5);
      }
      // Same input, same batching: bit-identical; other batching: equal to float precision.
      expect(await embedImages(model, tensors, { batchSize: 2 })).toEqual(images1);
      expect(await embedTexts(model, texts, { batchSize: 3 })).toEqual(texts1);
      const unbatched = await embedTexts(model, texts);
      unbatched.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(texts1[i]![j]!, 5)));
      // Different inputs really give different vectors.
      expect(texts1[0]).not.toEqual(texts1[1]);
      expect(images1[0]).not.toEqual(images1[1]);
    } finally {
      await model.close();
    }
  });

  it("builds byte-identical files for the same seed", () => {
    expect(buildContractModel({ seed: 5 }).image).toEqual(buildContractModel({ seed: 5 }).image);
    expect(buildContractModel({ seed: 5 }).text).not.toEqual(buildContractModel({ seed: 6 }).text);
  });

  it("refuses a manifest whose dimensions do not match the ONNX output", async () => {
    const files = buildContractModel({ dimensions: 64 });
    const dir = await folder("wrong-dims", { ...files, manifest: { ...files.manifest, dimensions: 512 } });
    expect(await loadError(dir)).toMatch(/^model clip-contract-test declares 512 dims but its image encoder outputs 64/);
  });

  it("refuses wrong input/output names, naming what the file has", async () => {
    const files = buildContractModel();
    const dir = await folder("wrong-names", { ...files, manifest: { ...files.manifest, textEncoder: { ...files.manifest.textEncoder, output: "last_hidden_state" } } });
    expect(await loadError(dir)).toBe(`model clip-contract-test declares text encoder output "last_hidden_state" but the ONNX file has outputs [text_embeds]: fix the manifest`);
  });

  it("gives clear errors for a missing folder, manifest, file or an invalid manifest", async () => {
    expect(await loadError(join(root, "nope"))).toMatch(/^model folder .*nope does not exist: fetch a model/);

    const dir = await folder("broken");
    await unlink(join(dir, "text_model.onnx"));
    expect(await loadError(dir)).toMatch(/^model clip-contract-test is missing its text encoder .*text_model\.onnx/);

    await writeFile(join(dir, "text_model.onnx"), "garbage");
    expect(await loadError(dir)).toMatch(/^model clip-contract-test: onnxruntime cannot load text encoder/);

    await writeFile(join(dir, "manifest.json"), JSON.stringify({ id: "x", dimensions: "many" }));
    expect(await loadError(dir)).toMatch(/^model manifest .* is invalid: .*dimensions/);

    await unlink(join(dir, "manifest.json"));
    expect(await loadError(dir)).toMatch(/has no manifest\.json/);
  });
});
