/** Synthetic embeddings for the map benchmark (a module of its own: worker.ts runs on import). */
import { matrix, type Matrix } from "../../offline/compute/matrix.ts";
import { Rng } from "../../offline/compute/random.ts";

/**
 * Embedding-like data with structure at two scales: 12 themes, each with 8 sub-styles, every item
 * a sub-style centre plus isotropic noise of a per-style width. Same seed, same rows, so every size
 * is a prefix-independent draw from the same distribution.
 */
export function syntheticEmbeddings(n: number, d: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const themes = 12;
  const styles = 8;
  const centres: Float32Array[] = [];
  const widths: number[] = [];
  for (let t = 0; t < themes; t++) {
    const theme = Float32Array.from({ length: d }, () => rng.normal());
    for (let s = 0; s < styles; s++) {
      centres.push(Float32Array.from(theme, (v) => v + 0.6 * rng.normal()));
      widths.push(0.45 + 0.35 * rng.next());
    }
  }
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(centres.length);
    const centre = centres[c]!;
    const width = widths[c]!;
    for (let j = 0; j < d; j++) data[i * d + j] = centre[j]! + width * rng.normal();
  }
  return matrix(data, n, d);
}
