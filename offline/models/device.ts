/**
 * Which hardware runs the model: onnxruntime-node's CUDA provider where the
 * operator installed its GPU binaries, else the CPU. "auto" tries the GPU only
 * when the provider library is actually present, so CPU machines stay quiet.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ModelError } from "./errors";
import { loadModel, type LoadedModel } from "./load-model";

export type Device = "auto" | "cpu" | "cuda";

export function cudaProviderInstalled(): boolean {
  try {
    const root = dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json"));
    return existsSync(join(root, "bin", "napi-v6", process.platform, process.arch, "libonnxruntime_providers_cuda.so"));
  } catch {
    return false;
  }
}

/**
 * `threads` (the pipeline's --threads): onnxruntime intra-op threads; absent, onnxruntime's
 * default, one per physical core. That default is kept on purpose: on the shared 2-core benchmark
 * machine (docs/benchmarks.md, embed sweep, batch 32) one thread embedded 8-30% faster with the
 * built-in model, whose images take longer to decode than to embed (one thread leaves a core to
 * sharp), but the CLIP ViT-B/32-shaped model was 26% faster with one thread in one (very busy)
 * run and 39-45% slower in two less loaded ones. On a busy machine, try --threads 1.
 */
export async function loadModelOn(dir: string, device: Device, threads?: number): Promise<{ model: LoadedModel; device: "cpu" | "cuda" }> {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new ModelError(`threads must be a whole number from 1, not ${threads}`);
  const cpu = { executionProviders: ["cpu"], ...(threads ? { intraOpNumThreads: threads } : {}) };
  if (device === "cpu" || (device === "auto" && !cudaProviderInstalled())) {
    return { model: await loadModel(dir, cpu), device: "cpu" };
  }
  try {
    return { model: await loadModel(dir, { ...cpu, executionProviders: ["cuda", "cpu"] }), device: "cuda" };
  } catch (error) {
    if (error instanceof ModelError && !/cuda|provider/i.test(error.message)) throw error;
    if (device === "auto") return { model: await loadModel(dir, cpu), device: "cpu" };
    const reason = ((error as Error).message.split("\n")[0] ?? "").slice(0, 160);
    throw new ModelError(`the CUDA execution provider is not available (${reason}): install onnxruntime-node's GPU binaries or use --device cpu`);
  }
}
