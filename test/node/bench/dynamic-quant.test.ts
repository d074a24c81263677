/** The benchmark's int8 counterpart must compute what the fp32 graph computes, up to rounding. */
import { readFileSync } from "node:fs";
import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { dequantizeChannels, quantizeChannels, quantizedMatMul, type GraphSink, type QuantForm } from "../../../bench/models/dynamic-quant";
import { encodeModel, FLOAT, valueInfo } from "../../../offline/models/onnx-graph";

const FORMS: QuantForm[] = [{ weights: "u8", reduceRange: true }, { weights: "u8", reduceRange: false }, { weights: "s8", reduceRange: false }];

/**
 * u8 activations times full-range s8 weights overflow the 16-bit pair sums of x86's AVX2 kernel
 * (255 x 127 x 2 > 32,767); CPUs with VNNI sum in 32 bits. On AVX2-only hosts that form is
 * measurably off (0.96 against the 0.3 below on an AVX2 EPYC), which is why reduced range exists.
 */
const SUMS_IN_32_BITS = (() => {
  try {
    return /\b(avx512_vnni|avx_vnni)\b/.test(readFileSync("/proc/cpuinfo", "utf8")) || process.arch === "arm64";
  } catch {
    return process.arch === "arm64";
  }
})();
const EXACT_FORMS = FORMS.filter((f) => f.weights === "u8" || f.reduceRange || SUMS_IN_32_BITS);

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1);
}

describe("dynamic int8 quantization (bench models)", () => {
  it.each(FORMS)("round-trips weights within half a step per channel (%o)", (form) => {
    const w = seeded(64 * 8, 7).map((v, i) => v * (1 + (i % 8))); // columns of different ranges
    const q = quantizeChannels(w, 8, "columns", form);
    const back = dequantizeChannels(q, "columns", form);
    for (let i = 0; i < w.length; i++) expect(Math.abs(back[i]! - w[i]!)).toBeLessThanOrEqual(q.scale[i % 8]! / 2 + 1e-6);
  });

  it.each(EXACT_FORMS)("DynamicQuantizeLinear + MatMulInteger agrees with the float MatMul (%o)", async (form) => {
    const [rows, inDim, outDim] = [4, 64, 16];
    const w = seeded(inDim * outDim, 3);
    const x = seeded(rows * inDim, 5);
    const g: GraphSink = { nodes: [], inits: [] };
    quantizedMatMul(g, "x", w, inDim, outDim, "fc", form, "y");
    const model = encodeModel({ name: "q", inputs: [valueInfo("x", FLOAT, [rows, inDim])], outputs: [valueInfo("y", FLOAT, [rows, outDim])], initializers: g.inits, nodes: g.nodes });
    const session = await ort.InferenceSession.create(model);
    const y = (await session.run({ x: new ort.Tensor("float32", x, [rows, inDim]) })).y!.data as Float32Array;
    await session.release();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < outDim; c++) {
        let exact = 0;
        for (let k = 0; k < inDim; k++) exact += x[r * inDim + k]! * w[k * outDim + c]!;
        // 64 products of values in [-1, 1], each off by at most a weight step and an activation step.
        expect(Math.abs(y[r * outDim + c]! - exact)).toBeLessThan(form.reduceRange ? 0.6 : 0.3);
      }
    }
  });
});
