/**
 * Embedding measurements in a process of their own (so peak RSS is per measurement).
 *   pipeline: what `npm run offline -- embed` does — load the model as the CLI does
 *             (loadModelOn(dir, "auto")), then embed(model, workspace, { batchSize }): read each
 *             image file, decode and preprocess with sharp, run the image encoder, write one
 *             .f32 file per image. Each repetition starts with no embeddings on disk.
 *   bare:     the same image encoder alone: one InferenceSession with the pipeline's session
 *             options (sessionOptions()), batches prepared beforehand as ready tensors, and only
 *             session.run timed.
 *   decode:   the pipeline's read + decode + preprocess alone, no model: batches of `batch` images
 *             prepared concurrently, as embed() prepares them.
 *   sweep:    the pipeline at several batch sizes and intra-op thread counts, one model opened per
 *             thread setting, every setting once per round, so load from other work on the
 *             machine falls evenly on all of them. Thread setting null = the CLI's (onnxruntime's
 *             default: one thread per physical core).
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { embed } from "../../offline/commands/embed.ts";
import { loadModelOn } from "../../offline/models/device.ts";
import type { LoadedModel } from "../../offline/models/load-model.ts";
import { readManifest } from "../../offline/models/manifest.ts";
import { preprocessImage } from "../../offline/models/preprocess.ts";
import { sessionOptions } from "../../offline/models/session-options.ts";
import { Workspace, workingSet } from "../../offline/workspace.ts";
import { childArgs, sendResult } from "../lib/child.ts";

interface CommonArgs {
  modelDir: string;
  workDir: string;
  reps: number;
}

export type EmbedArgs =
  | (CommonArgs & { mode: "pipeline"; batch: number; threads: number | null })
  | (CommonArgs & { mode: "bare"; batch: number; threads: number | null })
  | (CommonArgs & { mode: "decode"; batch: number })
  | (CommonArgs & { mode: "sweep"; batches: number[]; threads: Array<number | null> });

export interface EmbedResult {
  images: number;
  /** pipeline/bare: seconds per repetition. */
  seconds: number[];
  /** bare only: seconds to read, decode and preprocess every image once, one after another. */
  prepSeconds?: number;
  /** sweep only: seconds per repetition for each setting. */
  sweep?: Array<{ batch: number; threads: number | null; seconds: number[] }>;
}

const args = childArgs<EmbedArgs>();
const ws = new Workspace(args.workDir);
const manifest = await readManifest(args.modelDir);
const size = manifest.image.size;
const hashes = [...new Set(workingSet(ws.pullState()).map((a) => a.imageHash!))];

/** One timed `offline embed` over the whole work folder, from no embeddings on disk. */
async function pipelineOnce(model: LoadedModel, batch: number): Promise<number> {
  rmSync(join(args.workDir, "embeddings", manifest.id), { recursive: true, force: true });
  const started = performance.now();
  const done = await embed(model, ws, { batchSize: batch });
  const seconds = (performance.now() - started) / 1000;
  if (done.embedded !== hashes.length) throw new Error(`embedded ${done.embedded} of ${hashes.length} images (${done.failed} failed)`);
  return seconds;
}

/** One untimed run at the measured batch size, so no side pays first-run costs in its timing. */
async function warmUp(session: ort.InferenceSession, batch: number): Promise<void> {
  const n = Math.min(batch, hashes.length);
  await session.run({ [manifest.imageEncoder.input]: new ort.Tensor("float32", new Float32Array(n * 3 * size * size), [n, 3, size, size]) });
}

/** As the CLI opens it (loadModelOn); null: onnxruntime's default thread count. */
async function open(threads: number | null): Promise<LoadedModel> {
  return (await loadModelOn(args.modelDir, "auto", threads ?? undefined)).model;
}

if (args.mode === "pipeline") {
  const model = await open(args.threads);
  await warmUp(model.image, args.batch);
  const seconds: number[] = [];
  for (let rep = 0; rep < args.reps; rep++) seconds.push(await pipelineOnce(model, args.batch));
  await model.close();
  sendResult({ images: hashes.length, seconds } satisfies EmbedResult);
} else if (args.mode === "bare") {
  const session = await ort.InferenceSession.create(
    join(args.modelDir, manifest.imageEncoder.file),
    sessionOptions(args.threads !== null ? { intraOpNumThreads: args.threads } : {}),
  );
  // Ready tensors: every batch decoded, preprocessed and packed before the clock starts.
  const plane = 3 * size * size;
  const batches: ort.Tensor[] = [];
  const prepStarted = performance.now();
  for (let start = 0; start < hashes.length; start += args.batch) {
    const slice = hashes.slice(start, start + args.batch);
    const data = new Float32Array(slice.length * plane);
    for (const [i, hash] of slice.entries()) data.set(await preprocessImage(readFileSync(ws.imagePath(hash)), manifest.image), i * plane);
    batches.push(new ort.Tensor("float32", data, [slice.length, 3, size, size]));
  }
  const prepSeconds = (performance.now() - prepStarted) / 1000;
  await warmUp(session, args.batch);
  const seconds: number[] = [];
  for (let rep = 0; rep < args.reps; rep++) {
    const started = performance.now();
    for (const tensor of batches) await session.run({ [manifest.imageEncoder.input]: tensor }, [manifest.imageEncoder.output]);
    seconds.push((performance.now() - started) / 1000);
  }
  await session.release();
  sendResult({ images: hashes.length, seconds, prepSeconds } satisfies EmbedResult);
} else if (args.mode === "decode") {
  const seconds: number[] = [];
  for (let rep = 0; rep < args.reps; rep++) {
    const started = performance.now();
    for (let start = 0; start < hashes.length; start += args.batch) {
      await Promise.all(hashes.slice(start, start + args.batch).map(async (hash) => preprocessImage(readFileSync(ws.imagePath(hash)), manifest.image)));
    }
    seconds.push((performance.now() - started) / 1000);
  }
  sendResult({ images: hashes.length, seconds } satisfies EmbedResult);
} else {
  const models = new Map<number | null, LoadedModel>();
  for (const threads of args.threads) models.set(threads, await open(threads));
  const sweep = args.threads.flatMap((threads) => args.batches.map((batch) => ({ batch, threads, seconds: [] as number[] })));
  for (const s of sweep) await warmUp(models.get(s.threads)!.image, s.batch);
  for (let rep = 0; rep < args.reps; rep++) {
    for (const s of sweep) {
      s.seconds.push(await pipelineOnce(models.get(s.threads)!, s.batch));
      console.log(`round ${rep + 1}/${args.reps}: batch ${s.batch}, ${s.threads === null ? "default" : s.threads} threads: ${(hashes.length / s.seconds[s.seconds.length - 1]!).toFixed(1)} img/s`);
    }
  }
  for (const model of models.values()) await model.close();
  sendResult({ images: hashes.length, seconds: [], sweep } satisfies EmbedResult);
}
