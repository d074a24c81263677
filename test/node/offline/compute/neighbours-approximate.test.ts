/**
 * The approximate (HNSW) neighbour path against the exact one on small inputs: recall@24, scores
 * that are the exact cosines, exclusion, and no row listing itself.
 */
import { describe, expect, it } from "vitest";
import { approximateTopK, recallAt } from "../../../../offline/compute/neighbours-approximate.ts";
import { l2NormaliseRows } from "../../../../offline/compute/matrix.ts";
import { topKNeighbours } from "../../../../offline/compute/neighbours.ts";
import { gaussianBlobs, randomUnitRows } from "./helpers.ts";

describe("approximateTopK", () => {
  it("finds at least 98% of the exact top-24 on clustered vectors, with exact scores", () => {
    const m = l2NormaliseRows(gaussianBlobs(1500, 32, 30, 4, 11).m);
    const exact = topKNeighbours(m, 24, { kernel: "scalar" });
    const approx = approximateTopK(m, 24, { threads: 2 });
    expect(recallAt(exact, approx)).toBeGreaterThanOrEqual(0.98);
    const wrong: string[] = [];
    for (let i = 0; i < m.rows; i++) {
      for (let r = 0; r < 24; r++) {
        const j = approx.ids[i * 24 + r]!;
        let s = 0;
        for (let c = 0; c < m.cols; c++) s += m.data[i * m.cols + c]! * m.data[j * m.cols + c]!;
        if (j === i || approx.scores[i * 24 + r] !== Math.fround(s)) wrong.push(`${i}:${r}`);
        if (r > 0 && approx.scores[i * 24 + r]! > approx.scores[i * 24 + r - 1]!) wrong.push(`${i}:${r} order`);
      }
    }
    expect(wrong).toEqual([]);
    // Where both paths list the same works, they list the same bytes.
    const same = exact.ids.every((id, at) => id !== approx.ids[at] || exact.scores[at] === approx.scores[at]);
    expect(same).toBe(true);
  });

  it("never returns an excluded pair", () => {
    const m = randomUnitRows(500, 32, 5);
    const exclude = (i: number, j: number) => (i + j) % 3 === 0;
    const approx = approximateTopK(m, 10, { exclude, threads: 1 });
    for (let i = 0; i < m.rows; i++) for (let r = 0; r < 10; r++) {
        const j = approx.ids[i * 10 + r]!;
        if (j >= 0) expect(exclude(i, j)).toBe(false);
      }
  });
});
