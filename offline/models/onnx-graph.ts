import protoModule from "onnx-proto";
import type { onnx as Onnx } from "onnx-proto";

// onnx-proto is CommonJS: its namespace arrives as a property of the default export.
const onnx = protoModule.onnx;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * A few helpers to write small ONNX graphs from Node with onnx-proto. Output is
 * deterministic: same graph in, same bytes out (no timestamps, no random ids).
 */

export const OPSET = 17;
// IR version 8 is the newest onnx-proto knows; onnxruntime 1.30 loads it with opset 17.
export const IR_VERSION = 8;

type Dim = number | string;

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Onnx.ITensorProto {
  const data = Float32Array.from(values);
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`tensor ${name}: ${data.length} values for dims [${dims}]`);
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: littleEndianBytes(data) };
}

export function int64Tensor(name: string, dims: number[], values: readonly number[]): Onnx.ITensorProto {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return { name, dims, dataType: onnx.TensorProto.DataType.INT64, rawData: littleEndianBytes(data) };
}

function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  // ONNX raw_data is little-endian; write it explicitly rather than trust the host.
  const view = new DataView(new ArrayBuffer(data.length * data.BYTES_PER_ELEMENT));
  data.forEach((v: number | bigint, i: number) => {
    if (typeof v === "bigint") view.setBigInt64(i * 8, v, true);
    else view.setFloat32(i * 4, v, true);
  });
  return new Uint8Array(view.buffer);
}

export function valueInfo(name: string, elemType: Onnx.TensorProto.DataType, shape: Dim[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

type AttrValue = number | number[] | string;

function attribute(name: string, value: AttrValue, kind?: "float" | "int"): Onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === "string") return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: value };
  if (kind === "float") return { name, type: A.FLOAT, f: value };
  return { name, type: A.INT, i: value };
}

/** One node; attributes are ints unless listed in `floats`. */
export function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}, floats: string[] = []): Onnx.INodeProto {
  return {
    opType,
    input: inputs,
    output: outputs,
    name: `${opType}_${outputs[0]}`,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v, floats.includes(k) ? "float" : "int")),
  };
}

export interface GraphSpec {
  name: string;
  nodes: Onnx.INodeProto[];
  initializers: Onnx.ITensorProto[];
  inputs: Onnx.IValueInfoProto[];
  outputs: Onnx.IValueInfoProto[];
  docString?: string;
}

/** Serialises a graph as a standalone model file. */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const model: Onnx.IModelProto = {
    irVersion: IR_VERSION,
    producerName: "art-snob",
    producerVersion: "1",
    docString: spec.docString ?? "",
    opsetImport: [{ domain: "", version: OPSET }],
    graph: {
      name: spec.name,
      node: spec.nodes,
      initializer: spec.initializers,
      input: spec.inputs,
      output: spec.outputs,
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
