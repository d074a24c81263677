/**
 * A model folder with CLIP ViT-B/32's exact architecture and tensor shapes but seeded random
 * weights, for benchmarks: the real CLIP weights cannot be downloaded on this project's machines,
 * and inference cost depends only on the graph and the shapes, not on the weight values.
 *
 * Image encoder (as HF CLIPVisionModelWithProjection): Conv 3->768, 32x32 patches, stride 32, no
 * bias; class token + 50 learned positions; pre-LayerNorm; 12 pre-LN transformer layers (width
 * 768, 12 heads of 64, MLP 3072 with quick-GELU); post-LayerNorm of the class token; projection
 * 768->512 without bias. 87.8M parameters.
 * Text encoder (as CLIPTextModelWithProjection): 49,408 x 512 token table, 77 positions, 12
 * causal layers (width 512, 8 heads, MLP 2048, quick-GELU), final LayerNorm, the row at the end
 * token (argmax of the ids), projection 512->512. 63.2M parameters.
 *
 * `npx tsx bench/models/clip-vit-b32-random.ts` builds it into bench/.cache/models/ (git-ignored);
 * the benchmarks call ensureClipShapedModel(), which reuses a complete folder.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { onnx as Onnx } from "onnx-proto";
import { CLIP_IMAGE_PREPROCESSING, MANIFEST_FILE, type ModelManifest } from "../../offline/models/manifest.ts";
import { writeModelFolder } from "../../offline/models/model-folder.ts";
import { encodeModel, FLOAT, INT64, int64Tensor, node, valueInfo } from "../../offline/models/onnx-graph.ts";
import { quantizedConv, quantizedGather, quantizedMatMul, type QuantForm } from "./dynamic-quant.ts";

export const CLIP_SHAPED_ID = "clip-vit-b32-random";
export const benchCacheDir = resolve(import.meta.dirname, "..", ".cache");

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Seeded uniform weights with standard deviation `std` (mulberry32). */
class WeightSource {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  fill(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    const half = std * Math.sqrt(3);
    let a = this.state;
    for (let i = 0; i < n; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * half;
    }
    this.state = a;
    return out;
  }
}

/** A float tensor without the per-value copy of onnx-graph's helper (these hold 88M values). */
function weights(name: string, dims: number[], data: Float32Array): Onnx.ITensorProto {
  if (data.length !== dims.reduce((x, y) => x * y, 1)) throw new Error(`tensor ${name}: ${data.length} values for [${dims}]`);
  let bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (!LITTLE_ENDIAN) {
    const view = new DataView(new ArrayBuffer(data.byteLength));
    data.forEach((v, i) => view.setFloat32(i * 4, v, true));
    bytes = new Uint8Array(view.buffer);
  }
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

const constant = (value: number) => new Float32Array([value]);

interface Builder {
  nodes: Onnx.INodeProto[];
  inits: Onnx.ITensorProto[];
  rand: WeightSource;
  /** Set: weights dynamically quantized as the public int8 export's are (same random values before rounding). */
  quant?: QuantForm;
}

function layerNorm(b: Builder, x: string, width: number, prefix: string): string {
  b.inits.push(weights(`${prefix}.weight`, [width], new Float32Array(width).fill(1)), weights(`${prefix}.bias`, [width], new Float32Array(width)));
  b.nodes.push(node("LayerNormalization", [x, `${prefix}.weight`, `${prefix}.bias`], [`${prefix}.out`], { axis: -1, epsilon: 1e-5 }, ["epsilon"]));
  return `${prefix}.out`;
}

/** x @ W (+ bias); W stored [in, out] so no transpose is needed at run time. */
function linear(b: Builder, x: string, inDim: number, outDim: number, prefix: string, bias = true): string {
  const w = b.rand.fill(inDim * outDim, 0.02);
  if (b.quant) quantizedMatMul(b, x, w, inDim, outDim, prefix, b.quant, `${prefix}.mm`);
  else {
    b.inits.push(weights(`${prefix}.weight`, [inDim, outDim], w));
    b.nodes.push(node("MatMul", [x, `${prefix}.weight`], [`${prefix}.mm`]));
  }
  if (!bias) return `${prefix}.mm`;
  b.inits.push(weights(`${prefix}.bias`, [outDim], b.rand.fill(outDim, 0.02)));
  b.nodes.push(node("Add", [`${prefix}.mm`, `${prefix}.bias`], [`${prefix}.out`]));
  return `${prefix}.out`;
}

/** One pre-LN CLIP encoder layer over x [N, seq, width]; `mask` is an additive [seq, seq] mask. */
function encoderLayer(b: Builder, x: string, width: number, heads: number, mlp: number, p: string, mask?: string): string {
  const headDim = width / heads;
  const h = layerNorm(b, x, width, `${p}.layer_norm1`);
  const q = linear(b, h, width, width, `${p}.q_proj`);
  const k = linear(b, h, width, width, `${p}.k_proj`);
  const v = linear(b, h, width, width, `${p}.v_proj`);
  b.inits.push(int64Tensor(`${p}.heads_shape`, [4], [0, -1, heads, headDim]), int64Tensor(`${p}.merge_shape`, [3], [0, -1, width]));
  b.inits.push(weights(`${p}.scale`, [1], constant(1 / Math.sqrt(headDim))));
  const split = (t: string, name: string, perm: number[]) => {
    b.nodes.push(node("Reshape", [t, `${p}.heads_shape`], [`${p}.${name}_heads`]));
    b.nodes.push(node("Transpose", [`${p}.${name}_heads`], [`${p}.${name}_t`], { perm }));
    return `${p}.${name}_t`;
  };
  b.nodes.push(node("Mul", [q, `${p}.scale`], [`${p}.q_scaled`]));
  const qh = split(`${p}.q_scaled`, "q", [0, 2, 1, 3]); // [N, H, S, D]
  const kh = split(k, "k", [0, 2, 3, 1]); // [N, H, D, S]
  const vh = split(v, "v", [0, 2, 1, 3]); // [N, H, S, D]
  b.nodes.push(node("MatMul", [qh, kh], [`${p}.scores`]));
  let scores = `${p}.scores`;
  if (mask) {
    b.nodes.push(node("Add", [scores, mask], [`${p}.masked`]));
    scores = `${p}.masked`;
  }
  b.nodes.push(node("Softmax", [scores], [`${p}.probs`], { axis: -1 }));
  b.nodes.push(node("MatMul", [`${p}.probs`, vh], [`${p}.context`]));
  b.nodes.push(node("Transpose", [`${p}.context`], [`${p}.context_t`], { perm: [0, 2, 1, 3] }));
  b.nodes.push(node("Reshape", [`${p}.context_t`, `${p}.merge_shape`], [`${p}.context_merged`]));
  const attn = linear(b, `${p}.context_merged`, width, width, `${p}.out_proj`);
  b.nodes.push(node("Add", [x, attn], [`${p}.residual1`]));

  const h2 = layerNorm(b, `${p}.residual1`, width, `${p}.layer_norm2`);
  const up = linear(b, h2, width, mlp, `${p}.fc1`);
  // quick_gelu(x) = x * sigmoid(1.702 x)
  b.inits.push(weights(`${p}.gelu_k`, [1], constant(1.702)));
  b.nodes.push(node("Mul", [up, `${p}.gelu_k`], [`${p}.gelu_in`]));
  b.nodes.push(node("Sigmoid", [`${p}.gelu_in`], [`${p}.gelu_gate`]));
  b.nodes.push(node("Mul", [up, `${p}.gelu_gate`], [`${p}.gelu`]));
  const down = linear(b, `${p}.gelu`, mlp, width, `${p}.fc2`);
  b.nodes.push(node("Add", [`${p}.residual1`, down], [`${p}.out`]));
  return `${p}.out`;
}

export function buildVisionEncoder(seed = 1, quant?: QuantForm): Uint8Array {
  const width = 768;
  const patch = 32;
  const size = CLIP_IMAGE_PREPROCESSING.size;
  const patches = (size / patch) ** 2;
  const b: Builder = { nodes: [], inits: [], rand: new WeightSource(seed), ...(quant ? { quant } : {}) };
  const patchWeights = b.rand.fill(width * 3 * patch * patch, 0.02);
  const convAttrs = { kernel_shape: [patch, patch], strides: [patch, patch] };
  if (quant) quantizedConv(b, "pixel_values", patchWeights, [width, 3, patch, patch], convAttrs, "patch_embedding", quant, "patch_grid");
  else {
    b.inits.push(weights("patch_embedding.weight", [width, 3, patch, patch], patchWeights));
    b.nodes.push(node("Conv", ["pixel_values", "patch_embedding.weight"], ["patch_grid"], convAttrs));
  }
  b.inits.push(int64Tensor("patch_flat_shape", [3], [0, width, patches]));
  b.nodes.push(node("Reshape", ["patch_grid", "patch_flat_shape"], ["patch_flat"]));
  b.nodes.push(node("Transpose", ["patch_flat"], ["patch_tokens"], { perm: [0, 2, 1] })); // [N, 49, 768]
  // Class token, broadcast to the batch: Expand to [N, 1, 768].
  b.inits.push(weights("class_embedding", [1, 1, width], b.rand.fill(width, 0.02)));
  b.inits.push(int64Tensor("slice_start", [1], [0]), int64Tensor("slice_end", [1], [1]), int64Tensor("class_tail", [2], [1, width]));
  b.nodes.push(node("Shape", ["pixel_values"], ["input_shape"]));
  b.nodes.push(node("Slice", ["input_shape", "slice_start", "slice_end"], ["batch_dim"]));
  b.nodes.push(node("Concat", ["batch_dim", "class_tail"], ["class_shape"], { axis: 0 }));
  b.nodes.push(node("Expand", ["class_embedding", "class_shape"], ["class_tokens"]));
  b.nodes.push(node("Concat", ["class_tokens", "patch_tokens"], ["tokens"], { axis: 1 })); // [N, 50, 768]
  b.inits.push(weights("position_embedding", [patches + 1, width], b.rand.fill((patches + 1) * width, 0.02)));
  b.nodes.push(node("Add", ["tokens", "position_embedding"], ["embedded"]));
  let x = layerNorm(b, "embedded", width, "pre_layrnorm");
  for (let layer = 0; layer < 12; layer++) x = encoderLayer(b, x, width, 12, 3072, `encoder.layers.${layer}`);
  b.inits.push(int64Tensor("class_index", [], [0]));
  b.nodes.push(node("Gather", [x, "class_index"], ["pooled"], { axis: 1 })); // [N, 768]
  const pooled = layerNorm(b, "pooled", width, "post_layernorm");
  const projected = linear(b, pooled, width, 512, "visual_projection", false);
  b.nodes.push(node("Identity", [projected], ["image_embeds"]));
  return encodeModel({
    name: "clip-vit-b32-random-vision",
    docString: "CLIP ViT-B/32 vision tower and projection, exact shapes, seeded random weights (benchmarks only).",
    inputs: [valueInfo("pixel_values", FLOAT, ["batch", 3, size, size])],
    outputs: [valueInfo("image_embeds", FLOAT, ["batch", 512])],
    initializers: b.inits,
    nodes: b.nodes,
  });
}

export function buildTextEncoder(seed = 2, quant?: QuantForm): Uint8Array {
  const width = 512;
  const context = 77;
  const vocab = 49408;
  const b: Builder = { nodes: [], inits: [], rand: new WeightSource(seed), ...(quant ? { quant } : {}) };
  const table = b.rand.fill(vocab * width, 0.02);
  if (quant) quantizedGather(b, table, [vocab, width], "input_ids", "token_embedding", quant, "token_vectors");
  else {
    b.inits.push(weights("token_embedding.weight", [vocab, width], table));
    b.nodes.push(node("Gather", ["token_embedding.weight", "input_ids"], ["token_vectors"], { axis: 0 }));
  }
  b.inits.push(weights("position_embedding.weight", [context, width], b.rand.fill(context * width, 0.01)));
  b.nodes.push(node("Add", ["token_vectors", "position_embedding.weight"], ["embedded"]));
  // Causal mask: a token attends to itself and earlier tokens only.
  const mask = new Float32Array(context * context);
  for (let i = 0; i < context; i++) for (let j = i + 1; j < context; j++) mask[i * context + j] = -1e9;
  b.inits.push(weights("causal_mask", [context, context], mask));
  let x = "embedded";
  for (let layer = 0; layer < 12; layer++) x = encoderLayer(b, x, width, 8, 2048, `encoder.layers.${layer}`, "causal_mask");
  const normed = layerNorm(b, x, width, "final_layer_norm");
  // Pool at the end token, which has the largest id (CLIP's argmax pooling).
  b.inits.push(int64Tensor("gather_tail", [2], [1, width]), int64Tensor("squeeze_axes", [1], [1]));
  b.nodes.push(node("Cast", ["input_ids"], ["ids_float"], { to: FLOAT }));
  b.nodes.push(node("ArgMax", ["ids_float"], ["eot_index"], { axis: 1, keepdims: 1 })); // [N, 1]
  b.nodes.push(node("Unsqueeze", ["eot_index", "squeeze_axes"], ["eot_index3"])); // [N, 1, 1]
  b.nodes.push(node("Shape", ["input_ids"], ["ids_shape"]));
  b.inits.push(int64Tensor("slice_start", [1], [0]), int64Tensor("slice_end", [1], [1]));
  b.nodes.push(node("Slice", ["ids_shape", "slice_start", "slice_end"], ["batch_dim"]));
  b.nodes.push(node("Concat", ["batch_dim", "gather_tail"], ["gather_shape"], { axis: 0 }));
  b.nodes.push(node("Expand", ["eot_index3", "gather_shape"], ["eot_gather_index"])); // [N, 1, 512]
  b.nodes.push(node("GatherElements", [normed, "eot_gather_index"], ["eot_row"], { axis: 1 }));
  b.nodes.push(node("Squeeze", ["eot_row", "squeeze_axes"], ["pooled"]));
  const projected = linear(b, "pooled", width, 512, "text_projection", false);
  b.nodes.push(node("Identity", [projected], ["text_embeds"]));
  return encodeModel({
    name: "clip-vit-b32-random-text",
    docString: "CLIP ViT-B/32 text tower and projection, exact shapes, seeded random weights (benchmarks only).",
    inputs: [valueInfo("input_ids", INT64, ["batch", context])],
    outputs: [valueInfo("text_embeds", FLOAT, ["batch", 512])],
    initializers: b.inits,
    nodes: b.nodes,
  });
}

export const clipShapedManifest: ModelManifest = {
  id: CLIP_SHAPED_ID,
  description: "CLIP ViT-B/32's exact architecture and shapes with seeded random weights: for benchmarks only, its embeddings mean nothing.",
  dimensions: 512,
  imageEncoder: { file: "vision_model.onnx", input: "pixel_values", output: "image_embeds" },
  textEncoder: { file: "text_model.onnx", input: "input_ids", output: "text_embeds" },
  image: CLIP_IMAGE_PREPROCESSING,
  tokenizer: { kind: "clip-bpe", contextLength: 77 },
  limitations: "Random weights: benchmark stand-in for CLIP ViT-B/32, useless for search.",
};

/** The int8 counterpart's id: the same weights as CLIP_SHAPED_ID, dynamically quantized in `form`. */
export function clipShapedInt8Id(form: QuantForm): string {
  return `clip-vit-b32-int8-random-${form.weights}${form.reduceRange ? "-r7" : ""}`;
}

export const clipShapedDirFor = (quant?: QuantForm) => join(benchCacheDir, "models", quant ? clipShapedInt8Id(quant) : CLIP_SHAPED_ID);

/**
 * Builds the folder unless a complete one (manifest written last) is already cached. With
 * `quant`, the int8 counterpart: the same seeded fp32 weights, quantized as the export's are.
 */
export async function ensureClipShapedModel(log: (line: string) => void = console.log, quant?: QuantForm): Promise<string> {
  const dir = clipShapedDirFor(quant);
  if (existsSync(join(dir, MANIFEST_FILE))) return dir;
  const id = quant ? clipShapedInt8Id(quant) : CLIP_SHAPED_ID;
  log(`building ${id} (CLIP ViT-B/32 shapes, random weights, ${quant ? "~150" : "~600"} MB) into ${dir} …`);
  const started = Date.now();
  const image = buildVisionEncoder(1, quant);
  const text = buildTextEncoder(2, quant);
  const manifest: ModelManifest = quant
    ? { ...clipShapedManifest, id, description: `${clipShapedManifest.description} Weights dynamically quantized (${quant.weights}, per channel${quant.reduceRange ? ", 7-bit" : ""}).` }
    : clipShapedManifest;
  await writeModelFolder(dir, { manifest, image, text });
  log(`built ${id} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  // `-- int8 u8|s8 [r7]`: the int8 counterpart in that form.
  const [kind, weightsArg, range] = process.argv.slice(2);
  const quant: QuantForm | undefined = kind === "int8" ? { weights: weightsArg === "s8" ? "s8" : "u8", reduceRange: range === "r7" } : undefined;
  const dir = await ensureClipShapedModel(console.log, quant);
  for (const file of [clipShapedManifest.imageEncoder.file, clipShapedManifest.textEncoder.file]) {
    console.log(`${file}: ${(statSync(join(dir, file)).size / 1e6).toFixed(1)} MB`);
  }
}
