/** The UMAP map: separated blobs stay separated, neighbourhoods are trusted, runs reproduce. */
import { describe, expect, it } from "vitest";
import { matrix } from "../../../../offline/compute/matrix.ts";
import { normaliseToUnitSquare, trustworthiness, umapLayout } from "../../../../offline/compute/map.ts";
import { l2NormaliseRows } from "../../../../offline/compute/matrix.ts";
import { gaussianBlobs, randomUnitRows } from "./helpers.ts";

/** Share of points whose nearest blob centroid (in 2-D) is their own blob's. */
function centroidAccuracy(points: Float32Array, labels: Int32Array, blobs: number): number {
  const sum = new Float64Array(blobs * 2);
  const count = new Float64Array(blobs);
  labels.forEach((b, i) => {
    sum[b * 2] = sum[b * 2]! + points[i * 2]!;
    sum[b * 2 + 1] = sum[b * 2 + 1]! + points[i * 2 + 1]!;
    count[b] = count[b]! + 1;
  });
  let right = 0;
  labels.forEach((b, i) => {
    let best = -1;
    let bestD = Infinity;
    for (let c = 0; c < blobs; c++) {
      const d = Math.hypot(points[i * 2]! - sum[c * 2]! / count[c]!, points[i * 2 + 1]! - sum[c * 2 + 1]! / count[c]!);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best === b) right++;
  });
  return right / labels.length;
}

describe("umapLayout", () => {
  // 8-d blobs: within an isotropic blob there is little structure for 2-D to keep, and the
  // fewer the dimensions the less of it is noise (32-d gives ~0.90, 8-d ~0.95).
  const { m, labels } = gaussianBlobs(600, 8, 3, 1.5, 21);
  const first = umapLayout(m, { seed: 42 });

  it("keeps three well-separated blobs apart, inside [0,1]^2", () => {
    expect(first).toHaveLength(1200);
    for (const v of first) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(centroidAccuracy(first, labels, 3)).toBeGreaterThanOrEqual(0.95);
  });

  it("is trustworthy (k=10) against the normalised input", () => {
    const t = trustworthiness(l2NormaliseRows(m), matrix(first, 600, 2), 10);
    console.log(`map: trustworthiness(k=10) on 3 blobs, n=600: ${t.toFixed(4)}`);
    expect(t).toBeGreaterThanOrEqual(0.9);
  });

  it("is reproducible with the same seed, and differs with another", () => {
    expect(Array.from(umapLayout(m, { seed: 42 }))).toEqual(Array.from(first));
    expect(Array.from(umapLayout(m, { seed: 43 }))).not.toEqual(Array.from(first));
  });

  it("fits on a sample above fitLimit and places the rest among their nearest fitted items", () => {
    const coords = umapLayout(m, { seed: 5, fitLimit: 200 });
    expect(coords).toHaveLength(1200);
    expect(coords.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(centroidAccuracy(coords, labels, 3)).toBeGreaterThanOrEqual(0.95);
    // Placed items keep the neighbourhoods about as well as a fit on everything does.
    const t = trustworthiness(l2NormaliseRows(m), matrix(coords, 600, 2), 10);
    console.log(`map: trustworthiness(k=10), fitted on 200 of 600: ${t.toFixed(4)}`);
    expect(t).toBeGreaterThanOrEqual(0.9);
    expect(Array.from(umapLayout(m, { seed: 5, fitLimit: 200 }))).toEqual(Array.from(coords));
  });

  it("gives the same map from a row source that hands out only the rows asked for (embeddings on disk)", () => {
    const asked: number[] = [];
    const source = {
      rows: m.rows,
      cols: m.cols,
      copyRows(rows: readonly number[], into: Float32Array, at: number) {
        asked.push(rows.length);
        rows.forEach((row, i) => into.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), (at + i) * m.cols));
      },
    };
    expect(Array.from(umapLayout(source, { seed: 5, fitLimit: 200 }))).toEqual(Array.from(umapLayout(m, { seed: 5, fitLimit: 200 })));
    // The fitted sample once, then the other 400 rows: no row read twice, none held beyond its block.
    expect(asked).toEqual([200, 400]);
  });

  it("handles tiny inputs", () => {
    expect(umapLayout(randomUnitRows(0, 4, 1))).toHaveLength(0);
    expect(Array.from(umapLayout(randomUnitRows(1, 4, 1)))).toEqual([0.5, 0.5]);
    expect(umapLayout(randomUnitRows(2, 4, 1))).toHaveLength(4);
    const five = umapLayout(randomUnitRows(5, 4, 1), { seed: 1 });
    expect(Array.from(five).every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
  });
});

describe("normaliseToUnitSquare", () => {
  it("keeps the aspect ratio: the long side spans [0,1], the short one is centred", () => {
    const p = normaliseToUnitSquare(new Float32Array([0, 0, 10, 2, 4, 1]));
    expect(Array.from(p)).toEqual([0, 0.4, 1, 0.6, 0.4, 0.5].map((v) => Math.fround(v)));
  });
});

describe("trustworthiness", () => {
  it("is 1 for an identical embedding and lower for a shuffled one", () => {
    const m = randomUnitRows(120, 2, 3);
    expect(trustworthiness(m, m, 5)).toBeCloseTo(1, 12);
    const shuffled = new Float32Array(m.data).reverse();
    expect(trustworthiness(m, matrix(shuffled, 120, 2), 5)).toBeLessThan(0.8);
  });
});
