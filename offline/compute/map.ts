/**
 * The 2-D explore map: UMAP (umap-js) over L2-normalised embeddings, where Euclidean distance
 * orders pairs as cosine does. umap-js is given a seeded random source so a re-run draws the same
 * map. Large collections are fitted on a seeded sample and the rest placed with `transform`,
 * which keeps time and memory bounded past 100k works.
 */
import { UMAP } from "umap-js";
import { type Matrix, l2NormaliseRows, squaredDistance } from "./matrix.ts";
import { Rng } from "./random.ts";

export interface MapOptions {
  seed?: number;
  /** Above this many rows, fit on a sample of this size and transform the others. */
  fitLimit?: number;
  nNeighbors?: number;
  minDist?: number;
  nEpochs?: number;
  /** Rows per `transform` call, bounding the memory of the number[][] copies umap-js needs. */
  transformBatch?: number;
}

/**
 * Returns rows x 2 coordinates in [0,1]^2. Both axes share one scale (the map's shape is kept):
 * the longer side spans [0,1] and the shorter is centred.
 */
export function umapLayout(m: Matrix, options: MapOptions = {}): Float32Array {
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
  const normalised = l2NormaliseRows(m);
  const rng = new Rng(options.seed ?? 0);
  const fitLimit = Math.max(3, options.fitLimit ?? 10_000);
  const fitRows = n > fitLimit ? Array.from(rng.sample(n, fitLimit)).sort((a, b) => a - b) : range(n);

  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? 15, fitRows.length - 1),
    minDist: options.minDist ?? 0.1,
    ...(options.nEpochs !== undefined ? { nEpochs: options.nEpochs } : {}),
    random: rng.asFunction(),
  });
  const fitted = umap.fit(rowsAsArrays(normalised, fitRows));
  fitRows.forEach((row, i) => setPoint(out, row, fitted[i]));

  if (fitRows.length < n) {
    const inFit = new Uint8Array(n);
    for (const row of fitRows) inFit[row] = 1;
    const rest = range(n).filter((row) => inFit[row] === 0);
    const batch = Math.max(1, options.transformBatch ?? 5_000);
    for (let start = 0; start < rest.length; start += batch) {
      const rows = rest.slice(start, start + batch);
      const placed = umap.transform(rowsAsArrays(normalised, rows));
      rows.forEach((row, i) => setPoint(out, row, placed[i]));
    }
  }
  return normaliseToUnitSquare(out);
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

function rowsAsArrays(m: Matrix, rows: readonly number[]): number[][] {
  return rows.map((row) => Array.from(m.data.subarray(row * m.cols, row * m.cols + m.cols)));
}

function setPoint(out: Float32Array, row: number, point: readonly number[] | undefined): void {
  out[row * 2] = point?.[0] ?? 0;
  out[row * 2 + 1] = point?.[1] ?? 0;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
