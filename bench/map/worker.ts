/**
 * One size of the map benchmark in a process of its own: synthetic embeddings, then the 2-D map
 * exactly as `offline map` computes it (umapLayout, seed 42) and the clusters as `offline cluster`
 * does (clusterEmbeddings, seed 7, 6 representatives), each timed; then trustworthiness (k=10)
 * of the map on a seeded sample of rows.
 */
import { clusterEmbeddings } from "../../offline/compute/clusters.ts";
import { trustworthiness, umapLayout } from "../../offline/compute/map.ts";
import { l2NormaliseRows, matrix } from "../../offline/compute/matrix.ts";
import { Rng } from "../../offline/compute/random.ts";
import { childArgs, sendResult } from "../lib/child.ts";
import { syntheticEmbeddings } from "./synthetic.ts";

export interface MapArgs {
  n: number;
  d: number;
  seed: number;
  /** Rows in the trustworthiness sample; 0 skips it. */
  sample: number;
  /** false: the map alone (MAP_CLUSTERS=0), e.g. to measure the map's memory at a million. */
  clusters: boolean;
}

export interface MapResult {
  mapSeconds: number;
  /** Peak RSS of the process when the map was done: the input vectors (made here) plus what the map held. */
  mapPeakBytes: number;
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
const mapPeakBytes = process.resourceUsage().maxRSS * 1024;
console.log(`map of ${args.n}: ${mapSeconds.toFixed(1)} s, peak RSS so far ${(mapPeakBytes / 2 ** 20).toFixed(0)} MiB (input vectors ${((args.n * args.d * 4) / 2 ** 20).toFixed(0)} MiB)`);

started = performance.now();
const clustering = args.clusters ? clusterEmbeddings(vectors, { seed: 7, representatives: 6 }) : null;
const clusterSeconds = (performance.now() - started) / 1000;
if (clustering) console.log(`${clustering.k} clusters of ${args.n}: ${clusterSeconds.toFixed(1)} s`);

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

sendResult({ mapSeconds, mapPeakBytes, clusterSeconds, clusters: clustering?.k ?? 0, trust, trustSeconds } satisfies MapResult);
