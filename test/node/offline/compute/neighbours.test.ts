/** Exact top-K neighbours against a naive reference, exclusion, and a timing line for 5000 x 512. */
import { describe, expect, it } from "vitest";
import type { Matrix } from "../../../../offline/compute/matrix.ts";
import { topKNeighbours } from "../../../../offline/compute/neighbours.ts";
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

describe("topKNeighbours", () => {
  const m = randomUnitRows(500, 32, 11);

  it("matches the naive reference exactly (n=500, d=32, k=10), for several block sizes", () => {
    const expected = naive(m, 10);
    for (const blockSize of [1, 7, 64, 128, 1000]) {
      const got = topKNeighbours(m, 10, { blockSize });
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

  it("times n=5000, d=512, k=24 (logged, not asserted)", () => {
    const big = randomUnitRows(5000, 512, 5);
    const start = performance.now();
    const got = topKNeighbours(big, 24);
    const seconds = (performance.now() - start) / 1000;
    console.log(`neighbours: exact top-24 for 5000 x 512 took ${seconds.toFixed(2)} s (${((5000 * 4999 / 2) * 512 * 2 / seconds / 1e9).toFixed(2)} GFLOP/s)`);
    expect(got.ids).toHaveLength(5000 * 24);
  });
});
