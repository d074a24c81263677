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
 * Rows that need not all be in memory at once: the map reads its fitted sample and then one
 * block of the rest at a time, so a million embeddings can stay on disk.
 */
export interface RowSource {
  readonly rows: number;
  readonly cols: number;
  /** Copies the given rows, in that order, into `into` from row `at` on. */
  copyRows(rows: readonly number[], into: Float32Array, at: number): void;
}

/** A matrix already in memory as a row source. */
export function matrixRows(m: Matrix): RowSource {
  return {
    rows: m.rows,
    cols: m.cols,
    copyRows: (rows, into, at) => rows.forEach((row, i) => into.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), (at + i) * m.cols)),
  };
}

/**
 * Copy with every row scaled to unit length, so dot products are cosines and Euclidean distance
 * orders pairs exactly as cosine does. A zero row stays zero rather than becoming NaN.
 */
export function l2NormaliseRows(m: Matrix): Matrix {
  const out = new Float32Array(m.data);
  l2NormaliseRowsInPlace(out, m.cols, 0, m.rows);
  return { data: out, rows: m.rows, cols: m.cols };
}

/** Scales rows [from, to) of `data` (rows of `cols` values) to unit length, in place. */
export function l2NormaliseRowsInPlace(data: Float32Array, cols: number, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const o = i * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[o + c] as number;
      sum += v * v;
    }
    if (sum === 0) continue;
    const inv = 1 / Math.sqrt(sum);
    for (let c = 0; c < cols; c++) data[o + c] = (data[o + c] as number) * inv;
  }
}

/** A new matrix of the given rows of `m`, in that order. */
export function pickRows(m: Matrix, rows: readonly number[]): Matrix {
  const out = new Float32Array(rows.length * m.cols);
  rows.forEach((row, i) => out.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), i * m.cols));
  return { data: out, rows: rows.length, cols: m.cols };
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
