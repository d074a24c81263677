/**
 * Exact top-K cosine neighbours of every row ("more like this" caches). Rows must be
 * L2-normalised, so a dot product is the cosine. Dot products are computed tile by tile
 * (a block of rows against a block of rows, both small enough to stay in cache), each pair
 * once (the score is symmetric), eight pairs per pass over the data, and each row keeps its
 * best K in a bounded min-heap.
 */
import type { Matrix } from "./matrix.ts";

export interface NeighbourOptions {
  /** Pairs never to return, e.g. two listings of the same work; should be symmetric. */
  exclude?: (i: number, j: number) => boolean;
  /** Rows per tile; 128 x 512 floats = 256 KiB, about an L2 cache. */
  blockSize?: number;
}

export interface Neighbours {
  k: number;
  /** rows x k, best first; -1 where a row has fewer than k candidates. */
  ids: Int32Array;
  /** Cosines matching `ids`; -Infinity in unfilled slots. */
  scores: Float32Array;
}

export function topKNeighbours(m: Matrix, k: number, options: NeighbourOptions = {}): Neighbours {
  const { data, rows: n, cols: d } = m;
  if (!Number.isInteger(k) || k < 1) throw new Error(`topKNeighbours: k must be a positive integer, got ${k}`);
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
    // Sift up from the new leaf.
    let pos = size;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const ps = heapScore[base + parent] as number;
      if (ps < score || (ps === score && (heapId[base + parent] as number) > j)) break;
      heapScore[base + pos] = ps;
      heapId[base + pos] = heapId[base + parent] as number;
      pos = parent;
    }
    heapScore[base + pos] = score;
    heapId[base + pos] = j;
    heapSize[i] = size + 1;
    return;
  }
  const rootScore = heapScore[base] as number;
  if (score < rootScore || (score === rootScore && j > (heapId[base] as number))) return; // the common case: not good enough
  // Replace the root and sift down.
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && worse(heapScore, heapId, base + right, base + left)) child = right;
    const cs = heapScore[base + child] as number;
    const cid = heapId[base + child] as number;
    if (score < cs || (score === cs && j > cid)) break; // candidate is worse than both children
    heapScore[base + pos] = cs;
    heapId[base + pos] = cid;
    pos = child;
  }
  heapScore[base + pos] = score;
  heapId[base + pos] = j;
}
