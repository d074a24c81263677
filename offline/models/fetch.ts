import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { downloadVerified, type DownloadProgress } from "./download";
import { ModelError } from "./errors";
import { loadModel } from "./load-model";
import { CLIP_IMAGE_PREPROCESSING, type ModelManifest } from "./manifest";
import { writeManifest } from "./model-folder";

export interface RemoteFile {
  url: string;
  /** Lower-case hex SHA-256 of the file; anything else makes the fetch refuse to run. */
  sha256: string;
}

export interface RemoteModel {
  manifest: ModelManifest;
  image: RemoteFile;
  text: RemoteFile;
}

/**
 * Pinned downloads. CLIP ViT-B/32 as exported to ONNX by Xenova (transformers.js), fp32:
 * vision_model.onnx (~352 MB) and text_model.onnx (~254 MB). The checksums were taken
 * from other public projects that pin the same files (the vision one from two that agree);
 * they were not re-computed here, as the project's machines cannot reach Hugging Face.
 * A wrong pin fails safe: the download is refused as a checksum mismatch and not kept.
 */
export const REMOTE_MODELS: Readonly<Record<string, RemoteModel>> = {
  "clip-vit-b32": xenovaClipB32({
    id: "clip-vit-b32",
    description: "OpenAI CLIP ViT-B/32 (Xenova ONNX export, fp32): 512-d image and text embeddings in one space.",
    fileSuffix: "",
    imageSha256: "fd6e1402a588279d1723c7534d4bcba5bc0b14b47dfab0e46f8c47b8270d7d40",
    textSha256: "3f6571f5bad13a97c469c1622e1cfc4d9aef78b79fdbfcff804ca357bfada8cc",
  }),
  /*
   * The same export's int8 files (onnxruntime dynamic quantization of the MatMul, Conv and Gather
   * weights): vision_model_quantized.onnx (89,117,001 bytes) and text_model_quantized.onnx
   * (64,504,507 bytes). Both checksums are those pinned by several unrelated public projects that
   * agree with each other; like the fp32 ones, not re-computed here. Same preprocessing, same
   * tokenizer, same 512-d space as fp32 up to quantization error, but its own id (and vector
   * index): vectors of the two are never mixed. docs/decisions/0020-int8-clip.md.
   */
  "clip-vit-b32-int8": xenovaClipB32({
    id: "clip-vit-b32-int8",
    description: "OpenAI CLIP ViT-B/32 (Xenova ONNX export, int8 dynamic quantization): 512-d image and text embeddings in one space.",
    fileSuffix: "_quantized",
    imageSha256: "583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299",
    textSha256: "73baab855d406190da9faa498cfedf65f15cf309f4cc7385b7b032e6d08e5c3a",
  }),
};

/** One variant of the Xenova CLIP ViT-B/32 export: the files differ by suffix, the rest is CLIP's. */
function xenovaClipB32(variant: { id: string; description: string; fileSuffix: string; imageSha256: string; textSha256: string }): RemoteModel {
  const base = "https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx";
  const vision = `vision_model${variant.fileSuffix}.onnx`;
  const text = `text_model${variant.fileSuffix}.onnx`;
  return {
    manifest: {
      id: variant.id,
      description: variant.description,
      dimensions: 512,
      imageEncoder: { file: vision, input: "pixel_values", output: "image_embeds" },
      textEncoder: { file: text, input: "input_ids", output: "text_embeds" },
      image: CLIP_IMAGE_PREPROCESSING,
      tokenizer: { kind: "clip-bpe", contextLength: 77 },
    },
    image: { url: `${base}/${vision}`, sha256: variant.imageSha256 },
    text: { url: `${base}/${text}`, sha256: variant.textSha256 },
  };
}

export interface FetchOptions {
  onProgress?: (p: DownloadProgress) => void;
  fetchImpl?: typeof fetch;
  stallTimeoutMs?: number;
}

const isPinned = (f: RemoteFile) => /^[0-9a-f]{64}$/.test(f.sha256);

/** Downloads a known model into `<modelsDir>/<id>/`, verifies it and returns the folder. */
export async function fetchModel(id: string, modelsDir: string, options: FetchOptions = {}): Promise<string> {
  const remote = REMOTE_MODELS[id];
  if (!remote) throw new ModelError(`unknown model "${id}": known models are ${Object.keys(REMOTE_MODELS).join(", ")}`);
  return fetchRemoteModel(remote, modelsDir, options);
}

/** The same for any pinned description (tests point it at a local server). */
export async function fetchRemoteModel(remote: RemoteModel, modelsDir: string, options: FetchOptions = {}): Promise<string> {
  const { manifest } = remote;
  for (const f of [remote.image, remote.text]) {
    if (!isPinned(f)) throw new ModelError(`model ${manifest.id} has no pinned SHA-256 for ${f.url}, so it will not be downloaded unchecked: pin it in offline/models/fetch.ts or place the files by hand and set MODEL_DIR`);
  }
  const dir = join(modelsDir, manifest.id);
  await mkdir(dir, { recursive: true });
  for (const [file, f] of [[manifest.imageEncoder.file, remote.image], [manifest.textEncoder.file, remote.text]] as const) {
    await downloadVerified({ url: f.url, dest: join(dir, file), sha256: f.sha256, ...options });
  }
  const final = await withDetectedMask(manifest, join(dir, manifest.textEncoder.file));
  await writeManifest(dir, final);
  // Open it once: a fetched model that cannot run should fail now, not mid-pipeline.
  await (await loadModel(dir)).close();
  return dir;
}

// Some CLIP text exports also take attention_mask: record it so the encoder feeds it.
async function withDetectedMask(manifest: ModelManifest, textPath: string): Promise<ModelManifest> {
  const session = await ort.InferenceSession.create(textPath).catch((error: unknown) => {
    throw new ModelError(`model ${manifest.id}: downloaded text encoder does not load: ${String((error as Error).message).split("\n")[0]}`);
  });
  const hasMask = session.inputNames.includes("attention_mask");
  await session.release();
  return hasMask ? { ...manifest, textEncoder: { ...manifest.textEncoder, attentionMaskInput: "attention_mask" } } : manifest;
}
