/**
 * embed: `offline embed` end to end (read, decode, preprocess, infer, write) against bare
 * session.run on ready tensors of the same model and batch size, for the built-in model and for
 * a model with CLIP ViT-B/32's exact architecture (random weights); then a sweep of batch sizes
 * and intra-op thread counts through the pipeline, to find the best setting on this machine.
 */
import { cpus } from "node:os";
import { join } from "node:path";
import { prepareWorkspace, IMAGE_HEIGHT, IMAGE_WIDTH } from "../embed/images.ts";
import type { EmbedArgs, EmbedResult } from "../embed/worker.ts";
import { projectRoot, runChild, type ChildOutcome } from "../lib/child.ts";
import { median, megabytes, rate, runs } from "../lib/stats.ts";
import type { BenchContext, Row } from "../lib/types.ts";
import { ensureClipShapedModel } from "../models/clip-vit-b32-random.ts";

export const name = "embed";
export const title = "offline embed end to end vs bare session.run";
export const order = 10;
export const description =
  `Images: generated ${IMAGE_WIDTH}x${IMAGE_HEIGHT} textured PNGs (bench/embed/images.ts), all different, in a work folder laid out as ` +
  "`offline pull` leaves it. Pipeline: `embed()` from offline/commands/embed.ts with the model loaded as the CLI loads it " +
  "(`loadModelOn(dir, \"auto\")`), from no embeddings on disk to one .f32 per image. Bare: an InferenceSession of the " +
  "same image encoder running the same batches prepared beforehand. Pipeline and bare alternate, each in a fresh " +
  "process (peak RSS is per process; the pipeline's includes the text encoder, which the CLI loads too). The sweep runs " +
  "the pipeline at every batch size and intraOpNumThreads setting round-robin in one process (one model opened per " +
  "thread setting). The CLI's setting is batch 32 and onnxruntime's default intra-op threads (one per physical core; `--threads N` " +
  "overrides it); pipeline and bare both run at it.";

const DEFAULT_BATCH = 32;
/** The CLI's intra-op threads when --threads is not given: onnxruntime's default (null). */
const CLI_THREADS: number | null = null;
const TARGET = { op: ">=" as const, value: 0.85, text: ">= 0.85 of bare" };

interface ModelCase {
  key: string;
  label: string;
  dir: string;
  images: number;
  reps: number;
  sweepReps: number;
}

type Measured = EmbedResult & ChildOutcome;

const threadText = (threads: number | null) => (threads === null ? "default" : String(threads));
const threadsText = (threads: number | null) => `${threadText(threads)} thread${threads === 1 ? "" : "s"}`;

export async function run(ctx: BenchContext): Promise<Row[]> {
  const clipDir = await ensureClipShapedModel(ctx.step);
  const cases: ModelCase[] = [
    { key: "builtin", label: "builtin-colour-v1", dir: join(projectRoot, "models", "builtin-colour-v1"), images: ctx.quick ? 128 : 256, reps: 3, sweepReps: ctx.quick ? 1 : 3 },
    { key: "clip", label: "CLIP ViT-B/32 shapes (random weights)", dir: clipDir, images: ctx.quick ? 16 : 64, reps: ctx.quick ? 1 : 3, sweepReps: ctx.quick ? 1 : 2 },
  ];
  const batches = ctx.quick ? [1, 8, DEFAULT_BATCH] : [1, 8, 16, DEFAULT_BATCH];
  // onnxruntime's default (the CLI's), one thread (leaving the other cores to sharp), half the cores.
  const threadSettings: Array<number | null> = [null, 1, ...(cpus().length >= 4 ? [Math.floor(cpus().length / 2)] : [])];
  const rows: Row[] = [];

  for (const c of cases) {
    const { ws, bytes } = await prepareWorkspace(join(ctx.tmpDir, c.key), c.images, ctx.step);
    ctx.step(`${c.label}: ${c.images} images (${(bytes / c.images / 1024).toFixed(0)} KiB each) ready`);
    const child = (args: EmbedArgs): Promise<Measured> =>
      runChild<EmbedResult>("bench/embed/worker.ts", args, {
        // embed() prints a summary line per run; the progress bars and the sweep's lines are enough.
        onLine: (line) => (/^embed \(.*\) \d+ embedded/.test(line) ? undefined : ctx.step(`  ${line}`)),
      });
    const common = { modelDir: c.dir, workDir: ws.root };

    // Pipeline and bare alternate, so load from others on a shared machine falls on both.
    const pipeline: Measured[] = [];
    const bare: Measured[] = [];
    for (let rep = 0; rep < c.reps; rep++) {
      ctx.step(`${c.label}: pipeline vs bare, batch ${DEFAULT_BATCH}, ${threadsText(CLI_THREADS)} (${rep + 1}/${c.reps})`);
      pipeline.push(await child({ mode: "pipeline", ...common, batch: DEFAULT_BATCH, threads: CLI_THREADS, reps: 1 }));
      bare.push(await child({ mode: "bare", ...common, batch: DEFAULT_BATCH, threads: CLI_THREADS, reps: 1 }));
    }
    const pipelineRate = c.images / median(pipeline.flatMap((m) => m.seconds));
    const bareRate = c.images / median(bare.flatMap((m) => m.seconds));
    const prepRate = c.images / median(bare.map((m) => m.prepSeconds ?? Number.NaN));
    const pipelineRss = Math.max(...pipeline.map((m) => m.maxRssBytes));
    const bareRss = Math.max(...bare.map((m) => m.maxRssBytes));
    const ratio = pipelineRate / bareRate;
    // If decoding and inference shared the cores perfectly, the pipeline would take
    // decode time + inference time per image: the ratio it could reach without more cores.
    const serialBound = (1 / bareRate) / (1 / bareRate + 1 / prepRate);
    rows.push({
      id: `${c.key}.pipeline`,
      label: `${c.label}: pipeline vs bare (the CLI's batch ${DEFAULT_BATCH}, ${threadsText(CLI_THREADS)}, ${c.images} images)`,
      measured: `${rate(pipelineRate, "img")}, peak RSS ${megabytes(pipelineRss)} (${runs(pipeline.length)})`,
      baseline: `${rate(bareRate, "img")} bare session.run, peak RSS ${megabytes(bareRss)}`,
      ratio,
      target: TARGET,
      note:
        ratio >= TARGET.value
          ? undefined
          : `read + decode + preprocess alone runs at ${rate(prepRate, "img")} (one image after another), inference alone at ${rate(bareRate, "img")}; ` +
            `if the two merely took turns on the cores the pipeline would reach ${serialBound.toFixed(2)} of bare. ` +
            (serialBound < TARGET.value
              ? "The model is cheaper than decoding the image, so no pipelining can reach 0.85 of bare on this machine: what would close it is " +
                "decoding at model speed (sharp's shrink-on-load for JPEGs, images stored pre-resized near 224 px by pull, or more cores for sharp's pool)."
              : `Decoding explains only ${((1 - serialBound) * 100).toFixed(0)} points of the shortfall; the rest is the two fighting over ${cpus().length} cores ` +
                "(onnxruntime's intra-op threads spin between ops by default while sharp's pool and the main thread's float conversion need the same cores; " +
                "load from other work on the machine falls hardest on multi-threaded inference). What would close it: session option " +
                "intra_op.allow_spinning=0 or one intra-op thread fewer than cores while decoding runs ahead (see the sweep), or decoding in a worker sized to the cores left."),
    });
    rows.push({
      id: `${c.key}.prep`,
      detail: true,
      label: `${c.label}: read + decode + preprocess alone`,
      measured: rate(prepRate, "img"),
      baseline: `${rate(bareRate, "img")} inference alone`,
      ratio: prepRate / bareRate,
      note: "one image at a time on the main thread (sharp uses its own pool underneath), measured in the bare runs before timing",
    });

    // Sweep: the pipeline at each batch size and thread setting, round-robin in one process.
    ctx.step(`${c.label}: sweep of batch ${batches.join("/")} x threads ${threadSettings.map(threadText).join("/")} (${c.sweepReps} rounds)`);
    const swept = (await child({ mode: "sweep", ...common, batches, threads: threadSettings, reps: c.sweepReps })).sweep ?? [];
    const defaultSetting = swept.find((s) => s.batch === DEFAULT_BATCH && s.threads === CLI_THREADS);
    const defaultRate = defaultSetting ? c.images / median(defaultSetting.seconds) : Number.NaN;
    const sweep = swept.map((s) => ({ ...s, rate: c.images / median(s.seconds) }));
    for (const s of sweep) {
      rows.push({
        id: `${c.key}.sweep.b${s.batch}.t${s.threads ?? "default"}`,
        detail: true,
        label: `${c.label}: pipeline, batch ${s.batch}, ${threadsText(s.threads)}`,
        measured: `${rate(s.rate, "img")} (${runs(s.seconds.length)})`,
        baseline: `${rate(defaultRate, "img")} the CLI's (batch ${DEFAULT_BATCH}, ${threadsText(CLI_THREADS)}), same rounds`,
        ratio: s.rate / defaultRate,
      });
    }
    const best = sweep.reduce((a, b) => (b.rate > a.rate ? b : a));
    const gain = best.rate / defaultRate;
    const differs = best.batch !== DEFAULT_BATCH || best.threads !== CLI_THREADS;
    rows.push({
      id: `${c.key}.best`,
      label: `${c.label}: best batch / threads in the sweep`,
      measured: `batch ${best.batch}, ${threadsText(best.threads)}: ${rate(best.rate, "img")} (${runs(best.seconds.length)})`,
      baseline: `${rate(defaultRate, "img")} the CLI's (batch ${DEFAULT_BATCH}, ${threadsText(CLI_THREADS)}), same rounds`,
      ratio: gain,
      note:
        `best of ${sweep.length} settings (batch ${batches.join("/")} x threads ${threadSettings.map(threadText).join("/")}; 'default' is onnxruntime's, ` +
        `one per physical core, ${cpus().length} here), measured round-robin in one process. ` +
        (!Number.isFinite(gain)
          ? "The default setting was not part of this sweep."
          : (differs && gain > 1.05
          ? `It differs from the CLI's default (batch ${DEFAULT_BATCH}, ${threadsText(CLI_THREADS)}) and is ${((gain - 1) * 100).toFixed(0)}% faster here.`
          : differs
            ? `Within 5% of the CLI's default (batch ${DEFAULT_BATCH}, ${threadsText(CLI_THREADS)}): no change needed.`
            : "The CLI's default is the best setting here.") +
            " The CLI keeps onnxruntime's default threads (which setting wins changes with the machine's load from run to run); `--threads N` sets them."),
    });
  }
  return rows;
}
