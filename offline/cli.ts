/**
 * `npm run offline -- <command> [options]`: the operator's pipeline.
 *   pull | embed | palette | map | cluster | neighbors | push | thumbs | phrases | run | model fetch <id>
 * `run` is pull, embed, palette, map, cluster, neighbors, push, thumbs, phrases in that order; it keeps
 * the map, vibes and neighbours when their inputs did not change since the last run (the commands alone recompute).
 * Options: --api URL (ADMIN_API_URL), --token T (ADMIN_TOKEN), --model DIR (MODEL_DIR),
 *          --work-dir DIR, --shard i/n (embed), --batch N (embed), --device auto|cpu|cuda,
 *          --threads N (onnxruntime intra-op threads; default onnxruntime's, one per core; see models/device.ts).
 * Several machines: each runs `embed --shard i/n`, then one runs `merge <their work dirs>` and `run`.
 * Every command is idempotent and resumable; problems are reported as one line.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { AdminApi } from "./admin-api";
import { analyseIfChanged, computeClusters, computeMap, computeNeighbours } from "./commands/analyse";
import { embed } from "./commands/embed";
import { palettes } from "./commands/palette";
import { phrases } from "./commands/phrases";
import { pull } from "./commands/pull";
import { push } from "./commands/push";
import { thumbnails } from "./commands/thumbs";
import { resolveConfig } from "./config";
import { PipelineError } from "./errors";
import { ModelError } from "./models/errors";
import { fetchModel } from "./models/fetch";
import { loadModelOn, type Device } from "./models/device";
import type { LoadedModel } from "./models/load-model";
import { merge } from "./commands/merge";
import { Workspace } from "./workspace";

const COMMANDS = ["pull", "embed", "palette", "map", "cluster", "neighbors", "push", "thumbs", "phrases", "run", "merge", "model"] as const;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      api: { type: "string" }, token: { type: "string" }, model: { type: "string" }, "work-dir": { type: "string" },
      shard: { type: "string" }, batch: { type: "string" }, device: { type: "string" }, threads: { type: "string" }, help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(`usage: npm run offline -- <${COMMANDS.join("|")}> [--api URL] [--token T] [--model DIR] [--work-dir DIR] [--shard i/n] [--batch N] [--device auto|cpu|cuda] [--threads N]`);
    return;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) throw new PipelineError(`unknown command '${command}': use one of ${COMMANDS.join(", ")}`);

  if (command === "model") {
    const [verb, id = "clip-vit-b32"] = rest;
    if (verb !== "fetch") throw new PipelineError("usage: npm run offline -- model fetch clip-vit-b32|clip-vit-b32-int8");
    const dir = await fetchModel(id, resolve(import.meta.dirname, "..", "models"));
    console.log(`model ${id} ready in ${dir}`);
    return;
  }

  const flags = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const config = resolveConfig(process.env, flags);
  const api = new AdminApi(config.apiUrl, config.token);
  const ws = new Workspace(config.workDir);
  const shard = parseShard(values.shard);
  const batchSize = values.batch ? Number(values.batch) : undefined;
  const device = parseDevice(values.device);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new PipelineError(`--threads must be a whole number from 1, not '${values.threads}'`);
  let model: LoadedModel | null = null;
  let ranOn: "cpu" | "cuda" = "cpu";
  const theModel = async () => {
    if (!model) ({ model, device: ranOn } = await loadModelOn(config.modelDir, device, threads));
    return model;
  };

  try {
    if (command === "pull" || command === "run") await pull(api, ws);
    if (command === "embed" || command === "run") {
      const m = await theModel();
      console.log(`model: ${m.manifest.id} (${m.manifest.dimensions}-d, on ${ranOn})${m.manifest.limitations ? ` — ${m.manifest.limitations}` : ""}`);
      await embed(m, ws, { shard, batchSize });
    }
    if (command === "merge") {
      const m = await theModel();
      merge(ws, m.manifest.id, m.manifest.dimensions, rest);
    }
    if (command === "palette" || command === "run") await palettes(ws);
    const modelId = async () => (await theModel()).manifest.id;
    if (command === "map") computeMap(ws, await modelId());
    if (command === "cluster") computeClusters(ws, await modelId());
    if (command === "neighbors") computeNeighbours(ws, await modelId());
    if (command === "run") analyseIfChanged(ws, await modelId());
    if (command === "push" || command === "run") await push(api, ws, await theModel());
    if (command === "thumbs" || command === "run") await thumbnails(api, ws);
    if (command === "phrases" || command === "run") await phrases(api, ws, await theModel());
  } finally {
    await (model as LoadedModel | null)?.close();
  }
}

function parseDevice(value: string | undefined): Device {
  if (value === undefined) return "auto";
  if (value === "auto" || value === "cpu" || value === "cuda") return value;
  throw new PipelineError(`--device must be auto, cpu or cuda, not '${value}'`);
}

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (!value) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) throw new PipelineError(`--shard must look like i/n with 0 <= i < n, not '${value}'`);
  return { index, count };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof PipelineError || error instanceof ModelError) console.error(`offline: ${(error as Error).message}`);
  else console.error(error);
  process.exit(1);
});
