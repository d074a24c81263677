/**
 * embed: `offline embed` end to end against the same run's baselines: bare session.run of the same
 * model for CLIP ViT-B/32 (random weights, fp32 and its int8 counterpart), decode + resize alone for
 * the built-in colour model (whose model costs less than decoding); bare fp32 against the machine's
 * MatMul ceiling and int8 against fp32, from a session-options sweep; fp32 vs int8 accuracy on the
 * demo shop's paintings.
 */
import { join } from "node:path";
import { prepareWorkspace, IMAGE_HEIGHT, IMAGE_WIDTH } from "../embed/images.ts";
import type { AccuracyArgs, AccuracyResult } from "../embed/accuracy-worker.ts";
import type { OptionSet, OptionsArgs, OptionsResult } from "../embed/options-worker.ts";
import type { EmbedArgs, EmbedResult } from "../embed/worker.ts";
import { projectRoot, runChild, type ChildOutcome } from "../lib/child.ts";
import { median, megabytes, rate, runs } from "../lib/stats.ts";
import type { BenchContext, Row } from "../lib/types.ts";
import { clipShapedInt8Id, ensureClipShapedModel } from "../models/clip-vit-b32-random.ts";
import type { QuantForm } from "../models/dynamic-quant.ts";
import { sessionOptions } from "../../offline/models/session-options.ts";

export const name = "embed";
export const title = "offline embed end to end vs bare session.run";
export const order = 10;
export const description =
  `Images: generated ${IMAGE_WIDTH}x${IMAGE_HEIGHT} textured PNGs (bench/embed/images.ts), all different, in a work folder laid out as ` +
  "`offline pull` leaves it. Pipeline: `embed()` from offline/commands/embed.ts with the model loaded as the CLI loads it " +
  "(`loadModelOn(dir, \"auto\")`, session options from offline/models/session-options.ts), from no embeddings on disk to one .f32 per image, batch 32. " +
  "Bare: an InferenceSession of the same image encoder with the same options running the same batches prepared beforehand. " +
  "Decode alone: the pipeline's read + decode + preprocess of the same images, batch by batch with the same concurrency, no model. " +
  "Each of these runs in a fresh process, alternating. CLIP int8: the random-weight fp32 model's own weights dynamically quantized " +
  "as onnxruntime's quantize_dynamic writes them (bench/models/dynamic-quant.ts). Session-options sweep: bare runs of fp32 and int8 under " +
  "each option set, round-robin in one process, with a MatMul probe (1600x768 by 768x3072, the MLP's shape at batch 32) run between the model runs: " +
  "the ceiling is the probe's GFLOP/s over the model's 2 x 4.41 G multiply-adds an image.";

const BATCH = 32;
const PIPELINE_TARGET = { op: ">=" as const, value: 0.85, text: ">= 0.85 of bare" };

/** The forms measured; ADOPTED is the one believed to match the public export (see the int8 row's note). */
const INT8_FORMS: QuantForm[] = [
  { weights: "u8", reduceRange: true },
  { weights: "u8", reduceRange: false },
  { weights: "s8", reduceRange: false },
];
const ADOPTED = INT8_FORMS[0]!;

/** CLIP ViT-B/32 image tower multiply-adds per image (patch conv, 12 layers of 50 tokens, projection). */
export function clipVisionMacs(): number {
  const tokens = 50;
  const width = 768;
  const conv = 49 * width * 3 * 32 * 32;
  const layer = 4 * tokens * width * width + 2 * tokens * width * 3072 + 2 * tokens * tokens * width;
  return conv + 12 * layer + width * 512;
}

type Measured = EmbedResult & ChildOutcome;

/** The option sets of the sweep: onnxruntime's defaults, each lever alone, and the project's choice. */
function optionSets(): OptionSet[] {
  const cpu = { executionProviders: ["cpu"] };
  return [
    { name: "project", options: sessionOptions() },
    { name: "onnxruntime defaults", options: cpu },
    { name: "graph optimisation basic", options: { ...sessionOptions(), graphOptimizationLevel: "basic" } },
    { name: "graph optimisation extended", options: { ...sessionOptions(), graphOptimizationLevel: "extended" } },
    { name: "1 intra-op thread", options: sessionOptions({ intraOpNumThreads: 1 }) },
    { name: "threads spin (allow_spinning 1)", options: { ...sessionOptions(), extra: { session: { intra_op: { allow_spinning: "1" } } } } },
    { name: "no CPU memory arena", options: { ...sessionOptions(), enableCpuMemArena: false } },
    { name: "parallel executor, 2 inter-op threads", options: { ...sessionOptions(), executionMode: "parallel", interOpNumThreads: 2 } },
    { name: `fixed batch ${BATCH} (freeDimensionOverrides)`, options: { ...sessionOptions(), freeDimensionOverrides: { batch: BATCH } }, fullBatchesOnly: true },
  ];
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const fp32Dir = await ensureClipShapedModel(ctx.step);
  const int8Dirs = new Map<QuantForm, string>();
  for (const form of INT8_FORMS) int8Dirs.set(form, await ensureClipShapedModel(ctx.step, form));
  const adoptedDir = int8Dirs.get(ADOPTED)!;
  const rows: Row[] = [];
  const child = <T>(script: string, args: unknown) =>
    runChild<T>(script, args, { onLine: (line) => (/^embed \(.*\) \d+ embedded/.test(line) ? undefined : ctx.step(`  ${line}`)) });
  const embedChild = (args: EmbedArgs) => child<EmbedResult>("bench/embed/worker.ts", args);

  // 1. Session options, ceiling, int8 vs fp32: bare runs only, round-robin in one process.
  const sweepImages = ctx.quick ? BATCH : 2 * BATCH;
  const sets = optionSets();
  const probe = { m: 1600, k: 768, n: 3072 };
  // Every option set on fp32 and the adopted int8 form; the other int8 forms at the project's options.
  const models = [
    { key: "fp32", dir: fp32Dir, sets },
    ...INT8_FORMS.map((form) => ({ key: clipShapedInt8Id(form), dir: int8Dirs.get(form)!, sets: form === ADOPTED ? sets : sets.slice(0, 1) })),
  ];
  ctx.step(`session-options sweep: ${sets.length} option sets on fp32 and ${clipShapedInt8Id(ADOPTED)}, ${sweepImages} images a run`);
  const swept = await child<OptionsResult>("bench/embed/options-worker.ts", {
    models,
    images: sweepImages,
    batch: BATCH,
    reps: ctx.quick ? 2 : 3,
    probe,
  } satisfies OptionsArgs);
  const rateOf = (key: string, set: string) => sweepImages / median(swept.seconds[key]![set]!);
  const probeCalls = swept.probe.reduce((n, r) => n + r.calls, 0);
  const gflops = (2 * probe.m * probe.k * probe.n * probeCalls) / swept.probe.reduce((s, r) => s + r.seconds, 0) / 1e9;
  const modelGflop = (2 * clipVisionMacs()) / 1e9;
  const ceiling = gflops / modelGflop;
  const fp32Bare = rateOf("fp32", "project");
  rows.push({
    id: "clip.fp32.ceiling",
    label: "CLIP ViT-B/32 fp32 (random weights): bare session.run vs the MatMul ceiling",
    measured: `${rate(fp32Bare, "img")} (batch ${BATCH}, project session options, ${runs(swept.probe.length)} rounds)`,
    baseline: `${rate(ceiling, "img")} ceiling: MatMul probe ${gflops.toFixed(0)} GFLOP/s over ${modelGflop.toFixed(2)} GFLOP an image (${probeCalls} probe calls between the model runs)`,
    ratio: fp32Bare / ceiling,
    target: { op: ">=", value: 0.5, text: ">= 0.5 of ceiling" },
    note:
      `The model is ${(clipVisionMacs() / 1e9).toFixed(2)} G multiply-adds an image, ${modelGflop.toFixed(2)} GFLOP counted as the probe counts (2 per multiply-add); ` +
      "the issue's ceiling of about 45 img/s divided a GFLOP/s figure by the multiply-add count, which doubles it (the toolchain's idle 185-238 GFLOP/s give 21-27 img/s). " +
      (fp32Bare / ceiling > 1
        ? "Above 1 here: the probe's short MatMul calls lose more to the machine's load than the model's long runs do, so on this load the probe understates the ceiling."
        : "Time outside MatMul (LayerNorm, Softmax, GELU, transposes) is what keeps bare below the ceiling."),
  });
  const int8Bare = rateOf(clipShapedInt8Id(ADOPTED), "project");
  const int8Row: Row = {
    id: "clip.int8.vs-fp32",
    label: `CLIP ViT-B/32 int8 (${clipShapedInt8Id(ADOPTED)}): bare session.run vs fp32`,
    measured: `${rate(int8Bare, "img")} (batch ${BATCH}, project session options, ${runs(swept.seconds[clipShapedInt8Id(ADOPTED)]!.project!.length)})`,
    baseline: `${rate(fp32Bare, "img")} fp32 bare, same rounds`,
    ratio: int8Bare / fp32Bare,
    target: { op: ">=", value: 2, text: ">= 2x fp32" },
    note:
      "uint8 weights per channel, 7-bit (reduce_range), as transformers.js's converter is believed to have written the public *_quantized.onnx (not verifiable here: no hub access); " +
      "onnxruntime fuses DynamicQuantizeLinear + MatMulInteger into DynamicQuantizeMatMul at optimisation level extended and above. The other forms are in the details.",
  };
  rows.push(int8Row);
  // The noise gauge: two identical option sets (onnxruntime's defaults, and the project's with spinning on).
  const gauge = (key: string) => {
    const a = rateOf(key, "onnxruntime defaults");
    const b = rateOf(key, sets.find((x) => x.name.startsWith("threads spin"))!.name);
    return Math.max(a, b) / Math.min(a, b);
  };
  const noise = Math.max(gauge("fp32"), gauge(clipShapedInt8Id(ADOPTED)));
  for (const model of models) {
    const base = rateOf(model.key, "project");
    for (const set of model.sets.slice(1)) {
      rows.push({
        id: `options.${model.key}.${set.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`,
        detail: true,
        label: `${model.key}: bare, ${set.name}`,
        measured: `${rate(rateOf(model.key, set.name), "img")} (${runs(swept.seconds[model.key]![set.name]!.length)})`,
        baseline: `${rate(base, "img")} project options, same rounds`,
        ratio: rateOf(model.key, set.name) / base,
        ...(set.fullBatchesOnly
          ? { note: "full batches only: a fixed batch dimension cannot take the pipeline's short last batch" }
          : set.name === "onnxruntime defaults" || set.name.startsWith("threads spin")
            ? { note: "onnxruntime's defaults and 'threads spin' are the same settings (all optimisations, sequential, arena, spinning threads): the gap between these two rows is this run's noise" }
            : {}),
      });
    }
  }
  for (const form of INT8_FORMS.filter((f) => f !== ADOPTED)) {
    const key = clipShapedInt8Id(form);
    rows.push({
      id: `int8.form.${key}`,
      detail: true,
      label: `${key}: bare vs fp32`,
      measured: rate(rateOf(key, "project"), "img"),
      baseline: `${rate(fp32Bare, "img")} fp32 bare, same rounds`,
      ratio: rateOf(key, "project") / fp32Bare,
    });
  }

  // 2. Accuracy: fp32 vs int8 on the demo shop's paintings.
  const accuracyImages = ctx.quick ? 96 : 200;
  ctx.step(`accuracy: fp32 vs int8 embeddings of ${accuracyImages} demo shop paintings`);
  const accuracy = await child<AccuracyResult>("bench/embed/accuracy-worker.ts", {
    fp32Dir,
    int8: INT8_FORMS.map((form) => ({ key: clipShapedInt8Id(form), dir: int8Dirs.get(form)! })),
    images: accuracyImages,
    k: 24,
  } satisfies AccuracyArgs);
  for (const s of accuracy.stats) {
    const adopted = s.key === clipShapedInt8Id(ADOPTED);
    rows.push({
      id: `accuracy.${s.key}`,
      ...(adopted ? {} : { detail: true }),
      label: `${s.key} vs fp32, ${accuracy.images} demo shop paintings: top-24 neighbour overlap`,
      measured: `${(s.overlap * 100).toFixed(1)}% of fp32's top-24 kept (worst image ${(s.minOverlap * 100).toFixed(0)}%); cosine fp32 vs int8 mean ${s.meanCosine.toFixed(4)}, min ${s.minCosine.toFixed(4)}`,
      baseline: `${(s.noiseOverlap * 100).toFixed(1)}% kept by fp32 plus random noise of the same size`,
      ratio: s.overlap,
      note: adopted
        ? `What this shows: how far int8 rounding of these weights moves embeddings and neighbour lists through CLIP's exact graph. With random weights the ${accuracy.images} paintings' ` +
          `embeddings sit close together (mean cosine between different paintings ${accuracy.meanPairCosine.toFixed(3)}; the 24th and 25th neighbours differ by ${accuracy.meanRankGap.toFixed(4)} in cosine on average), ` +
          "so small errors swap ranks easily: the overlap is a pessimistic figure for this error size. What it does not show: the real CLIP's accuracy. Trained weights have outliers " +
          "that per-channel 7-bit rounding handles worse than seeded uniform weights, and real embeddings spread differently; only the real int8 and fp32 files, on real images, can say. Check that before switching a collection."
        : undefined,
    });
  }

  // 3. Pipelines against their same-run baselines, each measured in fresh processes, alternating.
  const bareRates = new Map<string, number>();
  const cases = [
    { key: "builtin", label: "builtin-colour-v1", dir: join(projectRoot, "models", "builtin-colour-v1"), images: ctx.quick ? 128 : 256, reps: 3, baseline: "decode" as const },
    { key: "clip", label: "CLIP ViT-B/32 fp32 (random weights)", dir: fp32Dir, images: ctx.quick ? 32 : 64, reps: ctx.quick ? 2 : 3, baseline: "bare" as const },
    { key: "clip-int8", label: `CLIP ViT-B/32 int8 (${clipShapedInt8Id(ADOPTED)})`, dir: adoptedDir, images: ctx.quick ? 32 : 64, reps: ctx.quick ? 2 : 3, baseline: "bare" as const },
  ];
  for (const c of cases) {
    const { ws, bytes } = await prepareWorkspace(join(ctx.tmpDir, c.key), c.images, ctx.step);
    ctx.step(`${c.label}: ${c.images} images (${(bytes / c.images / 1024).toFixed(0)} KiB each) ready`);
    const common = { modelDir: c.dir, workDir: ws.root, batch: BATCH, reps: 1 };
    const pipeline: Measured[] = [];
    const bare: Measured[] = [];
    const decode: Measured[] = [];
    for (let rep = 0; rep < c.reps; rep++) {
      ctx.step(`${c.label}: pipeline vs ${c.baseline === "bare" ? "bare" : "decode alone and bare"} (${rep + 1}/${c.reps})`);
      pipeline.push(await embedChild({ mode: "pipeline", ...common, threads: null }));
      bare.push(await embedChild({ mode: "bare", ...common, threads: null }));
      if (c.baseline === "decode") decode.push(await embedChild({ mode: "decode", ...common }));
    }
    const pipelineRate = c.images / median(pipeline.flatMap((m) => m.seconds));
    const bareRate = c.images / median(bare.flatMap((m) => m.seconds));
    const sequentialPrep = c.images / median(bare.map((m) => m.prepSeconds ?? Number.NaN));
    const pipelineRss = Math.max(...pipeline.map((m) => m.maxRssBytes));
    bareRates.set(c.key, bareRate);
    if (c.baseline === "decode") {
      const decodeRate = c.images / median(decode.flatMap((m) => m.seconds));
      const ratio = pipelineRate / decodeRate;
      rows.push({
        id: `${c.key}.pipeline-vs-decode`,
        label: `${c.label}: pipeline vs decode + resize alone (batch ${BATCH}, ${c.images} images)`,
        measured: `${rate(pipelineRate, "img")}, peak RSS ${megabytes(pipelineRss)} (${runs(pipeline.length)})`,
        baseline: `${rate(decodeRate, "img")} read + decode + resize + normalise alone, same concurrency, no model`,
        ratio,
        target: { op: ">=", value: 0.85, text: ">= 0.85 of decode alone" },
        note:
          `The model alone runs at ${rate(bareRate, "img")} (bare): decoding is most of the work. The images are PNGs, which libvips cannot shrink on load ` +
          "(JPEG and WebP decode at the needed size in the same one-pipeline path). " +
          (ratio >= 0.85
            ? ""
            : `If decoding and inference merely took turns on the cores (no core left idle for the other), the pipeline would reach ` +
              `${(1 / (1 + decodeRate / bareRate)).toFixed(2)} of decode alone: on a machine whose cores are all busy (see the load above) there is no idle core for ` +
              "inference to overlap with, so the target needs spare cores or a cheaper model; the rest of the gap is the turn-taking itself (thread hand-offs, writes)."),
      });
      rows.push({
        id: `${c.key}.bare`,
        detail: true,
        label: `${c.label}: pipeline vs bare session.run`,
        measured: rate(pipelineRate, "img"),
        baseline: `${rate(bareRate, "img")} bare`,
        ratio: pipelineRate / bareRate,
        note: "not a target for this model: its inference is cheaper than decoding one image",
      });
    } else {
      const ratio = pipelineRate / bareRate;
      rows.push({
        id: `${c.key}.pipeline`,
        label: `${c.label}: pipeline vs bare (batch ${BATCH}, default threads, ${c.images} images)`,
        measured: `${rate(pipelineRate, "img")}, peak RSS ${megabytes(pipelineRss)} (${runs(pipeline.length)})`,
        baseline: `${rate(bareRate, "img")} bare session.run, peak RSS ${megabytes(Math.max(...bare.map((m) => m.maxRssBytes)))}`,
        ratio,
        target: PIPELINE_TARGET,
        note:
          ratio >= PIPELINE_TARGET.value
            ? undefined
            : `read + decode + preprocess alone runs at ${rate(sequentialPrep, "img")} one image after another; if decoding and inference merely took turns on the cores ` +
              `the pipeline would reach ${(1 / bareRate / (1 / bareRate + 1 / sequentialPrep)).toFixed(2)} of bare. The faster the model, the larger decoding's share of the cores.`,
      });
    }
    rows.push({
      id: `${c.key}.prep`,
      detail: true,
      label: `${c.label}: read + decode + preprocess alone, one image after another`,
      measured: rate(sequentialPrep, "img"),
      baseline: `${rate(bareRate, "img")} inference alone`,
      ratio: sequentialPrep / bareRate,
      note: "on the main thread (sharp uses its own pool underneath), measured in the bare runs before timing",
    });
  }
  const fresh = (bareRates.get("clip-int8") ?? Number.NaN) / (bareRates.get("clip") ?? Number.NaN);
  int8Row.note +=
    ` Same comparison in the pipeline rows' fresh-process bare runs: ${fresh.toFixed(2)}x. Two identical option sets in this sweep differed by ${noise.toFixed(2)}x` +
    (int8Row.ratio! < 2 ? ", so a miss by less than that is within this run's noise: the 2x needs a quiet machine to settle either way." : ".");
  return rows;
}
