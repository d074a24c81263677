/**
 * Exact top-K cosine neighbours of every row ("more like this" caches). Rows must be
 * L2-normalised, so a dot product is the cosine.
 *
 * Two kernels give the same bytes:
 * - "gemm" (large inputs): tiles of the score matrix X·Xᵀ are computed as matrix products by
 *   onnxruntime's Gemm in a worker thread (tile-products.ts), upper triangle only (the score is
 *   symmetric), while this thread reads the previous tile and offers scores to both rows'
 *   bounded heaps. The same graph lists the entries at or above their row's or column's current
 *   threshold, so past the first (diagonal) tiles only those few are read. Gemm's float32 sums
 *   are estimates within a proven bound of the exact score, so each row also keeps every
 *   candidate within twice that bound of its k-th best; when a row has seen every pair, its
 *   survivors (about k) are re-scored exactly, in index order as the scalar kernel sums, and
 *   the best k kept, ties broken by id. The result is exact and does not depend on the thread
 *   count, the tile size or the CPU's Gemm kernel: the same bytes as the scalar kernel.
 * - "scalar" (small inputs): every pair once, in JavaScript, tile by tile.
 */
import { availableParallelism } from "node:os";
import type { Matrix } from "./matrix.ts";
import { float32Floor, gemmErrorBound, TileProducts, type TileRequest } from "./tile-products.ts";

export interface NeighbourOptions {
  /** Pairs never to return, e.g. two listings of the same work; should be symmetric. */
  exclude?: (i: number, j: number) => boolean;
  /** "auto" (default): gemm from GEMM_MIN_ROWS rows up, scalar below. */
  kernel?: "auto" | "gemm" | "scalar";
  /** Scalar kernel: rows per tile; 128 x 512 floats = 256 KiB, about an L2 cache. */
  blockSize?: number;
  /** Gemm kernel: rows (and columns) per tile of the score matrix. */
  tileSize?: number;
  /** Gemm kernel: onnxruntime intra-op threads (default: the machine's cores). Results do not depend on it. */
  threads?: number;
}

export interface Neighbours {
  k: number;
  /** rows x k, best first; -1 where a row has fewer than k candidates. */
  ids: Int32Array;
  /** Cosines matching `ids`; -Infinity in unfilled slots. */
  scores: Float32Array;
}

/** Below this many rows the worker's start-up (about 0.2 s) costs more than the scalar kernel. */
export const GEMM_MIN_ROWS = 2000;

export function topKNeighbours(m: Matrix, k: number, options: NeighbourOptions = {}): Neighbours {
  if (!Number.isInteger(k) || k < 1) throw new Error(`topKNeighbours: k must be a positive integer, got ${k}`);
  const kernel = options.kernel ?? "auto";
  if (kernel === "gemm" || (kernel === "auto" && m.rows >= GEMM_MIN_ROWS)) return topKByGemm(m, k, options);
  return topKScalar(m, k, options);
}

function topKByGemm(m: Matrix, k: number, options: NeighbourOptions): Neighbours {
  const { data, rows: n, cols: d } = m;
  const ids = new Int32Array(n * k).fill(-1);
  const scores = new Float32Array(n * k).fill(-Infinity);
  if (n === 0) return { k, ids, scores };
  const exclude = options.exclude;
  const tile = Math.max(1, options.tileSize ?? 1024);
  const threads = options.threads ?? defaultGemmThreads();

  const { norms, maxNorm } = rowNorms(m);
  // A true top-k candidate's estimate is at most `margin` below the k-th best estimate.
  const margin = 2 * gemmErrorBound(d, maxNorm, maxNorm);
  const heap = new ApproxHeaps(n, k, margin);
  const thresh = heap.thresh;
  const rescore = new ExactRescore(m, k, norms, ids, scores);

  // Diagonal tiles first: after them every row has a full heap and a threshold, so the other
  // tiles (the bulk) only have a few entries worth reading. Then row block by row block: once
  // block I's row of tiles is read, its rows have seen every pair and are re-scored while the
  // worker multiplies the next tiles.
  const tiles: TileRequest[] = [];
  for (let i0 = 0; i0 < n; i0 += tile) tiles.push({ i0, i1: Math.min(n, i0 + tile), j0: i0, j1: Math.min(n, i0 + tile) });
  for (let i0 = 0; i0 < n; i0 += tile) {
    for (let j0 = i0 + tile; j0 < n; j0 += tile) tiles.push({ i0, i1: Math.min(n, i0 + tile), j0, j1: Math.min(n, j0 + tile) });
  }
  const floors = (from: number, to: number) => thresholdFloors(thresh, from, to);
  let finished = 0; // rows [0, finished) are re-scored
  const products = new TileProducts(data, n, d, { threads });
  try {
    // A tile's floors are its rows' and columns' thresholds when it is asked for.
    const floorsOf = ({ i0, i1, j0, j1 }: TileRequest) => ({ rows: floors(i0, i1), cols: floors(j0, j1) });
    products.forEachTile(tiles, floorsOf, ({ i0, i1, j0, j1 }, { scores: tileScores, hits }) => {
      const width = j1 - j0;
      const diagonal = i0 === j0;
      // Each score is offered to row i (candidate j) and to row j (candidate i) when it reaches
      // that row's threshold; on a diagonal tile only the pairs above the diagonal (j > i).
      if (hits) {
        for (let h = 0; h < hits.length; h++) {
          const p = hits[h] as number;
          const r = (p / width) | 0;
          const i = i0 + r;
          const j = j0 + (p - r * width);
          if (diagonal && j <= i) continue;
          const s = tileScores[p] as number;
          if (s >= (thresh[i] as number) && (!exclude || !exclude(i, j))) heap.offer(i, j, s);
          if (s >= (thresh[j] as number) && (!exclude || !exclude(j, i))) heap.offer(j, i, s);
        }
      } else {
        for (let i = i0; i < i1; i++) {
          const o = (i - i0) * width - j0;
          let ti = thresh[i] as number;
          for (let j = diagonal ? i + 1 : j0; j < j1; j++) {
            const s = tileScores[o + j] as number;
            if (s >= ti) {
              if (!exclude || !exclude(i, j)) heap.offer(i, j, s);
              ti = thresh[i] as number;
            }
            if (s >= (thresh[j] as number) && (!exclude || !exclude(j, i))) heap.offer(j, i, s);
          }
        }
      }
      if (!diagonal && j1 === n) {
        for (; finished < i1; finished++) rescore.row(finished, heap);
      }
    });
  } finally {
    products.close();
  }
  for (; finished < n; finished++) rescore.row(finished, heap);
  return { k, ids, scores };
}

/**
 * Exact top-k of each query row among the candidate rows, where the candidates are rows
 * [0, split) of `m` and the queries rows [split, rows). Same method and guarantees as the gemm
 * kernel above (Gemm estimates, then every survivor re-scored exactly; ties by id), over the
 * rectangle queries x candidates only. Used to place the items a map was not fitted on.
 * `ids` / `scores` have (rows - split) x k entries, query by query.
 */
export function topKAmong(m: Matrix, split: number, k: number, options: Pick<NeighbourOptions, "tileSize" | "threads"> = {}): Neighbours {
  if (!Number.isInteger(k) || k < 1) throw new Error(`topKAmong: k must be a positive integer, got ${k}`);
  if (!Number.isInteger(split) || split < 0 || split > m.rows) throw new Error(`topKAmong: split must be within 0..${m.rows}, got ${split}`);
  const { data, rows: n, cols: d } = m;
  const queries = n - split;
  // Heaps and re-scoring work on row numbers of `m`; only the query rows are filled.
  const allIds = new Int32Array(n * k).fill(-1);
  const allScores = new Float32Array(n * k).fill(-Infinity);
  if (queries > 0 && split > 0) {
    const tile = Math.max(1, options.tileSize ?? 1024);
    const { norms, maxNorm } = rowNorms(m);
    const heap = new ApproxHeaps(n, k, 2 * gemmErrorBound(d, maxNorm, maxNorm));
    const thresh = heap.thresh;
    const rescore = new ExactRescore(m, k, norms, allIds, allScores);
    const tiles: TileRequest[] = [];
    for (let i0 = split; i0 < n; i0 += tile) {
      for (let j0 = 0; j0 < split; j0 += tile) tiles.push({ i0, i1: Math.min(n, i0 + tile), j0, j1: Math.min(split, j0 + tile) });
    }
    // Columns never qualify by their own floor: only the query rows collect candidates.
    const noColumnFloor = (width: number) => new Float32Array(width).fill(Infinity);
    const products = new TileProducts(data, n, d, { threads: options.threads ?? defaultGemmThreads() });
    try {
      const floorsOf = ({ i0, i1, j0, j1 }: TileRequest) => ({ rows: thresholdFloors(thresh, i0, i1), cols: noColumnFloor(j1 - j0) });
      products.forEachTile(tiles, floorsOf, ({ i0, i1, j0, j1 }, { scores: tileScores, hits }) => {
        const width = j1 - j0;
        if (hits) {
          for (let h = 0; h < hits.length; h++) {
            const p = hits[h] as number;
            const r = (p / width) | 0;
            const s = tileScores[p] as number;
            if (s >= (thresh[i0 + r] as number)) heap.offer(i0 + r, j0 + (p - r * width), s);
          }
        } else {
          for (let i = i0; i < i1; i++) {
            const o = (i - i0) * width - j0;
            for (let j = j0; j < j1; j++) {
              const s = tileScores[o + j] as number;
              if (s >= (thresh[i] as number)) heap.offer(i, j, s);
            }
          }
        }
        // The last column block of a row block: those queries have seen every candidate.
        if (j1 === split) for (let i = i0; i < i1; i++) rescore.row(i, heap);
      });
    } finally {
      products.close();
    }
  }
  return { k, ids: allIds.slice(split * k), scores: allScores.slice(split * k) };
}

/** Rows from..to-1's thresholds as float32 floors for the Gemm graph (never above a threshold). */
function thresholdFloors(thresh: Float64Array, from: number, to: number): Float32Array {
  const out = new Float32Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = float32Floor(thresh[i] as number);
  return out;
}

/** Euclidean norm of every row, and the largest: the scale of Gemm's error bound. */
function rowNorms(m: Matrix): { norms: Float64Array; maxNorm: number } {
  const { data, rows: n, cols: d } = m;
  const norms = new Float64Array(n);
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0, o = i * d; c < d; c++) sum += (data[o + c] as number) ** 2;
    norms[i] = Math.sqrt(sum);
    if ((norms[i] as number) > maxNorm) maxNorm = norms[i] as number;
  }
  return { norms, maxNorm };
}

/**
 * ORT threads for the Gemm: every core. This thread's own share (reading hits, re-scoring) is a
 * few percent of the work past the first tiles, and it mostly waits on the Gemm.
 */
function defaultGemmThreads(): number {
  return availableParallelism();
}

/**
 * Final lists: each row's surviving candidates scored exactly (float64, index order, as dot()),
 * checked against the Gemm estimate's error bound, sorted by score then id, best k kept.
 */
class ExactRescore {
  private readonly candId: number[] = [];
  private readonly candEstimate: number[] = [];
  private readonly candExact: number[] = [];
  private readonly order: number[] = [];
  private readonly four = new Float64Array(4);

  constructor(
    private readonly m: Matrix,
    private readonly k: number,
    private readonly norms: Float64Array,
    private readonly ids: Int32Array,
    private readonly scores: Float32Array,
  ) {}

  row(i: number, heap: ApproxHeaps): void {
    const { candId, candEstimate, candExact, order, four, k } = this;
    const { data, cols: d } = this.m;
    candId.length = 0;
    candEstimate.length = 0;
    heap.survivors(i, (j, estimate) => {
      candId.push(j);
      candEstimate.push(estimate);
    });
    const count = candId.length;
    candExact.length = count;
    const oi = i * d;
    // Four candidates per pass over row i; each sum still runs in index order.
    let c = 0;
    for (; c + 3 < count; c += 4) {
      dot4(data, oi, (candId[c] as number) * d, (candId[c + 1] as number) * d, (candId[c + 2] as number) * d, (candId[c + 3] as number) * d, d, four);
      for (let q = 0; q < 4; q++) candExact[c + q] = four[q] as number;
    }
    for (; c < count; c++) candExact[c] = dot(data, oi, (candId[c] as number) * d, d);
    for (c = 0; c < count; c++) {
      const j = candId[c] as number;
      const exact = candExact[c] as number;
      const estimate = candEstimate[c] as number;
      if (!(Math.abs(exact - estimate) <= gemmErrorBound(d, this.norms[i] as number, this.norms[j] as number))) {
        throw new Error(`topKNeighbours: Gemm's score for (${i}, ${j}) is ${estimate}, the exact one ${exact}: outside the float32 error bound (is a reduced-precision kernel enabled?)`);
      }
    }
    order.length = 0;
    for (c = 0; c < count; c++) order.push(c);
    order.sort((a, b) => (candExact[b] as number) - (candExact[a] as number) || (candId[a] as number) - (candId[b] as number));
    const base = i * k;
    for (let r = 0; r < Math.min(k, count); r++) {
      this.ids[base + r] = candId[order[r]!] as number;
      this.scores[base + r] = candExact[order[r]!] as number;
    }
  }
}

/**
 * Per row, a min-heap of its k best estimates (root: the worst kept), plus a spill list of
 * candidates that lost their place, or never won one, by less than `margin`: any of them may
 * still be in the exact top k. `thresh[i]` is the lowest estimate still worth offering to row i.
 */
class ApproxHeaps {
  readonly thresh: Float64Array;
  private readonly score: Float64Array;
  private readonly id: Int32Array;
  private readonly size: Int32Array;
  private readonly spill: Array<number[] | undefined>;
  private readonly spillLimit: Int32Array;

  constructor(
    n: number,
    private readonly k: number,
    private readonly margin: number,
  ) {
    this.thresh = new Float64Array(n).fill(-Infinity);
    this.score = new Float64Array(n * k);
    this.id = new Int32Array(n * k);
    this.size = new Int32Array(n);
    this.spill = new Array<number[] | undefined>(n);
    this.spillLimit = new Int32Array(n).fill(64);
  }

  /** Offer j (estimate s) to row i; the caller has checked s >= thresh[i]. */
  offer(i: number, j: number, s: number): void {
    const { k, score, id } = this;
    const base = i * k;
    const size = this.size[i] as number;
    if (size < k) {
      pushHeap(score, id, base, size, j, s);
      this.size[i] = size + 1;
      if (size + 1 === k) this.thresh[i] = (score[base] as number) - this.margin;
      return;
    }
    const rootScore = score[base] as number;
    const rootId = id[base] as number;
    if (s < rootScore || (s === rootScore && j > rootId)) {
      this.addSpill(i, j, s);
      return;
    }
    siftDown(score, id, base, k, j, s);
    this.thresh[i] = (score[base] as number) - this.margin;
    if (rootScore >= (this.thresh[i] as number)) this.addSpill(i, rootId, rootScore);
  }

  /** Every candidate of row i that may be in its exact top k, with its estimate. */
  survivors(i: number, visit: (j: number, estimate: number) => void): void {
    const base = i * this.k;
    const size = this.size[i] as number;
    for (let s = 0; s < size; s++) visit(this.id[base + s] as number, this.score[base + s] as number);
    const list = this.spill[i];
    if (!list) return;
    const floor = this.thresh[i] as number;
    for (let p = 0; p < list.length; p += 2) if ((list[p + 1] as number) >= floor) visit(list[p] as number, list[p + 1] as number);
  }

  private addSpill(i: number, j: number, s: number): void {
    let list = this.spill[i];
    if (!list) this.spill[i] = list = [];
    list.push(j, s);
    if (list.length <= (this.spillLimit[i] as number)) return;
    // Drop what the threshold has since passed; near-ties that remain may grow the list.
    const floor = this.thresh[i] as number;
    let w = 0;
    for (let p = 0; p < list.length; p += 2) {
      if ((list[p + 1] as number) >= floor) {
        list[w++] = list[p] as number;
        list[w++] = list[p + 1] as number;
      }
    }
    list.length = w;
    this.spillLimit[i] = Math.max(64, 2 * w);
  }
}

/** Replace the root (the worst kept) of the min-heap at `base` with (j, s) and sift it down. */
function siftDown(score: Float64Array, id: Int32Array, base: number, k: number, j: number, s: number): void {
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && worse(score, id, base + right, base + left)) child = right;
    const cs = score[base + child] as number;
    const cid = id[base + child] as number;
    if (s < cs || (s === cs && j > cid)) break; // the candidate is worse than both children
    score[base + pos] = cs;
    id[base + pos] = cid;
    pos = child;
  }
  score[base + pos] = s;
  id[base + pos] = j;
}

/** The scalar kernel: each pair scored once in JavaScript, eight pairs per pass over the data. */
function topKScalar(m: Matrix, k: number, options: NeighbourOptions): Neighbours {
  const { data, rows: n, cols: d } = m;
  const exclude = options.exclude;
  const block = Math.max(1, options.blockSize ?? 128);
  // Heap scores in float64 so comparisons see exactly the computed dot product.
  const heapScore = new Float64Array(n * k);
  const heapId = new Int32Array(n * k);
  const heapSize = new Int32Array(n);
  // Each pair is scored once and offered to both rows.
  const consider = (i: number, j: number, score: number): void => {
    if (!exclude || !exclude(i, j)) offer(heapScore, heapId, heapSize, k, i, j, score);
    if (!exclude || !exclude(j, i)) offer(heapScore, heapId, heapSize, k, j, i, score);
  };

  for (let i0 = 0; i0 < n; i0 += block) {
    const i1 = Math.min(n, i0 + block);
    for (let j0 = i0; j0 < n; j0 += block) {
      const j1 = Math.min(n, j0 + block);
      // Two rows at a time against four columns: eight dot products share each pass over
      // the data, so every value loaded feeds two or four multiply-adds.
      let i = i0;
      for (; i + 1 < i1; i += 2) {
        const oa = i * d;
        const ob = oa + d;
        let j = j0;
        if (j0 === i0) {
          // Diagonal tile: the pair (i, i+1) itself, then columns past both rows.
          consider(i, i + 1, dot(data, oa, ob, d));
          j = i + 2;
        }
        for (; j + 3 < j1; j += 4) {
          const o0 = j * d;
          const o1 = o0 + d;
          const o2 = o1 + d;
          const o3 = o2 + d;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let b0 = 0;
          let b1 = 0;
          let b2 = 0;
          let b3 = 0;
          for (let c = 0; c < d; c++) {
            const x = data[oa + c] as number;
            const y = data[ob + c] as number;
            const v0 = data[o0 + c] as number;
            const v1 = data[o1 + c] as number;
            const v2 = data[o2 + c] as number;
            const v3 = data[o3 + c] as number;
            a0 += x * v0;
            a1 += x * v1;
            a2 += x * v2;
            a3 += x * v3;
            b0 += y * v0;
            b1 += y * v1;
            b2 += y * v2;
            b3 += y * v3;
          }
          consider(i, j, a0);
          consider(i, j + 1, a1);
          consider(i, j + 2, a2);
          consider(i, j + 3, a3);
          consider(i + 1, j, b0);
          consider(i + 1, j + 1, b1);
          consider(i + 1, j + 2, b2);
          consider(i + 1, j + 3, b3);
        }
        for (; j < j1; j++) {
          consider(i, j, dot(data, oa, j * d, d));
          consider(i + 1, j, dot(data, ob, j * d, d));
        }
      }
      // An odd last row of the tile.
      for (; i < i1; i++) {
        for (let j = j0 === i0 ? i + 1 : j0; j < j1; j++) consider(i, j, dot(data, i * d, j * d, d));
      }
    }
  }

  // Drain each heap into best-first order.
  const ids = new Int32Array(n * k).fill(-1);
  const scores = new Float32Array(n * k).fill(-Infinity);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * k;
    const size = heapSize[i] as number;
    order.length = 0;
    for (let s = 0; s < size; s++) order.push(s);
    order.sort((a, b) => (worse(heapScore, heapId, base + b, base + a) ? -1 : 1));
    order.forEach((slot, rank) => {
      ids[base + rank] = heapId[base + slot] as number;
      scores[base + rank] = heapScore[base + slot] as number;
    });
  }
  return { k, ids, scores };
}

/** Plain dot product, summed in index order like the kernel above (so scores agree bit for bit). */
function dot(data: Float32Array, oa: number, ob: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += (data[oa + c] as number) * (data[ob + c] as number);
  return s;
}

/** dot() of row `oa` with four rows at once (shared loads of `oa`), each summed in index order. */
function dot4(data: Float32Array, oa: number, o0: number, o1: number, o2: number, o3: number, d: number, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let c = 0; c < d; c++) {
    const x = data[oa + c] as number;
    s0 += x * (data[o0 + c] as number);
    s1 += x * (data[o1 + c] as number);
    s2 += x * (data[o2 + c] as number);
    s3 += x * (data[o3 + c] as number);
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** Slot a is worse than slot b: lower score, or an equal score with a higher id. */
function worse(score: Float64Array, id: Int32Array, a: number, b: number): boolean {
  const sa = score[a] as number;
  const sb = score[b] as number;
  return sa < sb || (sa === sb && (id[a] as number) > (id[b] as number));
}

/** Offer candidate j (with `score`) to row i's min-heap, whose root is its worst kept neighbour. */
function offer(heapScore: Float64Array, heapId: Int32Array, heapSize: Int32Array, k: number, i: number, j: number, score: number): void {
  const base = i * k;
  const size = heapSize[i] as number;
  if (size < k) {
    pushHeap(heapScore, heapId, base, size, j, score);
    heapSize[i] = size + 1;
    return;
  }
  const rootScore = heapScore[base] as number;
  if (score < rootScore || (score === rootScore && j > (heapId[base] as number))) return; // the common case: not good enough
  siftDown(heapScore, heapId, base, k, j, score);
}

/** Add (j, s) as a new leaf of the min-heap at `base` holding `size` entries, and sift it up. */
function pushHeap(score: Float64Array, id: Int32Array, base: number, size: number, j: number, s: number): void {
  let pos = size;
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    const ps = score[base + parent] as number;
    if (ps < s || (ps === s && (id[base + parent] as number) > j)) break;
    score[base + pos] = ps;
    id[base + pos] = id[base + parent] as number;
    pos = parent;
  }
  score[base + pos] = s;
  id[base + pos] = j;
}
