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

export async function loadModelOn(dir: string, device: Device): Promise<{ model: LoadedModel; device: "cpu" | "cuda" }> {
  if (device === "cpu" || (device === "auto" && !cudaProviderInstalled())) {
    return { model: await loadModel(dir, { executionProviders: ["cpu"] }), device: "cpu" };
  }
  try {
    return { model: await loadModel(dir, { executionProviders: ["cuda", "cpu"] }), device: "cuda" };
  } catch (error) {
    if (error instanceof ModelError && !/cuda|provider/i.test(error.message)) throw error;
    if (device === "auto") return { model: await loadModel(dir, { executionProviders: ["cpu"] }), device: "cpu" };
    const reason = ((error as Error).message.split("\n")[0] ?? "").slice(0, 160);
    throw new ModelError(`the CUDA execution provider is not available (${reason}): install onnxruntime-node's GPU binaries or use --device cpu`);
  }
}
