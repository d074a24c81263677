/** Synthetic data for the compute tests: seeded, so every run sees the same numbers. */
import { type Matrix, l2NormaliseRows, matrix } from "../../../../offline/compute/matrix.ts";
import { Rng } from "../../../../offline/compute/random.ts";

export function randomUnitRows(n: number, d: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return l2NormaliseRows(matrix(data, n, d));
}

/** `blobs` Gaussian clusters of n/blobs points each around random centres far apart; labels say which. */
export function gaussianBlobs(n: number, d: number, blobs: number, spread: number, seed: number): { m: Matrix; labels: Int32Array } {
  const rng = new Rng(seed);
  const centres = Array.from({ length: blobs }, () => Array.from({ length: d }, () => rng.normal() * 10));
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = i % blobs;
    labels[i] = b;
    const centre = centres[b]!;
    for (let c = 0; c < d; c++) data[i * d + c] = centre[c]! + rng.normal() * spread;
  }
  return { m: matrix(data, n, d), labels };
}

/** Share of rows whose predicted group maps, by majority, to their true label (purity). */
export function purity(predicted: Int32Array, truth: Int32Array): number {
  const votes = new Map<number, Map<number, number>>();
  predicted.forEach((p, i) => {
    const row = votes.get(p) ?? new Map<number, number>();
    row.set(truth[i]!, (row.get(truth[i]!) ?? 0) + 1);
    votes.set(p, row);
  });
  let agree = 0;
  for (const row of votes.values()) agree += Math.max(...row.values());
  return agree / predicted.length;
}
