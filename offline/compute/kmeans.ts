/**
 * Lloyd's k-means with k-means++ seeding, shared by palettes (3-d OKLab pixels) and clusters
 * (normalised embeddings). Seeded, and every tie broken by index, so results are reproducible.
 *
 * By default Lloyd runs until no point changes cluster. On large collections that last stretch
 * (a few boundary points moving each pass while the inertia changes in its sixth digit) grows with n,
 * so callers there set `tolerance` (stop once a pass improves the inertia by less than that
 * share) and `seedSample` (k-means++ on a seeded sample of the rows rather than all of them).
 */
import { squaredDistance } from "./matrix";
import { Rng } from "./random.ts";

export interface KMeansOptions {
  seed?: number;
  maxIterations?: number;
  /** Independent seedings; the one with the lowest inertia wins (guards against a bad start). */
  restarts?: number;
  /** Per-row weights (e.g. pixel counts); all 1 when absent. */
  weights?: Float32Array;
  /**
   * Stop when a pass lowers the inertia by less than this share of it (0, the default: only when
   * no point changes cluster, or after maxIterations).
   */
  tolerance?: number;
  /** Seed each restart from at most this many rows, drawn with the seeded generator (default: all rows). */
  seedSample?: number;
}

export interface KMeansResult {
  /** May be below the requested k when the data has fewer distinct points. */
  k: number;
  /** k x cols, row-major. */
  centres: Float32Array;
  /** Centre index of every row. */
  assignment: Int32Array;
  /** Weighted sum of squared distances to the assigned centres. */
  inertia: number;
  iterations: number;
}

export function kmeans(data: Float32Array, rows: number, cols: number, k: number, options: KMeansOptions = {}): KMeansResult {
  if (data.length !== rows * cols) throw new Error(`kmeans: ${data.length} values do not make ${rows}x${cols}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`kmeans: k must be a positive integer, got ${k}`);
  if (options.weights && options.weights.length !== rows) throw new Error("kmeans: one weight per row");
  const rng = new Rng(options.seed ?? 0);
  const restarts = Math.max(1, options.restarts ?? 1);
  let best: KMeansResult | undefined;
  for (let r = 0; r < restarts; r++) {
    const result = lloyd(data, rows, cols, sampledSeeds(data, rows, cols, k, rng, options), options);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}

/** k-means++ centres from all rows, or from a seeded sample of `seedSample` rows when there are more. */
function sampledSeeds(data: Float32Array, rows: number, cols: number, k: number, rng: Rng, options: KMeansOptions): Float32Array {
  const limit = options.seedSample;
  if (limit === undefined || rows <= limit) return seedCentres(data, rows, cols, k, rng, options.weights);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`kmeans: seedSample must be a positive integer, got ${limit}`);
  // In row order, so the sample is read front to back.
  const picked = rng.sample(rows, limit).sort();
  const sample = new Float32Array(picked.length * cols);
  const weights = options.weights ? new Float32Array(picked.length) : undefined;
  picked.forEach((row, i) => {
    sample.set(data.subarray(row * cols, row * cols + cols), i * cols);
    if (weights) weights[i] = options.weights![row] as number;
  });
  return seedCentres(sample, picked.length, cols, k, rng, weights);
}

/** k-means++: each new centre drawn with probability proportional to weight x squared distance. */
export function seedCentres(data: Float32Array, rows: number, cols: number, k: number, rng: Rng, weights?: Float32Array): Float32Array {
  if (rows === 0) return new Float32Array(0);
  const chosen: number[] = [];
  const minDist = new Float64Array(rows).fill(Infinity);
  let next = pickWeighted(rows, rng, (i) => weights?.[i] ?? 1);
  while (next >= 0 && chosen.length < k) {
    chosen.push(next);
    for (let i = 0; i < rows; i++) {
      const d = squaredDistance(data, i, data, next, cols);
      if (d < (minDist[i] as number)) minDist[i] = d;
    }
    // All remaining mass zero: every point coincides with a centre, so stop short of k.
    next = pickWeighted(rows, rng, (i) => (weights?.[i] ?? 1) * (minDist[i] as number));
  }
  const centres = new Float32Array(chosen.length * cols);
  chosen.forEach((row, c) => centres.set(data.subarray(row * cols, row * cols + cols), c * cols));
  return centres;
}

function pickWeighted(rows: number, rng: Rng, mass: (i: number) => number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) total += mass(i);
  if (!(total > 0)) return -1;
  let target = rng.next() * total;
  let last = -1;
  for (let i = 0; i < rows; i++) {
    const m = mass(i);
    if (m <= 0) continue;
    last = i;
    target -= m;
    if (target < 0) return i;
  }
  return last; // rounding left a sliver of mass: take the last candidate
}

function lloyd(data: Float32Array, rows: number, cols: number, centres: Float32Array, options: KMeansOptions): KMeansResult {
  const k = centres.length / cols;
  const weights = options.weights;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 0;
  let previous = Infinity;
  const assignment = new Int32Array(rows).fill(-1);
  const distance = new Float64Array(rows);
  const sums = new Float64Array(k * cols);
  const mass = new Float64Array(k);
  let iterations = 0;
  let inertia = 0;
  for (;;) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < rows; i++) {
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = squaredDistance(data, i, centres, c, cols);
        if (d < bestD) {
          bestD = d;
          bestC = c;
        }
      }
      if (assignment[i] !== bestC) changed++;
      assignment[i] = bestC;
      distance[i] = bestD;
      inertia += (weights?.[i] ?? 1) * bestD;
    }
    if (changed === 0 || iterations >= maxIterations) break;
    // The inertia after this pass's assignment; a pass that barely improves it ends the run.
    if (tolerance > 0 && previous < Infinity && previous - inertia <= tolerance * previous) break;
    previous = inertia;
    iterations++;
    sums.fill(0);
    mass.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = assignment[i] as number;
      const w = weights?.[i] ?? 1;
      mass[c] = (mass[c] as number) + w;
      const o = i * cols;
      const s = c * cols;
      for (let j = 0; j < cols; j++) sums[s + j] = (sums[s + j] as number) + w * (data[o + j] as number);
    }
    for (let c = 0; c < k; c++) {
      const m = mass[c] as number;
      if (m > 0) {
        for (let j = 0; j < cols; j++) centres[c * cols + j] = (sums[c * cols + j] as number) / m;
        continue;
      }
      // An empty cluster takes over the point worst served by its centre, so k is kept.
      let far = 0;
      for (let i = 1; i < rows; i++) if ((distance[i] as number) > (distance[far] as number)) far = i;
      centres.set(data.subarray(far * cols, far * cols + cols), c * cols);
      distance[far] = 0;
    }
  }
  return { k, centres, assignment, inertia, iterations };
}
