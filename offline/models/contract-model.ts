import { CLIP_IMAGE_PREPROCESSING, type ModelManifest } from "./manifest";
import type { ModelFiles } from "./model-folder";
import { encodeModel, FLOAT, floatTensor, INT64, int64Tensor, node, valueInfo } from "./onnx-graph";

/**
 * A random-weight stand-in for CLIP ViT-B/32 with its exact contract (pixel_values float32
 * [N,3,224,224] -> image_embeds, input_ids int64 [N,77] -> text_embeds) but tiny internals,
 * so the real-CLIP code path can be tested end to end without the 600 MB download.
 */
export interface ContractModelOptions {
  id?: string;
  dimensions?: number;
  seed?: number;
  /** Overrides for what the manifest declares (to test mismatch errors). */
  manifest?: Partial<ModelManifest>;
}

const TEXT_BUCKETS = 1009;

// mulberry32: a small seeded PRNG so the same options give the same bytes.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

export function buildContractModel(options: ContractModelOptions = {}): ModelFiles {
  const dims = options.dimensions ?? 32;
  const random = rng(options.seed ?? 1);
  const size = CLIP_IMAGE_PREPROCESSING.size;
  const patch = 32;
  const grid = (size / patch) ** 2 * 3;
  const manifest: ModelManifest = {
    id: options.id ?? "clip-contract-test",
    description: "Random-weight model with CLIP ViT-B/32's input/output contract, for tests.",
    dimensions: dims,
    imageEncoder: { file: "vision_model.onnx", input: "pixel_values", output: "image_embeds" },
    textEncoder: { file: "text_model.onnx", input: "input_ids", output: "text_embeds" },
    image: CLIP_IMAGE_PREPROCESSING,
    tokenizer: { kind: "clip-bpe", contextLength: 77 },
    ...options.manifest,
  };
  const fill = (n: number) => Array.from({ length: n }, random);

  // ViT-B/32 looks at 32x32 patches: here each patch is just averaged, then projected.
  const image = encodeModel({
    name: "contract-image",
    inputs: [valueInfo("pixel_values", FLOAT, ["batch", 3, size, size])],
    outputs: [valueInfo("image_embeds", FLOAT, ["batch", dims])],
    initializers: [floatTensor("proj", [grid, dims], fill(grid * dims)), floatTensor("bias", [dims], fill(dims))],
    nodes: [
      node("AveragePool", ["pixel_values"], ["patches"], { kernel_shape: [patch, patch], strides: [patch, patch] }),
      node("Flatten", ["patches"], ["flat"], { axis: 1 }),
      node("MatMul", ["flat", "proj"], ["projected"]),
      node("Add", ["projected", "bias"], ["image_embeds"]),
    ],
  });

  // Token ids hashed into a small embedding table, averaged over the context, projected.
  const text = encodeModel({
    name: "contract-text",
    inputs: [valueInfo("input_ids", INT64, ["batch", 77])],
    outputs: [valueInfo("text_embeds", FLOAT, ["batch", dims])],
    initializers: [
      int64Tensor("buckets", [], [TEXT_BUCKETS]),
      floatTensor("table", [TEXT_BUCKETS, dims], fill(TEXT_BUCKETS * dims)),
      floatTensor("proj", [dims, dims], fill(dims * dims)),
    ],
    nodes: [
      node("Mod", ["input_ids", "buckets"], ["bucket"]),
      node("Gather", ["table", "bucket"], ["token_vectors"], { axis: 0 }),
      node("ReduceMean", ["token_vectors"], ["pooled"], { axes: [1], keepdims: 0 }),
      node("MatMul", ["pooled", "proj"], ["text_embeds"]),
    ],
  });
  return { manifest, image, text };
}
