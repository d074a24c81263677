/** Clusters: blobs recovered, representatives nearest the centre, distinctive names. */
import { describe, expect, it } from "vitest";
import { clusterEmbeddings, defaultClusterCount, nameCluster } from "../../../../offline/compute/clusters.ts";
import { kmeans } from "../../../../offline/compute/kmeans.ts";
import { l2NormaliseRows } from "../../../../offline/compute/matrix.ts";
import { gaussianBlobs, purity } from "./helpers.ts";

describe("clusterEmbeddings", () => {
  const { m, labels } = gaussianBlobs(600, 32, 5, 2, 9);
  const result = clusterEmbeddings(m, { k: 5, seed: 1, representatives: 4 });

  it("recovers well-separated blobs (purity >= 0.95 both ways)", () => {
    expect(result.k).toBe(5);
    expect(purity(result.assignment, labels)).toBeGreaterThanOrEqual(0.95);
    expect(purity(labels, result.assignment)).toBeGreaterThanOrEqual(0.95);
    expect(result.clusters.reduce((s, c) => s + c.size, 0)).toBe(600);
  });

  it("picks as representatives the members nearest the centre", () => {
    const normalised = l2NormaliseRows(m);
    const d = m.cols;
    const dist = (row: number, c: number) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (normalised.data[row * d + j]! - result.centres[c * d + j]!) ** 2;
      return s;
    };
    for (const cluster of result.clusters) {
      expect(cluster.representatives).toHaveLength(4);
      const members = [...result.assignment.keys()].filter((i) => result.assignment[i] === cluster.id);
      const nearest = members.sort((a, b) => dist(a, cluster.id) - dist(b, cluster.id) || a - b).slice(0, 4);
      expect(cluster.representatives).toEqual(nearest);
    }
  });

  it("is deterministic given the seed, and chooses k by rule when not given", () => {
    const again = clusterEmbeddings(m, { k: 5, seed: 1, representatives: 4 });
    expect(Array.from(again.assignment)).toEqual(Array.from(result.assignment));
    expect(clusterEmbeddings(m, { seed: 1 }).k).toBe(defaultClusterCount(600));
    expect([10, 600, 5000, 1_000_000].map(defaultClusterCount)).toEqual([4, 17, 40, 40]);
    expect(defaultClusterCount(3)).toBe(3);
  });
});

describe("kmeans", () => {
  it("stops short of k when there are fewer distinct points", () => {
    const data = new Float32Array([0, 0, 0, 0, 1, 1, 1, 1]);
    const r = kmeans(data, 4, 2, 3, { seed: 2 });
    expect(r.k).toBe(2);
    expect(r.inertia).toBe(0);
  });

  // Overlapping blobs: Lloyd keeps moving a few boundary points for many passes.
  const { m: fuzzy } = gaussianBlobs(3000, 8, 6, 12, 4);

  it("with a tolerance, stops once a pass barely improves the inertia, at nearly the same inertia", () => {
    const full = kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seed: 3 });
    const early = kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seed: 3, tolerance: 1e-3 });
    expect(early.iterations).toBeLessThan(full.iterations);
    expect(early.inertia).toBeGreaterThanOrEqual(full.inertia);
    expect(early.inertia).toBeLessThan(full.inertia * 1.01);
    // Every point is still assigned to its nearest centre.
    for (let i = 0; i < fuzzy.rows; i += 97) {
      const d = (c: number) => {
        let s = 0;
        for (let j = 0; j < fuzzy.cols; j++) s += (fuzzy.data[i * fuzzy.cols + j]! - early.centres[c * fuzzy.cols + j]!) ** 2;
        return s;
      };
      const nearest = [0, 1, 2, 3, 4, 5].reduce((best, c) => (d(c) < d(best) ? c : best), 0);
      expect(early.assignment[i]).toBe(nearest);
    }
  });

  it("seeds from a sample when asked, deterministically given the seed", () => {
    const a = kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seed: 5, seedSample: 500, tolerance: 1e-4, restarts: 2 });
    const b = kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seed: 5, seedSample: 500, tolerance: 1e-4, restarts: 2 });
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    expect(Array.from(a.centres)).toEqual(Array.from(b.centres));
    expect(a.k).toBe(6);
    // A sample at least as large as the data is the same as no sample.
    const whole = kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seed: 5 });
    const same = kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seed: 5, seedSample: fuzzy.rows });
    expect(Array.from(same.assignment)).toEqual(Array.from(whole.assignment));
    expect(() => kmeans(fuzzy.data, fuzzy.rows, fuzzy.cols, 6, { seedSample: 0.5 })).toThrow(/seedSample/);
  });
});

describe("nameCluster", () => {
  // 100 works: all tagged "art"; 20 in the cluster tagged crimson + colour-field.
  const all: string[][] = Array.from({ length: 100 }, (_, i) =>
    i < 20 ? ["art", "crimson", "colour-field", i % 2 ? "calm" : "bold"] : ["art", i % 3 ? "landscape" : "colour-field", i % 2 ? "calm" : "bold"],
  );
  const members = all.slice(0, 20);

  it("picks the distinctive tags, not the globally common one", () => {
    const name = nameCluster(members, all);
    expect(name.tags.map((t) => t.tag)).toEqual(["crimson", "colour-field"]);
    expect(name.tags.map((t) => t.tag)).not.toContain("art");
    expect(name.title).toBe("Crimson colour field");
    expect(name.tags[0]!.share).toBe(1);
    expect(name.tags[0]!.lift).toBeCloseTo(5, 9);
  });

  it("falls back to a neutral title when nothing stands out", () => {
    expect(nameCluster([["art"], ["art"]], [["art"], ["art"], ["art"]]).title).toBe("Miscellany");
    expect(nameCluster([], []).title).toBe("Miscellany");
  });
});
