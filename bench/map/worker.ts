/**
 * One size of the map benchmark in a process of its own: synthetic embeddings, then the 2-D map
 * exactly as `offline map` computes it (umapLayout, seed 42) and the clusters as `offline cluster`
 * does (clusterEmbeddings, seed 7, 6 representatives), each timed; then trustworthiness (k=10)
 * of the map on a seeded sample of rows.
 */
import { clusterEmbeddings } from "../../offline/compute/clusters.ts";
import { trustworthiness, umapLayout } from "../../offline/compute/map.ts";
import { mkdtempSync, rmSync, writeSync, openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { l2NormaliseRowsInPlace, matrix, type Matrix, type RowSource, matrixRows } from "../../offline/compute/matrix.ts";
import { Rng } from "../../offline/compute/random.ts";
import { childArgs, sendResult } from "../lib/child.ts";
import { fileRows } from "./file-rows.ts";
import { syntheticEmbeddings, syntheticRowBlocks } from "./synthetic.ts";

export interface MapArgs {
  n: number;
  d: number;
  seed: number;
  /** Rows in the trustworthiness sample; 0 skips it. */
  sample: number;
  /** false: the map alone (MAP_CLUSTERS=0), e.g. to measure the map's memory at a million. */
  clusters: boolean;
  /**
   * true (MAP_STREAM=1): the vectors are written to a file block by block and the map reads them
   * from there, as `offline map` reads embeddings from disk, so the input is never held whole.
   */
  stream?: boolean;
}

export interface MapResult {
  mapSeconds: number;
  /** Peak RSS of the process when the map was done: what the map held, plus the input vectors unless streamed. */
  mapPeakBytes: number;
  clusterSeconds: number;
  clusters: number;
  trust: number | null;
  trustSeconds: number;
}

const args = childArgs<MapArgs>();
let vectors: Matrix | null = null;
let source: RowSource;
let cleanUp = () => {};
if (args.stream) {
  const dir = mkdtempSync(join(tmpdir(), "bench-map-"));
  const path = join(dir, "vectors.f32");
  const fd = openSync(path, "w");
  syntheticRowBlocks(args.n, args.d, args.seed, 20_000, (block) => {
    writeSync(fd, new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
  });
  closeSync(fd);
  const rows = fileRows(path, args.n, args.d);
  source = rows;
  cleanUp = () => {
    rows.close();
    rmSync(dir, { recursive: true, force: true });
  };
} else {
  vectors = syntheticEmbeddings(args.n, args.d, args.seed);
  source = matrixRows(vectors);
}

let started = performance.now();
const coords = umapLayout(source, { seed: 42 });
const mapSeconds = (performance.now() - started) / 1000;
const mapPeakBytes = process.resourceUsage().maxRSS * 1024;
console.log(
  `map of ${args.n}: ${mapSeconds.toFixed(1)} s, peak RSS so far ${(mapPeakBytes / 2 ** 20).toFixed(0)} MiB ` +
    `(input vectors ${((args.n * args.d * 4) / 2 ** 20).toFixed(0)} MiB, ${args.stream ? "read from a file as needed" : "held in memory"})`,
);

started = performance.now();
// k-means needs every row at once: read them after the map's peak was taken.
const all = () => (vectors ??= readAll(source));
const clustering = args.clusters ? clusterEmbeddings(all(), { seed: 7, representatives: 6 }) : null;
const clusterSeconds = (performance.now() - started) / 1000;
if (clustering) console.log(`${clustering.k} clusters of ${args.n}: ${clusterSeconds.toFixed(1)} s`);

let trust: number | null = null;
started = performance.now();
if (args.sample > 0) {
  const rows = Array.from(new Rng(args.seed + 1).sample(args.n, Math.min(args.n, args.sample)));
  const high = new Float32Array(rows.length * args.d);
  source.copyRows(rows, high, 0);
  l2NormaliseRowsInPlace(high, args.d, 0, rows.length);
  const low = new Float32Array(rows.length * 2);
  rows.forEach((row, i) => {
    low[i * 2] = coords[row * 2]!;
    low[i * 2 + 1] = coords[row * 2 + 1]!;
  });
  trust = trustworthiness(matrix(high, rows.length, args.d), matrix(low, rows.length, 2), 10);
}
const trustSeconds = (performance.now() - started) / 1000;

cleanUp();

function readAll(rows: RowSource): Matrix {
  const data = new Float32Array(rows.rows * rows.cols);
  rows.copyRows(Array.from({ length: rows.rows }, (_, i) => i), data, 0);
  return matrix(data, rows.rows, rows.cols);
}

sendResult({ mapSeconds, mapPeakBytes, clusterSeconds, clusters: clustering?.k ?? 0, trust, trustSeconds } satisfies MapResult);
