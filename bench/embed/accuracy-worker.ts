/**
 * fp32 vs int8 embeddings of the demo shop's own paintings (rendered and PNG-encoded as the shop
 * serves them, then preprocessed as the pipeline does), through image encoders with the same
 * random weights, the int8 one dynamically quantized. Reports, per int8 model: cosine between the
 * two embeddings of each image, and how many of each image's top-24 neighbours (among these
 * images, cosine) the int8 embeddings keep. As a yardstick for the overlap, the same overlap when
 * the fp32 embeddings get isotropic noise of the same size as the int8 error.
 */
import { join } from "node:path";
import ort from "onnxruntime-node";
import { l2NormalizeRows } from "../../offline/models/encoder.ts";
import { readManifest } from "../../offline/models/manifest.ts";
import { preprocessImage } from "../../offline/models/preprocess.ts";
import { generateCatalog } from "../../workers/demo-shop/catalog.ts";
import { ImageStore } from "../../workers/demo-shop/image-store.ts";
import { childArgs, sendResult } from "../lib/child.ts";

export interface AccuracyArgs {
  fp32Dir: string;
  int8: Array<{ key: string; dir: string }>;
  images: number;
  k: number;
}

export interface AccuracyStats {
  key: string;
  meanCosine: number;
  minCosine: number;
  /** Mean share of the fp32 top-k neighbours that the int8 top-k also holds. */
  overlap: number;
  /** The worst image's share. */
  minOverlap: number;
  /** The same overlap for fp32 plus noise of the int8 error's size (what such an error does to neighbours by itself). */
  noiseOverlap: number;
}

export interface AccuracyResult {
  images: number;
  /** Mean cosine between different images' fp32 embeddings: how spread the random-weight space is. */
  meanPairCosine: number;
  /** Mean gap between each image's k-th and (k+1)-th neighbour cosine (fp32): how easily ranks swap. */
  meanRankGap: number;
  stats: AccuracyStats[];
}

const args = childArgs<AccuracyArgs>();
const manifest = await readManifest(args.fp32Dir);
const size = manifest.image.size;
const plane = 3 * size * size;

// The shop's ordinary works (no deliberately duplicated images), as their PNGs are served.
const store = new ImageStore();
const works = generateCatalog(1).artworks.filter((w) => w.case === "normal").slice(0, args.images);
const tensors: Float32Array[] = [];
for (const work of works) tensors.push(await preprocessImage(store.get(work).png, manifest.image));
console.log(`${tensors.length} demo shop paintings rendered and preprocessed`);

async function embedAll(dir: string): Promise<Float32Array[]> {
  const m = await readManifest(dir);
  const session = await ort.InferenceSession.create(join(dir, m.imageEncoder.file), { executionProviders: ["cpu"] });
  const out: Float32Array[] = [];
  for (let start = 0; start < tensors.length; start += 32) {
    const batch = tensors.slice(start, start + 32);
    const input = new Float32Array(batch.length * plane);
    batch.forEach((t, i) => input.set(t, i * plane));
    const result = await session.run({ [m.imageEncoder.input]: new ort.Tensor("float32", input, [batch.length, 3, size, size]) }, [m.imageEncoder.output]);
    out.push(...l2NormalizeRows(result[m.imageEncoder.output]!.data as Float32Array, m.dimensions));
  }
  await session.release();
  return out;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Each row's top-k other rows by cosine, with the (k+1)-th score kept for the rank gap. */
function neighbours(rows: Float32Array[], k: number): { ids: Set<number>[]; gaps: number[] } {
  const ids: Set<number>[] = [];
  const gaps: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const scored = rows.map((r, j) => ({ j, s: j === i ? -Infinity : dot(rows[i]!, r) })).sort((a, b) => b.s - a.s);
    ids.push(new Set(scored.slice(0, k).map((x) => x.j)));
    gaps.push(scored[k - 1]!.s - scored[k]!.s);
  }
  return { ids, gaps };
}

function overlap(a: Set<number>[], b: Set<number>[], k: number): { mean: number; min: number } {
  const shares = a.map((set, i) => [...set].filter((j) => b[i]!.has(j)).length / k);
  return { mean: shares.reduce((x, y) => x + y, 0) / shares.length, min: Math.min(...shares) };
}

/** fp32 rows moved by seeded Gaussian noise whose expected size matches `error` (the mean |fp32 - int8|), renormalised. */
function withNoise(rows: Float32Array[], error: number): Float32Array[] {
  let s = 987654321;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const sigma = error / Math.sqrt(rows[0]!.length);
  return rows.map((r) => {
    const noisy = Float32Array.from(r, (v) => v + sigma * gauss());
    return l2NormalizeRows(noisy, noisy.length)[0]!;
  });
}

const fp32 = await embedAll(args.fp32Dir);
const reference = neighbours(fp32, args.k);
let pairSum = 0;
let pairs = 0;
for (let i = 0; i < fp32.length; i++) for (let j = i + 1; j < fp32.length; j++, pairs++) pairSum += dot(fp32[i]!, fp32[j]!);

const stats: AccuracyStats[] = [];
for (const model of args.int8) {
  const int8 = await embedAll(model.dir);
  const cosines = fp32.map((v, i) => dot(v, int8[i]!));
  // |a - b| for unit vectors: sqrt(2 - 2 cos).
  const error = cosines.reduce((s, c) => s + Math.sqrt(Math.max(0, 2 - 2 * c)), 0) / cosines.length;
  const kept = overlap(reference.ids, neighbours(int8, args.k).ids, args.k);
  const noise = overlap(reference.ids, neighbours(withNoise(fp32, error), args.k).ids, args.k);
  stats.push({ key: model.key, meanCosine: cosines.reduce((s, c) => s + c, 0) / cosines.length, minCosine: Math.min(...cosines), overlap: kept.mean, minOverlap: kept.min, noiseOverlap: noise.mean });
  console.log(`${model.key}: mean cosine ${stats.at(-1)!.meanCosine.toFixed(4)}, top-${args.k} overlap ${kept.mean.toFixed(3)} (noise yardstick ${noise.mean.toFixed(3)})`);
}
sendResult({
  images: fp32.length,
  meanPairCosine: pairSum / pairs,
  meanRankGap: reference.gaps.reduce((s, g) => s + g, 0) / reference.gaps.length,
  stats,
} satisfies AccuracyResult);
