/**
 * neighbours-approximate: the HNSW path the pipeline takes from APPROXIMATE_MIN_ROWS works up,
 * against the exact path on the same vectors in the same run: time, peak memory and recall@24.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APPROXIMATE_DEFAULTS, APPROXIMATE_MIN_ROWS } from "../../offline/compute/neighbours-approximate.ts";
import { Rng } from "../../offline/compute/random.ts";
import { type ChildOutcome, runChild } from "../lib/child.ts";
import { sizesFromEnv } from "../lib/sizes.ts";
import { megabytes, seconds } from "../lib/stats.ts";
import type { BenchContext, Row } from "../lib/types.ts";
import type { ApproximateArgs, ApproximateResult } from "../neighbours/approximate-worker.ts";
import type { NeighbourArgs, NeighbourResult } from "../neighbours/worker.ts";

export const name = "neighbours-approximate";
export const title = "approximate top-24 neighbours (HNSW) vs exact, recall@24";
export const order = 21;
export const description =
  "Vectors: 512 dims, seeded, shaped like image embeddings rather than uniform noise: each row is one of n/50 random " +
  "centres plus Gaussian noise of the same norm, L2-normalised (so a work has a few dozen close relatives and a long tail). " +
  `The project's side is approximateTopK() from offline/compute/neighbours-approximate.ts (usearch HNSW, M=${APPROXIMATE_DEFAULTS.connectivity}, ` +
  `efConstruction=${APPROXIMATE_DEFAULTS.expansionAdd}, ${APPROXIMATE_DEFAULTS.quantization} index, 2k+1 candidates re-scored exactly) in a fresh Node process; ` +
  "the baseline is the exact path (topKNeighbours, Gemm kernel) on the same vectors. recall@24 compares the lists row by row.";

const K = 24;
const D = 512;
/** Above this many rows the exact baseline is not run whole (n^2); recall is measured on sampled rows. */
const EXACT_MAX_ROWS = 200_000;
const RECALL_SAMPLE_ROWS = 500;

export async function run(ctx: BenchContext): Promise<Row[]> {
  // NEIGHBOURS_SIZES=10000,1000000 measures the approximate path at a small and a large size instead
  // (the first is the baseline), e.g. a million by hand: about 1.5 h of CPU on 2 cores.
  if (process.env.NEIGHBOURS_SIZES) return approximateRowsAtSizes(ctx, sizesFromEnv("NEIGHBOURS_SIZES", process.env.NEIGHBOURS_SIZES, { min: 1_000, max: MAX_NEIGHBOUR_ROWS }));
  const n = ctx.quick ? 20_000 : 100_000;
  const vectors = join(ctx.tmpDir, "vectors.f32");
  ctx.step(`generating ${n} clustered unit vectors of ${D} dims`);
  writeFileSync(vectors, clusteredVectors(n, D, Math.max(1, Math.round(n / 50)), 20261206));

  ctx.step(`approximate (HNSW), n=${n}`);
  const approxIds = join(ctx.tmpDir, "approx.i32");
  const approx = await runChild<ApproximateResult>("bench/neighbours/approximate-worker.ts", { vectors, n, d: D, k: K, outIds: approxIds } satisfies ApproximateArgs, {
    onLine: (l) => ctx.step(`  ${l}`),
  });
  ctx.step(`exact, n=${n}`);
  const exactIds = join(ctx.tmpDir, "exact.i32");
  const exact = await runChild<NeighbourResult>("bench/neighbours/worker.ts", { vectors, n, d: D, k: K, reps: 1, outIds: exactIds } satisfies NeighbourArgs, {
    onLine: (l) => ctx.step(`  ${l}`),
  });
  const r = existsSync(approxIds) && existsSync(exactIds) ? recall(readIds(approxIds), readIds(exactIds), n, K) : null;
  const exactS = exact.seconds[0]!;
  // HNSW grows about as n log n, exact as n^2; memory linearly (vectors + index + lists).
  const to1m = (1_000_000 / n) * (Math.log(1_000_000) / Math.log(n));
  return [
    {
      id: `time.${n}`,
      label: `top-${K} of every item, ${n / 1000}k x ${D}: approximate (HNSW + exact re-scoring) vs exact`,
      measured: `${seconds(approx.seconds)} (build ${seconds(approx.addSeconds)}), peak RSS ${megabytes(approx.maxRssBytes)}`,
      baseline: `${seconds(exactS)} exact, peak RSS ${megabytes(exact.maxRssBytes)}`,
      ratio: approx.seconds / exactS,
      ratioText: `${(approx.seconds / exactS).toFixed(2)}x`,
      target: { op: "<=", value: 1, text: "info: the pipeline switches at " + `${APPROXIMATE_MIN_ROWS / 1000}k` },
      verdict: "info",
      note:
        `At 1M (estimated from this run, n log n for HNSW, n^2 for exact): approximate ≈ ${seconds(approx.seconds * to1m)}, exact ≈ ${seconds(exactS * (1_000_000 / n) ** 2)}; ` +
        `peak RSS ≈ ${megabytes((approx.maxRssBytes * 1_000_000) / n)} (linear in n).`,
    },
    {
      id: `recall.${n}`,
      label: `recall@${K} of the approximate lists against exact, ${n / 1000}k x ${D}`,
      measured: r === null ? "—" : r.toFixed(4),
      baseline: "exact lists (topKNeighbours)",
      ratio: r,
      ratioText: r === null ? undefined : r.toFixed(4),
      target: { op: ">=", value: 0.98, text: ">= 0.98" },
      ...(r === null ? { verdict: "skipped" as const } : {}),
    },
  ];
}

/**
 * The approximate path at each size, its CPU time per row against the smallest size's (HNSW grows
 * about as n log n, so per row as log n), and recall@24 at the largest size against exact lists of
 * sampled rows (every row only up to EXACT_MAX_ROWS).
 */
export async function approximateRowsAtSizes(ctx: BenchContext, sizes: number[]): Promise<Row[]> {
  const largest = sizes[sizes.length - 1]!;
  const results = new Map<number, ApproximateResult & ChildOutcome>();
  let bytes: Uint8Array = new Uint8Array(0);
  for (const n of sizes) {
    // Each size its own set, n/50 centres as in the default run, so the rows have the same shape.
    ctx.step(`generating ${n} clustered unit vectors of ${D} dims`);
    bytes = clusteredVectors(n, D, Math.max(1, Math.round(n / 50)), 20261206);
    const vectors = join(ctx.tmpDir, `vectors-${n}.f32`);
    writeFileSync(vectors, bytes);
    ctx.step(`approximate (HNSW), n=${n}`);
    const outIds = join(ctx.tmpDir, `approx-${n}.i32`);
    results.set(n, await runChild<ApproximateResult>("bench/neighbours/approximate-worker.ts", { vectors, n, d: D, k: K, outIds } satisfies ApproximateArgs, { onLine: (l) => ctx.step(`  ${l}`) }));
  }
  const small = results.get(sizes[0]!)!;
  const big = results.get(largest)!;
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, largest * D);
  const sample = sampleRows(largest, Math.min(largest, RECALL_SAMPLE_ROWS), 7);
  ctx.step(`exact top-${K} of ${sample.length} sampled rows against all ${largest} (scalar, one thread)`);
  const started = performance.now();
  const truth = sampledExactTopK(data, largest, D, K, sample);
  const exactSampleS = (performance.now() - started) / 1000;
  const ours = readIds(join(ctx.tmpDir, `approx-${largest}.i32`));
  const oursSampled = new Int32Array(sample.length * K);
  sample.forEach((row, s) => oursSampled.set(ours.subarray(row * K, row * K + K), s * K));
  const r = recall(oursSampled, truth, sample.length, K);
  const perRow = (x: ApproximateResult, n: number) => x.cpuSeconds / n;
  const growth = perRow(big, largest) / perRow(small, sizes[0]!);
  const logGrowth = Math.log(largest) / Math.log(sizes[0]!);
  return [
    {
      id: `time.${largest}`,
      label: `top-${K} of every item, approximate (HNSW + exact re-scoring): CPU time per item at ${largest / 1000}k vs ${sizes[0]! / 1000}k x ${D}`,
      measured: `${seconds(big.cpuSeconds)} CPU, ${seconds(big.seconds)} wall (build ${seconds(big.addSeconds)}), peak RSS ${megabytes(big.maxRssBytes)}`,
      baseline: `${seconds(small.cpuSeconds)} CPU at ${sizes[0]! / 1000}k, peak RSS ${megabytes(small.maxRssBytes)}`,
      ratio: growth,
      ratioText: `${growth.toFixed(2)}x per item`,
      target: { op: "<=", value: 2 * logGrowth, text: `<= ${(2 * logGrowth).toFixed(2)}x per item (twice the log n growth, ${logGrowth.toFixed(2)}x)` },
      note:
        "CPU time (user + system), not wall time, so the figure holds when the machine is shared. " +
        `The input file is ${megabytes(largest * D * 4)}; the index stores it again at ${APPROXIMATE_DEFAULTS.quantization}.`,
    },
    {
      id: `recall.${largest}`,
      label: `recall@${K} of the approximate lists at ${largest / 1000}k, on ${sample.length} sampled rows against exact`,
      measured: r.toFixed(4),
      baseline: `exact lists of the sampled rows against all ${largest} (${seconds(exactSampleS)})`,
      ratio: r,
      ratioText: r.toFixed(4),
      target: { op: ">=", value: 0.98, text: ">= 0.98" },
    },
  ];
}

/** At most this many rows fit one vectors file (a Buffer of at most 2 GiB). */
export const MAX_NEIGHBOUR_ROWS = Math.floor((2 ** 31 - 1) / (D * 4));

/** `count` distinct rows of [0, n), seeded, in increasing order. */
function sampleRows(n: number, count: number, seed: number): number[] {
  const rng = new Rng(seed);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(rng.int(n));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Exact top-k (self excluded, ties by id, float64 dot in index order as both pipeline paths sum)
 * of a few rows against all n, streaming the matrix once: each row j meets every sampled row.
 */
export function sampledExactTopK(data: Float32Array, n: number, d: number, k: number, rows: number[]): Int32Array {
  const s = rows.length;
  const ids = new Int32Array(s * k).fill(-1);
  const scores = new Float64Array(s * k).fill(-Infinity);
  for (let j = 0; j < n; j++) {
    const oj = j * d;
    for (let q = 0; q < s; q++) {
      const i = rows[q]!;
      if (i === j) continue;
      const oi = i * d;
      let dot = 0;
      for (let c = 0; c < d; c++) dot += data[oi + c]! * data[oj + c]!;
      // Lists are kept sorted best first; j only grows, so an equal score never displaces (ties by id).
      const base = q * k;
      if (dot <= scores[base + k - 1]!) continue;
      let r = k - 1;
      while (r > 0 && scores[base + r - 1]! < dot) {
        scores[base + r] = scores[base + r - 1]!;
        ids[base + r] = ids[base + r - 1]!;
        r--;
      }
      scores[base + r] = dot;
      ids[base + r] = j;
    }
  }
  return ids;
}

/** Seeded rows around `centres` random centres (noise as large as the centre), L2-normalised, little-endian float32. */
export function clusteredVectors(n: number, d: number, centres: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const centre = new Float32Array(centres * d);
  for (let i = 0; i < centre.length; i++) centre[i] = rng.normal();
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(centres);
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const v = centre[c * d + j]! + rng.normal() * 0.8;
      data[i * d + j] = v;
      sum += v * v;
    }
    const inv = 1 / Math.sqrt(sum);
    for (let j = 0; j < d; j++) data[i * d + j] = data[i * d + j]! * inv;
  }
  const view = new DataView(new ArrayBuffer(data.byteLength));
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return new Uint8Array(view.buffer);
}

function readIds(path: string): Int32Array {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function recall(ours: Int32Array, truth: Int32Array, n: number, k: number): number {
  let hits = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const mine = new Set(ours.subarray(i * k, i * k + k));
    for (let r = 0; r < k; r++) {
      const j = truth[i * k + r]!;
      if (j < 0) continue;
      total++;
      if (mine.has(j)) hits++;
    }
  }
  return total === 0 ? 1 : hits / total;
}
