/**
 * The 2-D explore map: UMAP (umap-js) over L2-normalised embeddings, where Euclidean distance
 * orders pairs as cosine does. umap-js is given a seeded random source so a re-run draws the same
 * map. Large collections are fitted on a seeded sample and the rest placed among their exact
 * nearest fitted items, which keeps time and memory bounded past 100k works: only the fitted
 * sample and one block of the rest are held (normalised copies of them). The input is a row
 * source, so it need not be in memory at all (`offline map` reads the embeddings from disk).
 */
import { UMAP } from "umap-js";
import { type Matrix, type RowSource, l2NormaliseRowsInPlace, matrix, matrixRows, squaredDistance } from "./matrix.ts";
import { topKAmong } from "./neighbours.ts";
import { Rng } from "./random.ts";

export interface MapOptions {
  seed?: number;
  /** Above this many rows, fit on a sample of this size and transform the others. */
  fitLimit?: number;
  nNeighbors?: number;
  minDist?: number;
  nEpochs?: number;
  /** Items not fitted are placed among this many nearest fitted ones (PLACE_NEIGHBOURS). */
  placeNeighbours?: number;
}

/**
 * Returns rows x 2 coordinates in [0,1]^2. Both axes share one scale (the map's shape is kept):
 * the longer side spans [0,1] and the shorter is centred.
 */
export function umapLayout(input: Matrix | RowSource, options: MapOptions = {}): Float32Array {
  const m = "data" in input ? matrixRows(input) : input;
  const n = m.rows;
  const out = new Float32Array(n * 2);
  if (n === 0) return out;
  if (n < 3) {
    // Too few points for a neighbour graph: a fixed, honest layout.
    for (let i = 0; i < n; i++) {
      out[i * 2] = n === 1 ? 0.5 : i;
      out[i * 2 + 1] = 0.5;
    }
    return out;
  }
  const rng = new Rng(options.seed ?? 0);
  const fitLimit = Math.max(3, options.fitLimit ?? 10_000);
  const fitRows = n > fitLimit ? Array.from(rng.sample(n, fitLimit)).sort((a, b) => a - b) : range(n);
  const fittedData = new Float32Array(fitRows.length * m.cols);
  m.copyRows(fitRows, fittedData, 0);
  l2NormaliseRowsInPlace(fittedData, m.cols, 0, fitRows.length);
  const fitted = matrix(fittedData, fitRows.length, m.cols);

  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? 15, fitRows.length - 1),
    minDist: options.minDist ?? 0.1,
    ...(options.nEpochs !== undefined ? { nEpochs: options.nEpochs } : {}),
    random: rng.asFunction(),
  });
  const layout = umap.fit(rowsAsArrays(fitted));
  fitRows.forEach((row, i) => setPoint(out, row, layout[i]));

  if (fitRows.length < n) {
    const inFit = new Uint8Array(n);
    for (const row of fitRows) inFit[row] = 1;
    const rest = range(n).filter((row) => inFit[row] === 0);
    placeAmongFitted(m, fitted, fitRows, rest, out, options.placeNeighbours ?? PLACE_NEIGHBOURS);
  }
  return normaliseToUnitSquare(out);
}

/** Fitted neighbours each remaining item is placed among. */
export const PLACE_NEIGHBOURS = 10;

/** Items placed per block: the block and the fitted sample are searched together (about 60 MB at 512 dimensions). */
const PLACE_BLOCK_ROWS = 20_000;

/**
 * Places each row of `rest` at the similarity-weighted mean of the map positions (already in
 * `out`) of its `k` exactly nearest fitted rows. umap-js's `transform` did this job before, but
 * from an approximate neighbour search and a short optimisation that kept much less of the local
 * structure (trustworthiness 0.74 at 100k against 0.998 when fitted on everything; see
 * docs/benchmarks.md); exact neighbours come from the same Gemm tiles as the neighbour caches.
 * Weights fall off with distance from the nearest: exp(-(d - d0) / scale), d = 1 - cosine.
 * `fitted` holds the fitted rows, normalised; the rest are normalised a block at a time.
 */
function placeAmongFitted(m: RowSource, fitted: Matrix, fitRows: readonly number[], rest: readonly number[], out: Float32Array, k: number): void {
  for (let start = 0; start < rest.length; start += PLACE_BLOCK_ROWS) {
    placeBlock(m, fitted, fitRows, rest.slice(start, start + PLACE_BLOCK_ROWS), out, k);
  }
}

function placeBlock(m: RowSource, fitted: Matrix, fitRows: readonly number[], rest: readonly number[], out: Float32Array, k: number): void {
  const d = m.cols;
  const F = fitted.rows;
  const block = new Float32Array((F + rest.length) * d);
  block.set(fitted.data);
  m.copyRows(rest, block, F);
  l2NormaliseRowsInPlace(block, d, F, F + rest.length);
  const kk = Math.min(k, F);
  const found = topKAmong(matrix(block, F + rest.length, d), F, kk);
  rest.forEach((row, q) => {
    const base = q * kk;
    const nearest = 1 - (found.scores[base] as number);
    const farthest = 1 - (found.scores[base + kk - 1] as number);
    const scale = Math.max(1e-6, (farthest - nearest) / 2);
    let x = 0;
    let y = 0;
    let total = 0;
    for (let r = 0; r < kk; r++) {
      const fit = fitRows[found.ids[base + r] as number] as number;
      const w = Math.exp(-(1 - (found.scores[base + r] as number) - nearest) / scale);
      x += w * (out[fit * 2] as number);
      y += w * (out[fit * 2 + 1] as number);
      total += w;
    }
    out[row * 2] = x / total;
    out[row * 2 + 1] = y / total;
  });
}

/** Scale 2-D points uniformly into [0,1]^2 (in place), centring the shorter axis. */
export function normaliseToUnitSquare(points: Float32Array): Float32Array {
  const n = points.length / 2;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[i * 2] as number;
    const y = points[i * 2 + 1] as number;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, maxY - minY);
  const scale = span > 0 ? 1 / span : 0;
  const offX = (1 - (maxX - minX) * scale) / 2;
  const offY = (1 - (maxY - minY) * scale) / 2;
  for (let i = 0; i < n; i++) {
    points[i * 2] = Math.min(1, Math.max(0, ((points[i * 2] as number) - minX) * scale + offX));
    points[i * 2 + 1] = Math.min(1, Math.max(0, ((points[i * 2 + 1] as number) - minY) * scale + offY));
  }
  return points;
}

/**
 * Trustworthiness (Venna & Kaski; as in scikit-learn): 1 minus a penalty for points that are
 * among a point's k nearest in `low` but not in `high`, weighted by how far down the
 * high-dimensional ranking they are. 1 = no false neighbours. O(n^2): for tests and benchmarks.
 */
export function trustworthiness(high: Matrix, low: Matrix, k: number): number {
  const n = high.rows;
  if (low.rows !== n) throw new Error("trustworthiness: high and low need the same rows");
  if (!(k >= 1 && k < n / 2)) throw new Error(`trustworthiness: need 1 <= k < n/2, got k=${k}, n=${n}`);
  const rankHigh = new Int32Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    // Rank 1 = nearest other point in the original space.
    const byHigh = othersByDistance(high, i);
    byHigh.forEach((j, r) => {
      rankHigh[j] = r + 1;
    });
    const byLow = othersByDistance(low, i);
    for (let r = 0; r < k; r++) {
      const j = byLow[r] as number;
      const rank = rankHigh[j] as number;
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

function othersByDistance(m: Matrix, i: number): number[] {
  const dist = new Float64Array(m.rows);
  const others: number[] = [];
  for (let j = 0; j < m.rows; j++) {
    if (j === i) continue;
    dist[j] = squaredDistance(m.data, i, m.data, j, m.cols);
    others.push(j);
  }
  return others.sort((a, b) => (dist[a] as number) - (dist[b] as number) || a - b);
}

function rowsAsArrays(m: Matrix): number[][] {
  return range(m.rows).map((row) => Array.from(m.data.subarray(row * m.cols, row * m.cols + m.cols)));
}

function setPoint(out: Float32Array, row: number, point: readonly number[] | undefined): void {
  out[row * 2] = point?.[0] ?? 0;
  out[row * 2 + 1] = point?.[1] ?? 0;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
