/**
 * embed: image embeddings for every available work whose image has none yet
 * for this model. Cached per image hash and model id, written one file per
 * image as soon as its batch is done, so a re-run (or a run after a kill)
 * only embeds what is missing. Decoding runs ahead of inference, so the model
 * rarely waits for sharp.
 */
import { readFileSync } from "node:fs";
import { ProgressLine } from "../progress";
import { PipelineError } from "../errors";
import { embedImages } from "../models/encoder";
import type { LoadedModel } from "../models/load-model";
import { preprocessImage } from "../models/preprocess";
import { workingSet, type Workspace } from "../workspace";

export async function embed(model: LoadedModel, ws: Workspace, options: { batchSize?: number; shard?: { index: number; count: number } } = {}): Promise<{ embedded: number; cached: number; failed: number }> {
  const modelId = model.manifest.id;
  const batchSize = options.batchSize ?? 32;
  const hashes = [...new Set(workingSet(ws.pullState()).map((a) => a.imageHash!))]
    .filter((hash) => !options.shard || shardOf(hash, options.shard.count) === options.shard.index);
  const todo = hashes.filter((hash) => !ws.has(ws.embeddingPath(modelId, hash)));
  const progress = new ProgressLine(`embed (${modelId})`);
  let embedded = 0;
  let failed = 0;

  const prepare = async (batch: string[]) =>
    Promise.all(
      batch.map(async (hash) => {
        try {
          return { hash, tensor: await preprocessImage(readFileSync(ws.imagePath(hash)), model.manifest.image, `image ${hash.slice(0, 12)}`) };
        } catch (error) {
          if (!(error instanceof PipelineError) && !(error instanceof Error)) throw error;
          console.warn(`skipping image ${hash.slice(0, 12)}: ${(error as Error).message}`);
          failed++;
          return null;
        }
      }),
    );

  let next = todo.length ? prepare(todo.slice(0, batchSize)) : null;
  for (let start = 0; start < todo.length; start += batchSize) {
    const ready = (await next!).filter((x): x is { hash: string; tensor: Float32Array } => x !== null);
    // Decode the next batch while this one runs through the model.
    next = start + batchSize < todo.length ? prepare(todo.slice(start + batchSize, start + 2 * batchSize)) : null;
    if (ready.length) {
      const vectors = await embedImages(model, ready.map((r) => r.tensor), { batchSize });
      ready.forEach((r, i) => ws.writeEmbedding(modelId, r.hash, vectors[i]!));
      embedded += ready.length;
    }
    progress.update(Math.min(start + batchSize, todo.length), todo.length);
  }
  progress.finish(`${embedded} embedded, ${hashes.length - todo.length} cached${failed ? `, ${failed} unreadable images skipped` : ""}`);
  return { embedded, cached: hashes.length - todo.length, failed };
}

/** Stable split of the work by image hash, for several machines: --shard i/n. */
export function shardOf(hash: string, count: number): number {
  return parseInt(hash.slice(0, 8), 16) % count;
}
