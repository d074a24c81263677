/** Synthetic embeddings for the map benchmark (a module of its own: worker.ts runs on import). */
import { matrix, type Matrix } from "../../offline/compute/matrix.ts";
import { Rng } from "../../offline/compute/random.ts";

/**
 * Embedding-like data with structure at two scales: 12 themes, each with 8 sub-styles, every item
 * a sub-style centre plus isotropic noise of a per-style width. Same seed, same rows, so every size
 * is a prefix-independent draw from the same distribution.
 */
export function syntheticEmbeddings(n: number, d: number, seed: number): Matrix {
  const data = new Float32Array(n * d);
  syntheticRowBlocks(n, d, seed, n, (block, start) => data.set(block, start * d));
  return matrix(data, n, d);
}

/**
 * The same rows as syntheticEmbeddings, handed over `blockRows` at a time (the block is reused:
 * copy or write it before returning), so a million rows can go to disk without being held.
 */
export function syntheticRowBlocks(n: number, d: number, seed: number, blockRows: number, onBlock: (block: Float32Array, startRow: number) => void): void {
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
  const block = new Float32Array(Math.max(1, Math.min(n, blockRows)) * d);
  for (let start = 0; start < n; start += blockRows) {
    const rows = Math.min(blockRows, n - start);
    for (let i = 0; i < rows; i++) {
      const c = rng.int(centres.length);
      const centre = centres[c]!;
      const width = widths[c]!;
      for (let j = 0; j < d; j++) block[i * d + j] = centre[j]! + width * rng.normal();
    }
    onBlock(block.subarray(0, rows * d), start);
  }
}
