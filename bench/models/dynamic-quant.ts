/**
 * Dynamic int8 quantization of an ONNX graph's weights, written as onnxruntime's own
 * `quantize_dynamic` writes it (the form of the public CLIP export's *_quantized.onnx files):
 *   MatMul x @ W  ->  DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zp, W_zp) -> Cast -> * (x_scale * W_scale)
 *   Conv          ->  the same with ConvInteger
 *   Gather table  ->  Gather on the quantized table, then DequantizeLinear
 * Weights are quantized per output channel (a scale and zero point per column), activations per
 * tensor at run time. onnxruntime fuses the MatMul form into its DynamicQuantizeMatMul kernel.
 */
import type { onnx as Onnx } from "onnx-proto";
import { FLOAT, node } from "../../offline/models/onnx-graph.ts";

const UINT8 = 2;
const INT8 = 3;

export interface QuantForm {
  /** u8: asymmetric uint8 weights; s8: symmetric int8 weights (zero point 0). */
  weights: "u8" | "s8";
  /** 7-bit weights, as quantize_dynamic's reduce_range (avoids int16 overflow on pre-VNNI CPUs). */
  reduceRange: boolean;
}

export interface QuantizedWeights {
  values: Uint8Array;
  scale: Float32Array;
  zeroPoint: Uint8Array;
}

/**
 * Quantizes `data`, seen as `channels` groups: a group is every `stride`-th value starting at its
 * channel (columns of a row-major [in, out] MatMul weight: stride = out) or a contiguous run
 * (rows of a Conv weight [out, ...]: stride = 1, run length = size / channels).
 */
export function quantizeChannels(data: Float32Array, channels: number, layout: "columns" | "rows", form: QuantForm): QuantizedWeights {
  const per = data.length / channels;
  const index = layout === "columns" ? (c: number, i: number) => i * channels + c : (c: number, i: number) => c * per + i;
  const values = new Uint8Array(data.length);
  const scale = new Float32Array(channels);
  const zeroPoint = new Uint8Array(channels);
  const bits = form.reduceRange ? 7 : 8;
  for (let c = 0; c < channels; c++) {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < per; i++) {
      const v = data[index(c, i)]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (form.weights === "u8") {
      const qmax = 2 ** bits - 1;
      const s = hi > lo ? (hi - lo) / qmax : 1;
      const zp = Math.round(-lo / s);
      scale[c] = s;
      zeroPoint[c] = zp;
      for (let i = 0; i < per; i++) values[index(c, i)] = Math.max(0, Math.min(qmax, Math.round(data[index(c, i)]! / s) + zp));
    } else {
      const qmax = 2 ** (bits - 1) - 1;
      const s = Math.max(-lo, hi) / qmax || 1;
      scale[c] = s;
      zeroPoint[c] = 0;
      // Two's complement in a byte: the int8 tensor's raw data.
      for (let i = 0; i < per; i++) values[index(c, i)] = Math.max(-qmax, Math.min(qmax, Math.round(data[index(c, i)]! / s))) & 0xff;
    }
  }
  return { values, scale, zeroPoint };
}

/** Dequantized copy (what the int8 graph multiplies by, in float): for accuracy checks. */
export function dequantizeChannels(q: QuantizedWeights, layout: "columns" | "rows", form: QuantForm): Float32Array {
  const channels = q.scale.length;
  const per = q.values.length / channels;
  const out = new Float32Array(q.values.length);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < per; i++) {
      const at = layout === "columns" ? i * channels + c : c * per + i;
      const raw = q.values[at]!;
      const v = form.weights === "u8" ? raw - q.zeroPoint[c]! : (raw << 24) >> 24;
      out[at] = v * q.scale[c]!;
    }
  }
  return out;
}

const byteTensor = (name: string, dims: number[], form: QuantForm, bytes: Uint8Array): Onnx.ITensorProto => ({
  name,
  dims,
  dataType: form.weights === "u8" ? UINT8 : INT8,
  rawData: bytes,
});

const floatBytes = (data: Float32Array) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export interface GraphSink {
  nodes: Onnx.INodeProto[];
  inits: Onnx.ITensorProto[];
}

/** Activations quantized at run time (uint8, per tensor): shared by MatMul and Conv. */
function quantizeInput(g: GraphSink, x: string, prefix: string): [string, string, string] {
  g.nodes.push(node("DynamicQuantizeLinear", [x], [`${prefix}.x_q`, `${prefix}.x_scale`, `${prefix}.x_zp`]));
  return [`${prefix}.x_q`, `${prefix}.x_scale`, `${prefix}.x_zp`];
}

/** int32 accumulator -> float, times x_scale * W_scale (per output channel, broadcast on the last axis or given shape). */
function rescale(g: GraphSink, acc: string, xScale: string, scale: Float32Array, scaleDims: number[], prefix: string, out: string): string {
  g.inits.push({ name: `${prefix}.w_scale`, dims: scaleDims, dataType: FLOAT, rawData: floatBytes(scale) });
  g.nodes.push(node("Cast", [acc], [`${prefix}.acc_f`], { to: FLOAT }));
  g.nodes.push(node("Mul", [xScale, `${prefix}.w_scale`], [`${prefix}.scale`]));
  g.nodes.push(node("Mul", [`${prefix}.acc_f`, `${prefix}.scale`], [out]));
  return out;
}

/** x @ W with W [inDim, outDim] row-major, quantized per column. */
export function quantizedMatMul(g: GraphSink, x: string, w: Float32Array, inDim: number, outDim: number, prefix: string, form: QuantForm, out: string): string {
  const q = quantizeChannels(w, outDim, "columns", form);
  g.inits.push(byteTensor(`${prefix}.weight_q`, [inDim, outDim], form, q.values), byteTensor(`${prefix}.weight_zp`, [outDim], form, q.zeroPoint));
  const [xq, xs, xzp] = quantizeInput(g, x, prefix);
  g.nodes.push(node("MatMulInteger", [xq, `${prefix}.weight_q`, xzp, `${prefix}.weight_zp`], [`${prefix}.acc`]));
  return rescale(g, `${prefix}.acc`, xs, q.scale, [outDim], prefix, out);
}

/**
 * Conv without bias, W [out, in, kh, kw], quantized per tensor: onnxruntime's ConvInteger takes
 * only a scalar weight zero point, and quantize_dynamic quantizes Conv weights per tensor.
 */
export function quantizedConv(g: GraphSink, x: string, w: Float32Array, dims: [number, number, number, number], attrs: Record<string, number[]>, prefix: string, form: QuantForm, out: string): string {
  const q = quantizeChannels(w, 1, "rows", form);
  g.inits.push(byteTensor(`${prefix}.weight_q`, dims, form, q.values), byteTensor(`${prefix}.weight_zp`, [], form, q.zeroPoint));
  const [xq, xs, xzp] = quantizeInput(g, x, prefix);
  g.nodes.push(node("ConvInteger", [xq, `${prefix}.weight_q`, xzp, `${prefix}.weight_zp`], [`${prefix}.acc`], attrs));
  return rescale(g, `${prefix}.acc`, xs, q.scale, [], prefix, out);
}

/** Gather rows of a table [rows, width] quantized per tensor, then DequantizeLinear back to float. */
export function quantizedGather(g: GraphSink, table: Float32Array, dims: [number, number], indices: string, prefix: string, form: QuantForm, out: string): string {
  const q = quantizeChannels(table, 1, "rows", form);
  g.inits.push(byteTensor(`${prefix}.weight_q`, dims, form, q.values), byteTensor(`${prefix}.weight_zp`, [], form, q.zeroPoint));
  g.inits.push({ name: `${prefix}.w_scale`, dims: [], dataType: FLOAT, rawData: floatBytes(q.scale) });
  g.nodes.push(node("Gather", [`${prefix}.weight_q`, indices], [`${prefix}.rows_q`], { axis: 0 }));
  g.nodes.push(node("DequantizeLinear", [`${prefix}.rows_q`, `${prefix}.w_scale`, `${prefix}.weight_zp`], [out]));
  return out;
}
