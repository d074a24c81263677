/**
 * The 1M neighbour bench measures recall on sampled rows against sampledExactTopK, so that
 * reference must list exactly what the exact pipeline path lists for those rows.
 */
import { describe, expect, it } from "vitest";
import { sampledExactTopK } from "../../../bench/benchmarks/neighbours-approximate.ts";
import { topKNeighbours } from "../../../offline/compute/neighbours.ts";
import { randomUnitRows } from "../offline/compute/helpers.ts";

describe("sampledExactTopK", () => {
  it("gives the exact path's lists for the sampled rows", () => {
    const m = randomUnitRows(700, 24, 3);
    const k = 12;
    const rows = [0, 5, 333, 699];
    const exact = topKNeighbours(m, k, { kernel: "scalar" });
    const sampled = sampledExactTopK(m.data, m.rows, m.cols, k, rows);
    rows.forEach((row, q) => expect(Array.from(sampled.subarray(q * k, q * k + k))).toEqual(Array.from(exact.ids.subarray(row * k, row * k + k))));
  });

  it("never lists the row itself, and fills with -1 when there are fewer than k others", () => {
    const m = randomUnitRows(4, 8, 9);
    const sampled = sampledExactTopK(m.data, m.rows, m.cols, 5, [2]);
    expect(Array.from(sampled)).not.toContain(2);
    expect(sampled[2]).not.toBe(-1);
    expect(Array.from(sampled.subarray(3))).toEqual([-1, -1]);
  });
});
