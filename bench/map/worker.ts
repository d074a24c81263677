/**
 * One size of the map benchmark in a process of its own: synthetic embeddings, then the 2-D map
 * exactly as `offline map` computes it (umapLayout, seed 42) and the clusters as `offline cluster`
 * does (clusterEmbeddings, seed 7, 6 representatives), each timed; then trustworthiness (k=10)
 * of the map on a seeded sample of rows.
 */
import { clusterEmbeddings } from "../../offline/compute/clusters.ts";
import { trustworthiness, umapLayout } from "../../offline/compute/map.ts";
import { l2NormaliseRows, matrix, type Matrix } from "../../offline/compute/matrix.ts";
import { Rng } from "../../offline/compute/random.ts";
import { childArgs, sendResult } from "../lib/child.ts";

export interface MapArgs {
  n: number;
  d: number;
  seed: number;
  /** Rows in the trustworthiness sample; 0 skips it. */
  sample: number;
}

export interface MapResult {
  mapSeconds: number;
  clusterSeconds: number;
  clusters: number;
  trust: number | null;
  trustSeconds: number;
}

const args = childArgs<MapArgs>();
const vectors = syntheticEmbeddings(args.n, args.d, args.seed);

let started = performance.now();
const coords = umapLayout(vectors, { seed: 42 });
const mapSeconds = (performance.now() - started) / 1000;
console.log(`map of ${args.n}: ${mapSeconds.toFixed(1)} s`);

started = performance.now();
const clustering = clusterEmbeddings(vectors, { seed: 7, representatives: 6 });
const clusterSeconds = (performance.now() - started) / 1000;
console.log(`${clustering.k} clusters of ${args.n}: ${clusterSeconds.toFixed(1)} s`);

let trust: number | null = null;
started = performance.now();
if (args.sample > 0) {
  const rows = new Rng(args.seed + 1).sample(args.n, Math.min(args.n, args.sample));
  const normalised = l2NormaliseRows(vectors);
  const high = new Float32Array(rows.length * args.d);
  const low = new Float32Array(rows.length * 2);
  rows.forEach((row, i) => {
    high.set(normalised.data.subarray(row * args.d, (row + 1) * args.d), i * args.d);
    low[i * 2] = coords[row * 2]!;
    low[i * 2 + 1] = coords[row * 2 + 1]!;
  });
  trust = trustworthiness(matrix(high, rows.length, args.d), matrix(low, rows.length, 2), 10);
}
const trustSeconds = (performance.now() - started) / 1000;

sendResult({ mapSeconds, clusterSeconds, clusters: clustering.k, trust, trustSeconds } satisfies MapResult);

/**
 * Embedding-like data with structure at two scales: 12 themes, each with 8 sub-styles, every item
 * a sub-style centre plus isotropic noise of a per-style width. Same seed, same rows, so every size
 * is a prefix-independent draw from the same distribution.
 */
export function syntheticEmbeddings(n: number, d: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const themes = 12;
  const styles = 8;
  const centres: Float32Array[] = [];
  const widths: number[] = [];
  for (let t = 0; t < themes; t++) {
    const theme = Float32Array.from({ length: d }, () => rng.normal());
    for (let s = 0; s < styles; s++) {
      centres.push(Float32Array.from(theme, (v) => v + 0.6 * rng.normal()));
      widths.push(0.45 + 0.35 * rng.next());
    }
  }
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(centres.length);
    const centre = centres[c]!;
    const width = widths[c]!;
    for (let j = 0; j < d; j++) data[i * d + j] = centre[j]! + width * rng.normal();
  }
  return matrix(data, n, d);
}
