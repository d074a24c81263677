import ort from "onnxruntime-node";
import { ModelError } from "./errors";
import type { LoadedModel } from "./load-model";
import { attentionMask, tokenize } from "./tokenize";

export interface EmbedOptions {
  /** Rows per onnxruntime call; bounds memory (a CLIP image is 600 KB of floats). */
  batchSize?: number;
}

/** Scales each row to unit length in place; an all-zero row stays zero (it means "nothing"). */
export function l2NormalizeRows(data: Float32Array, dims: number): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let start = 0; start < data.length; start += dims) {
    const row = data.slice(start, start + dims);
    let sum = 0;
    for (const v of row) sum += v * v;
    const norm = Math.sqrt(sum);
    if (!Number.isFinite(norm)) throw new ModelError(`model produced a non-finite embedding`);
    if (norm > 0) for (let i = 0; i < row.length; i++) row[i]! /= norm;
    rows.push(row);
  }
  return rows;
}

function checkOutput(model: LoadedModel, role: string, tensor: ort.Tensor | undefined, rows: number): Float32Array {
  const dims = model.manifest.dimensions;
  if (!tensor || tensor.type !== "float32" || tensor.dims.length !== 2 || tensor.dims[0] !== rows || tensor.dims[1] !== dims) {
    throw new ModelError(`model ${model.manifest.id} ${role} encoder returned ${tensor ? `${tensor.type} [${tensor.dims.join(", ")}]` : "nothing"}, expected float32 [${rows}, ${dims}]`);
  }
  return tensor.data as Float32Array;
}

/** Embeds preprocessed images (each CHW float32 from preprocessImage) -> unit-length rows. */
export async function embedImages(model: LoadedModel, tensors: readonly Float32Array[], options: EmbedOptions = {}): Promise<Float32Array[]> {
  const { imageEncoder, image, dimensions } = model.manifest;
  const plane = 3 * image.size * image.size;
  const batchSize = options.batchSize ?? 32;
  const out: Float32Array[] = [];
  for (let start = 0; start < tensors.length; start += batchSize) {
    const batch = tensors.slice(start, start + batchSize);
    const input = new Float32Array(batch.length * plane);
    batch.forEach((t, i) => {
      if (t.length !== plane) throw new ModelError(`image tensor ${start + i} has ${t.length} values, model ${model.manifest.id} expects 3x${image.size}x${image.size}`);
      input.set(t, i * plane);
    });
    const result = await model.image.run({ [imageEncoder.input]: new ort.Tensor("float32", input, [batch.length, 3, image.size, image.size]) }, [imageEncoder.output]);
    out.push(...l2NormalizeRows(checkOutput(model, "image", result[imageEncoder.output], batch.length), dimensions));
  }
  return out;
}

/** Tokenizes and embeds texts -> unit-length rows in the same space as the images. */
export async function embedTexts(model: LoadedModel, texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
  const { textEncoder, tokenizer, dimensions } = model.manifest;
  const n = tokenizer.contextLength;
  const batchSize = options.batchSize ?? 256;
  const out: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const ids = tokenize(batch, n);
    const feeds: Record<string, ort.Tensor> = { [textEncoder.input]: new ort.Tensor("int64", ids, [batch.length, n]) };
    if (textEncoder.attentionMaskInput) feeds[textEncoder.attentionMaskInput] = new ort.Tensor("int64", attentionMask(ids, n), [batch.length, n]);
    const result = await model.text.run(feeds, [textEncoder.output]);
    out.push(...l2NormalizeRows(checkOutput(model, "text", result[textEncoder.output], batch.length), dimensions));
  }
  return out;
}
