/**
 * Approximate top-K cosine neighbours for large collections: an HNSW graph (usearch, inner
 * product on L2-normalised rows) proposes `candidates` rows per row, and those are re-scored
 * exactly (float64 dot in index order, as the exact kernels sum) and the best k kept, ties
 * broken by id. So every score it returns is exact; only a true neighbour the graph never
 * proposes can be missed (recall@24 is measured against the exact path in bench/benchmarks/
 * neighbours-approximate.ts).
 *
 * Rows are added and searched in batches, so apart from the index (the vectors at `quantization`
 * plus about 2 x connectivity x 4 bytes of links per row) no per-pair or per-row temporary
 * grows with the collection.
 */
import { availableParallelism } from "node:os";
import usearch from "usearch";
import type { Matrix } from "./matrix.ts";
import type { NeighbourOptions, Neighbours } from "./neighbours.ts";

/** From this many rows up the offline pipeline takes this path (exact below: same bytes as before). */
export const APPROXIMATE_MIN_ROWS = 200_000;

export interface ApproximateOptions extends Pick<NeighbourOptions, "exclude" | "threads"> {
  /** HNSW links per node (M). */
  connectivity?: number;
  /** Beam width while building (efConstruction). */
  expansionAdd?: number;
  /** Beam width while searching (ef); at least `candidates`. */
  expansionSearch?: number;
  /** Rows the graph proposes per row before exact re-scoring (the row itself included). */
  candidates?: number;
  /** How the index stores vectors: "f32", or "f16" (half the memory; re-scoring stays exact). */
  quantization?: "f32" | "f16";
  /** Rows added or searched per call. */
  batchSize?: number;
  /** Called after each batch: (phase, rows done, rows). */
  progress?: (phase: "add" | "search", done: number, total: number) => void;
}

export const APPROXIMATE_DEFAULTS = { connectivity: 24, expansionAdd: 128, expansionSearch: 96, quantization: "f16" } as const;

export function approximateTopK(m: Matrix, k: number, options: ApproximateOptions = {}): Neighbours {
  if (!Number.isInteger(k) || k < 1) throw new Error(`approximateTopK: k must be a positive integer, got ${k}`);
  const { data, rows: n, cols: d } = m;
  const ids = new Int32Array(n * k).fill(-1);
  const scores = new Float32Array(n * k).fill(-Infinity);
  if (n === 0) return { k, ids, scores };
  const threads = options.threads ?? Math.max(1, availableParallelism());
  const candidates = Math.min(n, options.candidates ?? 2 * k + 1);
  const batch = Math.max(1, options.batchSize ?? 4096);
  const index = new usearch.Index({
    dimensions: d,
    metric: usearch.MetricKind.IP,
    quantization: options.quantization === "f32" ? usearch.ScalarKind.F32 : usearch.ScalarKind.F16,
    connectivity: options.connectivity ?? APPROXIMATE_DEFAULTS.connectivity,
    expansion_add: options.expansionAdd ?? APPROXIMATE_DEFAULTS.expansionAdd,
    expansion_search: Math.max(candidates, options.expansionSearch ?? APPROXIMATE_DEFAULTS.expansionSearch),
    multi: false,
  });

  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const keys = new BigUint64Array(end - start);
    for (let i = start; i < end; i++) keys[i - start] = BigInt(i);
    index.add(keys, data.subarray(start * d, end * d), threads);
    options.progress?.("add", end, n);
  }

  const exclude = options.exclude;
  const candScore = new Float64Array(candidates);
  const candId = new Int32Array(candidates);
  const order = new Int32Array(candidates);
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const found = index.search(data.subarray(start * d, end * d), candidates, threads) as unknown as { keys: BigUint64Array; counts: BigUint64Array };
    for (let i = start; i < end; i++) {
      const row = i - start;
      const count = Number(found.counts[row]);
      let c = 0;
      for (let r = 0; r < count; r++) {
        const j = Number(found.keys[row * candidates + r]);
        if (j === i || j < 0 || j >= n || (exclude && exclude(i, j))) continue;
        candId[c] = j;
        candScore[c] = dot(data, i * d, j * d, d);
        order[c] = c;
        c++;
      }
      const best = Array.from(order.subarray(0, c)).sort((a, b) => (candScore[b] as number) - (candScore[a] as number) || (candId[a] as number) - (candId[b] as number));
      const base = i * k;
      for (let r = 0; r < Math.min(k, best.length); r++) {
        ids[base + r] = candId[best[r]!] as number;
        scores[base + r] = candScore[best[r]!] as number;
      }
    }
    options.progress?.("search", end, n);
  }
  return { k, ids, scores };
}

/** Sums in index order, as the exact kernels do, so a pair scores the same on both paths. */
function dot(data: Float32Array, oa: number, ob: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += (data[oa + c] as number) * (data[ob + c] as number);
  return s;
}

/** Share of the exact lists' ids that the approximate lists hold (recall@k), over all rows. */
export function recallAt(exact: Neighbours, approximate: Neighbours): number {
  const k = exact.k;
  const rows = exact.ids.length / k;
  let hit = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const mine = new Set(approximate.ids.subarray(i * approximate.k, (i + 1) * approximate.k));
    for (let r = 0; r < k; r++) {
      const j = exact.ids[i * k + r] as number;
      if (j < 0) continue;
      total++;
      if (mine.has(j)) hit++;
    }
  }
  return total === 0 ? 1 : hit / total;
}
