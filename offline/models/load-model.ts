import { stat } from "node:fs/promises";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { ModelError } from "./errors";
import { readManifest, type ModelManifest } from "./manifest";
import { sessionOptions, type SessionChoice } from "./session-options";
import { END_TOKEN, START_TOKEN } from "./tokenize";

export interface LoadedModel {
  readonly dir: string;
  readonly manifest: ModelManifest;
  readonly image: ort.InferenceSession;
  readonly text: ort.InferenceSession;
  close(): Promise<void>;
}

export type LoadOptions = SessionChoice;

async function openSession(manifest: ModelManifest, dir: string, file: string, role: string, options: LoadOptions): Promise<ort.InferenceSession> {
  const path = join(dir, file);
  try {
    await stat(path);
  } catch {
    throw new ModelError(`model ${manifest.id} is missing its ${role} encoder ${path}: re-fetch the model or fix "file" in its manifest`);
  }
  try {
    return await ort.InferenceSession.create(path, sessionOptions(options));
  } catch (error) {
    throw new ModelError(`model ${manifest.id}: onnxruntime cannot load ${role} encoder ${path}: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split("\n")[0]!;
}

function checkNames(manifest: ModelManifest, role: string, session: ort.InferenceSession, inputs: string[], output: string): void {
  for (const input of inputs) {
    if (!session.inputNames.includes(input)) {
      throw new ModelError(`model ${manifest.id} declares ${role} encoder input "${input}" but the ONNX file has inputs [${session.inputNames.join(", ")}]: fix the manifest`);
    }
  }
  if (!session.outputNames.includes(output)) {
    throw new ModelError(`model ${manifest.id} declares ${role} encoder output "${output}" but the ONNX file has outputs [${session.outputNames.join(", ")}]: fix the manifest`);
  }
}

// Runs one tiny input through an encoder: the only dimension check that also works
// for exports whose output shapes are symbolic.
async function probeDims(manifest: ModelManifest, role: string, session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, output: string): Promise<void> {
  let result: ort.InferenceSession.OnnxValueMapType;
  try {
    result = await session.run(feeds, [output]);
  } catch (error) {
    throw new ModelError(`model ${manifest.id}: its ${role} encoder rejects a CLIP-shaped input: ${firstLine(error)}`);
  }
  const tensor = result[output]!;
  const dims = tensor.dims;
  const width = dims.length === 2 ? dims[1] : undefined;
  if (tensor.type !== "float32" || dims[0] !== 1 || width !== manifest.dimensions) {
    const got = width ?? `shape [${dims.join(", ")}]`;
    throw new ModelError(`model ${manifest.id} declares ${manifest.dimensions} dims but its ${role} encoder outputs ${got} (${tensor.type}): fix "dimensions" in the manifest or use the matching ONNX file`);
  }
}

/**
 * Validates a model folder and opens its two encoders, checking input/output names and
 * output width against the manifest, so a wrong model fails here rather than mid-run.
 */
export async function loadModel(dir: string, options: LoadOptions = {}): Promise<LoadedModel> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new ModelError(`model folder ${dir} does not exist: fetch a model (npm run offline -- model fetch clip-vit-b32) or point MODEL_DIR at a model folder`);
  }
  const manifest = await readManifest(dir);
  const image = await openSession(manifest, dir, manifest.imageEncoder.file, "image", options);
  let text: ort.InferenceSession | undefined;
  try {
    text = await openSession(manifest, dir, manifest.textEncoder.file, "text", options);
    checkNames(manifest, "image", image, [manifest.imageEncoder.input], manifest.imageEncoder.output);
    const textInputs = [manifest.textEncoder.input, ...(manifest.textEncoder.attentionMaskInput ? [manifest.textEncoder.attentionMaskInput] : [])];
    checkNames(manifest, "text", text, textInputs, manifest.textEncoder.output);

    const size = manifest.image.size;
    await probeDims(manifest, "image", image, { [manifest.imageEncoder.input]: new ort.Tensor("float32", new Float32Array(3 * size * size), [1, 3, size, size]) }, manifest.imageEncoder.output);
    const n = manifest.tokenizer.contextLength;
    const ids = new BigInt64Array(n);
    ids[0] = BigInt(START_TOKEN);
    ids[1] = BigInt(END_TOKEN);
    const textFeeds: Record<string, ort.Tensor> = { [manifest.textEncoder.input]: new ort.Tensor("int64", ids, [1, n]) };
    if (manifest.textEncoder.attentionMaskInput) {
      textFeeds[manifest.textEncoder.attentionMaskInput] = new ort.Tensor("int64", BigInt64Array.from([1n, 1n, ...new Array<bigint>(n - 2).fill(0n)]), [1, n]);
    }
    await probeDims(manifest, "text", text, textFeeds, manifest.textEncoder.output);
  } catch (error) {
    await image.release();
    await text?.release();
    throw error;
  }
  const textSession = text;
  return {
    dir,
    manifest,
    image,
    text: textSession,
    async close() {
      await image.release();
      await textSession.release();
    },
  };
}
