/** Benchmark sizes from the environment: a bad list stops with a message naming the variable. */
import { describe, expect, it } from "vitest";
import { sizesFromEnv } from "../../../bench/lib/sizes.ts";

describe("sizesFromEnv", () => {
  it("reads two or more whole numbers, smallest first", () => {
    expect(sizesFromEnv("SCALE_SIZES", "1000,100000", { min: 1 })).toEqual([1_000, 100_000]);
    expect(sizesFromEnv("SCALE_OFFLINE_SIZES", "2000, 4000, 8000", { min: 1_000 })).toEqual([2_000, 4_000, 8_000]);
  });

  it("refuses a list that is not one, naming the variable and what it got", () => {
    for (const bad of ["", "5000", "2000,abc", "2000,2000", "4000,2000", "2000,4000.5", "500,4000", "2000,-1", "2000,,4000"]) {
      expect(() => sizesFromEnv("SCALE_OFFLINE_SIZES", bad, { min: 1_000 }), bad).toThrow(`SCALE_OFFLINE_SIZES must be two or more whole numbers at least 1000, smallest first, separated by commas (got "${bad}")`);
    }
    expect(() => sizesFromEnv("NEIGHBOURS_SIZES", "1000,9000000", { min: 1_000, max: 1_398_101 })).toThrow(/NEIGHBOURS_SIZES must be two or more whole numbers from 1000 to 1398101/);
  });
});
