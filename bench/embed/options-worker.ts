/**
 * Bare session.run of image encoders under several onnxruntime session options, round-robin in one
 * process so load from other work on the machine falls evenly on every setting, plus a MatMul probe
 * (the machine's practical ceiling) timed in the same rounds. Inputs are ready tensors of random
 * pixels: only session.run is timed.
 */
import { join } from "node:path";
import ort from "onnxruntime-node";
import { readManifest } from "../../offline/models/manifest.ts";
import { encodeModel, FLOAT, floatTensor, node, valueInfo } from "../../offline/models/onnx-graph.ts";
import { childArgs, sendResult } from "../lib/child.ts";

export interface OptionSet {
  name: string;
  options: ort.InferenceSession.SessionOptions;
  /** Feed batches of exactly `batch` rows only (a fixed-batch setting cannot take a short last batch). */
  fullBatchesOnly?: boolean;
}

export interface OptionsArgs {
  /** Each model with the option sets it runs under. */
  models: Array<{ key: string; dir: string; sets: OptionSet[] }>;
  images: number;
  batch: number;
  reps: number;
  /** MatMul probe shape [m, k] x [k, n]. */
  probe: { m: number; k: number; n: number };
}

export interface OptionsResult {
  /** Seconds per repetition for `images` images, per model key and option set name. */
  seconds: Record<string, Record<string, number[]>>;
  /** Per round: seconds spent in probe MatMuls and how many ran (probes are interleaved with the model runs). */
  probe: Array<{ seconds: number; calls: number }>;
}

const args = childArgs<OptionsArgs>();

function randomPixels(n: number): Float32Array {
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = (s / 4294967296) * 4 - 2;
  }
  return data;
}

interface Runner {
  key: string;
  set: OptionSet;
  session: ort.InferenceSession;
  input: string;
  output: string;
  batches: ort.Tensor[];
}

const runners: Runner[] = [];
for (const model of args.models) {
  const manifest = await readManifest(model.dir);
  const size = manifest.image.size;
  const plane = 3 * size * size;
  for (const set of model.sets) {
    const session = await ort.InferenceSession.create(join(model.dir, manifest.imageEncoder.file), set.options);
    const batches: ort.Tensor[] = [];
    for (let start = 0; start < args.images; start += args.batch) {
      const rows = Math.min(args.batch, args.images - start);
      if (set.fullBatchesOnly && rows < args.batch) break;
      batches.push(new ort.Tensor("float32", randomPixels(rows * plane), [rows, 3, size, size]));
    }
    const runner = { key: model.key, set, session, input: manifest.imageEncoder.input, output: manifest.imageEncoder.output, batches };
    await runner.session.run({ [runner.input]: batches[0]! }, [runner.output]); // warm-up: first-run costs stay out of the timing
    runners.push(runner);
  }
}

const { m, k, n } = args.probe;
const probeModel = encodeModel({
  name: "matmul-probe",
  inputs: [valueInfo("a", FLOAT, [m, k])],
  outputs: [valueInfo("c", FLOAT, [m, n])],
  initializers: [floatTensor("b", [k, n], randomPixels(k * n))],
  nodes: [node("MatMul", ["a", "b"], ["c"])],
});
// The probe runs at onnxruntime's defaults (spinning threads, one per core): its best case.
const probe = await ort.InferenceSession.create(probeModel, { executionProviders: ["cpu"] });
const probeInput = new ort.Tensor("float32", randomPixels(m * k), [m, k]);
await probe.run({ a: probeInput });

const seconds: OptionsResult["seconds"] = {};
const probeRounds: OptionsResult["probe"] = [];
for (let rep = 0; rep < args.reps; rep++) {
  const round = { seconds: 0, calls: 0 };
  for (const r of runners) {
    // Probe calls between every model run, so the ceiling sees the same load as the models:
    // one short call alone would be at the mercy of the scheduler on a busy machine.
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await probe.run({ a: probeInput });
      round.seconds += (performance.now() - started) / 1000;
      round.calls++;
    }
    const started = performance.now();
    for (const tensor of r.batches) await r.session.run({ [r.input]: tensor }, [r.output]);
    // Per `images` images, so a fixed-batch setting that dropped the short last batch compares fairly.
    const imagesRun = r.batches.reduce((sum, t) => sum + t.dims[0]!, 0);
    const s = ((performance.now() - started) / 1000) * (args.images / imagesRun);
    ((seconds[r.key] ??= {})[r.set.name] ??= []).push(s);
    console.log(`round ${rep + 1}/${args.reps}: ${r.key} ${r.set.name}: ${(args.images / s).toFixed(1)} img/s`);
  }
  probeRounds.push(round);
  console.log(`round ${rep + 1}/${args.reps}: MatMul probe ${((2 * m * k * n * round.calls) / round.seconds / 1e9).toFixed(0)} GFLOP/s`);
}
for (const r of runners) await r.session.release();
await probe.release();
sendResult({ seconds, probe: probeRounds } satisfies OptionsResult);
