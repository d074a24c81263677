/**
 * Exact top-K neighbours against a naive reference (both kernels: scalar, and Gemm tiles with
 * exact re-scoring), exclusion, ties, byte-for-byte determinism across thread counts and tile
 * sizes, and a timing line for 5000 x 512.
 */
import { describe, expect, it } from "vitest";
import { l2NormaliseRows, matrix, type Matrix } from "../../../../offline/compute/matrix.ts";
import { type Neighbours, topKAmong, topKNeighbours } from "../../../../offline/compute/neighbours.ts";
import { Rng } from "../../../../offline/compute/random.ts";
import { float32Floor, gemmErrorBound } from "../../../../offline/compute/tile-products.ts";
import { randomUnitRows } from "./helpers.ts";

/** O(n^2 log n): score every pair, sort by score then id, keep k. */
function naive(m: Matrix, k: number, exclude?: (i: number, j: number) => boolean): { ids: number[][]; scores: number[][] } {
  const ids: number[][] = [];
  const scores: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    const row: Array<{ j: number; s: number }> = [];
    for (let j = 0; j < m.rows; j++) {
      if (j === i || exclude?.(i, j)) continue;
      let s = 0;
      for (let c = 0; c < m.cols; c++) s += m.data[i * m.cols + c]! * m.data[j * m.cols + c]!;
      row.push({ j, s });
    }
    row.sort((a, b) => b.s - a.s || a.j - b.j);
    ids.push(row.slice(0, k).map((r) => r.j));
    scores.push(row.slice(0, k).map((r) => r.s));
  }
  return { ids, scores };
}

function rowsOf<T extends Int32Array | Float32Array>(flat: T, k: number): number[][] {
  return Array.from({ length: flat.length / k }, (_, i) => Array.from(flat.subarray(i * k, i * k + k)));
}

function bytes(found: Neighbours): Buffer {
  return Buffer.concat([Buffer.from(found.ids.buffer, found.ids.byteOffset, found.ids.byteLength), Buffer.from(found.scores.buffer, found.scores.byteOffset, found.scores.byteLength)]);
}

/**
 * Rows built to tie: `distinct` unit vectors, each repeated `copies` times exactly and again
 * nudged by less than the Gemm's error bound, so many estimates fall within the margin of a
 * row's k-th best and the exact re-scoring has to sort them out (by score, then id).
 */
function nearTies(distinct: number, copies: number, d: number, seed: number): Matrix {
  const base = randomUnitRows(distinct, d, seed);
  const rng = new Rng(seed + 1);
  const n = distinct * copies * 2;
  const data = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const src = rng.int(distinct);
    for (let c = 0; c < d; c++) {
      const v = base.data[src * d + c]!;
      data[r * d + c] = r % 2 ? v : v * (1 + (rng.next() - 0.5) * 1e-6);
    }
  }
  return matrix(data, n, d);
}

describe("topKNeighbours", () => {
  const m = randomUnitRows(500, 32, 11);

  it("matches the naive reference exactly (n=500, d=32, k=10), for several block sizes", () => {
    const expected = naive(m, 10);
    for (const blockSize of [1, 7, 64, 128, 1000]) {
      const got = topKNeighbours(m, 10, { blockSize, kernel: "scalar" });
      expect(rowsOf(got.ids, 10)).toEqual(expected.ids);
      // Same summation order as the reference, so scores agree to the last bit (after float32).
      expect(rowsOf(got.scores, 10)).toEqual(expected.scores.map((row) => row.map((s) => Math.fround(s))));
    }
  });

  it("never returns a row as its own neighbour, and honours exclude()", () => {
    // Rows in the same group of five are "duplicates of the same work".
    const exclude = (i: number, j: number) => Math.floor(i / 5) === Math.floor(j / 5);
    const got = topKNeighbours(m, 24, { exclude });
    expect(rowsOf(got.ids, 24)).toEqual(naive(m, 24, exclude).ids);
    rowsOf(got.ids, 24).forEach((row, i) => {
      for (const j of row) {
        expect(j).not.toBe(i);
        expect(Math.floor(j / 5)).not.toBe(Math.floor(i / 5));
      }
    });
  });

  it("fills missing slots with -1 / -Infinity when there are fewer than k candidates", () => {
    const small = randomUnitRows(4, 8, 2);
    const got = topKNeighbours(small, 5);
    for (let i = 0; i < 4; i++) {
      expect(Array.from(got.ids.subarray(i * 5 + 3, i * 5 + 5))).toEqual([-1, -1]);
      expect(got.scores[i * 5 + 4]).toBe(-Infinity);
    }
    expect(topKNeighbours(randomUnitRows(0, 8, 2), 3).ids).toHaveLength(0);
  });

  it("is in range for unit rows: scores within [-1, 1], descending", () => {
    const got = topKNeighbours(m, 10);
    for (let i = 0; i < m.rows; i++) {
      for (let r = 0; r < 10; r++) {
        const s = got.scores[i * 10 + r]!;
        expect(Math.abs(s)).toBeLessThanOrEqual(1 + 1e-6);
        if (r > 0) expect(s).toBeLessThanOrEqual(got.scores[i * 10 + r - 1]!);
      }
    }
  });

  // Three of the default 1,024-row tiles, the last one partial; `npm run bench -- neighbours` times the kernels.
  it("gives the same bytes from both kernels at n=2500, d=512, k=24 with the default tiles and threads", () => {
    const big = randomUnitRows(2500, 512, 5);
    const results = (["gemm", "scalar"] as const).map((kernel) => {
      const got = topKNeighbours(big, 24, { kernel });
      expect(got.ids).toHaveLength(2500 * 24);
      return bytes(got);
    });
    expect(results[0]!.equals(results[1]!)).toBe(true);
  });
});

describe("topKNeighbours, Gemm kernel", () => {
  const m = randomUnitRows(500, 32, 11);

  it("matches the naive reference exactly, ids and scores to the last bit, for several tile sizes", () => {
    const expected = naive(m, 10);
    for (const tileSize of [64, 100, 500, 4096]) {
      const got = topKNeighbours(m, 10, { kernel: "gemm", tileSize, threads: 1 });
      expect(rowsOf(got.ids, 10)).toEqual(expected.ids);
      expect(rowsOf(got.scores, 10)).toEqual(expected.scores.map((row) => row.map((s) => Math.fround(s))));
    }
  });

  it("honours exclude() and never returns a row as its own neighbour", () => {
    const exclude = (i: number, j: number) => Math.floor(i / 5) === Math.floor(j / 5);
    const got = topKNeighbours(m, 24, { kernel: "gemm", tileSize: 128, exclude });
    expect(rowsOf(got.ids, 24)).toEqual(naive(m, 24, exclude).ids);
    expect(bytes(got).equals(bytes(topKNeighbours(m, 24, { kernel: "scalar", exclude })))).toBe(true);
  });

  it("sorts exact ties by id and near-ties (within float32 rounding) by their exact scores", () => {
    const tied = nearTies(12, 20, 64, 3);
    for (const exclude of [undefined, (i: number, j: number) => i % 7 === j % 7]) {
      const want = naive(tied, 24, exclude);
      const got = topKNeighbours(tied, 24, { kernel: "gemm", tileSize: 96, threads: 1, exclude });
      expect(rowsOf(got.ids, 24)).toEqual(want.ids);
      expect(rowsOf(got.scores, 24)).toEqual(want.scores.map((row) => row.map((s) => Math.fround(s))));
    }
  });

  it("gives the same bytes run to run, whatever the thread count and tile size", () => {
    const data = l2NormaliseRows(nearTies(40, 30, 48, 9));
    const reference = bytes(topKNeighbours(data, 24, { kernel: "scalar" }));
    for (const [threads, tileSize] of [[1, 1024], [2, 1024], [1, 200], [2, 333], [1, 1024]] as const) {
      expect(bytes(topKNeighbours(data, 24, { kernel: "gemm", threads, tileSize })).equals(reference)).toBe(true);
    }
  });

  it("fills missing slots with -1 / -Infinity, and handles an empty matrix", () => {
    const small = randomUnitRows(4, 8, 2);
    const got = topKNeighbours(small, 5, { kernel: "gemm" });
    expect(bytes(got).equals(bytes(topKNeighbours(small, 5, { kernel: "scalar" })))).toBe(true);
    expect(Array.from(got.ids.subarray(3, 5))).toEqual([-1, -1]);
    expect(topKNeighbours(randomUnitRows(0, 8, 2), 3, { kernel: "gemm" }).ids).toHaveLength(0);
  });
});

describe("topKAmong (queries against candidate rows)", () => {
  const m = randomUnitRows(700, 32, 13);
  const split = 400;

  /** Each query row's top k among rows [0, split), by the same order as naive(). */
  function naiveAmong(k: number): { ids: number[][]; scores: number[][] } {
    const ids: number[][] = [];
    const scores: number[][] = [];
    for (let i = split; i < m.rows; i++) {
      const row: Array<{ j: number; s: number }> = [];
      for (let j = 0; j < split; j++) {
        let s = 0;
        for (let c = 0; c < m.cols; c++) s += m.data[i * m.cols + c]! * m.data[j * m.cols + c]!;
        row.push({ j, s });
      }
      row.sort((a, b) => b.s - a.s || a.j - b.j);
      ids.push(row.slice(0, k).map((r) => r.j));
      scores.push(row.slice(0, k).map((r) => Math.fround(r.s)));
    }
    return { ids, scores };
  }

  it("matches the naive reference exactly for several tile sizes and thread counts", () => {
    const expected = naiveAmong(10);
    for (const [tileSize, threads] of [[64, 1], [150, 2], [4096, 1]] as const) {
      const got = topKAmong(m, split, 10, { tileSize, threads });
      expect(got.ids).toHaveLength((m.rows - split) * 10);
      expect(rowsOf(got.ids, 10)).toEqual(expected.ids);
      expect(rowsOf(got.scores, 10)).toEqual(expected.scores);
    }
  });

  it("answers nothing for no queries and -1 slots for no candidates", () => {
    expect(topKAmong(m, m.rows, 5).ids).toHaveLength(0);
    const none = topKAmong(m, 0, 3);
    expect(Array.from(none.ids).every((id) => id === -1)).toBe(true);
    expect(() => topKAmong(m, m.rows + 1, 5)).toThrow(/split/);
  });
});

describe("float32Floor and the Gemm error bound", () => {
  it("rounds down to a float32, never up", () => {
    const rng = new Rng(4);
    const cases = [0, -0, 1, -1, 1e-50, -1e-50, 0.1, -0.1, Infinity, -Infinity, 3.4e38, 1e39, -1e39];
    for (let t = 0; t < 2000; t++) cases.push((rng.next() - 0.5) * 10 ** (rng.int(20) - 10));
    for (const x of cases) {
      const f = float32Floor(x);
      expect(Math.fround(f)).toBe(f);
      expect(f).toBeLessThanOrEqual(x);
    }
    expect(float32Floor(0.1)).toBeLessThan(0.1);
    expect(float32Floor(-Infinity)).toBe(-Infinity);
  });

  it("bounds float32 dot products in any summation order", () => {
    const rows = randomUnitRows(50, 512, 8);
    const bound = gemmErrorBound(512, 1, 1);
    for (let a = 0; a < 50; a += 7) {
      for (let b = 1; b < 50; b += 5) {
        let exact = 0;
        let forward = 0;
        let backward = 0;
        for (let c = 0; c < 512; c++) {
          exact += rows.data[a * 512 + c]! * rows.data[b * 512 + c]!;
          forward = Math.fround(forward + Math.fround(rows.data[a * 512 + c]! * rows.data[b * 512 + c]!));
          backward = Math.fround(backward + Math.fround(rows.data[a * 512 + 511 - c]! * rows.data[b * 512 + 511 - c]!));
        }
        expect(Math.abs(forward - exact)).toBeLessThanOrEqual(bound);
        expect(Math.abs(backward - exact)).toBeLessThanOrEqual(bound);
      }
    }
  });
});
