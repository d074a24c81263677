import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLOUR_NAMES, COLOURS, type ColourName, type Rgb } from "../../../../workers/demo-shop/colours";
import { renderPainting } from "../../../../workers/demo-shop/painting";
import { buildBuiltinModel, BUILTIN_DIMENSIONS, COLOUR_WORDS } from "../../../../offline/models/builtin-colour";
import { embedImages, embedTexts } from "../../../../offline/models/encoder";
import { loadModel, type LoadedModel } from "../../../../offline/models/load-model";
import { writeModelFolder } from "../../../../offline/models/model-folder";
import { preprocessImage } from "../../../../offline/models/preprocess";

const MODEL_DIR = join(import.meta.dirname, "../../../../models/builtin-colour-v1");

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

async function solid(rgb: Rgb, width = 240, height = 320): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
}

let model: LoadedModel;
let wordVectors: Map<string, Float32Array>;

beforeAll(async () => {
  model = await loadModel(MODEL_DIR);
  const words = Object.keys(COLOUR_WORDS);
  const vectors = await embedTexts(model, words);
  wordVectors = new Map(words.map((w, i) => [w, vectors[i]!]));
});
afterAll(async () => {
  await model?.close();
});

/** The colour word (of the 16 names) whose text vector is most similar to this vector. */
function nearestColourName(v: Float32Array): ColourName {
  let best: ColourName = COLOUR_NAMES[0];
  for (const name of COLOUR_NAMES) if (dot(v, wordVectors.get(name)!) > dot(v, wordVectors.get(best)!)) best = name;
  return best;
}

describe("built-in colour model", () => {
  it("is committed exactly as the builder produces it (deterministic, up to date)", async () => {
    const built = buildBuiltinModel();
    expect(Buffer.compare(await readFile(join(MODEL_DIR, "image.onnx")), Buffer.from(built.image))).toBe(0);
    expect(Buffer.compare(await readFile(join(MODEL_DIR, "text.onnx")), Buffer.from(built.text))).toBe(0);
    expect(JSON.parse(await readFile(join(MODEL_DIR, "manifest.json"), "utf8"))).toEqual(built.manifest);
    expect(buildBuiltinModel().text).toEqual(built.text);
  });

  it("has CLIP's contract and says what it cannot do", () => {
    const m = model.manifest;
    expect(m.dimensions).toBe(BUILTIN_DIMENSIONS);
    expect(m.imageEncoder).toMatchObject({ input: "pixel_values", output: "image_embeds" });
    expect(m.textEncoder).toMatchObject({ input: "input_ids", output: "text_embeds" });
    expect(m.image.size).toBe(224);
    expect(m.limitations).toMatch(/only colour/);
  });

  it("outputs unit-length [N, 16] rows for images and texts, in batches", async () => {
    const tensors = await Promise.all([COLOURS.red, COLOURS.teal, COLOURS.white].map(async (c) => preprocessImage(await solid(c), model.manifest.image)));
    const images = await embedImages(model, tensors, { batchSize: 2 });
    const texts = await embedTexts(model, ["red", "a lonely lighthouse", "navy and gold"], { batchSize: 2 });
    for (const v of [...images, ...texts]) {
      expect(v.length).toBe(16);
      expect(norm(v)).toBeCloseTo(1, 5);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    // No colour word: an even "any colour" vector, not zero.
    expect(Math.max(...texts[1]!) - Math.min(...texts[1]!)).toBeLessThan(1e-6);
  });

  it("matches a solid image of each demo colour to that colour's word", async () => {
    const tensors = await Promise.all(COLOUR_NAMES.map(async (n) => preprocessImage(await solid(COLOURS[n]), model.manifest.image)));
    const images = await embedImages(model, tensors);
    COLOUR_NAMES.forEach((name, i) => {
      expect(nearestColourName(images[i]!), name).toBe(name);
      expect(images[i]![i]!, name).toBeGreaterThan(0.99);
    });
  });

  it("maps synonyms onto their palette colour", () => {
    const pairs: [string, ColourName][] = [
      ["scarlet", "red"], ["maroon", "crimson"], ["burgundy", "crimson"], ["amber", "orange"], ["lemon", "yellow"],
      ["golden", "gold"], ["mustard", "gold"], ["emerald", "green"], ["khaki", "olive"], ["turquoise", "teal"], ["aqua", "teal"],
      ["azure", "blue"], ["cobalt", "blue"], ["indigo", "navy"], ["violet", "purple"], ["lavender", "purple"], ["rose", "pink"],
      ["chocolate", "brown"], ["ebony", "black"], ["ivory", "white"], ["gray", "grey"], ["silver", "grey"],
    ];
    for (const [word, colour] of pairs) expect(nearestColourName(wordVectors.get(word)!), word).toBe(colour);
  });

  it("ranks 'crimson' first for a mostly-crimson demo painting, and sentences work too", async () => {
    const painting = renderPainting({ style: "colour-field", primaryColour: "crimson", secondaryColours: ["gold"], image: { width: 360, height: 480, seed: 11 } });
    const pngBytes = await sharp(Buffer.from(painting.rgba), { raw: { width: painting.width, height: painting.height, channels: 4 } }).png().toBuffer();
    const [image] = await embedImages(model, [await preprocessImage(pngBytes, model.manifest.image)]);
    const scores = [...wordVectors].map(([w, v]) => [w, dot(image!, v)] as const).sort((a, b) => b[1] - a[1]);
    expect(["crimson", "maroon", "burgundy", "wine", "ruby"]).toContain(scores[0]![0]);
    expect(nearestColourName(image!)).toBe("crimson");
    const [sentence, red] = await embedTexts(model, ["A deep CRIMSON abstract painting", "a red painting"]);
    expect(dot(image!, sentence!)).toBeGreaterThan(dot(image!, red!));
  });

  it("can be regenerated into another folder and loaded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "builtin-model-"));
    try {
      await writeModelFolder(dir, buildBuiltinModel());
      const copy = await loadModel(dir);
      expect(copy.manifest.id).toBe("builtin-colour-v1");
      await copy.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
