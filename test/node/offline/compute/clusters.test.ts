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
