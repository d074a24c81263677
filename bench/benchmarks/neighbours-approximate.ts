/**
 * neighbours-approximate: the HNSW path the pipeline takes from APPROXIMATE_MIN_ROWS works up,
 * against the exact path on the same vectors in the same run: time, peak memory and recall@24.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APPROXIMATE_DEFAULTS, APPROXIMATE_MIN_ROWS } from "../../offline/compute/neighbours-approximate.ts";
import { Rng } from "../../offline/compute/random.ts";
import { runChild } from "../lib/child.ts";
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

export async function run(ctx: BenchContext): Promise<Row[]> {
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
