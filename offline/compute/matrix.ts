/**
 * A dense row-major matrix of float32 rows (one row per artwork), the shape every offline
 * computation takes: typed arrays rather than number[][] so 100k x 512 stays compact.
 */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

export function matrix(data: Float32Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`matrix: bad shape ${rows}x${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new Error(`matrix: ${data.length} values do not make ${rows}x${cols}`);
  }
  return { data, rows, cols };
}

/**
 * Copy with every row scaled to unit length, so dot products are cosines and Euclidean distance
 * orders pairs exactly as cosine does. A zero row stays zero rather than becoming NaN.
 */
export function l2NormaliseRows(m: Matrix): Matrix {
  const { rows, cols } = m;
  const out = new Float32Array(m.data);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const v = out[o + c] as number;
      sum += v * v;
    }
    if (sum === 0) continue;
    const inv = 1 / Math.sqrt(sum);
    for (let c = 0; c < cols; c++) out[o + c] = (out[o + c] as number) * inv;
  }
  return { data: out, rows, cols };
}

/** Squared Euclidean distance between row i of a and row j of b (same width). */
export function squaredDistance(a: Float32Array, i: number, b: Float32Array, j: number, cols: number): number {
  const oa = i * cols;
  const ob = j * cols;
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    const diff = (a[oa + c] as number) - (b[ob + c] as number);
    sum += diff * diff;
  }
  return sum;
}
